"""Claimed texts (``56``, ``120,422,400``, ``120.4M``, ``11.3%``, ``8.6×``, ``4×4×2``) as values.

A claim is compared by value, never as text: ``120.4M`` states a number to a tenth of a
million, so it matches anything that rounds to it, and ``120,422,400`` matches only itself.
A percentage states a fraction: ``11.3%`` matches a snippet value of 0.113.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

_SCALES = {"": 1.0, "K": 1e3, "M": 1e6, "B": 1e9, "G": 1e9, "%": 0.01, "×": 1.0, "x": 1.0}

# The claimed text itself, as it may stand just before a claim comment in prose.
CLAIM_TEXT = (
    r"(?:\((?:None|\d+)(?:,\s*(?:None|\d+))*,?\)"  # (None, 4, 4, 2)
    r"|\d[\d,]*(?:\.\d+)?(?:\s*[×x]\s*\d[\d,]*)+"  # 4×4×2
    r"|[-−]?\d[\d,]*(?:\.\d+)?(?:\s?[KMBG](?![A-Za-z])|%|×|x(?![A-Za-z0-9]))?)"  # 56, 120.4M
)

_NUMBER = re.compile(
    r"(?P<sign>-)?(?P<digits>\d[\d,]*)(?:\.(?P<decimals>\d+))?\s*(?P<unit>[KMBG%×x]?)"
)
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})*")


class ClaimSyntaxError(ValueError):
    """The claimed text is not a number or a shape this checker can read."""


@dataclass(frozen=True)
class Expected:
    """What a claimed text states: a number within a tolerance, or an exact shape."""

    text: str
    number: float | None = None
    tolerance: float = 0.0
    unit: str = ""
    shape: tuple[int | None, ...] | None = None

    def matches(self, actual: object) -> bool:
        """Whether the snippet's value agrees with the claim at the claim's stated precision."""
        if self.shape is not None:
            got = as_shape(actual)
            if got is None:
                return False
            if len(got) == len(self.shape) + 1 and got[0] is None:
                got = got[1:]  # the batch dimension, which prose leaves out
            return got == self.shape
        value = as_number(actual)
        if value is None or self.number is None:
            return False
        return abs(value - self.number) <= self.tolerance * (1 + 1e-9) + 1e-12

    def compatible(self, other: Expected) -> bool:
        """Whether one value could satisfy both claims (``120.4M`` and ``120,422,400`` can)."""
        if self.shape is not None or other.shape is not None:
            return self.shape == other.shape
        assert self.number is not None and other.number is not None
        return abs(self.number - other.number) < self.tolerance + other.tolerance - 1e-12

    def describe(self, actual: object) -> str:
        """The snippet's value, written the way the claim writes it, for error messages."""
        if self.shape is not None:
            got = as_shape(actual)
            if got is None:
                return f"{actual!r}, which is not a shape"
            if len(got) == len(self.shape) + 1 and got[0] is None:
                got = got[1:]
            return "×".join("None" if d is None else str(d) for d in got)
        value = as_number(actual)
        if value is None:
            return f"{actual!r}, which is not a number"
        if self.unit in ("", "×", "x") and float(value).is_integer():
            return f"{int(value):,}{self.unit}"
        scaled = value / _SCALES[self.unit]
        exact = f"{int(value):,}" if value.is_integer() else repr(value)
        return f"{scaled:,.6g}{self.unit} ({exact})"


def parse_claim(text: str) -> Expected:
    """Read a claimed text; raise :class:`ClaimSyntaxError` saying what is wrong with it."""
    clean = normalize(text)
    if not clean:
        raise ClaimSyntaxError("the claim states no number")
    if clean.startswith("("):
        inner = clean.strip("()").rstrip(",")
        try:
            dims = tuple(None if d.strip() == "None" else int(d) for d in inner.split(","))
        except ValueError:
            raise ClaimSyntaxError(
                f"cannot read {text!r} as a shape such as (None, 4, 4, 2)"
            ) from None
        return Expected(text=text, shape=dims)
    parts = re.split(r"\s*[×x]\s*", clean)
    if len(parts) > 1 and all(p and (p.isdigit() or _THOUSANDS.fullmatch(p)) for p in parts):
        return Expected(text=text, shape=tuple(int(p.replace(",", "")) for p in parts))
    m = _NUMBER.fullmatch(clean)
    if not m:
        raise ClaimSyntaxError(
            f"cannot read {text!r} as a number (56, 120,422,400, 120.4M, 11.3%, 8.6×) "
            "or a shape (4×4×2, (None, 4, 4, 2))"
        )
    digits = m["digits"]
    if "," in digits and not _THOUSANDS.fullmatch(digits):
        raise ClaimSyntaxError(f"{text!r}: commas must separate thousands, as in 120,422,400")
    decimals = m["decimals"] or ""
    unit = m["unit"]
    scale = _SCALES[unit]
    magnitude = float(digits.replace(",", "") + ("." + decimals if decimals else ""))
    sign = -1.0 if m["sign"] else 1.0
    return Expected(
        text=text,
        number=sign * magnitude * scale,
        tolerance=0.5 * 10.0 ** -len(decimals) * scale,
        unit=unit,
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
    out = re.sub(r"\\text\{\s*([KMBG%])\s*\}", r"\1", out)
    return out.strip()


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


def as_number(value: object) -> float | None:
    """A Python or NumPy scalar as a float, or None if it is not a finite number."""
    if isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
