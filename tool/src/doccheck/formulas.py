r"""Checks the arithmetic in a formula, so that no number written in it goes unchecked.

A formula such as ``(3 \cdot 3 \cdot 3 + 1) \cdot 2 = \claim{conv2d: params}{56}`` holds two
kinds of numbers: the claimed result, checked against the snippet, and the numbers it is made
of, checked here by evaluating each side. Changing any one of them breaks the equality.

Every side of every relation is one of:

- *numeric*: numbers and ``+ - \cdot \times / \div ^``, ``\frac``, ``\sqrt``, ``\lfloor``,
  ``\lceil``, ``\exp``, ``\ln``, percentages, the units of ``grammar.py`` (``\text{M}``,
  ``\text{ MB}``), implicit multiplication (``2(3 + 1)``) and grouping; it is evaluated
  exactly (fractions) where it can be;
- *symbolic*: it names a quantity (``P``, ``C_\text{in}``, ``\gamma``): a formula, not arithmetic.
  Its numbers (the ``1`` of ``2p + 1``) are checked only where the page binds its symbols to
  values a snippet computed (``<!-- where conv2d: H_in=6, k=3, H_out=model.output_shape[1] -->``):
  then every side is evaluated at those values, by the same evaluator (:func:`bound_problem`);
- *unreadable*: numbers with TeX this checker cannot evaluate. That is an error at the side's
  line, never a silent skip.

Digits that are names, not values, are *labels*: a subscript (``c_1``, ``M_{3 \times 3}``,
the limits ``_{c=1}^{C}`` of a ``\sum``), a parenthesised superscript (``b^{(f)}``) and an index
in brackets after a symbol (``I_c[i + u - 1]``). Any other superscript is a power.

``=`` and ``\equiv`` compare exactly; ``\approx``, ``\sim`` and ``\simeq`` at the precision
written on the rounder side; ``<``, ``\le``, ``\ne`` and the other orderings must hold.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from fractions import Fraction

from doccheck import grammar

# The claimed text may hold TeX's grouped comma: \claim{key}{1{,}048{,}576}.
CLAIM_MACRO = re.compile(r"\\claim\{(?P<key>[^{}]*)\}\{(?P<text>(?:[^{}]|\{,\})*)\}")

Number = Fraction | float

_EQUAL = frozenset({"=", r"\equiv"})
_APPROX = frozenset({r"\approx", r"\sim", r"\simeq"})
_ORDER = {
    "<": lambda a, b: a < b,
    r"\lt": lambda a, b: a < b,
    r"\ll": lambda a, b: a < b,
    ">": lambda a, b: a > b,
    r"\gt": lambda a, b: a > b,
    r"\gg": lambda a, b: a > b,
    r"\le": lambda a, b: a <= b,
    r"\leq": lambda a, b: a <= b,
    r"\ge": lambda a, b: a >= b,
    r"\geq": lambda a, b: a >= b,
    r"\ne": lambda a, b: a != b,
    r"\neq": lambda a, b: a != b,
}
_ARROWS = (r"\to", r"\rightarrow", r"\Rightarrow", r"\mapsto", r"\longrightarrow", r"\in")
_RELATION_WORDS = sorted(
    [w for w in (*_EQUAL, *_APPROX, *_ORDER, *_ARROWS) if w.startswith("\\")], key=len, reverse=True
)
# Control words end at the first non-letter: \le must not match the start of \left.
_RELATION = re.compile(
    r"=|<|>|(?:" + "|".join(re.escape(w) for w in _RELATION_WORDS) + r")(?![A-Za-z])"
)
# Two equations side by side: "a = 1 \qquad b = 2" is two chains, not one.
_SEPARATOR = re.compile(r"\\q?quad(?![A-Za-z])|\\text\{\s*(?:and|or|,|;|where|with)\s*\}|;|\\\\")
_ENVIRONMENT = re.compile(r"\\begin\{[a-z*]+\}(?:\{[^{}]*\})?|\\end\{[a-z*]+\}")
# In TeX a bare % starts a comment: KaTeX shows nothing after it on that line.
TEX_COMMENT = re.compile(r"(?<!\\)%[^\n]*")


class Symbolic(Exception):
    """The side names a quantity: it is a formula, not arithmetic."""


class Unreadable(Exception):
    """The side is made of numbers, but holds TeX this checker cannot evaluate."""


@dataclass(frozen=True)
class Side:
    """One side of a relation, with its place in the formula's TeX."""

    tex: str
    offset: int
    kind: str  # "numeric", "symbolic", "unreadable" or "empty" (no number at all)
    value: Number | None = None
    reason: str = ""
    precision: Number = 0  # half a unit in the last written place, for a lone number
    values: bool = False  # whether it holds a number that is a value, not a label (c_1)

    @property
    def claimed(self) -> bool:
        r"""Whether the side is a ``\\claim`` alone, whose value a snippet checks.

        ``\\claim{..}{56} \\times 1000`` is not: its 1000 would be checked by nothing.
        """
        return bool(CLAIM_MACRO.fullmatch(self.tex.strip()))

    @property
    def plain(self) -> str:
        """The side as the reader sees it: claims shown as their numbers."""
        return CLAIM_MACRO.sub(lambda m: m["text"], self.tex).strip()


