"""Each page's code as a notebook (``doccheck.notebooks``): generated, valid, linked, and run.

The article's notebooks must be what the generator makes of the pages, snippets and recordings
now (the generator's own cases, on a scratch site, are tool/tests/test_notebooks.py's). What the
generator makes is then checked as nbformat reads it (``selfcheck``, as a check of the generator
on the article's pages: ``make test`` and CI): valid, laid out as nbformat writes it, holding each
snippet and its recording. The slow test (``selfcheck``) runs every notebook in a kernel, as
Colab would, and compares what each cell prints with the snippet's recording.
"""

from __future__ import annotations

import difflib
import os
import posixpath
import re
import time

import pytest
from sitetools import ANSI

from doccheck import notebooks
from doccheck.article import Article
from doccheck.layout import PROJECT, Snippet
from doccheck.pytest_items import SITE
from doccheck.runner import DEFAULT_BACKEND, ENVIRONMENT, KERAS_BACKEND

# A site has notebooks once it has a docs/notebooks/ folder (README: "Notebooks").
HAS_NOTEBOOKS = notebooks.enabled(PROJECT)
site_notebooks = pytest.mark.skipif(
    not HAS_NOTEBOOKS, reason="this site has no docs/notebooks/ folder, so no notebooks"
)


def with_code(article: Article) -> list:
    """The pages that include a snippet, and so have a notebook."""
    return [p for p in article.pages if HAS_NOTEBOOKS and notebooks.page_snippets(p, PROJECT)]


def page_id(page) -> str:
    return PROJECT.page_folder(page.path)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test of ``page`` runs for each page with code, read once: the session's article."""
    if "page" in metafunc.fixturenames:
        pages = with_code(metafunc.config.stash[SITE].article)
        metafunc.parametrize("page", pages, ids=page_id)


@site_notebooks
def test_every_page_with_code_has_its_notebook_as_generated(request, article):
    if request.config.getoption("--update-recordings"):
        pytest.skip("a refresh writes the notebooks when it ends")
    assert with_code(article), "no page includes a snippet"
    problems = notebooks.problems(article)
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


@pytest.mark.selfcheck
def test_notebook_is_valid_and_holds_the_snippets_and_their_recordings(page):
    import nbformat

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


@site_notebooks
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
def test_notebook_runs_in_one_kernel_and_prints_the_recordings(page, tmp_path):
    """One kernel runs the notebook's cells in turn, as Colab does, in an empty folder.

    Each snippet's cell must print its recording, and warn no DeprecationWarning or
    UserWarning (errors under the runner, shown here). Wall time: ~20-40 s a notebook on two
    shared cores, most of it the kernel importing TensorFlow.
    """
    import nbformat
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


@pytest.mark.selfcheck
def test_printed_reads_a_summary_displayed_as_rich_text():
    import nbformat

    cell = nbformat.v4.new_code_cell()
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={"text/plain": '\x1b[1mModel: "m"\x1b[0m\n'}),
        nbformat.v4.new_output("stream", name="stdout", text="56\n"),
        nbformat.v4.new_output("stream", name="stderr", text="noise\n"),
    ]
    assert printed(cell) == 'Model: "m"\n56\n'
    assert re.fullmatch(r"[A-Za-z0-9_-]+", notebooks.cell_id(Snippet("a/b.c/d", PROJECT)))
