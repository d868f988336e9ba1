"""Problems are objects: where, what kind, the message; and still the line a writer reads."""

from __future__ import annotations

import copy
import json
import pickle

from doccheck import commands
from doccheck.article import Article
from doccheck.lastrun import source_hash, store, stored_value
from doccheck.layout import Project, Snippet
from doccheck.problems import Problem, formatted


def site(tmp_path, monkeypatch, page: str) -> Project:
    """``docs/p.md`` claiming from ``snippets/p/s.py`` (n = 56)."""
    monkeypatch.chdir(tmp_path)  # messages name paths relative to the tree
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "p.md").write_text(page, "utf-8")
    (tmp_path / "snippets" / "p").mkdir(parents=True)
    (tmp_path / "snippets" / "p" / "s.py").write_text("n = 56\n", "utf-8")
    return Project(tmp_path)


def test_a_problem_is_its_line_of_text_and_its_parts():
    problem = Problem("docs/p.md", 3, "claim", "claims 57 for p/s: n")
    assert problem == "docs/p.md:3: claims 57 for p/s: n" and str(problem) == problem
    assert type(str(problem)) is str and hash(problem) == hash(str(problem))
    assert (problem.path, problem.line, problem.kind, problem.message) == (
        "docs/p.md",
        3,
        "claim",
        "claims 57 for p/s: n",
    )
    assert Problem("docs/p.md", None, "outside", "is a link") == "docs/p.md: is a link"
    assert Problem(None, None, "empty", "no pages found") == "no pages found"
    for copied in (copy.copy(problem), pickle.loads(pickle.dumps(problem))):
        assert copied == problem and copied.kind == "claim" and copied.line == 3


def test_a_fix_is_a_field_and_each_front_end_formats_the_parts():
    """The text keeps ``message; fix``; the command line puts the place first and the fix on a
    line of its own; pytest adds the kind. No consumer reads the parts back from the text."""
    p = Problem("docs/p.md", 3, "claim", "claims 57, the snippet gives 56", "correct the page")
    assert p == "docs/p.md:3: claims 57, the snippet gives 56; correct the page"
    assert p.unplaced == "claims 57, the snippet gives 56; correct the page"
    assert formatted(p) == "docs/p.md:3: claims 57, the snippet gives 56\n  fix: correct the page"
    assert formatted(p, kind=True).split("\n")[0].endswith("gives 56 [claim]")
    assert formatted(p, label="unknown").startswith("docs/p.md:3: unknown: claims 57")
    whole = Problem(None, None, "unrun", "snippets/p/s.py changed")
    assert formatted(whole) == "snippets/p/s.py changed" and formatted("plain") == "plain"
    assert pickle.loads(pickle.dumps(p)).fix == "correct the page"


def test_the_check_command_reports_problems_with_their_place_and_kind(tmp_path, monkeypatch):
    """``doccheck check``: the claim the last run contradicts, and a missing include."""
    page = 'It has 57<!-- s: n -->.\n\n```text\n--8<-- "recorded/p/x.txt"\n```\n'
    project = site(tmp_path, monkeypatch, page)
    entry = {"source": source_hash(Snippet("p/s", project)), "error": None}
    store(project, "p/s", json.loads(json.dumps({**entry, "values": {"n": stored_value(56)}})))
    report = commands.check(Article.load(project))
    parts = sorted((p.path, p.line, p.kind) for p in report.problems)
    assert parts == [("docs/p.md", 1, "claim"), ("docs/p.md", 4, "include")]
    (claim,) = (p for p in report.problems if p.kind == "claim")
    assert claim == (
        "docs/p.md:1: claims 57 for p/s: n, the last verified run gave 56; correct the page or "
        "the snippet"
    )
    assert claim.message.startswith("claims 57 for p/s: n")  # the message without its place
