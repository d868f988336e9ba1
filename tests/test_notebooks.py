"""Each page's code as a notebook (``doccheck.notebooks``): generated, valid, linked, and run.

The article's notebooks must be what the generator makes of the pages, snippets and recordings
now; a scratch site shows that a stale, hand-edited, missing or orphaned notebook is named with
its page. The slow test (``selfcheck``) runs every notebook in a kernel, as Colab would, and
compares what each cell prints with the snippet's recording.
"""

from __future__ import annotations

import difflib
import json
import os
import posixpath
import re
import shutil
import time
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from sitetools import ANSI, one_page_site

from doccheck import notebooks, pytest_session, versions
from doccheck.article import Article
from doccheck.census import take_census
from doccheck.layout import PROJECT, Project, Snippet
from doccheck.pages import read_page
from doccheck.pytest_items import SITE, Site
from doccheck.runner import DEFAULT_BACKEND, ENVIRONMENT, KERAS_BACKEND

ARTICLE = Article.load()
# A site has notebooks once it has a docs/notebooks/ folder (README: "Notebooks").
HAS_NOTEBOOKS = notebooks.enabled(PROJECT)
WITH_CODE = [p for p in ARTICLE.pages if HAS_NOTEBOOKS and notebooks.page_snippets(p, PROJECT)]
site_notebooks = pytest.mark.skipif(
    not HAS_NOTEBOOKS, reason="this site has no docs/notebooks/ folder, so no notebooks"
)


def page_id(page) -> str:
    return PROJECT.page_folder(page.path)


@site_notebooks
def test_every_page_with_code_has_its_notebook_as_generated(request):
    if request.config.getoption("--update-recordings"):
        pytest.skip("a refresh writes the notebooks when it ends")
    assert WITH_CODE, "no page includes a snippet"
    problems = notebooks.problems(ARTICLE)
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


@pytest.mark.parametrize("page", WITH_CODE, ids=page_id)
def test_notebook_is_valid_and_holds_the_snippets_and_their_recordings(page):
    path = notebooks.notebook_path(page, PROJECT)
    text = path.read_text("utf-8")
    notebook = nbformat.reads(text, as_version=4)
    nbformat.validate(notebook)
    assert nbformat.writes(notebook) + "\n" == text  # laid out as nbformat writes it
    cells = {c.id: c for c in notebook.cells}
    snippets = notebooks.page_snippets(page, PROJECT)
    examples = [c.id for c in notebook.cells if c.id != "setup" and c.cell_type == "code"]
    examples = [i for i in examples if not i.startswith("helper-")]
    assert examples == [notebooks.cell_id(s) for s in snippets]  # in page order
    for snippet in snippets:
        cell = cells[notebooks.cell_id(snippet)]
        assert cell.source == notebooks.CALL + snippet.path.read_text("utf-8")
        recorded = snippet.recording.read_text("utf-8") if snippet.recording.is_file() else ""
        assert "".join(o.text for o in cell.outputs) == recorded
    for helper in notebooks.helpers(snippets):  # runs in Colab with no other file
        written = cells[f"helper-{helper.stem}"].source
        assert written == f"%%writefile {helper.name}\n" + helper.read_text("utf-8")


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


@site_notebooks
@pytest.mark.parametrize("page", WITH_CODE, ids=page_id)
def test_links_point_at_the_notebook_from_the_page_and_name_it_for_colab(page):
    links = notebooks.links_text(page, PROJECT)
    href = re.search(r"\[Download the notebook\]\(([^)]+)\)", links)[1]
    folder = page.path.parent.relative_to(PROJECT.docs).as_posix()
    notebook = notebooks.notebook_path(page, PROJECT)
    assert (
        posixpath.normpath(posixpath.join(folder, href))
        == notebook.relative_to(PROJECT.docs).as_posix()
    )
    in_repository = notebook.relative_to(PROJECT.root).as_posix()
    assert f'[Open in Colab]({notebooks.COLAB}){{ data-colab="{in_repository}" }}' in links
    script = (PROJECT.docs / "javascripts" / "notebooks.js").read_text("utf-8")
    assert "a[data-colab]" in script and "md-social" in script
    assert "javascripts/notebooks.js" in (PROJECT.root / "mkdocs.yml").read_text("utf-8")


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


