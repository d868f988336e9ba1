"""A claim that no snippet value can change cannot fail, and one that writes its number
restates it: the fixed forms ``doccheck.tautology`` recognises, on a stand-in namespace.
"""

from __future__ import annotations

import pytest

from doccheck.tautology import cannot_change, restates


class _Model:
    """A stand-in for a Keras model: what a claim reads from a snippet's namespace."""

    def count_params(self) -> int:
        return 56


# What a snippet left defined, for the semantic test: no snippet needs to run.
NAMESPACE = {
    "x": True,
    "rows": 4,
    "model": _Model(),
    "read_padding": (20, 3),
    "cost_3x3": 173_408_256,
    "cost_5x5": 120_422_400,
    "biggest": "3x3",
    "layers": [1, 2, 3],
    "empty": [],
}
# Statements and word conditions that tautology.py's fixed forms let through (review row 7):
# true, or the same word, whatever the snippet computed.
CANNOT_FAIL = [
    "x or not x",
    "not (x and not x)",
    "x != (not x)",
    "isinstance(x, bool)",
    "max(x, True)",
    "any([x, True])",
    "str(x) != ''",
    "len(str(x)) > 0",
    "x * 0 == 0",
    "bool(x) in (True, False)",
    "(lambda _: True)(x)",
    "hasattr(x, 'real')",
    '"a" if rows or not rows else "b"',
    "model.count_params() * 0 + 56",
    "read_padding[0] - read_padding[0] + 20",
]
CAN_FAIL = [
    "x",
    "rows == 4",
    "cost_3x3 > cost_5x5",
    'biggest == "3x3"',
    '"more" if cost_3x3 > cost_5x5 else "less"',
    "model.count_params()",
    "read_padding[0]",
    "len(layers) == 3",
    "len(empty) == 0",
    "all(w > 0 for w in layers)",
]


@pytest.mark.parametrize("expression", CANNOT_FAIL)
def test_an_expression_no_snippet_value_changes_cannot_fail(expression):
    value = eval(expression, dict(NAMESPACE))  # the claim as the run evaluated it
    assert cannot_change(expression, NAMESPACE, value), expression


@pytest.mark.parametrize("expression", CAN_FAIL)
def test_an_expression_a_snippet_value_changes_can_fail(expression):
    value = eval(expression, dict(NAMESPACE))
    assert cannot_change(expression, NAMESPACE, value) is None, expression


@pytest.mark.parametrize(
    ("text", "expression", "restated"),
    [
        ("56", "model.count_params() * 0 + 56", True),
        ("6×6×2", "(6, 6, 2) if model else None", True),
        ("20", "read_padding[0] - read_padding[0] + 20", True),
        ("3", "read_padding[1]", False),  # an index is a position, not the claimed value
        ("1", "float(attention.sum(axis=-1).mean())", False),  # a setting, not the value
        ("56", "model.count_params()", False),
    ],
)
def test_a_number_claim_that_writes_its_number_restates_it(text, expression, restated):
    assert bool(restates(text, expression)) is restated