@dataclass(frozen=True)
class Chain:
    r"""``a = b \\approx c``: sides and the relations between neighbours."""

    sides: list[Side]
    relations: list[str]


@dataclass(frozen=True)
class Mismatch:
    """Two sides of a formula whose relation the arithmetic says does not hold."""

    left: str
    right: str
    left_value: Number
    right_value: Number
    relation: str = "="
    # Where the side to correct starts in the formula's TeX: the side that is not a lone
    # \claim when the other is one (the snippet checks a claim; nothing else checks this side),
    # else the right side, the result a reader checks.
    offset: int = 0
    # Where the claimed number starts when one side is a lone \claim and the other is not; -1
    # when neither or both are. Whether that claim holds decides which side is wrong.
    claim_at: int = -1
    blamed: str = "right"  # the side to correct, "left" or "right": the one at ``offset``

    def __str__(self) -> str:
        shown = {"=": "=", r"\approx": "≈", r"\sim": "~", r"\equiv": "≡"}.get(
            self.relation, self.relation.lstrip("\\")
        )
        return (
            f"the formula says {self.left} {shown} {self.right}, but the left side is "
            f"{_show(self.left_value)} and the right side {_show(self.right_value)}"
        )


def _show(value: Number) -> str:
    if isinstance(value, Fraction) and value.denominator == 1 and abs(value.numerator) < 10**21:
        return f"{value.numerator:,}"
    try:
        return f"{float(value):,.6g}"
    except OverflowError:
        return "a number too large to show"


def chains(tex: str, env: Env | None = None) -> list[Chain]:
    r"""The relation chains of a formula, each side read and classified.

    Lines of an ``aligned`` block that start with a relation (``&= 56``) continue the
    previous line's chain; other lines, and equations set apart by ``\quad``, start new ones.
    Relations inside braces (``\sum_{i=1}``) do not split a side. With ``env`` (symbol name ->
    value), a symbolic side is evaluated at those values.
    """
    lines: list[list[tuple[str, int, int]]] = [[]]  # per line: ("side"|"rel", start, end)
    depth, pos, start = 0, 0, 0
    blanked = _ENVIRONMENT.sub(lambda m: " " * len(m.group()), tex).replace("&", " ")
    blanked = TEX_COMMENT.sub(lambda m: " " * len(m.group()), blanked)
    while pos < len(blanked):
        ch = blanked[pos]
        if ch == "\\" and blanked.startswith(("\\{", "\\}"), pos):
            pos += 2
            continue
        if ch in "{(":
            depth += 1
        elif ch in "})":
            depth = max(0, depth - 1)
        elif depth == 0:
            sep = _SEPARATOR.match(blanked, pos)
            rel = None if sep else _RELATION.match(blanked, pos)
            if sep or rel:
                lines[-1].append(("side", start, pos))
                if rel:
                    lines[-1].append(("rel", rel.start(), rel.end()))
                    pos = start = rel.end()
                else:
                    lines.append([])
                    pos = start = sep.end()  # type: ignore[union-attr]
                continue
        pos += 1
    lines[-1].append(("side", start, len(blanked)))

    merged: list[list[tuple[str, int, int]]] = []
    for line in lines:
        pieces = [p for p in line if p[0] == "rel" or blanked[p[1] : p[2]].strip()]
        if not pieces:
            continue
        if merged and pieces[0][0] == "rel":
            merged[-1].extend(pieces)
        else:
            merged.append(pieces)
    result = []
    for pieces in merged:
        sides: list[Side] = []
        relations: list[str] = []
        expect_side = True
        for kind, a, b in pieces:
            if kind == "rel":
                if expect_side:
                    sides.append(read_side("", a, env))
                relations.append(blanked[a:b])
                expect_side = True
            else:
                text = blanked[a:b]
                lead = len(text) - len(text.lstrip())
                sides.append(read_side(text.strip(), a + lead, env))
                expect_side = False
        if expect_side:
            sides.append(read_side("", len(tex), env))
        result.append(Chain(sides, relations))
    return result


