"""Checks that need no snippet run: references resolve, formulas add up, no inline code."""

from __future__ import annotations

import pytest

from doccheck.layout import DOCS, RECORDED, ROOT, find_pages, find_snippets, rel
from doccheck.numbers import ClaimSyntaxError, parse_claim

PAGES = find_pages()


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_page(path, article):
    page = article.page(path)
    problems = list(page.problems)
    problems += [p for p in article.unknown_snippets() if p.startswith(rel(path) + ":")]
    problems += [p for p in article.missing_includes() if p.startswith(rel(path) + ":")]
    # Claims of one value that disagree (article.colliding_claims) are each compared with the
    # value by test_snippets, which names the wrong one: reporting the collision too would give
    # one mistake two failures. `python -m doccheck check` reports it before any run.
    for claim in page.claims:
        if claim.statement or claim.word:
            continue  # a sentence or a word, not a number: test_snippets evaluates it
        try:
            parse_claim(claim.text)
        except ClaimSyntaxError as err:
            problems.append(f"{claim.where}: {err}")
    # A relation with a lone \claim as one side is reported by test_snippets, which knows
    # whether the claim holds: if it does not, the claim's message is the one for the mistake.
    problems += [message for claim, message in page.formula_reports() if claim is None]
    problems += [
        f"{i.where}: the image {i.src} has no alt text; describe what it shows in ![...]"
        for i in page.images
        if not i.alt
    ]
    for line, info, body in page.code_blocks:
        code = [ln for ln in body.splitlines() if ln.strip()]
        if info.split(" ")[0].lstrip(".{").lower() in ("py", "python", "pycon") and not all(
            "--8<--" in ln for ln in code
        ):
            problems.append(
                f"{rel(path)}:{line}: Python written inline; put it in snippets/ and include "
                'it with --8<-- "snippets/<page>/<name>.py"'
            )
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def test_every_snippet_is_shown(article):
    if article.missing_includes():
        pytest.skip(f"waits on test_page, which reports: {article.missing_includes()[0]}")
    hidden = [s.name for s in find_snippets() if not article.shown_at(s.path)]
    assert not hidden, f"snippets no page includes (delete them or show them): {hidden}"


def test_every_recording_has_its_snippet():
    names = {s.name for s in find_snippets()}
    orphans = [
        rel(p)
        for p in RECORDED.rglob("*.txt")
        if p.relative_to(RECORDED).with_suffix("").as_posix() not in names
    ]
    assert not orphans, f"recordings whose snippet is gone (delete them): {orphans}"


def test_there_is_something_to_check(article):
    """No pages, no snippets or no claims: a checker that finds nothing passes anything."""
    assert not article.emptiness(), "\n".join(article.emptiness())
    assert (ROOT / "mkdocs.yml").is_file()


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_every_number_is_checked(path, article):
    page = article.page(path)
    if page.unchecked:
        pytest.fail("\n".join(page.unchecked), pytrace=False)
