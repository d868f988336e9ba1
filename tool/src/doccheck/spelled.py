"""Numbers written as words: ``seven``, ``twenty-one``, ``quadruples``, ``twice``, ``a ninth``.

A word claim whose expression gives a number reads its word with :func:`read`, exactly (as a
fraction), and :func:`restate` writes another value in the same form, for ``fix``:

- cardinals: ``no``/``none``/``zero`` ... ``twenty``, ``thirty`` ... ``ninety``, hyphenated
  compounds (``twenty-one``), ``hundred``, ``thousand``, ``million``, ``dozen``;
- multiples: ``twice``/``double(s|d)`` 2, ``thrice``/``triple(s|d)`` 3, ``quadruple(s|d)`` 4,
  ``quintuple(s|d)`` 5, ``half``/``halve(s|d)`` 1/2 (and their ``-ing`` forms);
- fractions, by their ordinal: ``half`` 1/2, ``third`` 1/3, ``quarter`` or ``fourth`` 1/4,
  ``fifth`` ... ``twentieth``, ``hundredth``, ``thousandth`` (as in "a ninth").

Imports no TensorFlow.
"""

from __future__ import annotations

from fractions import Fraction

FORMS = (
    "a cardinal (no, seven, twenty-one, hundred), a multiple (twice, doubles, quadrupled, halves) "
    "or a fraction by its ordinal (half, a third, a quarter, a ninth)"
)

_CARDINALS = {
    name: n
    for n, name in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    name: 10 * n
    for n, name in enumerate(
        "twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2
    )
}
_NONE = ("no", "none")  # "adds no parameters", "No convolution has a bias"
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6}
_ADVERBS = {"twice": 2, "thrice": 3}
# Verbs and adjectives of multiplying, by their stem: double, doubles, doubled, doubling.
_MULTIPLIERS = {"doubl": 2, "tripl": 3, "quadrupl": 4, "quintupl": 5, "halv": Fraction(1, 2)}
_ENDINGS = ("e", "es", "ed", "ing")
_ORDINALS = {
    "half": 2,
    "third": 3,
    "quarter": 4,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "hundredth": 100,
    "thousandth": 1000,
}


def read(word: str) -> Fraction | None:
    """The number a word spells, or None when it spells none of :data:`FORMS`."""
    found = _read(word.casefold().replace("\u2019", "'"))
    return None if found is None else found[0]


def _read(word: str) -> tuple[Fraction, str] | None:
    """(value, family): family is ``cardinal``, ``adverb``, ``multiplier`` or ``ordinal``."""
    if word in _ADVERBS:
        return Fraction(_ADVERBS[word]), "adverb"
    if word in _ORDINALS:
        return Fraction(1, _ORDINALS[word]), "ordinal"
    for stem, value in _MULTIPLIERS.items():
        if word in (stem + ending for ending in _ENDINGS):
            return Fraction(value), "multiplier"
    if word == "dozen":
        return Fraction(12), "cardinal"
    if word in _NONE:
        return Fraction(0), "cardinal"
    cardinal = _cardinal(word.split("-"))
    return None if cardinal is None else (Fraction(cardinal), "cardinal")


def _cardinal(parts: list[str]) -> int | None:
    """``["twenty", "one"]`` -> 21, ``["hundred"]`` -> 100; None for any other word."""
    total = current = 0
    for part in parts:
        if part in _CARDINALS:
            current += _CARDINALS[part]
        elif part in _TENS:
            current += _TENS[part]
        elif part == "hundred":
            current = (current or 1) * 100
        elif part in _SCALES:
            total += (current or 1) * _SCALES[part]
            current = 0
        else:
            return None
    return total + current


def spell_cardinal(n: int) -> str | None:
    """``21`` -> ``twenty-one``; None beyond ninety-nine, except a hundred and a thousand."""
    by_value = {v: k for k, v in {**_CARDINALS, **_TENS}.items()}
    if n in by_value:
        return by_value[n]
    if 20 < n < 100:
        return f"{by_value[n - n % 10]}-{by_value[n % 10]}"
    if n in (100, 1000, 10**6):
        return next(k for k, v in _SCALES.items() if v == n)
    return None


def restate(word: str, value: Fraction) -> str | None:
    """``word`` rewritten to spell ``value`` in its own form and case; None if that form cannot.

    ``Seven`` -> ``Six``, ``quadruples`` -> ``triples``, ``twice`` -> ``thrice``, ``a ninth`` ->
    ``a tenth``: a cardinal stays a cardinal, a multiple keeps its ending, a fraction its ordinal.
    """
    found = _read(word.casefold().replace("\u2019", "'"))
    if found is None:
        return None
    _, family = found
    value = Fraction(value)
    new: str | None = None
    if family == "cardinal" and value.denominator == 1 and value >= 0:
        new = (
            word.casefold()
            if value == 0 and word.casefold() in _NONE
            else spell_cardinal(int(value))
        )
    elif family == "adverb":
        new = next((k for k, v in _ADVERBS.items() if v == value), None)
    elif family == "multiplier":
        lower = word.casefold()
        stem = next(s for s in _MULTIPLIERS if lower.startswith(s))
        ending = lower[len(stem) :]
        new_stem = next((s for s, v in _MULTIPLIERS.items() if v == value), None)
        new = None if new_stem is None else new_stem + ending
    elif family == "ordinal" and value.numerator == 1:
        names = [k for k, v in _ORDINALS.items() if v == value.denominator]
        # A page that says "a quarter" keeps it; otherwise the ordinal itself ("a fourth").
        new = word.casefold() if word.casefold() in names else (names[-1] if names else None)
    return None if new is None else styled(new, word)


def styled(new: str, like: str) -> str:
    """``new`` written in the case of ``like``: ``Seven`` gives ``Six``, ``SEVEN`` ``SIX``."""
    if len(like) > 1 and like.isupper():
        return new.upper()
    if like[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def others(word: str) -> list[str]:
    """Other words of the same form as ``word`` (``seven``: ``eight``, ``six``), for mutation."""
    found = _read(word.casefold().replace("\u2019", "'"))
    if found is None:
        return []
    value, family = found
    if family == "ordinal":
        candidates = [
            Fraction(1, value.denominator + 1),
            Fraction(1, max(value.denominator - 1, 2)),
        ]
    elif family in ("adverb", "multiplier"):
        candidates = [Fraction(v) for v in (2, 3, 4, Fraction(1, 2))]
    else:
        candidates = [value + 1, value - 1]
    spelled = (restate(word, c) for c in candidates if c != value)
    return [w for w in spelled if w is not None and read(w) != value]


def counts(word: str) -> bool:
    """Whether a spelled number must be accounted for like digits (a claim or a free mark).

    Cardinals from three up (``three``, ``twenty-one``, ``dozen``, ``hundred``), every multiple
    but halving (``twice``, ``thrice``, ``doubles``, ``quadrupled``) and every ordinal from
    third up (``a third``, ``a ninth``, ``a fourth layer``). ``no``, ``zero``, ``one``, ``two``,
    ``half`` and ``halves`` stay ordinary words: "one of them", "the two branches", "half the
    cost" state no value a snippet could get wrong that a reader would not see.
    """
    found = _read(word.casefold().replace("\u2019", "'"))
    if found is None:
        return False
    value, family = found
    if family == "cardinal":
        return value >= 3
    if family == "ordinal":
        return value.denominator >= 3
    return value > 1  # a multiple: twice, thrice, doubles ...; halving states a half