def check_formula(tex: str, env: Env | None = None) -> list[Mismatch]:
    """Every relation between two numeric sides of ``tex`` that the arithmetic contradicts.

    With ``env``, symbolic sides are evaluated at its values first.
    """
    problems: list[Mismatch] = []
    for chain in chains(tex, env):
        for left, rel, right in zip(chain.sides, chain.relations, chain.sides[1:], strict=False):
            if left.kind != "numeric" or right.kind != "numeric":
                continue
            a, b = left.value, right.value
            assert a is not None and b is not None
            if rel in _EQUAL:
                holds = _close(a, b, 0)
            elif rel in _APPROX:
                # The rounder side states an interval, halves rounding up, as claims do.
                rounded, exact = (
                    (left, right) if left.precision >= right.precision else (right, left)
                )
                holds = _within(exact.value, rounded.value, rounded.precision)
            elif rel in _ORDER:
                holds = _ORDER[rel](a, b)
            else:
                continue
            if not holds:
                blamed, claim_at = right, -1
                if left.claimed != right.claimed:
                    claimed, blamed = (left, right) if left.claimed else (right, left)
                    macro = CLAIM_MACRO.search(claimed.tex)
                    assert macro is not None
                    claim_at = claimed.offset + macro.start("text")
                side = "left" if blamed is left else "right"
                problems.append(
                    Mismatch(left.plain, right.plain, a, b, rel, blamed.offset, claim_at, side)
                )
    return problems


def _within(value: Number | None, written: Number | None, half: Number) -> bool:
    """Whether ``value`` rounds (halves up) to ``written``, a number given to ``half`` * 2."""
    assert value is not None and written is not None
    if not half:
        return _close(value, written, 0)
    if all(isinstance(x, Fraction) for x in (value, written, half)):
        return written - half <= value < written + half
    try:
        return float(written) - float(half) - 1e-12 <= float(value) < float(written) + float(half)
    except OverflowError:
        return False


def _close(a: Number, b: Number, tolerance: Number) -> bool:
    if isinstance(a, Fraction) and isinstance(b, Fraction) and isinstance(tolerance, Fraction):
        return abs(a - b) <= tolerance
    try:
        fa, fb = float(a), float(b)
    except OverflowError:
        return a == b
    return abs(fa - fb) <= float(tolerance) + 1e-12 * max(abs(fa), abs(fb), 1.0)


def unchecked_sides(tex: str) -> list[str]:
    r"""Numeric sides that nothing checks: not a ``\claim`` and not equal to another side.

    ``C_\text{in} = 3`` states a number that no code backs; ``2p + 1`` is a formula with a
    constant in it, and is left alone. An ordering (``56 < 57``) is checked, but would still
    hold for many other numbers, so it does not pin a side.
    """
    return [side.plain for side in _loose_sides(tex)]


def _loose_sides(tex: str) -> list[Side]:
    loose = []
    for chain in chains(tex):
        sides, relations = chain.sides, chain.relations
        for i, side in enumerate(sides):
            if side.kind != "numeric" or side.claimed:
                continue
            pinned = any(
                0 <= j < len(sides)
                and sides[j].kind == "numeric"
                and relations[min(i, j)] in (_EQUAL | _APPROX)
                for j in (i - 1, i + 1)
            )
            if not pinned:
                loose.append(side)
    return loose


def unreadable_sides(tex: str) -> list[Side]:
    """Sides made of numbers that this checker cannot evaluate: each is a problem to report."""
    return [side for chain in chains(tex) for side in chain.sides if side.kind == "unreadable"]


def loose_offsets(tex: str) -> list[int]:
    """Where each unchecked numeric side starts in ``tex`` (for line numbers)."""
    return [side.offset for side in _loose_sides(tex)]


def evaluate(side: str) -> Number | None:
    """The value of a numeric TeX side, or None when it is symbolic, unreadable or empty."""
    read = read_side(side, 0)
    return read.value if read.kind == "numeric" else None


