"""Word claims: a word of a sentence bound to the value that decides it.

``costs more<!-- naive: "more" if cost_3x3 > cost_5x5 else "less" -->`` claims the word before
the comment. A string value must be that word (in any case: a sentence may capitalise it); a
number value must be what the word spells (``Seven``, ``quadruples``, ``a ninth``: see
:mod:`doccheck.spelled`). A truth value decides a sentence, not a word: that is a statement,
``<!-- assert snippet: expression -->``. Imports no TensorFlow.
"""

from __future__ import annotations

import re
from fractions import Fraction

from doccheck import spelled
from doccheck.numbers import as_number

# Letters, with inner hyphens or apostrophes: "more", "twenty-one", "Inception's".
_WORD = r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*"
# The word right before a claim comment, bare or emphasised (**more**, _more_).
_WORD_BEFORE = re.compile(
    rf"(?<![\w'\u2019-])(?:(?P<em>\*{{1,3}}|_{{1,3}})(?P<inner>{_WORD})(?P=em)|(?P<bare>{_WORD}))$"
)
# A word is a few dozen characters at most; searching only this far keeps reading linear.
_WINDOW = 80


def word_before(prose: str, end: int) -> tuple[int, int] | None:
    """Where the word that ends right before offset ``end`` (a claim comment) is, or None.

    The span is the word's own, without emphasis markers, so that ``fix`` rewrites only it.
    """
    m = _WORD_BEFORE.search(prose, max(0, end - _WINDOW), end)
    if m is None:
        return None
    return m.span("inner") if m["inner"] else m.span("bare")


def _is_truth(value: object) -> bool:
    return isinstance(value, bool) or type(value).__name__ in ("bool", "bool_")


def _shown(number: Fraction, value: object) -> str:
    if number.denominator == 1:
        return f"{number.numerator:,}"
    floating = isinstance(value, float) or type(value).__name__.startswith("float")
    if floating or number.denominator > 1000:  # a float, or one the last run stored exactly
        return repr(float(number))
    return f"{number.numerator}/{number.denominator}"


def spells(word: str, value: object) -> bool:
    """Whether ``word`` spells the number ``value``: exactly, or as the float it is."""
    number, written = as_number(value), spelled.read(word)
    if number is None or written is None:
        return False
    return written == number or float(written) == float(number)


def word_problem(
    word: str, key: str, value: object, source: str = "the snippet gives"
) -> str | None:
    """Why ``value`` contradicts the claimed ``word`` (without the page line); None if it agrees."""
    if _is_truth(value):
        return (
            f"{key} gives {value!r}, a truth value, which decides a sentence, not a word; "
            f'claim a word with an expression that gives it (such as "more" if a > b else '
            '"less"), or state the sentence with <!-- assert snippet: expression -->'
        )
    if isinstance(value, str):
        if word.casefold() == value.casefold():
            return None
        return f'says "{word}" for {key}, {source} "{value}"; correct the page or the snippet'
    number = as_number(value)
    if number is None:
        return (
            f"{key} gives {value!r}, which is neither a word (a str) nor a number; a word "
            "claim needs one of them"
        )
    if spelled.read(word) is None:
        return (
            f'"{word}" is not a number written as a word, and {key} gives '
            f"{_shown(number, value)}; write {spelled.FORMS}, or the digits"
        )
    if spells(word, value):
        return None
    right = restate_word(word, value)
    spelt = f' ("{right}")' if right else ""
    return (
        f'says "{word}" ({_shown(spelled.read(word), 0)}) for {key}, {source} '
        f"{_shown(number, value)}{spelt}; correct the page or the snippet"
    )


def restate_word(word: str, value: object) -> str | None:
    """The word that states ``value`` in ``word``'s form and case; None if there is none."""
    if _is_truth(value):
        return None
    if isinstance(value, str):
        if not re.fullmatch(_WORD, value):
            return None  # the page's word cannot become a name with digits or spaces
        return spelled.styled(value, word) if word[:1].isupper() else value
    number = as_number(value)
    if number is None:
        return None
    simplest = number.limit_denominator(1000)
    if float(simplest) == float(number):
        number = simplest  # 4.0 from a division is four, 1 / 3 in floats a third
    return spelled.restate(word, number)
