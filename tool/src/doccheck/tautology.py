"""Expressions that cannot change: a statement always True, a word claim's test always decided.

A statement ``<!-- assert naive: x == x -->`` passes whatever the snippet computes, so it checks
nothing. Read from the expression's syntax alone (no snippet runs), these are found:

- a comparison of an expression with itself: ``x == x``, ``x <= x``, ``x is x`` (and the
  always-false ``x != x``, ``x < x``);
- membership in a literal that lists the expression: ``x in (x, y)``;
- a length or absolute value against a bound it always meets: ``len(x) >= 0``, ``abs(x) > -1``;
- ``isinstance(x, object)``;
- a constant, and ``and``/``or``/``not``/``... if ... else ...`` of the above: ``x or True``,
  ``not (x != x)``, ``True if x else True``.

Imports no TensorFlow.
"""

from __future__ import annotations

import ast
import re
from typing import Any

_ALWAYS_FOR_SELF = {ast.Eq: True, ast.LtE: True, ast.GtE: True, ast.Is: True}
_ALWAYS_FOR_SELF |= {ast.NotEq: False, ast.Lt: False, ast.Gt: False, ast.IsNot: False}
_FLIPPED = {ast.Lt: ast.Gt, ast.Gt: ast.Lt, ast.LtE: ast.GtE, ast.GtE: ast.LtE}
_NOT_NEGATIVE = ("len", "abs")


def cannot_be_false(expression: str) -> str | None:
    """Why a statement's expression is True whatever the snippet computes; None if it may fail."""
    tree = _parse(expression)
    fixed = _fixed(tree) if tree is not None else None
    if fixed is None or not fixed[0]:
        return None
    return fixed[1]


def undecided_choice(expression: str) -> str | None:
    """Why a word claim's ``a if test else b`` always gives the same branch; None if it may not."""
    tree = _parse(expression)
    if not isinstance(tree, ast.IfExp):
        return None
    fixed = _fixed(tree.test)
    if fixed is None:
        return None
    return f"its condition is always {fixed[0]}: {fixed[1]}"


def _parse(expression: str) -> ast.expr | None:
    try:
        return ast.parse(expression.strip(), mode="eval").body
    except SyntaxError:
        return None  # the run reports it, with Python's own message


def _same(a: ast.AST, b: ast.AST) -> bool:
    return ast.dump(a) == ast.dump(b)