def read_side(tex: str, offset: int, env: Env | None = None) -> Side:
    """Classify and, where it is arithmetic, evaluate one side (its symbols from ``env``)."""
    plain = CLAIM_MACRO.sub(lambda m: "{" + m["text"] + "}", tex)
    try:
        tokens = _tokens(plain)
    except Unreadable as err:
        return Side(tex, offset, "unreadable", reason=str(err))
    labels = _labels(tokens)
    values = any(
        (kind == "num" or text == r"\pi") and i not in labels
        for i, (kind, text) in enumerate(tokens)
    )
    symbolic = any(_is_symbol(kind, text) for kind, text in tokens)
    if not symbolic and not any(kind == "num" or text == r"\pi" for kind, text in tokens):
        return Side(tex, offset, "empty")
    if symbolic and env is None:
        return Side(tex, offset, "symbolic", values=values)
    try:
        parser = _Parser(tokens, env)
        value = parser.parse()
    except Symbolic as err:
        return Side(tex, offset, "symbolic", reason=str(err), values=values)
    except Unreadable as err:
        return Side(tex, offset, "unreadable", reason=str(err), values=values)
    except (ZeroDivisionError, OverflowError, ValueError) as err:
        return Side(tex, offset, "unreadable", reason=f"{type(err).__name__}: {err}", values=values)
    precision = 0 if symbolic else parser.lone_precision()
    return Side(tex, offset, "numeric", value, precision=precision, values=values)


# A symbol's value, or its values over the index of a \sum (N_s, one per stage s).
Env = dict[str, "Number | list[Number]"]


def symbol_names(tex: str) -> set[str]:
    r"""The names a binding gives values to, as :func:`bound_problem` reads them.

    ``H_\text{in}`` and ``H_{in}`` are ``H_in``; ``\gamma`` is ``gamma``; ``\bar C`` is
    ``Cbar``. Labels (``b^{(f)}``) and the letters of ``\text{}`` labels are not names.
    """
    plain = CLAIM_MACRO.sub(lambda m: "{" + m["text"] + "}", TEX_COMMENT.sub("", tex))
    names: set[str] = set()
    for chain in chains(plain):
        for side in chain.sides:
            try:
                tokens = _tokens(side.tex)
            except Unreadable:
                continue
            parser = _Parser(tokens, {})
            labels = _labels(tokens)
            i = 0
            while i < len(tokens):
                if i not in labels and parser.starts_symbol(i):
                    parser.pos = i
                    names.add(parser.symbol_name())
                    i = parser.pos
                else:
                    i += 1
    return names


def bound_values(values: dict[str, object]) -> str:
    """The bound values as exact JSON text: what a binding's expression gives in its snippet.

    A text is stored whole with the run (doccheck.lastrun), so ``python -m doccheck check``
    evaluates an edited formula at the stored values without running the snippet again.
    """

    def exact(value: object) -> object:
        if isinstance(value, (list, tuple)):
            return [exact(x) for x in value]
        number = _as_number(value)
        if number is None:
            return {"not a number": repr(value)[:80]}
        if isinstance(number, Fraction):
            return [number.numerator, number.denominator]
        return number

    return json.dumps({name: exact(value) for name, value in values.items()})


def read_bound_values(text: str) -> dict[str, object]:
    """What :func:`bound_values` wrote, as values :func:`bound_problem` takes."""

    def value(x: object) -> object:
        if isinstance(x, list) and len(x) == 2 and all(isinstance(n, int) for n in x):
            return Fraction(x[0], x[1])
        if isinstance(x, list):
            return [value(n) for n in x]
        if isinstance(x, dict):
            return x.get("not a number")
        return x

    return {name: value(x) for name, x in json.loads(text).items()}


def bound_problem(tex: str, values: dict[str, object]) -> str:
    """What is wrong with ``tex`` at the bound ``values``: ``""`` when every relation holds.

    A formula with no relation (``(H - k + 1)``) states a value: ``value`` gives it.
    """
    env: Env = {}
    for name, raw in values.items():
        several = isinstance(raw, (list, tuple))
        numbers = [_as_number(x) for x in raw] if several else [_as_number(raw)]
        if any(n is None for n in numbers):
            return f"the binding gives {name} = {raw!r}, which is not a number"
        env[name] = numbers if several else numbers[0]  # type: ignore[assignment]
    shown = ", ".join(
        f"{name}=[{'; '.join(map(_show, v))}]" if isinstance(v, list) else f"{name}={_show(v)}"
        for name, v in env.items()
    )
    found = chains(tex, env)
    for chain in found:
        for side in chain.sides:
            if side.kind == "symbolic":
                return f"the formula side {side.plain!r} cannot be evaluated ({side.reason})"
            if side.kind == "unreadable":
                return f"the formula side {side.plain!r} cannot be evaluated ({side.reason})"
    lone = [c for c in found if not c.relations and c.sides[0].kind == "numeric"]
    if lone and "value" not in env:
        return (
            f"{lone[0].sides[0].plain!r} states a value but is compared with nothing; give the "
            "value it must have as value=expression in the binding"
        )
    for chain in lone:
        got = chain.sides[0].value
        assert got is not None
        if isinstance(env["value"], list) or not _close(got, env["value"], 0):
            return (
                f"where {shown}, {chain.sides[0].plain} is {_show(got)}, not the bound "
                f"value {_show(env['value'])}"
            )
    for mismatch in check_formula(tex, env):
        return f"{mismatch} where {shown}"
    return ""


