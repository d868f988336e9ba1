"""Numbers that titles, descriptions, nav titles and alt text repeat, bound to what they repeat.

These texts cannot hold a claim comment, so a number in them must repeat one that the page (or,
for a site-wide text, the article) claims or marks free. A bare value is not enough: ``The 3x3
convolution`` must not pass because a 3×3 kernel is claimed somewhere else. A repeated number is
bound by its :class:`Phrase`: its value as written together with a word beside it. It repeats a
claimed number when the claim has the same value and the same word right before it or the same
word right after it (``the 6×6×3 input`` repeats ``the 6×6×3<!-- … --> input``).

Imports no TensorFlow; reads nothing but the texts it is given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from doccheck.numbers import normalize

# A word beside a number: letters or digits (a number next to it is a neighbour too).
_NEIGHBOUR = re.compile(r"[^\W_]+")
_REACH = 80


@dataclass(frozen=True)
class Phrase:
    """A number as written (``6×6×3``, ``120.4M``) with the words right before and after it."""

    value: str
    before: str = ""
    after: str = ""

    def repeats(self, claimed: Phrase) -> bool:
        """Whether this phrase restates ``claimed``: the same value and a same neighbour."""
        if self.value != claimed.value:
            return False
        return bool(self.before and self.before == claimed.before) or bool(
            self.after and self.after == claimed.after
        )


def value_of(number: str) -> str:
    """A number as written, for comparing: no spacing or TeX markup; ``3x3`` is not ``3×3``.

    A shape repeats a claim only as the claim writes it: ``The 3x3 convolution`` in a title
    repeats no ``3×3<!-- … --> convolution`` of the prose.
    """
    return "".join(normalize(number).split())


def phrase_at(text: str, start: int, end: int) -> Phrase:
    """The phrase of the number at ``text[start:end]`` (comments and markup already blanked)."""
    before = _NEIGHBOUR.findall(text[max(0, start - _REACH) : start])
    after = _NEIGHBOUR.findall(text[end : end + _REACH])
    return Phrase(
        value_of(text[start:end]),
        before[-1].casefold() if before else "",
        after[0].casefold() if after else "",
    )


def unbound(phrase: Phrase, claimed: set[Phrase]) -> bool:
    """Whether ``phrase`` repeats none of the ``claimed`` phrases."""
    return not any(phrase.repeats(c) for c in claimed)
