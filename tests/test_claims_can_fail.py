"""Every check must be able to fail: change each stated number and watch the checker object.

A claim that matched anything, or a formula whose numbers nobody evaluates, would let a wrong
number through. This test changes the last digit of each claimed number and of each number in a
formula, in memory, and requires the same checks that guard the real pages to report it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from doccheck.article import check_claims
from doccheck.formulas import CLAIM_MACRO, _chains, check_formula, evaluate
from doccheck.layout import Snippet


def bump_last_digit(text: str) -> str:
    """``56`` -> ``57``, ``4×4×2`` -> ``4×4×3``, ``120.4M`` -> ``120.5M``."""
    i = max(i for i, ch in enumerate(text) if ch.isdigit())
    return text[:i] + str((int(text[i]) + 1) % 10) + text[i + 1 :]


def numeric_sides(tex: str) -> int:
    return sum(evaluate(side) is not None for sides, _ in _chains(tex) for side in sides)


def test_every_claim_can_fail(article, runs):
    assert article.claims, "no claims found: the parser saw nothing"
    silent = []
    for claim in article.claims:
        namespace = runs(Snippet(claim.snippet)).namespace
        assert not check_claims([claim], namespace), f"{claim.where} fails before any change"
        changed = replace(claim, text=bump_last_digit(claim.text))
        if not check_claims([changed], namespace):
            silent.append(f"{claim.where}: {claim.text} -> {changed.text} went unnoticed")
    assert not silent, "\n".join(silent)


def test_every_number_in_a_formula_can_fail(article, runs):
    silent = []
    checked = 0
    for page in article.pages:
        for formula in page.formulas:
            claims = [c for c in page.claims if c.line >= formula.line and c.text in formula.tex]
            for m in re.finditer(r"\d+", formula.tex):
                symbol = formula.tex[: m.start()] + "Z" + formula.tex[m.end() :]
                if numeric_sides(symbol) == numeric_sides(formula.tex):
                    continue  # a constant in a symbolic side, such as the + 1 in 2p + 1
                checked += 1
                mutated = (
                    formula.tex[: m.start()] + bump_last_digit(m.group()) + formula.tex[m.end() :]
                )
                if check_formula(mutated):
                    continue
                new_texts = {c["text"] for c in CLAIM_MACRO.finditer(mutated)}
                broken = [
                    replace(c, text=bump_last_digit(c.text))
                    for c in claims
                    if c.text not in new_texts
                ]
                if broken and all(
                    check_claims([b], runs(Snippet(b.snippet)).namespace) for b in broken
                ):
                    continue
                silent.append(f"{formula.where}: changing {m.group()} in {formula.tex.strip()!r}")
    assert checked, "no numeric formula found: the check saw nothing"
    assert not silent, "these changes went unnoticed:\n" + "\n".join(silent)