def _as_number(value: object) -> Number | None:
    """An int, Fraction or float (NumPy's too) as a Number; None for anything else."""
    if isinstance(value, (bool, str, bytes)):
        return None
    if isinstance(value, (int, Fraction)):
        return Fraction(value)
    if type(value).__name__.startswith(("int", "uint")) and hasattr(value, "item"):
        return Fraction(int(value))  # a NumPy integer
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return Fraction(number).limit_denominator(10**12) if number.is_integer() else number


# Bases whose subscript and superscript are the limits of an index: labels, not powers.
_INDEXED = frozenset({r"\sum", r"\prod", r"\int", r"\lim", r"\bigcup", r"\bigcap"})


def _labels(tokens: list[tuple[str, str]]) -> set[int]:
    r"""The positions of tokens that name rather than state a value.

    A subscript (``c_1``), a superscript in parentheses (``b^{(f)}``) or on a ``\sum``, and an
    index in brackets right after a symbol or a label (``I_c[i + u - 1]``).
    """
    labels: set[int] = set()
    after_indexed = False
    i = 0
    while i < len(tokens):
        text = tokens[i][1]
        if text in _INDEXED:
            after_indexed = True
            i += 1
            continue
        if text == "_" or (text == "^" and (after_indexed or _parenthesised(tokens, i + 1))):
            end = _group_end(tokens, i + 1)
            labels.update(range(i + 1, end))
            i = end
            continue  # a sum's subscript then superscript: both limits
        after_indexed = False
        if text == "[" and i and (i - 1 in labels or _is_symbol(*tokens[i - 1])):
            end = _group_end(tokens, i, "[", "]")
            labels.update(range(i, end))
            i = end
            continue
        i += 1
    return labels


def _parenthesised(tokens: list[tuple[str, str]], i: int) -> bool:
    if i < len(tokens) and tokens[i][1] == "{":
        i += 1
    return i < len(tokens) and tokens[i][1] == "("


def _group_end(
    tokens: list[tuple[str, str]], i: int, opening: str = "{", closing: str = "}"
) -> int:
    """The position after the braced group (or the single token) that starts at ``i``."""
    if i >= len(tokens):
        return i
    if tokens[i][1] != opening:
        return i + 1
    depth = 0
    for j in range(i, len(tokens)):
        depth += {opening: 1, closing: -1}.get(tokens[j][1], 0)
        if depth == 0:
            return j + 1
    return len(tokens)


# Letters that name a quantity: a side with one is a formula, not arithmetic.
_VARIABLES = frozenset(
    r"""\alpha \beta \gamma \delta \epsilon \varepsilon \zeta \eta \theta \vartheta \iota \kappa
    \lambda \mu \nu \xi \rho \sigma \tau \upsilon \phi \varphi \chi \psi \omega \Gamma \Delta
    \Theta \Lambda \Xi \Pi \Sigma \Upsilon \Phi \Psi \Omega \ell \top \mathbb \mathcal \hat
    \bar \tilde \vec \dot \partial \nabla""".split()
)
# Functions and ellipses: evaluated where they can be (\max, \min, \log, \pi), otherwise a
# side of numbers that holds one cannot be checked, which is an error, never a skip.
_FUNCTIONS = frozenset(
    r"""\max \min \log \ln \exp \sin \cos \tan \tanh \sum \prod \int \lim \arg \infty
    \cdots \ldots \dots \odot \otimes \oplus \pi""".split()
)
_IGNORED = frozenset(
    r"""\left \right \big \Big \bigg \Bigg \bigl \bigr \Bigl \Bigr \biggl \biggr \, \; \: \! \
    \displaystyle \textstyle \quad \qquad \mkern""".split()
) | {"\\ "}
_WRAPPERS = frozenset(r"\mathbf \boldsymbol \mathit \bm \mathsf \mathtt \mathrm".split())
# Units come from the grammar of numbers: \text{M}, \text{ MB}, \% and the rest of its table.
# Written right after digits, only the scale letters are units (120.4M, as claims write it):
# there ``2k`` or ``3s`` is a product with a variable.
_ATTACHED_UNITS = frozenset({"K", "M", "B", "G"})
assert all(grammar.unit(u) for u in _ATTACHED_UNITS)
_TOKEN = re.compile(
    rf"(?P<num>{grammar.INTEGER}(?:\.\d+)?)"
    # Text in math: \text{ multiply-adds}, \mathrm{MB}, \operatorname{ReLU}.
    r"|(?P<text>\\(?P<how>text|textrm|textbf|textit|textsf|mbox|textnormal|mathrm|operatorname)"
    r"\s*\{(?P<inner>[^{}]*)\})"
    r"|(?P<cmd>\\[A-Za-z]+|\\[^A-Za-z])"
    r"|(?P<ch>[^\s])"
)
_LABEL = re.compile(r"[A-Za-z][A-Za-z\s.,:;'-]*")


