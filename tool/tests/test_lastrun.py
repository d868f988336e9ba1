"""``python -m doccheck``: claims re-checked against the values the last verified run stored."""

from __future__ import annotations

import json

from doccheck.article import Article
from doccheck.lastrun import disagreements, source_hash, stored_value
from doccheck.layout import Project, Snippet


def tree(tmp_path, monkeypatch) -> Project:
    """A page claiming a number and a shape from one snippet."""
    monkeypatch.chdir(tmp_path)  # messages name paths relative to the tree
    (tmp_path / "docs").mkdir()
    (tmp_path / "snippets" / "p").mkdir(parents=True)
    (tmp_path / "docs" / "p.md").write_text(
        "It has 56<!-- s: n --> weights and outputs 4×4×2<!-- s: shape -->.\n", "utf-8"
    )
    (tmp_path / "snippets" / "p" / "s.py").write_text("n = 56\nshape = (None, 4, 4, 2)\n", "utf-8")
    return Project(tmp_path)


def entry(project: Project, n: object, shape: object) -> dict:
    """What pytest would store, round-tripped through JSON as the cache does."""
    values = {"n": stored_value(n), "shape": stored_value(shape)}
    data = {"source": source_hash(Snippet("p/s", project)), "error": None, "values": values}
    return json.loads(json.dumps(data))


def test_agreeing_values_pass_and_a_changed_value_is_reported(tmp_path, monkeypatch):
    project = tree(tmp_path, monkeypatch)
    claims = Article.load(project).claims
    assert disagreements(claims, {"p/s": entry(project, 56, (None, 4, 4, 2))}, project) == ([], [])
    problems, notes = disagreements(claims, {"p/s": entry(project, 57, (None, 4, 4, 3))}, project)
    assert problems == [
        "docs/p.md:1: claims 56 for p/s: n, the last verified run gave 57; correct the page or "
        "the snippet",
        "docs/p.md:1: claims 4×4×2 for p/s: shape, the last verified run gave 4×4×3; correct the "
        "page or the snippet",
    ]
    assert notes == []


def test_a_changed_or_unrun_snippet_is_a_note_not_a_verdict(tmp_path, monkeypatch):
    project = tree(tmp_path, monkeypatch)
    claims = Article.load(project).claims
    stored = {"p/s": entry(project, 57, (None, 4, 4, 2))}
    (tmp_path / "snippets" / "p" / "s.py").write_text("n = 57\nshape = (4, 4, 2)\n", "utf-8")
    assert disagreements(claims, stored, project) == (
        [],
        ["snippets/p/s.py changed since the last verified run"],
    )
    problems, notes = disagreements(claims, {}, project)
    assert problems == [] and len(notes) == 2 and "has no verified value yet" in notes[0]


def test_a_false_statement_says_where_it_was_found_false(tmp_path, monkeypatch):
    project = tree(tmp_path, monkeypatch)
    page = tmp_path / "docs" / "p.md"
    page.write_text("It is big.<!-- assert s: n > 100 -->\n", "utf-8")
    (claim,) = Article.load(project).claims
    data = {"source": source_hash(Snippet("p/s", project)), "error": None}
    data["values"] = {"n > 100": stored_value(False)}
    problems, _ = disagreements([claim], {"p/s": data}, project)
    assert problems == [
        'docs/p.md:1: the page says "It is big.", but <!-- assert p/s: n > 100 --> is False (the '
        "last verified run says so); correct the sentence or the snippet"
    ]
