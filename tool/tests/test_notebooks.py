"""Each page's code as a notebook (``doccheck.notebooks``), on a one-page scratch site.

A stale, hand-edited, missing or orphaned notebook is named with its page; a page with code must
link its notebook; a refresh writes the notebooks; the census names a built notebook that is not
the generator's. The article's own notebooks are tests/test_notebooks.py's.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import SimpleNamespace

from scratch import one_page_site

from doccheck import notebooks, pytest_session, versions
from doccheck.article import Article
from doccheck.census import take_census
from doccheck.layout import Project
from doccheck.pages import read_page
from doccheck.pytest_items import SITE, Site
from doccheck.runner import DEFAULT_BACKEND


def scratch_site(root: Path) -> Article:
    """A one-page site with notebooks: a snippet that imports a helper, and its recording."""
    one_page_site(
        root,
        "# A page\n\n"
        '--8<-- "recorded/notebooks/p.md"\n\n'
        'Some prose.\n\n```python\n--8<-- "snippets/p/s.py"\n```\n\n'
        '```text\n--8<-- "recorded/p/s.txt"\n```\n\n'
        '```python\n--8<-- "snippets/p/s.py"\n```\n',
        {"s": "from _helper import N\n\nprint(N)\n", "_helper": "N = 3\n"},
    )
    (root / "recorded" / "p").mkdir(parents=True)
    (root / "recorded" / "p" / "s.txt").write_text("3\n", "utf-8")
    (root / "docs" / "notebooks").mkdir()
    return Article.load(Project(root))


def test_a_stale_hand_edited_missing_or_orphaned_notebook_is_named_with_its_page(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    article = scratch_site(tmp_path)
    assert notebooks.write(article) == ["docs/notebooks/p.ipynb", "recorded/notebooks/p.md"]
    assert notebooks.problems(article) == []
    assert notebooks.write(article) == []  # the same bytes again: nothing to write
    cells = json.loads((tmp_path / "docs/notebooks/p.ipynb").read_text("utf-8"))["cells"]
    assert [c["id"] for c in cells] == ["about", "setup", "helper-_helper", "p-s"]  # s once

    advice = "run `make refresh` (notebooks are generated, never edited by hand)"
    (tmp_path / "recorded/p/s.txt").write_text("4\n", "utf-8")  # a refreshed recording
    stale = (
        "docs/p.md: docs/notebooks/p.ipynb is not what its snippets and recordings make now; "
        + advice
    )
    assert notebooks.problems(article) == [stale]
    assert notebooks.write(article) == ["docs/notebooks/p.ipynb"]
    notebook = tmp_path / "docs/notebooks/p.ipynb"
    notebook.write_text(notebook.read_text("utf-8").replace("print(N)", "print(N + 1)"), "utf-8")
    assert notebooks.problems(article) == [stale]  # edited by hand
    notebook.unlink()
    assert notebooks.problems(article) == [
        f"docs/p.md: its notebook file docs/notebooks/p.ipynb is missing; {advice}"
    ]
    notebooks.write(article)
    (tmp_path / "docs/notebooks/gone.ipynb").write_text("{}", "utf-8")
    assert notebooks.problems(article) == [
        "docs/notebooks/gone.ipynb belongs to no page with code (the page is gone or shows no "
        f"snippet); {advice}, which deletes it"
    ]
    assert notebooks.write(article) == ["docs/notebooks/gone.ipynb (deleted)"]


def test_a_page_with_code_must_show_its_notebook_links(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    scratch_site(tmp_path)
    page = tmp_path / "docs/p.md"
    page.write_text(page.read_text("utf-8").replace('--8<-- "recorded/notebooks/p.md"\n\n', ""))
    article = Article.load(Project(tmp_path))
    notebooks.write(article)
    assert notebooks.problems(article) == [
        "docs/p.md: the page shows code but not its notebook's links; write "
        '--8<-- "recorded/notebooks/p.md" under its title'
    ]


def test_links_of_a_page_in_a_folder(tmp_path):
    article = scratch_site(tmp_path)
    (tmp_path / "docs" / "sub").mkdir()
    page = tmp_path / "docs" / "sub" / "q.md"
    shutil.copy(tmp_path / "docs" / "p.md", page)
    q = read_page(page, article.project)
    assert notebooks.links_text(q, article.project) == (
        '[Download the notebook](../notebooks/sub/q.ipynb){ download="q.ipynb" } · '
        "[Open in Colab](https://colab.research.google.com/github/)"
        '{ data-colab="docs/notebooks/sub/q.ipynb" }\n'
    )


def test_an_include_line_is_neither_words_nor_a_number(tmp_path):
    """The links come from an include, as the stamp does: the budget counts what is read.

    And ``--8<--`` on a line of its own is no -8 that nothing checks.
    """
    one_page_site(
        tmp_path, '# Title\n\n--8<-- "recorded/notebooks/p.md"\n\nSome words of prose.\n', {}
    )
    page = read_page(tmp_path / "docs" / "p.md", Project(tmp_path))
    assert (page.words, page.unchecked, page.loose) == (5, [], [])


def test_a_refresh_writes_the_notebooks(tmp_path, monkeypatch):
    """The refresh's end (``pytest --update-recordings``) writes the notebooks with the stamp."""
    monkeypatch.chdir(tmp_path)
    scratch_site(tmp_path)
    monkeypatch.setattr(pytest_session, "PROJECT", Project(tmp_path))
    monkeypatch.setattr(versions, "KERAS_BACKEND", DEFAULT_BACKEND)
    site = Site(Project(tmp_path), update=True, observed={"p/s": {}})
    config = SimpleNamespace(
        getoption=lambda name: name == "--update-recordings",
        stash={SITE: site},
        cache=None,
    )
    pytest_session.pytest_sessionfinish(SimpleNamespace(config=config, testsfailed=0))
    assert "rewrote docs/notebooks/p.ipynb" in site.updated
    assert "rewrote recorded/notebooks/p.md" in site.updated
    assert notebooks.problems(Article.load(Project(tmp_path))) == []


