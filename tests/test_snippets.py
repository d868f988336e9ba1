"""One test per snippet: it runs, its recording is current, and the pages' claims hold."""

from __future__ import annotations

import pytest

from doccheck.article import check_claims
from doccheck.layout import find_snippets, rel
from doccheck.recordings import stale_diff, write_atomically
from doccheck.runner import run_snippet


@pytest.mark.parametrize("snippet", find_snippets(), ids=str)
def test_snippet(snippet, article, runs, update_recordings, updated):
    run = runs(snippet)
    if run.error:
        shown = article.shown_at(snippet.path)
        pages = ", ".join(i.where for i in shown) or "no page"
        pytest.fail(f"{run.error}\n  (shown at {pages})", pytrace=False)

    problems = check_claims(article.claims_for(snippet), run.namespace)
    diff = stale_diff(snippet.recording, run.stdout)
    if diff is not None and update_recordings:
        write_atomically(snippet.recording, run.stdout)
        updated.append(f"rewrote {rel(snippet.recording)}")
    elif diff is not None:
        shown = ", ".join(i.where for i in article.shown_at(snippet.recording)) or "no page yet"
        problems.append(
            f"{rel(snippet.recording)} (shown at {shown}) is not what snippets/{snippet}.py "
            f"prints; run `make refresh` if the new output is right:\n{diff}"
        )
    for name, data in run.files.items():
        figure = snippet.figures / name
        if figure.is_file() and figure.read_bytes() == data:
            continue
        if update_recordings:
            write_atomically(figure, data)
            updated.append(f"rewrote {rel(figure)}")
        else:
            shown = ", ".join(i.where for i in article.shown_at(figure)) or "no page yet"
            state = "differs from" if figure.is_file() else "is missing; it is"
            problems.append(
                f"{rel(figure)} (shown at {shown}) {state} what snippets/{snippet}.py draws; "
                "run `make refresh` if the new figure is right"
            )
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def test_recordings_ignore_the_terminal(monkeypatch):
    """A wide, colourful terminal (a laptop, or CI with FORCE_COLOR) records the same bytes."""
    snippet = next(s for s in find_snippets() if "summary()" in s.path.read_text("utf-8"))
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    run = run_snippet(snippet)
    assert run.error is None, run.error
    assert stale_diff(snippet.recording, run.stdout) is None