def printed(cell) -> str:
    """What a cell printed, as a terminal shows it.

    In a kernel, ``model.summary()`` (rich) displays its table instead of printing it, with
    bold as ANSI codes: its plain text, codes removed, is what the runner records.
    """
    parts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream" and output.name == "stdout":
            parts.append(output.text)
        elif output.output_type == "display_data" and "text/plain" in output.data:
            parts.append(ANSI.sub("", output.data["text/plain"]))
    return "".join(parts)


SHOW_WARNINGS = (
    "import warnings\n\n"
    'warnings.simplefilter("default", DeprecationWarning)\n'
    'warnings.simplefilter("default", UserWarning)\n'
)
WARNED = re.compile(r"\b(DeprecationWarning|UserWarning)\b")


@pytest.mark.selfcheck
@pytest.mark.skipif(KERAS_BACKEND != DEFAULT_BACKEND, reason="the recordings are TensorFlow's")
@pytest.mark.parametrize("page", WITH_CODE, ids=page_id)
def test_notebook_runs_in_one_kernel_and_prints_the_recordings(page, tmp_path):
    """One kernel runs the notebook's cells in turn, as Colab does, in an empty folder.

    Each snippet's cell must print its recording, and warn no DeprecationWarning or
    UserWarning (errors under the runner, shown here). Wall time: ~20-40 s a notebook on two
    shared cores, most of it the kernel importing TensorFlow.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    notebook = nbformat.read(notebooks.notebook_path(page, PROJECT), as_version=4)
    expected = {c.id: "".join(o.text for o in c.outputs) for c in notebook.cells if "outputs" in c}
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    # The runner makes these warnings errors wherever they come from; here they are shown.
    notebook.cells.insert(0, nbformat.v4.new_code_cell(SHOW_WARNINGS))
    fixed = {k: v for k, v in ENVIRONMENT.items() if v is not None}
    environ = {k: v for k, v in os.environ.items() if ENVIRONMENT.get(k, "") is not None}
    env = {**environ, **fixed, "KERAS_BACKEND": KERAS_BACKEND, "TF_CPP_MIN_LOG_LEVEL": "2"}
    env["KERAS_HOME"] = str(tmp_path / "keras-home")  # never the writer's ~/.keras/keras.json
    (tmp_path / "run").mkdir()
    start = time.perf_counter()
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": tmp_path / "run"}},
    )
    try:
        client.execute(env=env)
    except CellExecutionError as err:
        pytest.fail(f"{notebooks.notebook_path(page, PROJECT)}: {err}", pytrace=False)
    seconds = time.perf_counter() - start
    wrong = []
    for cell in notebook.cells:
        if cell.id not in expected or cell.id == "setup" or cell.id.startswith("helper-"):
            continue
        warned = [
            o.text for o in cell.outputs if o.get("name") == "stderr" and WARNED.search(o.text)
        ]
        wrong += [f"cell {cell.id} warns (an error under the runner): {w.strip()}" for w in warned]
        if printed(cell) != expected[cell.id]:
            lines = difflib.unified_diff(
                expected[cell.id].splitlines(), printed(cell).splitlines(), lineterm=""
            )
            diff = "\n".join([*lines][2:22])
            wrong.append(f"cell {cell.id} prints other than its recording:\n{diff}")
    assert not wrong, f"{page_id(page)} ({seconds:.1f} s): " + "\n".join(wrong)
    print(f"{page_id(page)}: {seconds:.1f} s")


def test_printed_reads_a_summary_displayed_as_rich_text():
    cell = nbformat.v4.new_code_cell()
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={"text/plain": '\x1b[1mModel: "m"\x1b[0m\n'}),
        nbformat.v4.new_output("stream", name="stdout", text="56\n"),
        nbformat.v4.new_output("stream", name="stderr", text="noise\n"),
    ]
    assert printed(cell) == 'Model: "m"\n56\n'
    assert re.fullmatch(r"[A-Za-z0-9_-]+", notebooks.cell_id(Snippet("a/b.c/d", PROJECT)))


def test_the_notebooks_seed_is_the_runners():
    from doccheck import runner

    assert notebooks.SEED == runner.SEED
    assert f"def fresh_state(seed={runner.SEED}):" in notebooks.SETUP
