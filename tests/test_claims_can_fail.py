"""Every check must be able to fail: change each stated number and watch the checker object.

A claim that matched anything, or a formula whose numbers nobody evaluates, would let a wrong
number through. This test changes, in memory, the last digit of each claimed number, each
claimed word (to another spelled number, or another word), every digit of every formula (a bound
formula's at each binding's values), and the truth of every statement, and requires the checks
that guard the real pages to report each change; a statement whose expression cannot be false,
or names nothing the snippet computes, is reported too. It reads the values each snippet's run
computed once, like every other consumer. The checker's own cases of these rules are in
tool/tests (test_tautology.py, test_formulas_and_comments.py).

Mutation tests of the checker on the article: ``selfcheck`` (``make test`` and CI run them;
``make verify``, the writer's fast run, checks the claims as they are).
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from doccheck import spelled
from doccheck.article import check_claims, claim_problem
from doccheck.formulas import (
    CLAIM_MACRO,
    bound_problem,
    chains,
    check_formula,
    read_bound_values,
    unreadable_sides,
)
from doccheck.layout import Snippet, rel
from doccheck.pages import _computes
from doccheck.problems import Problem
from doccheck.tautology import cannot_be_false, cannot_change, restates, undecided_choice

pytestmark = pytest.mark.selfcheck


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


def reported(problems: list[Problem], claim) -> bool:
    """Whether the page's own problems already name this claim at its line."""
    return any(
        (p.path, p.line) == (rel(claim.page), claim.line) and p.message.startswith(claim.comment)
        for p in problems
    )


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


def bumped(tex: str, start: int, end: int, by: int) -> str:
    digits = tex[start:end]
    return tex[:start] + str(int(digits) + by) + tex[end:]


def test_every_digit_of_a_bound_formula_can_fail(article, runs):
    """Each digit of each bound formula on the site's pages, changed by 1 and by 2, must fail.

    The value digits of a symbolic side are evaluated only by its bindings, so each change is
    evaluated at each binding's values from its run; one binding failing catches it.
    """
    if not any(c.formula for page in article.pages for c in page.claims):
        pytest.skip("no page binds a formula to a snippet's values: no bound digit to change")
    silent: list[str] = []
    mutated = 0
    for page in article.pages:
        bindings = [c for c in page.claims if c.formula]
        for formula in {c.formula for c in bindings}:
            mine = [c for c in bindings if c.formula == formula]
            values_of = [
                read_bound_values(
                    runs(Snippet(c.snippet, article.project)).value_of(c.expression).value
                )
                for c in mine
            ]
            spans = [
                (s.offset, s.offset + len(s.tex))
                for chain in chains(formula)
                for s in chain.sides
                if s.kind == "symbolic" and s.values
            ]
            for m in re.finditer(r"\d+", formula):
                if not any(a <= m.start() < b for a, b in spans):
                    continue  # a numeric side: test_every_number_in_a_formula_can_fail
                mutated += 1
                if not any(
                    bound_problem(bumped(formula, *m.span(), by), values)
                    for values in values_of
                    for by in (1, 2)
                ):
                    silent.append(f"{mine[0].where}: changing {m.group()} in {formula.strip()!r}")
    assert mutated, "no bound formula found: the check saw nothing"
    assert not silent, "these changes went unnoticed:\n" + "\n".join(silent)
    print(f"{mutated} digits of symbolic sides mutated")