def test_the_census_names_a_built_notebook_that_is_not_the_generators(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    article = scratch_site(tmp_path / "tree")
    notebooks.write(article)
    site = tmp_path / "site"
    (site / "p").mkdir(parents=True)
    (site / "p" / "index.html").write_text(
        "<html><body><article><h1>A page</h1></article></body></html>"
    )
    shutil.copytree(tmp_path / "tree/docs/notebooks", site / "notebooks")
    census = take_census(site, article)
    assert not [p for p in census.problems if "notebook" in p], census.problems
    assert census.seen["notebooks"] == 1
    built = site / "notebooks" / "p.ipynb"
    built.write_text(built.read_text("utf-8").replace('"3\\n"', '"4\\n"'), "utf-8")
    assert [p for p in take_census(site, article).problems if "notebook" in p] == [
        "tree/docs/p.md: the built site's notebooks/p.ipynb is not the notebook its snippets and "
        "recordings make; run `make refresh`, then build"
    ]
    built.unlink()
    assert [p for p in take_census(site, article).problems if "notebook" in p] == [
        "tree/docs/p.md: the built site has no notebooks/p.ipynb"
    ]
    # A stale notebook under docs/ is named once, by notebooks.problems, not by the census too.
    (tmp_path / "tree/recorded/p/s.txt").write_text("4\n", "utf-8")
    assert [p for p in take_census(site, article).problems if "notebook" in p] == []
    assert len(notebooks.problems(article)) == 1


def test_the_notebooks_seed_is_the_runners():
    from doccheck import runner

    assert notebooks.SEED == runner.SEED
    assert f"def fresh_state(seed={runner.SEED}):" in notebooks.SETUP
