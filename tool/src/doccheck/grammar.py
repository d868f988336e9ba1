r"""The one grammar of numbers: how a page writes a number, a unit and a shape.

Every reader of numbers builds on this module: the claims (``numbers.py``), the page scanner
that finds unclaimed numbers (``pages.py``), the formula checker's units (``formulas.py``) and
the census of the built site. A form is added here once, and all of them read it.

Forms:

- a *numeral*: digits (``56``); thousands grouped by ``,`` (``120,422,400``), by TeX's ``{,}``
  or ``\,`` (``1{,}048{,}576``) or by thin spaces (``1 024``); decimals (``0.125``, ``.57``);
  an exponent (``1.2e2`` is 120, ``3e-4``); a sign, ``-`` or ``−``;
- a *quantity*: a numeral and a unit from :data:`UNITS` (``120.4M``, ``25MB``, ``11.3%``,
  ``8.6×``, ``57s``, ``3 GFLOPs``); the unit scales the numeral (``25MB`` is 25,000,000 bytes,
  ``5ms`` is 0.005 seconds);
- a *shape*: whole numbers joined by ``×`` or ``x`` (``4×4×2``, ``3 x 3``), or a tuple
  (``(None, 4, 4, 2)``).

A number stands for what rounds to it at the place it is written to (:attr:`Reading.place`):
``120.4M`` to a tenth of a million, ``159K`` to a thousand, ``1.2e2`` to ten. Only a whole
number with no scaling unit and no approximation sign is exact (``56``, ``9×``, ``57s``).

Imports nothing but the standard library: the site build and the census use it too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Unit:
    """A unit a number may carry: how it is written, what it multiplies by, what it means."""

    symbol: str
    scale: Fraction
    means: str

    @property
    def scales(self) -> bool:
        """Whether the unit changes the number's size, so a whole number is not exact."""
        return self.scale != 1


def _units() -> tuple[Unit, ...]:
    thousand, million, billion, trillion = (Fraction(10**e) for e in (3, 6, 9, 12))
    table = [
        Unit("K", thousand, "a count"),
        Unit("k", thousand, "a count"),
        Unit("M", million, "a count"),
        Unit("B", billion, "a count"),
        Unit("G", billion, "a count"),
        Unit("T", trillion, "a count"),
        Unit("thousand", thousand, "a count"),
        Unit("million", million, "a count"),
        Unit("billion", billion, "a count"),
        Unit("trillion", trillion, "a count"),
        Unit("%", Fraction(1, 100), "a fraction (11.3% is 0.113)"),
        Unit("×", Fraction(1), "a ratio"),
        Unit("x", Fraction(1), "a ratio"),
        Unit("X", Fraction(1), "a ratio"),
    ]
    for prefix, scale in (("K", thousand), ("k", thousand), ("M", million), ("G", billion)):
        table.append(Unit(f"{prefix}B", scale, "bytes"))
    table.append(Unit("TB", trillion, "bytes"))
    for prefix, power in (("Ki", 10), ("Mi", 20), ("Gi", 30), ("Ti", 40)):
        table.append(Unit(f"{prefix}B", Fraction(2**power), "bytes"))
    table += [
        Unit("s", Fraction(1), "seconds"),
        Unit("ms", Fraction(1, 10**3), "seconds"),
        Unit("µs", Fraction(1, 10**6), "seconds"),
        Unit("μs", Fraction(1, 10**6), "seconds"),
        Unit("us", Fraction(1, 10**6), "seconds"),
        Unit("ns", Fraction(1, 10**9), "seconds"),
        Unit("min", Fraction(60), "seconds"),
        Unit("h", Fraction(3600), "seconds"),
        Unit("px", Fraction(1), "pixels"),
        Unit("pt", Fraction(1), "points"),
        Unit("fps", Fraction(1), "frames per second"),
    ]
    operations = (("", Fraction(1)), ("k", thousand), ("K", thousand), ("M", million))
    operations += (("G", billion), ("T", trillion))
    for name, means in (("FLOP", "floating-point operations"), ("MAC", "multiply-accumulates")):
        for prefix, scale in operations:
            for plural in ("", "s"):
                table.append(Unit(f"{prefix}{name}{plural}", scale, means))
    return tuple(table)