def _tokens(tex: str) -> list[tuple[str, str]]:
    r"""(kind, text) pairs. Text in math is a unit, a number, a function name or a label."""
    out: list[tuple[str, str]] = []

    def after_value() -> bool:
        return bool(out) and (out[-1][0] == "num" or out[-1][1] in ")}")

    skip = -1
    for m in _TOKEN.finditer(tex):
        if m.start() < skip:
            continue
        if m["num"]:
            out.append(("num", re.sub(grammar.SEPARATOR, "", m["num"])))
            following = tex[m.end() : m.end() + 2]
            if following[:1] in _ATTACHED_UNITS and not following[1:2].isalpha():
                out.append(("unit", following[:1]))  # 120.4M, as the claims write it
                skip = m.end() + 1
        elif m["text"] is not None:
            inner = m["inner"].strip()
            if m["how"] == "operatorname":
                out.append(("cmd", f"\\operatorname{{{inner}}}"))
            elif grammar.unit(inner) and after_value():
                out.append(("unit", inner))
            elif out and out[-1] == ("ch", "_"):
                out.append(("name", inner))  # a subscript label, C_\text{in}: a symbol's name
            elif re.fullmatch(r"\d+(?:\.\d+)?", inner):
                out.append(("num", inner))
            elif re.search(r"(?<![A-Za-z\d.])\d+(?:\.\d+)?(?![A-Za-z\d])", inner):
                raise Unreadable(
                    f"the number in \\text{{{inner}}} cannot be checked; write it outside \\text"
                )
            elif m["how"] == "mathrm" and len(inner) == 1:
                out.append(("ch", inner))  # \mathrm{d}, a one-letter symbol set upright
            # otherwise a label such as \text{ multiply-adds}: it states no value
        elif m["cmd"]:
            cmd = m["cmd"]
            if cmd in _IGNORED:
                continue
            if cmd == r"\%":
                out.append(("unit", "%"))
            elif cmd in (r"\begin", r"\end"):
                continue
            else:
                out.append(("cmd", cmd))
        else:
            ch = m["ch"]
            if ch in "~":
                continue
            out.append(("ch", ch))
    while out and out[-1] in (("ch", ","), ("ch", "."), ("ch", ";"), ("ch", ":")):
        out.pop()  # the sentence's punctuation after a displayed formula
    # 1{\times}1: an operator in braces (set without its spacing) is still the operator.
    for i in range(len(out) - 3, -1, -1):
        if out[i][1] == "{" and out[i + 2][1] == "}" and out[i + 1][1] in _OPERATORS:
            out[i : i + 3] = [out[i + 1]]
    return out


def _is_symbol(kind: str, text: str) -> bool:
    return (
        (kind == "ch" and text.isalpha())
        or (kind == "cmd" and text in _VARIABLES)
        or kind == "name"
    )


_ACCENTS = frozenset(r"\bar \hat \tilde \vec \dot".split())


_TIMES = frozenset({r"\cdot", r"\times", r"\ast", "×", "·", "*"})
_OPERATORS = _TIMES | {"+", "-", "−", "/", r"\div"}
_OPEN = {"(": ")", "[": "]", "{": "}", r"\{": r"\}", r"\lfloor": r"\rfloor", r"\lceil": r"\rceil"}
# What may follow a value with no operator between, as a product (2(3 + 1), 2\\sqrt{9}). Not a
# brace: TeX sets 2{3} as "23".
_STARTS_ATOM = (
    frozenset(
        {"(", "[", r"\{", r"\lfloor", r"\lceil", r"\frac", r"\dfrac", r"\tfrac", r"\sqrt"}
        | {r"\exp", r"\ln", r"\log", r"\max", r"\min", r"\pi", r"\sum"}
    )
    | _WRAPPERS
)
_MAX_DIGITS = 10_000  # a power with a longer result is not a number a page states


