"""Every producer of problems gives a Problem: its place and kind apart, its text unchanged.

Each case is a mutation of a page (or of its built site) that the checker reports; the test
asks that every problem found is a :class:`Problem` whose ``path``, ``line`` and ``kind`` are
set, so that the command line, the preview and pytest can format it without reading its text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_package import run_command
from test_preview import preview

from doccheck import commands
from doccheck.article import Article
from doccheck.census import take_census
from doccheck.layout import Project
from doccheck.pages import read_page
from doccheck.problems import Problem

# (name, page text, the line and kind of the problem it must give)
MUTATIONS = [
    ("unchecked number", "# P\n\nIt has 12 weights.\n", 3, "unchecked number"),
    ("wrong formula", "# P\n\n$$\n2 + 2 = 5\n$$\n", 4, "formula"),
    ("unchecked formula side", "# P\n\n$$\nC = 3\n$$\n", 4, "unchecked number"),
    ("claim after no number", "# P\n\nIt has <!-- s: n --> weights.\n", 3, "claim syntax"),
    ("claim macro with no key", "# P\n\n$$\n\\claim{n}{56}\n$$\n", 4, "claim syntax"),
    ("empty statement", "# P\n\nIt holds.<!-- assert s: -->\n", 3, "claim syntax"),
    ("claim of itself", "# P\n\nIt has 56<!-- s: 56 --> weights.\n", 3, "tautology"),
    ("free with no kind", "# P\n\nIn 2014<!-- free --> it began.\n", 3, "free mark"),
    ("bare percent", "# P\n\n$$\n\\claim{s: n}{56} % x\n$$\n", 4, "formula"),
    ("unclosed comment", "# P\n\nIt has 56<!-- s: n weights.\n\nMore.\n", 3, "comment"),
]


def site(root: Path, page: str) -> Project:
    """``docs/p.md`` beside ``snippets/p/s.py`` (n = 56), paths relative to ``root``."""
    (root / "docs").mkdir()
    (root / "docs" / "p.md").write_text(page, "utf-8")
    (root / "snippets" / "p").mkdir(parents=True)
    (root / "snippets" / "p" / "s.py").write_text("n = 56\n", "utf-8")
    return Project(root)


def assert_placed(problems: list[str]) -> None:
    """Each problem is a Problem with a place and a kind, and its text starts with the place."""
    assert problems
    for p in problems:
        assert isinstance(p, Problem), repr(p)
        assert p.path and p.line and p.kind, repr(p)
        assert p == f"{p.path}:{p.line}: {p.unplaced}"


@pytest.mark.parametrize(
    ("page", "line", "kind"), [m[1:] for m in MUTATIONS], ids=[m[0] for m in MUTATIONS]
)
def test_a_page_mutation_gives_placed_problems(tmp_path, monkeypatch, page, line, kind):
    monkeypatch.chdir(tmp_path)  # messages name paths relative to the tree
    # A checked claim last, after the mutation's lines: a page with none is an empty article.
    project = site(tmp_path, page + "\nChecked: 56<!-- s: n -->.\n")
    model = read_page(project.docs / "p.md", project)
    found = [*model.problems, *model.unchecked, *model.formula_problems()]
    assert_placed(found)
    assert ("docs/p.md", line, kind) in {(p.path, p.line, p.kind) for p in found}, found
    # The command line reports the same objects, not their text copied.
    report = commands.check(Article.load(project))
    assert (line, kind) in {(p.line, p.kind) for p in report.problems}, report.problems
    assert_placed(report.problems)


def test_a_census_finding_is_a_placed_problem(tmp_path, monkeypatch):
    """A heading the built page shows and the page does not write as one: a census Problem."""
    monkeypatch.chdir(tmp_path)
    project = site(tmp_path, "# P\n\nIt has 56<!-- s: n --> weights.\n\nThe end.\n")
    built = tmp_path / "site" / "p"
    built.mkdir(parents=True)
    built.joinpath("index.html").write_text(
        '<html><head><title>P</title></head><body><article class="md-content__inner">'
        "<h1>P</h1><p>It has 56 weights.</p><p>The end.</p><h2>The end.</h2>"
        "</article></body></html>",
        "utf-8",
    )
    census = take_census(tmp_path / "site", Article.load(project))
    assert census.problems
    for p in census.problems:
        assert isinstance(p, Problem) and p.kind == "census" and p.path == "docs/p.md", repr(p)
    assert 5 in {p.line for p in census.problems}, census.problems


def test_the_preview_lists_a_pages_problems_in_its_order(tmp_path, monkeypatch):
    """The box goes by each problem's line, not by which check found it first."""
    shown, _ = preview(tmp_path, monkeypatch, "serve")
    box = shown[: shown.index("</ul>")]
    claim = box.index("<code>docs/p.md:3</code> claims 57 for p/s: n")
    include = box.index("<code>docs/p.md:6</code> includes snippets/p/nothing.py")
    assert box.index("<code>docs/p.md:3</code> 12 is a number nothing checks") < claim < include, (
        box
    )


def test_the_command_line_and_pytest_show_the_place_first_and_the_fix_apart(pytester, monkeypatch):
    """``path:line: message`` (editors jump there), then ``  fix: ...`` on a line of its own;
    pytest's failure shows the same, with the problem's kind."""
    monkeypatch.delenv("DOCCHECK_ROOT", raising=False)
    assert run_command(pytester.path, "init").returncode == 0
    page = pytester.path / "docs" / "index.md"
    text = page.read_text("utf-8")
    page.write_text(text + "\nIt has 12 weights.\n", "utf-8")
    line = text.count("\n") + 2
    checked = run_command(pytester.path, "check")
    assert checked.returncode == 1
    said = checked.stdout.splitlines()
    where = said.index(f"docs/index.md:{line}: 12 is a number nothing checks")
    assert said[where + 1].startswith("  fix: claim it (12<!-- snippet: expression -->)"), said
    assert "docs/index.md:3: unknown: index/example: inputs has no verified value yet" in said
    failed = pytester.runpytest_subprocess("docs", "-p", "no:cacheprovider")
    failed.assert_outcomes(failed=1)
    shown = failed.stdout.str().splitlines()
    where = shown.index(f"docs/index.md:{line}: 12 is a number nothing checks [unchecked number]")
    assert shown[where + 1].startswith("  fix: claim it (12<!-- snippet: expression -->)"), shown