#: Every unit, once: the scale a number written with it is multiplied by, and what it counts.
UNITS: tuple[Unit, ...] = _units()
_BY_SYMBOL = {u.symbol: u for u in UNITS}
NO_UNIT = Unit("", Fraction(1), "a plain number")
# Units that follow a number only with nothing between: "3 x 3" is a shape, not 3 times.
_ATTACHED_ONLY = frozenset({"×", "x", "X"})


def unit(symbol: str) -> Unit | None:
    """The unit written ``symbol`` (``"MB"``, ``"%"``), or None if the grammar has none."""
    return _BY_SYMBOL.get(symbol)


def _alternation(symbols: list[str]) -> str:
    return "|".join(re.escape(s) for s in sorted(symbols, key=len, reverse=True))


# What may stand between thousands: a comma, TeX's {,} or \, and the thin spaces.
SEPARATOR = r"(?:,|\{,\}|\\,|[\u2009\u202f])"
#: A whole number: ``56``, ``120,422,400``, ``1{,}048{,}576``, ``1 024`` (thin space).
INTEGER = rf"(?:\d{{1,3}}(?:{SEPARATOR}\d{{3}})+(?!\d)|\d+)"
#: The digits of a numeral without its exponent: ``120.4``, ``1,024``, ``.57``.
MANTISSA = rf"(?:{INTEGER}(?:\.\d+)?|\.\d+)"
#: The power of ten after a mantissa: ``e2``, ``E-4``; never the start of a word (``2em``).
EXPONENT = r"(?:[eE][-+−]?\d+(?!\w|\.\d))"
#: A power written in superscript digits: the ``⁹`` of ``10⁹``, part of the number it raises.
SUPERSCRIPT = r"(?:⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)"
_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
#: A numeral: a mantissa and an optional exponent (``1.2e2`` is 120) or power (``10⁹``, ``2¹⁰``).
#: Signs are separate.
NUMERAL = rf"(?:{MANTISSA}(?:{EXPONENT}|{SUPERSCRIPT})?)"
#: A sign before a number: the hyphen-minus or the minus sign.
SIGN = r"[-−]"
#: A unit, at its end (``MB``, not the ``M`` of ``MBit``).
UNIT = rf"(?:{_alternation([u.symbol for u in UNITS])})(?![A-Za-z0-9µμ])"
_SPACED_UNIT = rf"(?:{_alternation([u.symbol for u in UNITS if u.symbol not in _ATTACHED_ONLY])})"
_SPACE = r"[ \u00a0\u2009\u202f]"
#: A shape of whole dimensions: ``4×4×2``, ``3 x 3``, ``1×1 × 57``.
DIMENSIONS = rf"(?:{INTEGER}(?:[ \t]?[×x][ \t]?{INTEGER})+(?![\d.]))"
#: A Keras shape as Python prints it: ``(None, 4, 4, 2)``, ``(None,)``, ``(3, 3)``.
TUPLE = r"(?:\((?:None|\d+)(?:,[ \t]*(?:None|\d+))+,?\)|\((?:None|\d+),\))"
#: An approximation sign before a number: it is written to its last place, even when whole.
APPROXIMATE = r"(?:≈|~|\\approx)"

#: A quantity as text states it: a shape, or a signed numeral with an optional unit. The unit
#: follows the number directly or after one space (``25 MB``), except ``×``/``x`` (``3 x 3``
#: is a shape). ``after`` is a letter right after a plain whole number: a name (``2D``, ``3a``).
QUANTITY = re.compile(
    # After a letter or digit a number is part of a name or of another number; after "_" it
    # is emphasis (_57_), which shows the number, unless a word precedes (snake_case_1).
    # After a letter and a hyphen it ends a name (ResNet-50); "3-4" is two numbers.
    rf"(?<![A-Za-z0-9.])(?<![A-Za-z0-9]_)(?<![A-Za-z][-−])"
    rf"(?:(?P<shape>{TUPLE}|{DIMENSIONS})"
    rf"|(?P<sign>{SIGN}(?=\.?\d))?(?P<number>{NUMERAL})"
    rf"(?:(?P<unit>{UNIT})|{_SPACE}(?P<spaced>{_SPACED_UNIT})(?![A-Za-z0-9µμ]))?"
    r"(?P<after>(?<=\d)[A-Za-z])?)"
)

