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
