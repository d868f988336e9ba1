"""A number in a shown snippet's comment or docstring is one no run checks: each is reported.

The review's two instances passed silently before: ``cost_table.py``'s comment ``56x56``
changed to ``57x57``, and ``conv2d.py``'s docstring saying ``3 filters`` of a layer of 2. The
rule is ``doccheck.code_prose``'s; ``Article.prose_numbers`` applies it to what the pages show,
and ``doccheck check`` and the snippet's item report it, once per number, at the snippet's line.
That the article has no such number is the writer's check; the rest try the checker on broken
copies and scratch sites (``selfcheck``: ``make test`` and CI, not ``make verify``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from doccheck import commands
from doccheck.article import Article
from doccheck.layout import ROOT, Project, Snippet
from doccheck.pytest_items import Site, snippet_problems
from doccheck.testing import copy_project

COST_TABLE = "snippets/convolution/cost_table.py"
CONV2D = "snippets/convolution/conv2d.py"
CONV2D_DOCSTRING = '"""The worked example: an RGB image through 3 filters."""'


def line_of(path: Path, text: str) -> int:
    """The 1-based line of ``path`` that holds ``text``."""
    return next(n for n, row in enumerate(path.read_text("utf-8").split("\n"), 1) if text in row)


def reviewed_copy(tmp_path: Path, monkeypatch) -> Project:
    """The article, copied, with the review's two numbers written into its snippets."""
    root = copy_project(tmp_path / "site")
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")  # the site's names: 1x1
    table = root / COST_TABLE
    table.write_text(table.read_text("utf-8").replace("56x56 and", "57x57 and", 1), "utf-8")
    conv2d = root / CONV2D
    rows = conv2d.read_text("utf-8").split("\n")
    assert rows[0].startswith('"""'), "conv2d.py no longer opens with a docstring"
    conv2d.write_text("\n".join([CONV2D_DOCSTRING, *rows[1:]]), "utf-8")
    monkeypatch.chdir(root)
    return Project(root)


def test_the_article_has_no_unchecked_number_in_a_shown_comment(article):
    assert article.prose_numbers() == []


@pytest.mark.selfcheck
def test_the_reviewers_two_numbers_fail_once_each_at_their_line(tmp_path, monkeypatch):
    project = reviewed_copy(tmp_path, monkeypatch)
    table_line = line_of(project.root / COST_TABLE, "57x57 and")
    found = Article.load(project).prose_numbers()
    assert [(p.path, p.line, p.kind) for p in found] == [
        (CONV2D, 1, "comment"),  # in page order: the page shows conv2d.py first
        (COST_TABLE, table_line, "comment"),
    ], found
    conv2d, table = found
    assert table.message.startswith("57x57 in a comment is prose no run checks (shown by docs/")
    assert "literal of the code on its line or of the statement after it" in table.message
    assert conv2d.message.startswith("3 in a docstring is prose no run checks (shown by docs/")
    # `doccheck check` says each once, as it is.
    report = commands.check(Article.load(project))
    assert [p for p in report.problems if p.kind == "comment"] == found


@pytest.mark.selfcheck
def test_the_snippet_item_reports_the_number_once(tmp_path, monkeypatch):
    """The snippet runs clean; its item still fails, once, at the comment's line."""
    (tmp_path / "docs").mkdir()
    page = '# Layer\n\n```python\n--8<-- "snippets/p/s.py"\n```\n'
    (tmp_path / "docs" / "p.md").write_text(page, "utf-8")
    (tmp_path / "snippets" / "p").mkdir(parents=True)
    source = "filters = 2  # 2 filters\n# 3 filters, a 1x1 each\nkernel = (1, 1)\n"
    (tmp_path / "snippets" / "p" / "s.py").write_text(source, "utf-8")
    monkeypatch.chdir(tmp_path)
    project = Project(tmp_path)
    problems = snippet_problems(Snippet("p/s", project))(Site(project))
    assert problems == [
        "snippets/p/s.py:2: 3 in a comment is prose no run checks (shown by docs/p.md:4); it "
        "must be a literal of the code on its line or of the statement after it; state it in "
        "code (an assert) or remove it"
    ]


@pytest.mark.selfcheck
def test_only_the_lines_a_page_shows_are_read(tmp_path, monkeypatch):
    """A section's include reads that section; a snippet no page shows is not read at all."""
    (tmp_path / "docs").mkdir()
    page = '# Layer\n\n```python\n--8<-- "snippets/p/s.py:shown"\n```\n'
    (tmp_path / "docs" / "p.md").write_text(page, "utf-8")
    (tmp_path / "snippets" / "p").mkdir(parents=True)
    source = (
        "# 7 hidden filters\nhidden = 2\n"
        "# --8<-- [start:shown]\n# 5 filters\nshown = 2\n# --8<-- [end:shown]\n"
    )
    (tmp_path / "snippets" / "p" / "s.py").write_text(source, "utf-8")
    (tmp_path / "snippets" / "p" / "unshown.py").write_text("# 9 filters\nn = 2\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    found = Article.load(Project(tmp_path)).prose_numbers()
    assert [(p.path, p.line, p.message.split(" ")[0]) for p in found] == [
        ("snippets/p/s.py", 4, "5")
    ]