#: The text of a claim in prose, just before its comment: a quantity or a shape, with an
#: optional approximation sign (``≈ 56``). The same forms :data:`QUANTITY` finds.
CLAIM_TEXT = (
    rf"(?:(?:{APPROXIMATE}[ \t]?)?"
    rf"(?:{TUPLE}|{DIMENSIONS}"
    rf"|{SIGN}?{NUMERAL}(?:{UNIT}|{_SPACE}{_SPACED_UNIT}(?![A-Za-z0-9µμ]))?))"
)


@dataclass(frozen=True)
class Reading:
    """What a text states: a number written to a place, with its unit, or a shape."""

    text: str
    number: Fraction | None = None  # the value, unit applied: 25MB -> 25,000,000
    place: Fraction = Fraction(0)  # one unit in the last written place, unit applied; 0: exact
    unit: Unit = NO_UNIT
    decimals: int = 0  # digits written after the point
    exponent: int = 0  # the power of ten written (1.2e2 -> 2)
    shape: tuple[int | None, ...] | None = None

    @property
    def exact(self) -> bool:
        """Whether the text states one value rather than everything that rounds to it."""
        return self.shape is not None or not self.place


@dataclass(frozen=True)
class Quantity:
    """A number a text states, where it is, and how it reads (see :func:`quantities`)."""

    start: int
    end: int
    text: str  # as written, unit included: "120.4M", "25 MB", "4×4×2"
    reading: Reading | None  # None for a name such as 2D (see ``name``)
    name: str = ""  # the letter after a whole number that makes it a name: "D" of 2D

    @property
    def is_name(self) -> bool:
        """Whether the digits are part of a name (``2D``, ``3a``, ``1st``), not a quantity."""
        return bool(self.name)


class GrammarError(ValueError):
    """The text is not a number or a shape of this grammar."""


def quantities(text: str) -> Iterator[Quantity]:
    """Every number ``text`` states, left to right, each read by :func:`parse`.

    A whole number with a letter right after it (``2D``, ``3a``) is yielded as a name, with no
    reading; a number inside a word (``conv1``, ``ResNet-50``) is not yielded at all. A
    decimal before a letter (``2.5d``) is a number, not a name: names are whole numbers.
    """
    for m in QUANTITY.finditer(text):
        written = m.group().removesuffix(m["after"] or "")
        if m["after"] and (m["number"] or "").isdigit():
            yield Quantity(m.start(), m.start() + len(written), written, None, m["after"])
            continue
        yield Quantity(m.start(), m.start() + len(written), written, parse(written))


_FULL = re.compile(
    rf"(?P<approx>{APPROXIMATE}\s*)?(?:(?P<tuple>{TUPLE})|(?P<dims>{DIMENSIONS})"
    rf"|(?P<sign>{SIGN})?\s*(?P<mantissa>{MANTISSA})(?P<exponent>{EXPONENT})?"
    rf"(?P<power>{SUPERSCRIPT})?"
    rf"\s?(?P<unit>{_alternation([u.symbol for u in UNITS])})?)"
)


