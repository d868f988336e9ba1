"""Claimed texts (``56``, ``120,422,400``, ``120.4M``, ``25MB``, ``11.3%``, ``4×4×2``) as values.

The forms and the units are those of ``grammar.py``, the one grammar of numbers the page
scanner and the formulas read too. A claim is compared by value, never as text, and exactly
(fractions, never floats):

- a whole number with no scaling unit (``56``, ``120,422,400``, ``9×``, ``57s``) matches only
  itself;
- a number written to a place (``120.4M``, ``11.3%``, ``8.6×``, ``159K``, ``1.2e2``) matches
  what rounds to it, halves rounding up: ``120.4M`` matches 120,350,000 up to, not including,
  120,450,000;
- an approximation sign (``≈ 56``) makes a whole number one written to its last place too;
- a unit states the number in its own terms: ``11.3%`` matches 0.113, ``25MB`` 25,000,000
  bytes, ``5ms`` 0.005 seconds;
- a shape (``4×4×2``, ``(None, 4, 4, 2)``) matches the same dimensions, the batch ``None`` optional.

Only numbers match numbers: a string ``'3'`` or a bool is not the number 3 or 1.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from doccheck import grammar

# How far from the written number a value may lie, in units of the last written place.
HALF = Fraction(1, 2)

# The claimed text itself, as it may stand just before a claim comment in prose.
CLAIM_TEXT = grammar.CLAIM_TEXT


class ClaimSyntaxError(ValueError):
    """The claimed text is not a number or a shape this checker can read."""


@dataclass(frozen=True)
class Expected:
    """What a claimed text states: a number and the interval it stands for, or a shape."""

    text: str
    number: Fraction | None = None
    tolerance: Fraction = Fraction(0)  # 0: exact; else the half-open [n - t, n + t)
    unit: str = ""
    shape: tuple[int | None, ...] | None = None
    scale: Fraction = Fraction(1)  # what the written digits are multiplied by: 1.2e2 -> 100

    def matches(self, actual: object) -> bool:
        """Whether the snippet's value agrees with the claim at the claim's stated precision."""
        if self.shape is not None:
            got = as_shape(actual)
            if got is None:
                return False
            if len(got) == len(self.shape) + 1 and got[0] is None and self._batchless:
                got = got[1:]  # the batch dimension, which prose leaves out
            return got == self.shape
        value = as_number(actual)
        if value is None or self.number is None:
            return False
        if not self.tolerance:
            return value == self.number
        return self.number - self.tolerance <= value < self.number + self.tolerance

    @property
    def _batchless(self) -> bool:
        """Whether the claim leaves the batch out: it does not start with ``None`` itself."""
        return not self.shape or self.shape[0] is not None

    def compatible(self, other: Expected) -> bool:
        """Whether one value could satisfy both claims (``120.4M`` and ``120,422,400`` can)."""
        if self.shape is not None or other.shape is not None:
            return self.shape == other.shape
        assert self.number is not None and other.number is not None
        if not self.tolerance:
            return other.matches(self.number)
        if not other.tolerance:
            return self.matches(other.number)
        low = max(self.number - self.tolerance, other.number - other.tolerance)
        high = min(self.number + self.tolerance, other.number + other.tolerance)
        return low < high

    def describe(self, actual: object) -> str:
        """The snippet's value, written the way the claim writes it, for error messages."""
        if self.shape is not None:
            got = as_shape(actual)
            if got is None:
                return f"{actual!r}, which is not a shape"
            if len(got) == len(self.shape) + 1 and got[0] is None and self._batchless:
                got = got[1:]
            return "×".join("None" if d is None else str(d) for d in got)
        value = as_number(actual)
        if value is None:
            return f"{actual!r}, which is not a number"
        exact = f"{int(value):,}" if value.denominator == 1 else f"{float(value)!r}"
        written = grammar.scale_of(self.unit)
        if written == 1:
            return f"{exact}{self.unit}"
        scaled = value / written
        return f"{float(scaled):,.6g}{self.unit} ({exact})"


def parse_claim(text: str) -> Expected:
    """Read a claimed text by the grammar of numbers; raise :class:`ClaimSyntaxError` if it is none.

    ``grammar.py`` holds the forms and the units; this adds what a claim makes of them: the
    interval a number written to a place stands for (:data:`HALF` a place either side).
    """
    try:
        read = grammar.parse(text)
    except grammar.GrammarError as err:
        raise ClaimSyntaxError(str(err)) from None
    if read.shape is not None:
        return Expected(text=text, shape=read.shape)
    assert read.number is not None
    return Expected(
        text=text,
        number=read.number,
        tolerance=HALF * read.place,
        unit=read.unit.symbol,
        scale=read.unit.scale * Fraction(10) ** read.exponent,
    )


