r"""Checks the arithmetic in a formula, so that no number written in it goes unchecked.

A formula such as ``(3 \cdot 3 \cdot 3 + 1) \cdot 2 = \claim{conv2d: params}{56}`` holds two
kinds of numbers: the claimed result, checked against the snippet, and the numbers it is made
of, checked here by evaluating each side. Changing any one of them breaks the equality.
Sides with symbols (``P``, ``C_{in}``) are left alone; ``\approx`` compares at the precision
written on the rounder side.
"""

from __future__ import annotations

import ast
import operator
import re
from dataclasses import dataclass

from doccheck.numbers import normalize

# The claimed text may hold TeX's grouped comma: \claim{key}{1{,}048{,}576}.
CLAIM_MACRO = re.compile(r"\\claim\{(?P<key>[^{}]*)\}\{(?P<text>(?:[^{}]|\{,\})*)\}")
# Control words end at the first non-letter: \le must not match the start of \left.
_RELATION = re.compile(
    r"(=|\\(?:approx|neq|leq|geq|le|ge|to|rightarrow|Rightarrow)(?![A-Za-z])|<|>)"
)
# Two equations side by side: "a = 1 \qquad b = 2" is two chains, not one.
_SEPARATOR = re.compile(r"\\q?quad(?![A-Za-z])|\\text\{\s*(?:and|,|;|where|with)\s*\}|;")
_LITERAL = re.compile(r"-?\d+(?:\.(\d+))?")
_OPS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
    ast.USub: operator.neg,
}


@dataclass(frozen=True)
class Mismatch:
    """Two sides of a formula that the arithmetic says are not equal."""

    left: str
    right: str
    left_value: float
    right_value: float

    def __str__(self) -> str:
        return (
            f"the formula says {self.left.strip()} = {self.right.strip()}, "
            f"but the left side is {self.left_value:g} and the right side {self.right_value:g}"
        )


def _chains(tex: str) -> list[tuple[list[str], list[str]]]:
    r"""The relation chains of a formula, as (sides, relations), ``\claim`` macros kept.

    Lines of an ``aligned`` block that start with a relation (``&= 56``) continue the
    previous line's chain; other lines start a new one.
    """
    tex = re.sub(r"\\(begin|end)\{[a-z*]+\}", "", tex)
    chains: list[str] = []
    for line in re.split(r"\\\\|" + _SEPARATOR.pattern, tex):
        line = line.replace("&", " ").strip()
        if not line:
            continue
        if chains and _RELATION.match(line):
            chains[-1] += " " + line
        else:
            chains.append(line)
    result = []
    for chain in chains:
        parts = _RELATION.split(chain)
        result.append((parts[0::2], parts[1::2]))
    return result


def check_formula(tex: str) -> list[Mismatch]:
    """Every pair of neighbouring numeric sides in ``tex`` that are not equal."""
    problems: list[Mismatch] = []
    for sides, relations in _chains(tex):
        for left, rel, right in zip(sides, relations, sides[1:], strict=False):
            if rel not in ("=", r"\approx"):
                continue
            a, b = evaluate(left), evaluate(right)
            if a is None or b is None:
                continue
            tolerance = 1e-9 * max(abs(a), abs(b), 1.0)
            if rel == r"\approx":
                tolerance = max(tolerance, _half_unit(_plain(left)), _half_unit(_plain(right)))
            if abs(a - b) > tolerance:
                problems.append(Mismatch(_plain(left), _plain(right), a, b))
    return problems


def unchecked_sides(tex: str) -> list[str]:
    r"""Numeric sides that nothing checks: not a ``\claim`` and not compared with one.

    ``C_\text{in} = 3`` states a number that no code backs; ``2p + 1`` is a formula with a
    constant in it, and is left alone.
    """
    loose = []
    for sides, relations in _chains(tex):
        numeric = [evaluate(side) is not None for side in sides]
        for i, side in enumerate(sides):
            if not numeric[i] or CLAIM_MACRO.search(side):
                continue
            compared = any(
                0 <= j < len(sides) and numeric[j] and relations[min(i, j)] in ("=", r"\approx")
                for j in (i - 1, i + 1)
            )
            if not compared:
                loose.append(side.strip())
    return loose


def _plain(side: str) -> str:
    return CLAIM_MACRO.sub(lambda m: m["text"], side)


def evaluate(side: str) -> float | None:
    r"""The value of a TeX expression made only of numbers and ``+ - \cdot \times / \frac ^``.

    None when the side holds anything else (a symbol, a function, text).
    """
    expr = _to_python(_plain(side))
    if expr is None:
        return None
    try:
        return _eval(ast.parse(expr, mode="eval").body)
    except (SyntaxError, ValueError, ZeroDivisionError, TypeError):
        return None


def _to_python(side: str) -> str | None:
    s = normalize(side)
    for drop in (r"\left", r"\right", r"\;", r"\!", r"\quad", r"\:"):
        s = s.replace(drop, "")
    for times in (r"\cdot", "×", "·", r"\ast"):
        s = s.replace(times, "*")
    s = s.replace(r"\div", "/")
    previous = None
    while previous != s:
        previous = s
        s = re.sub(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}", r"((\1)/(\2))", s)
    s = s.replace("^", "**").replace("{", "(").replace("}", ")").replace(",", "")
    s = s.replace("[", "(").replace("]", ")")
    if not s.strip() or not re.fullmatch(r"[\d.+\-*/() ]+", s) or not re.search(r"\d", s):
        return None
    return s


def _eval(node: ast.expr) -> float:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return float(node.value)
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        return _OPS[type(node.op)](_eval(node.left), _eval(node.right))
    if isinstance(node, ast.UnaryOp) and type(node.op) in _OPS:
        return _OPS[type(node.op)](_eval(node.operand))
    raise ValueError("not arithmetic")


def _half_unit(side: str) -> float:
    """Half a unit in the last written place, when the side is one bare number such as 0.111."""
    m = _LITERAL.fullmatch(normalize(side).replace(",", "").replace(" ", ""))
    if not m:
        return 0.0
    return 0.5 * 10.0 ** -len(m.group(1) or "")