def parse(text: str) -> Reading:
    r"""Read ``text`` as one number or shape of the grammar; raise :class:`GrammarError`.

    Accepts the plain forms and their TeX spellings (``1{,}048``, ``4 \times 4``, ``11.3\%``,
    ``120.4\text{M}``).
    """
    clean = plain(text)
    if not clean:
        raise GrammarError("the claim states no number")
    m = _FULL.fullmatch(clean)
    if m is None:
        if re.fullmatch(r"[-−]?[\d,]+(?:\.\d+)?\S*", clean) and "," in clean:
            raise GrammarError(f"{text!r}: commas must separate thousands, as in 120,422,400")
        if clean.startswith("("):
            raise GrammarError(f"cannot read {text!r} as a shape such as (None, 4, 4, 2)")
        raise GrammarError(
            f"cannot read {text!r} as a number (56, 120,422,400, 120.4M, 11.3%, 8.6×, 25MB, "
            "1.2e2) or a shape (4×4×2, (None, 4, 4, 2))"
        )
    if m["tuple"]:
        inner = m["tuple"].strip("()").rstrip(",")
        dims = tuple(None if d.strip() == "None" else int(d) for d in inner.split(","))
        return Reading(text, shape=dims)
    if m["dims"]:
        parts = re.split(r"[ \t]?[×x][ \t]?", m["dims"])
        return Reading(text, shape=tuple(_whole(p) for p in parts))
    mantissa = m["mantissa"]
    whole, _, decimals = mantissa.partition(".")
    exponent = int(m["exponent"][1:].replace("−", "-")) if m["exponent"] else 0
    written = unit(m["unit"]) if m["unit"] else NO_UNIT
    assert written is not None
    magnitude = Fraction((str(_whole(whole)) if whole else "0") + "." + (decimals or "0"))
    if m["power"]:
        raised = int(m["power"].translate(_SUPERSCRIPT_DIGITS))
        if (magnitude == 0 and raised < 0) or abs(raised) > 1000:
            raise GrammarError(f"cannot read {text!r}: the power is out of range")
        magnitude **= raised
    power = Fraction(10) ** exponent
    sign = -1 if m["sign"] else 1
    place = power * written.scale / 10 ** len(decimals)
    exact = not decimals and not exponent and not written.scales and not m["approx"]
    return Reading(
        text,
        number=sign * magnitude * power * written.scale,
        place=Fraction(0) if exact else place,
        unit=written,
        decimals=len(decimals),
        exponent=exponent,
    )


def _whole(digits: str) -> int:
    return int(re.sub(SEPARATOR, "", digits))


_UNIT_IN_TEXT = re.compile(
    rf"\\(?:text|textrm|mathrm|mbox)\s*\{{\s*({_alternation([u.symbol for u in UNITS])})\s*\}}"
)


def plain(text: str) -> str:
    r"""``text`` without TeX markup or typographic spaces: ``4 \times 4`` -> ``4 × 4``.

    Thousands separators stay (:data:`INTEGER` reads them); ``\approx`` becomes ``≈``.
    """
    out = text.strip()
    for tex, shown in ((r"\times", "×"), (r"\%", "%"), (r"\approx", "≈"), ("\u00a0", " ")):
        out = out.replace(tex, shown)
    out = _UNIT_IN_TEXT.sub(r"\1", out)
    # Only ASCII white space: a thin space between digits groups thousands (1 024).
    return re.sub(r"[ \t\r\n]+", " ", out).strip()


def scale_of(symbol: str) -> Fraction:
    """The scale of a unit's symbol; 1 for no unit. KeyError for a symbol the grammar lacks."""
    if not symbol:
        return Fraction(1)
    found = unit(symbol)
    if found is None:
        raise KeyError(symbol)
    return found.scale


def units_table() -> str:
    """The units as a short Markdown table, a row per meaning (the README shows it)."""
    rows: dict[str, dict[Fraction, list[str]]] = {}
    for u in UNITS:
        rows.setdefault(u.means, {}).setdefault(u.scale, []).append(f"`{u.symbol}`")
    lines = ["| meaning | units, each with what it multiplies the number by |", "| --- | --- |"]
    for means, scales in rows.items():
        cells = ", ".join(
            f"{' '.join(symbols)} {_power(scale)}" for scale, symbols in scales.items()
        )
        lines.append(f"| {means} | {cells} |")
    return "\n".join(lines)


def _power(scale: Fraction) -> str:
    """``10^6``, ``2^20``, ``1/1000``: a scale as a reader checks it."""
    for base in (10, 2):
        for e in range(1, 41):
            if scale == base**e:
                return f"{base}^{e}" if base == 2 or e > 2 else str(int(scale))
            if scale == Fraction(1, base**e) and base == 10:
                return f"10^-{e}"
    return str(scale)
