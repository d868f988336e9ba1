"""Every check must be able to fail: change each stated number and watch the checker object.

A claim that matched anything, or a formula whose numbers nobody evaluates, would let a wrong
number through. This test changes, in memory, the last digit of each claimed number, each
claimed word (to another spelled number, or another word), every digit of every formula, and the
truth of every statement, and requires the checks that guard the real pages to report each
change; a statement whose expression cannot be false, or names nothing the snippet computes, is
reported too. It reads the values each snippet's run computed once, like every other consumer.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from doccheck import spelled
from doccheck.article import check_claims, claim_problem
from doccheck.formulas import CLAIM_MACRO, chains, check_formula, unreadable_sides
from doccheck.layout import Snippet
from doccheck.pages import _computes
from doccheck.tautology import cannot_be_false, cannot_change, restates, undecided_choice


def bump_last_digit(text: str, by: int = 1) -> str:
    """``56`` -> ``57``, ``4×4×2`` -> ``4×4×3``, ``120.4M`` -> ``120.5M``."""
    i = max(i for i, ch in enumerate(text) if ch.isdigit())
    return text[:i] + str((int(text[i]) + by) % 10) + text[i + 1 :]


def other_words(word: str, value: object) -> list[str]:
    """Words a writer could have put instead: other spelled numbers, or the word misspelt.

    A string value is matched whole, so any other word must fail; two stand for all of them.
    """
    if spelled.read(word) is not None and not isinstance(value, str):
        return spelled.others(word)
    changed = ("z" if word[:1].lower() != "z" else "y") + word[1:]
    return [w for w in (word[::-1], changed) if w.casefold() != word.casefold()]


def cannot_fail(expression: str, statement: bool) -> str | None:
    """Why a claim's expression decides nothing whatever the snippet computes, or None."""
    if not _computes(expression):
        return "it uses nothing the snippet computes"
    if statement:
        return cannot_be_false(expression)
    return undecided_choice(expression)


def semantic_reason(claim, namespace: dict, outcome) -> str | None:
    """Why a claim cannot fail, read from what the snippet computed; None if it can.

    Its expression is evaluated again with each value it reads from the snippet changed
    (``doccheck.tautology.cannot_change``); a number claim that writes its own number as a
    literal restates it (``restates``).
    """
    if outcome.error is not None:
        return None
    if not claim.statement and not claim.word and (why := restates(claim.text, claim.expression)):
        return why
    return cannot_change(claim.expression, namespace, outcome.value)


def reported(problems: list[str], claim) -> bool:
    """Whether the page's own problems already name this claim at its line."""
    return any(p.startswith(f"{claim.where}: {claim.comment}") for p in problems)


def test_every_claim_can_fail(article, runs):
    assert article.claims, f"no claims found under {article.project.docs}: the parser saw nothing"
    silent, broken = [], []
    for claim in article.claims:
        run = runs(Snippet(claim.snippet, article.project))
        if run.error or check_claims([claim], run):
            broken.append(claim.where)  # test_snippets reports why, once
            continue
        outcome = run.value_of(claim.expression)
        why = cannot_fail(claim.expression, claim.statement)
        if why and (claim.statement or claim.word):
            if reported(article.page(claim.page).problems, claim):
                broken.append(claim.where)  # test_pages reports it, once
            else:
                silent.append(f"{claim.where}: {claim.comment} cannot fail: {why}")
            continue
        if why := semantic_reason(claim, run.namespace, outcome):
            silent.append(f"{claim.where}: {claim.comment} cannot fail: {why}")
            continue
        if claim.word:
            others = other_words(claim.text, outcome.value)
            if not others:
                silent.append(f"{claim.where}: no other word of the form of {claim.text!r}")
            for other in others:
                if not claim_problem(replace(claim, text=other), outcome.value):
                    silent.append(f"{claim.where}: {claim.text} -> {other} went unnoticed")
            continue
        if claim.statement:
            # The statement's opposite must fail: a check that accepts both decides nothing.
            if not claim_problem(claim, not outcome.value):
                silent.append(f"{claim.where}: {claim.comment} passes when it is False")
            continue
        changed = replace(claim, text=bump_last_digit(claim.text))
        if not claim_problem(changed, outcome.value):
            silent.append(f"{claim.where}: {claim.text} -> {changed.text} went unnoticed")
    assert not silent, "\n".join(silent)
    assert len(broken) < len(article.claims), "no claim holds: see test_snippets"


def symbolic_spans(tex: str) -> list[tuple[int, int]]:
    """Where the symbolic sides are: their constants (the 1 of 2p + 1) are not arithmetic."""
    return [
        (side.offset, side.offset + len(side.tex))
        for chain in chains(tex)
        for side in chain.sides
        if side.kind == "symbolic"
    ]


def name_spans(tex: str) -> list[tuple[int, int]]:
    r"""Digits that are names, not numbers: a claim's expression, a label such as \text{fire2}."""
    keys = [(m.start("key"), m.end("key")) for m in CLAIM_MACRO.finditer(tex)]
    labels = [m.span() for m in re.finditer(r"\\text\{[^{}]*[A-Za-z][^{}]*\}", tex)]
    return keys + labels


def test_every_number_in_a_formula_can_fail(article, runs):
    silent: list[str] = []
    checked = constants = 0
    for page in article.pages:
        for formula in page.formulas:
            if unreadable_sides(formula.tex):
                continue  # reported by test_pages at the side's line
            claims = [c for c in page.claims if c.line >= formula.line and c.text in formula.tex]
            symbolic = symbolic_spans(formula.tex)
            names = name_spans(formula.tex)
            for m in re.finditer(r"\d+", formula.tex):
                if any(a <= m.start() < b for a, b in names):
                    continue
                if any(a <= m.start() < b for a, b in symbolic):
                    constants += 1
                    continue
                checked += 1
                # A floor may absorb a change of one (224 - 7 and 224 - 8 halve to the same
                # whole number): the digit is covered when some change of it is caught.
                if not any(
                    caught(page, formula.tex, m, by, claims, runs, article) for by in (1, 2)
                ):
                    silent.append(
                        f"{formula.where_at(m.start())}: changing {m.group()} in "
                        f"{formula.tex.strip()!r} went unnoticed"
                    )
    assert checked, "no numeric formula found: the check saw nothing"
    assert not silent, "these changes went unnoticed:\n" + "\n".join(silent)
    print(f"{checked} formula digits mutated; {constants} constants of symbolic sides")


def caught(page, tex: str, m: re.Match[str], by: int, claims, runs, article) -> bool:
    """Whether changing the digits ``m`` of a formula by ``by`` fails a check."""
    mutated = tex[: m.start()] + bump_last_digit(m.group(), by) + tex[m.end() :]
    if check_formula(mutated):
        return True
    new_texts = {c["text"] for c in CLAIM_MACRO.finditer(mutated)}
    changed = [
        replace(c, text=bump_last_digit(c.text, by)) for c in claims if c.text not in new_texts
    ]
    return bool(changed) and all(
        check_claims([c], runs(Snippet(c.snippet, article.project))) for c in changed
    )


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
