"""One test per snippet: it runs, its recording is current, and the pages' claims hold."""

from __future__ import annotations

import pytest

from doccheck.article import check_claims
from doccheck.layout import Project, Snippet, find_snippets
from doccheck.recordings import check_outputs
from doccheck.runner import run_snippet


@pytest.mark.parametrize("snippet", find_snippets(), ids=str)
def test_snippet(snippet, article, runs, update_recordings, updated):
    run = runs(snippet)
    if run.error:
        shown = article.shown_at(snippet.path)
        pages = ", ".join(i.where for i in shown) or "no page"
        pytest.fail(f"{run.error}\n  (shown at {pages})", pytrace=False)

    claims = article.claims_for(snippet)
    problems = check_claims(claims, run)
    # A formula whose one side is a claim of this snippet: the claim decides which side is wrong.
    mine = set(claims)
    for page in (p for p in article.pages if any(c.page == p.path for c in claims)):
        problems += [
            message
            for claim, message in page.formula_reports(
                lambda c: not check_claims([c], run) if c in mine else None
            )
            if claim in mine
        ]
    output_problems, rewritten = check_outputs(run, article, update_recordings)
    problems += output_problems
    updated += [f"rewrote {path}" for path in rewritten]
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def test_recordings_ignore_the_terminal(monkeypatch, tmp_path):
    """A wide, colourful terminal (a laptop, or CI with FORCE_COLOR) prints the same bytes."""
    (tmp_path / "snippets" / "p").mkdir(parents=True)
    (tmp_path / "snippets" / "p" / "summary.py").write_text(
        "import keras\n\n"
        "model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2)])\n"
        "model.summary()\n",
        "utf-8",
    )
    snippet = Snippet("p/summary", Project(tmp_path))
    fixed = run_snippet(snippet)
    assert fixed.error is None and "Total params" in fixed.stdout, fixed.error
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    assert run_snippet(snippet).stdout == fixed.stdout