def _constant(node: ast.AST) -> float | None:
    """A numeric literal, with its sign: ``0``, ``-1``."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _constant(node.operand)
        return None if inner is None else -inner
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        if not isinstance(node.value, bool):
            return node.value
    return None


def _fixed(node: ast.AST) -> tuple[bool, str] | None:
    """(the truth the node always has, why), or None when it depends on the snippet."""
    text = ast.unparse(node)
    if isinstance(node, ast.Constant):
        return bool(node.value), f"{text} is a constant"
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        inner = _fixed(node.operand)
        return None if inner is None else (not inner[0], inner[1])
    if isinstance(node, ast.BoolOp):
        parts = [_fixed(v) for v in node.values]
        deciding = isinstance(node.op, ast.Or)  # a True decides "or", a False decides "and"
        for part in parts:
            if part is not None and part[0] is deciding:
                return part
        if all(p is not None for p in parts):
            return not deciding, "; ".join(p[1] for p in parts if p is not None)
        return None
    if isinstance(node, ast.IfExp):
        test = _fixed(node.test)
        if test is not None:
            return _fixed(node.body if test[0] else node.orelse)
        body, orelse = _fixed(node.body), _fixed(node.orelse)
        if body is not None and orelse is not None and body[0] == orelse[0]:
            return body[0], f"both branches of {text} are {body[0]}"
        return None
    if isinstance(node, ast.Compare):
        links = []
        left = node.left
        for op, right in zip(node.ops, node.comparators, strict=True):
            links.append(_link(left, op, right))
            left = right
        for link in links:
            if link is not None and not link[0]:
                return link
        if all(link is not None for link in links):
            return True, "; ".join(link[1] for link in links if link is not None)
        return None
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "isinstance"
        and len(node.args) == 2
        and isinstance(node.args[1], ast.Name)
        and node.args[1].id == "object"
    ):
        return True, f"{text}: everything is an object"
    return None


def _link(left: ast.expr, op: ast.cmpop, right: ast.expr) -> tuple[bool, str] | None:
    """The truth of one comparison ``left op right`` when its form alone decides it."""
    text = f"{ast.unparse(left)} {_symbol(op)} {ast.unparse(right)}"
    if type(op) in _ALWAYS_FOR_SELF and _same(left, right):
        return _ALWAYS_FOR_SELF[type(op)], f"{text} compares {ast.unparse(left)} with itself"
    if isinstance(op, ast.In | ast.NotIn) and isinstance(right, ast.Tuple | ast.List | ast.Set):
        if any(_same(left, element) for element in right.elts):
            return isinstance(op, ast.In), f"{text} lists {ast.unparse(left)} itself"
    bound, measured = _constant(right), left
    if bound is None:
        bound, measured = _constant(left), right
        op = _FLIPPED.get(type(op), type(op))()
    if bound is None or not _never_negative(measured):
        return None
    truth = {
        ast.GtE: True if bound <= 0 else None,
        ast.Gt: True if bound < 0 else None,
        ast.Lt: False if bound <= 0 else None,
        ast.LtE: False if bound < 0 else None,
        ast.Eq: False if bound < 0 else None,
        ast.NotEq: True if bound < 0 else None,
    }.get(type(op))
    if truth is None:
        return None
    return truth, f"{text}: {ast.unparse(measured)} is never negative"


def _never_negative(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in _NOT_NEGATIVE
    )


def _symbol(op: ast.cmpop) -> str:
    symbols = {
        ast.Eq: "==",
        ast.NotEq: "!=",
        ast.Lt: "<",
        ast.LtE: "<=",
        ast.Gt: ">",
        ast.GtE: ">=",
        ast.Is: "is",
        ast.IsNot: "is not",
        ast.In: "in",
        ast.NotIn: "not in",
    }
    return symbols[type(op)]


# The semantic test, run where a claim was evaluated (after its snippet ran): each value the
# expression reads from the snippet is changed, and an expression whose outcome never changes
# checks nothing, whatever form it has (``x or not x``, ``model.count_params() * 0 + 56``).
_MOST_TRIES = 40  # evaluations per claim at most; most claims change at the first


def cannot_change(expression: str, namespace: dict[str, Any], value: object) -> str | None:
    """Why ``expression`` gives ``value`` whatever the snippet computed; None if it can change.

    Each subexpression rooted at a name of the snippet (``model``, ``model.count_params()``,
    ``pad[0]``) is replaced, everywhere it occurs, by other values of its kind: a number moved
    (+1, its negative less one, 0), a truth value flipped, a string changed or emptied, a
    container emptied or its numbers moved, any other object replaced by None. A change the
    expression cannot evaluate (None has no ``count_params``) says nothing; reported only when
    some change was evaluated and none changed the outcome.
    """
    tree = _parse(expression)
    if tree is None or _reads_locals(tree):
        return None
    tried: list[str] = []
    for node in _rooted(tree, namespace):
        text = ast.unparse(node)
        try:
            original = _eval(node, namespace, {})
        except Exception:  # a local of a lambda or comprehension: not readable here
            continue
        for variant in _variants(original):
            if _equal(variant, original) or _same_items(variant, original):
                continue  # no change at all: evidence of nothing
            if len(tried) >= _MOST_TRIES:
                return None  # undecided within the budget: assume it can fail
            swapped = _Swap(ast.dump(node)).visit(_parse(expression))
            try:
                outcome = _eval(swapped, namespace, {_SWAPPED: variant})
            except Exception:  # a value of the wrong kind for the code: says nothing either way
                continue
            if not _equal(outcome, value):
                return None
            tried.append(f"{text} = {_short(variant)}")
    if not tried:
        return None
    return f"it gives {_short(value)} whatever {', '.join(sorted(set(_roots(tried))))} hold"


def restates(text: str, expression: str) -> str | None:
    """Why a number claim's expression writes its claimed number as a literal; None if not.

    ``56<!-- conv2d: model.count_params() * 0 + 56 -->`` or ``6×6×2<!-- s: (6, 6, 2) if m
    else None -->`` gives the page's number back however the snippet ends; an index or a slice
    (``x.shape[3]``) is a position, not a value.
    """
    tree = _parse(expression)
    claimed = tuple(re.findall(r"\d+(?:\.\d+)?", text.replace(",", "")))
    if tree is None or not claimed:
        return None
    # An index, a slice or a keyword argument (axis=-1) is a position or a setting, not a value.
    settings = [s.slice for s in ast.walk(tree) if isinstance(s, ast.Subscript)]
    settings += [k.value for k in ast.walk(tree) if isinstance(k, ast.keyword)]
    positions = {id(n) for s in settings for n in ast.walk(s)}
    positions |= {
        id(u.operand)
        for u in ast.walk(tree)
        if isinstance(u, ast.UnaryOp) and isinstance(u.op, ast.USub)
    }
    for node in ast.walk(tree):
        if id(node) in positions:
            continue
        written = _literal_numbers(node)
        if written and written == claimed:
            return f"it writes {ast.unparse(node)}, the claimed {text}, itself"
    return None


_SWAPPED = "__doccheck_swapped__"


class _Swap(ast.NodeTransformer):
    """Every occurrence of one subexpression replaced by the name :data:`_SWAPPED`."""

    def __init__(self, dumped: str) -> None:
        self.dumped = dumped

    def visit(self, node: ast.AST) -> ast.AST:
        if isinstance(node, ast.expr) and ast.dump(node) == self.dumped:
            return ast.copy_location(ast.Name(_SWAPPED, ast.Load()), node)
        return super().visit(node)


def _rooted(tree: ast.expr, namespace: dict[str, Any]) -> list[ast.expr]:
    """Subexpressions rooted at a snippet name, outermost first, each distinct once."""
    found: dict[str, ast.expr] = {}
    for node in ast.walk(tree):
        root = node
        while isinstance(root, ast.Attribute | ast.Subscript | ast.Call):
            root = root.func if isinstance(root, ast.Call) else root.value
        if isinstance(root, ast.Name) and root.id in namespace and root.id != "__builtins__":
            found.setdefault(ast.dump(node), node)
    return list(found.values())


def _eval(node: ast.expr, namespace: dict[str, Any], extra: dict[str, Any]) -> Any:
    code = compile(ast.fix_missing_locations(ast.Expression(node)), "<claim>", "eval")
    return eval(code, {**namespace, **extra})  # the writer's own expression, as the run did


def _variants(value: object) -> list[object]:
    """Other values of ``value``'s kind, each one a snippet could have computed instead."""
    kind = type(value).__name__
    if isinstance(value, bool) or kind in ("bool", "bool_"):
        return [not value]
    if isinstance(value, int | float | complex) or kind.startswith(("int", "float", "uint")):
        return [value + 1, -value - 1, value * 0]
    if isinstance(value, str):
        return [value + "\u2022", ""]
    if isinstance(value, tuple | list):
        moved = [_moved(v) for v in value]
        return [type(value)(), type(value)(moved), type(value)([*value, 0])]
    if isinstance(value, dict | set | frozenset):
        return [type(value)()]
    if value is None:
        return [0, ""]
    if hasattr(value, "shape") and hasattr(value, "__add__"):  # an array or a tensor
        try:
            shorter = [value[:0]] if len(getattr(value, "shape", ())) else []
            return [value + 1, -value - 1, *shorter]
        except Exception:  # an array of strings, say
            return [None]
    return [None]