class _Parser:
    """Recursive descent over the tokens of one numeric side; exact where it can be."""

    def __init__(self, tokens: list[tuple[str, str]], env: Env | None = None) -> None:
        self.tokens = tokens
        self.pos = 0
        self.env = env  # symbol name -> value; None: a symbol makes the side symbolic
        self.index: int | None = None  # inside a \sum: which of a symbol's values to take

    def starts_symbol(self, i: int | None = None) -> bool:
        r"""Whether a symbol (``H``, ``\\gamma``, ``\\bar C``) starts at ``i``."""
        i = self.pos if i is None else i
        if i >= len(self.tokens):
            return False
        kind, text = self.tokens[i]
        return (kind == "ch" and text.isalpha()) or (kind == "cmd" and text in _VARIABLES)

    def symbol_name(self) -> str:
        """Read one symbol and its subscript as the name a binding gives it (``H_in``)."""
        text = self.take()[1]
        if text in _ACCENTS:
            if self.peek() == "{":
                self.take()
                inner = self.symbol_name()
                self.take("}")
            else:
                inner = self.symbol_name()
            return inner + text[1:]
        name = text.lstrip("\\")
        while self.peek() == "'":
            self.take()
            name += "_prime"
        if self.peek() == "_":
            self.take()
            end = _group_end(self.tokens, self.pos)
            parts = [t for k, t in self.tokens[self.pos : end] if t not in "{}"]
            self.pos = end
            name += "_" + "".join(re.sub(r"[^A-Za-z0-9]", "", p) for p in parts)
        return name

    def variable(self) -> Number:
        name = self.symbol_name()
        assert self.env is not None
        if name not in self.env:
            raise Symbolic(f"{name} has no value in the binding")
        value = self.env[name]
        if isinstance(value, list):
            if self.index is None:
                raise Unreadable(f"{name} has several values; use it inside a \\sum")
            return value[self.index]
        return value

    def sum(self) -> Number:
        r"""``\\sum_s N_s C_s^2``: the product after it, once for each of the bound values."""
        if self.peek() == "_":
            self.take()
            self.pos = _group_end(self.tokens, self.pos)
        if self.peek() == "^" or self.index is not None:
            raise Unreadable("a \\sum with limits, or inside another, cannot be evaluated")
        assert self.env is not None
        counts = {len(v) for v in self.env.values() if isinstance(v, list)}
        if len(counts) != 1:
            raise Unreadable("a \\sum needs symbols bound to lists of one length")
        start, total = self.pos, Fraction(0)
        for self.index in range(counts.pop()):
            self.pos = start
            total = total + self.term()
        self.index = None
        return total

    def lone_precision(self) -> Number:
        """Half a unit in the last written place when the side is one number (``0.111``)."""
        kinds = [k for k, t in self.tokens if not (k == "ch" and t in "{}")]
        if kinds not in (["num"], ["num", "unit"]):
            return 0
        digits = next(t for k, t in self.tokens if k == "num")
        decimals = len(digits.partition(".")[2])
        unit = next((t for k, t in self.tokens if k == "unit"), "")
        return Fraction(1, 2) / 10**decimals * grammar.scale_of(unit)

    def peek(self) -> str | None:
        return self.tokens[self.pos][1] if self.pos < len(self.tokens) else None

    def take(self, expected: str | None = None) -> tuple[str, str]:
        if self.pos >= len(self.tokens):
            raise Unreadable(f"the side ends where {expected or 'more'} was expected")
        token = self.tokens[self.pos]
        if expected is not None and token[1] != expected:
            raise Unreadable(f"{token[1]!r} where {expected!r} was expected")
        self.pos += 1
        return token

    def parse(self) -> Number:
        value = self.expression()
        if self.pos != len(self.tokens):
            raise Unreadable(f"cannot read {self.tokens[self.pos][1]!r} here")
        return value

    def expression(self) -> Number:
        value = self.term()
        while self.peek() in ("+", "-", "−"):
            op = self.take()[1]
            right = self.term()
            value = value + right if op == "+" else value - right
        return value

    def term(self) -> Number:
        value = self.unary()
        while True:
            token = self.peek()
            if token in _TIMES:
                self.take()
                value = value * self.unary()
            elif token in ("/", r"\div"):
                self.take()
                divisor = self.unary()
                while self.env is not None and self.starts_symbol():
                    divisor = divisor * self.unary()  # B/hw divides by the product hw
                value = _divide(value, divisor)
            elif token in _STARTS_ATOM or (self.env is not None and self.starts_symbol()):
                value = value * self.unary()  # implicit multiplication: 2(3 + 1), 2\sqrt{9}, 2p
            else:
                return value

    def unary(self) -> Number:
        if self.peek() in ("-", "−"):
            self.take()
            return -self.unary()
        if self.peek() == "+":
            self.take()
            return self.unary()
        return self.power()

    def power(self) -> Number:
        base = self.atom()
        if self.peek() == "^":
            self.take()
            kind, text = self.tokens[self.pos] if self.pos < len(self.tokens) else ("", "")
            if kind == "num" and len(text) > 1 and text.isdigit():
                # TeX raises one token: 2^10 is set as 2 to the 1, then a 0.
                self.tokens[self.pos : self.pos + 1] = [("num", text[0]), ("num", text[1:])]
            exponent = self.atom()
            return _power(base, exponent)
        if self.peek() == "_":
            raise Symbolic
        return base

    def atom(self) -> Number:
        if self.env is not None and self.starts_symbol():
            return self.variable()
        kind, text = self.take()
        if kind == "num":
            value: Number = Fraction(text)
            if self.pos < len(self.tokens) and self.tokens[self.pos][0] == "unit":
                value *= grammar.scale_of(self.take()[1])
            return value
        if text in _OPEN:
            value = self.expression()
            self.take(_OPEN[text])
            if text == r"\lfloor":
                value = Fraction(math.floor(value))
            elif text == r"\lceil":
                value = Fraction(math.ceil(value))
            while self.pos < len(self.tokens) and self.tokens[self.pos][0] == "unit":
                value *= grammar.scale_of(self.take()[1])
            return value
        if text in (r"\frac", r"\dfrac", r"\tfrac"):
            return _divide(self.group(), self.group())
        if text == r"\sqrt":
            degree: Number = 2
            if self.peek() == "[":
                self.take()
                degree = self.expression()
                self.take("]")
            return _power(self.group(), 1 / Fraction(degree))
        if text in (r"\exp", r"\ln"):
            argument = self.power()
            return math.exp(argument) if text == r"\exp" else math.log(argument)
        if text == r"\log":
            base: Number = 10
            if self.peek() == "_":
                self.take()
                base = self.group()
            return math.log(self.power(), base)
        if text in (r"\max", r"\min"):
            self.take("(")
            values = [self.expression()]
            while self.peek() == ",":
                self.take()
                values.append(self.expression())
            self.take(")")
            return max(values) if text == r"\max" else min(values)
        if text == r"\pi":
            return math.pi
        if text == r"\sum" and self.env is not None:
            return self.sum()
        if text in _WRAPPERS:
            return self.group()
        if kind == "cmd":
            raise Unreadable(f"{text} cannot be evaluated")
        raise Unreadable(f"cannot read {text!r} here")

    def group(self) -> Number:
        r"""A braced argument, or a single token as TeX allows (``\\frac12``)."""
        if self.peek() == "{":
            self.take()
            value = self.expression()
            self.take("}")
            return value
        kind, text = self.take()
        if kind == "num" and len(text) > 1 and text.isdigit():
            self.tokens.insert(self.pos, ("num", text[1:]))  # \frac12: one digit an argument
            return Fraction(text[0])
        self.pos -= 1
        return self.atom()


def _divide(a: Number, b: Number) -> Number:
    if b == 0:
        raise ZeroDivisionError("division by zero")
    return a / b


def _power(base: Number, exponent: Number) -> Number:
    if isinstance(exponent, Fraction) and exponent.denominator == 1:
        if base == 0 and exponent < 0:
            raise ZeroDivisionError("zero to a negative power")
        size = max(abs(Fraction(base).numerator), abs(Fraction(base).denominator), 1)
        if base != 0 and math.log10(size) * abs(int(exponent)) > _MAX_DIGITS:
            raise Unreadable(f"the power ^{exponent} is too large to evaluate")
        return base ** int(exponent)
    if base < 0:
        raise Unreadable("a fractional power of a negative number")
    return float(base) ** float(exponent)