def normalize(text: str) -> str:
    """The claimed text without TeX markup, approximation signs or typographic spaces."""
    out = text.strip()
    for tex, plain in (
        (r"\times", "×"),
        (r"\%", "%"),
        ("{,}", ","),
        (r"\,", ""),
        (r"\approx", ""),
        ("\u2009", ""),
        ("\u202f", ""),
        ("\u00a0", ""),
        ("−", "-"),
        ("≈", ""),
        ("~", ""),
    ):
        out = out.replace(tex, plain)
    return grammar.plain(out).replace("≈", "")


def as_shape(value: object) -> tuple[int | None, ...] | None:
    """A Keras shape (tuple, list, TensorShape) as a tuple, or None if it is not one."""
    if hasattr(value, "as_list"):
        value = value.as_list()
    if isinstance(value, Sequence) and not isinstance(value, str):
        dims: list[int | None] = []
        for d in value:
            if d is None:
                dims.append(None)
            elif isinstance(d, int) or (hasattr(d, "__index__") and not isinstance(d, bool)):
                dims.append(int(d))
            else:
                return None
        return tuple(dims)
    return None


def as_number(value: object) -> Fraction | None:
    """A Python or NumPy real number as an exact fraction; None for anything else.

    Strings, bools and non-finite floats are not numbers here: ``'3'`` does not claim 3.
    """
    if isinstance(value, bool | str | bytes) or type(value).__name__ in ("bool", "bool_"):
        return None
    if isinstance(value, numbers.Integral):  # NumPy's integers included
        return Fraction(int(value))  # type: ignore[arg-type]
    if isinstance(value, Fraction):
        return value
    if not isinstance(value, numbers.Real) and not hasattr(value, "__float__"):
        return None
    if hasattr(value, "shape") and getattr(value, "shape", ()) not in ((), None):
        return None  # an array, even of one element, is not a number
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return Fraction(number) if math.isfinite(number) else None


_MANTISSA = re.compile(grammar.MANTISSA)


def restate(text: str, actual: object) -> str | None:
    """``text`` rewritten to state ``actual`` in the same form: separators, places, unit, style.

    ``40,960`` stays comma-grouped, ``24.1%`` keeps one decimal, ``120.4M`` its unit,
    ``1.2e2`` its exponent, ``32×32×5`` and ``(None, 32, 32, 5)`` their shape style. None
    when ``actual`` cannot be written in that form (a shape for a number, a string).
    """
    expected = parse_claim(text)
    if expected.shape is not None:
        got = as_shape(actual)
        if got is None:
            return None
        if len(got) == len(expected.shape) + 1 and got[0] is None:
            got = got[1:]
        if text.strip().startswith("("):
            return "(" + ", ".join("None" if d is None else str(d) for d in got) + ")"
        if any(d is None for d in got):
            return None
        separator = re.search(r"\s*(?:\\times|×|x)\s*", text)
        assert separator is not None
        return separator.group().join(str(d) for d in got)
    value = as_number(actual)
    m = _MANTISSA.search(text)
    if value is None or m is None:
        return None
    written = m.group()
    decimals = len(written.partition(".")[2])
    scaled = abs(value) / expected.scale
    if not decimals and scaled.denominator != 1 and not expected.tolerance:
        # An exact whole number claimed for a fraction: write the value as Python would.
        shortest = repr(float(scaled)).partition(".")[2]
        decimals = min(len(shortest), 6) if "e" not in shortest else 6
    # Halves round up, as claims are read (numbers.py's rule).
    units = math.floor(scaled * 10**decimals + Fraction(1, 2))
    whole, fraction = divmod(units, 10**decimals)
    grouping = re.search(r",|\{,\}|\\,|[\u2009\u202f]", written)
    digits = f"{whole:,}" if grouping else str(whole)
    if grouping and grouping.group() != ",":
        digits = digits.replace(",", grouping.group())
    number = digits + (f".{fraction:0{decimals}d}" if decimals else "")
    sign = "-" if value < 0 and not re.search(r"[-−]\s*$", text[: m.start()]) else ""
    if value >= 0 and re.search(r"[-−]\s*$", text[: m.start()]):
        return text[: m.start()].rstrip("-− ") + number + text[m.end() :]
    return text[: m.start()] + sign + number + text[m.end() :]