def _reads_locals(tree: ast.expr) -> bool:
    """Whether a comprehension or lambda reads into its own variables.

    In ``layer.use_bias for layer in model.layers`` no change of a snippet value reaches what
    it reads, so the semantic test cannot decide such a claim.
    """
    local: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.comprehension):
            local |= {n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)}
        elif isinstance(node, ast.Lambda):
            local |= {a.arg for a in node.args.args}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute | ast.Subscript | ast.Call):
            root = node.func if isinstance(node, ast.Call) else node.value
            if isinstance(root, ast.Name) and root.id in local:
                return True
    return False


def _same_items(a: object, b: object) -> bool:
    """Two containers of the very same items (objects that a change left as they were)."""
    if not isinstance(a, tuple | list) or not isinstance(b, tuple | list) or len(a) != len(b):
        return False
    return all(x is y for x, y in zip(a, b, strict=True))


def _moved(value: object) -> object:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return -value - 1
    return value


def _equal(a: object, b: object) -> bool:
    try:
        same = a == b
        if isinstance(same, bool):
            # True is no 1: a statement's truth compares with truths only.
            return same and isinstance(a, bool) == isinstance(b, bool)
        return bool(getattr(same, "all", lambda: False)())
    except Exception:  # a comparison that raises is no equality
        return repr(a) == repr(b)


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _roots(tried: list[str]) -> list[str]:
    return [t.split(" = ", 1)[0] for t in tried]


def _literal_numbers(node: ast.AST) -> tuple[str, ...] | None:
    """The numbers a literal writes: ``56`` -> ("56",), ``(6, 6, 2)`` -> ("6", "6", "2")."""
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        if isinstance(node.value, bool):
            return None
        return (_plain(node.value),)
    if isinstance(node, ast.Tuple | ast.List) and node.elts:
        parts = [_literal_numbers(e) for e in node.elts]
        if all(p is not None and len(p) == 1 for p in parts):
            return tuple(p[0] for p in parts if p)
    return None


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else repr(number)
