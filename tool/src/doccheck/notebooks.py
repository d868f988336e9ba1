"""Each page's code as a Jupyter notebook, and the page's links to it.

For a page that includes snippets, ``docs/notebooks/<page>.ipynb`` holds one code cell per
snippet, in the order the page first includes each, with the snippet's recording as the cell's
output; ``recorded/notebooks/<page>.md`` holds the two links the page includes
(``--8<--``): "Download the notebook" and "Open in Colab". Both are written by the refresh that
rewrites the recordings (``pytest --update-recordings``, ``make refresh``), never by hand; a
test fails, naming the page, when either is not what :func:`expected` makes now.

A cell holds the whole snippet file, not the section a page shows: the whole file is what runs
and what the recording is the output of. Each code cell first calls ``fresh_state()``, which
the first cell defines: what ``doccheck.freshstate`` gives a snippet (a new Keras session, so
layer names restart at ``conv2d``; seeds; default plot styles and print options), so that one
kernel running the cells in turn prints what the recordings show. A helper module a snippet
imports from its folder (``_figure_style.py``) is written by a ``%%writefile`` cell, so the
notebook runs in Colab with no other file. Snippets write their figures to the working
directory, which is where a notebook shows them from.

The notebook is nbformat 4 JSON written with the standard library (the site build needs no
nbformat), laid out as nbformat writes it, with stable cell ids and no timestamps: the same
pages, snippets and recordings give the same bytes. Only a site that has a ``docs/notebooks/``
folder gets notebooks. Imports no TensorFlow.
"""

from __future__ import annotations

import ast
import json
import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from doccheck.files import write_atomically
from doccheck.layout import Project, Snippet, rel
from doccheck.problems import Problem

if TYPE_CHECKING:
    from doccheck.article import Article
    from doccheck.pages import Page

FOLDER = "notebooks"  # under docs/ (the notebooks) and under recorded/ (each page's links)
SEED = 0  # the runner's (doccheck.runner.SEED); not imported, so that this module stays light
COLAB = "https://colab.research.google.com/github/"
# The setup cell: what doccheck.freshstate and the runner give every snippet, in a notebook.
SETUP = """\
# Every example below starts as it does when the article's checker runs it: a new Keras
# session (in one kernel, layer names would go on from conv2d to conv2d_1, ...), every random
# seed set, Keras's and NumPy's settings as they are now, default plot styles, and the terminal
# width the recorded outputs were printed at.
import os

os.environ["COLUMNS"] = "80"  # model.summary() sizes its table by the terminal

import keras
import numpy as np

_SETTINGS = (
    keras.config.floatx(),
    keras.config.epsilon(),
    keras.config.image_data_format(),
    np.get_printoptions(),
    np.geterr(),
)


def fresh_state(seed=__SEED__):
    \"\"\"Reset Keras, the seeds and the settings, as before each example on the page.\"\"\"
    keras.backend.clear_session()
    keras.utils.set_random_seed(seed)
    floatx, epsilon, data_format, printoptions, errors = _SETTINGS
    keras.config.set_floatx(floatx)
    keras.config.set_epsilon(epsilon)
    keras.config.set_image_data_format(data_format)
    np.set_printoptions(**printoptions)
    np.seterr(**errors)
    try:
        import matplotlib
        import matplotlib.pyplot as plt
    except ImportError:
        return
    plt.close("all")
    matplotlib.rcdefaults()
""".replace("__SEED__", str(SEED))
CALL = "fresh_state()\n\n"  # the first lines of every snippet's cell


def page_snippets(page: Page, project: Project) -> list[Snippet]:
    """The snippets ``page`` includes (whole or a section), each once, in page order."""
    found: dict[str, Snippet] = {}
    for include in page.includes:
        path = include.path
        if not (path.startswith("snippets/") and path.endswith(".py")):
            continue
        name = path.removeprefix("snippets/").removesuffix(".py")
        snippet = Snippet(name, project)
        if not Path(name).name.startswith("_") and snippet.path.is_file():
            found.setdefault(name, snippet)
    return list(found.values())


def helpers(snippets: list[Snippet]) -> list[Path]:
    """The modules the snippets import from their own folders, and those these import."""
    found: dict[str, Path] = {}
    todo = [s.path for s in snippets]
    while todo:
        path = todo.pop(0)
        for name in _imported(path):
            helper = path.parent / f"{name}.py"
            if helper.is_file() and name not in found:
                found[name] = helper
                todo.append(helper)
    return list(found.values())


def _imported(path: Path) -> list[str]:
    """The top-level module names ``path`` imports, in order (none if it does not parse)."""
    try:
        tree = ast.parse(path.read_text("utf-8"))
    except (SyntaxError, UnicodeDecodeError, OSError):
        return []
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name.split(".")[0] for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module.split(".")[0])
    return names


def folder(page: Page, project: Project) -> str:
    """The page's path under docs/ without ``.md``: ``applications/nin``."""
    return project.page_folder(page.path)


def notebook_path(page: Page, project: Project) -> Path:
    """Where the page's notebook is written: ``docs/notebooks/<page>.ipynb``."""
    return project.docs / FOLDER / f"{folder(page, project)}.ipynb"


def links_path(page: Page, project: Project) -> Path:
    """Where the page's links are written: ``recorded/notebooks/<page>.md``."""
    return project.recorded / FOLDER / f"{folder(page, project)}.md"


def links_include(page: Page, project: Project) -> str:
    """What the page includes to show its links: ``recorded/notebooks/<page>.md``."""
    return links_path(page, project).relative_to(project.root).as_posix()


def _lines(text: str) -> list[str]:
    """A text as nbformat stores it: a list of lines, each keeping its newline."""
    return text.splitlines(keepends=True)


def _title(page: Page) -> str:
    level_one = [h.text for h in page.headings if h.level == 1]
    text = level_one[0] if level_one else page.path.stem
    return re.sub(r"<!--.*?-->|\{[^{}]*\}\s*$", "", text, flags=re.S).strip()


def notebook(page: Page, project: Project) -> dict[str, Any]:
    """The page's notebook, as nbformat 4 JSON data."""
    snippets = page_snippets(page, project)
    page_file = page.path.relative_to(project.root).as_posix()
    versions = project.recorded_versions
    recorded_with = (
        f" (TensorFlow {versions['tensorflow']}, Keras {versions['keras']}; other versions may "
        "print a little differently)"
        if {"tensorflow", "keras"} <= versions.keys()
        else ""
    )
    intro = (
        f"# {_title(page)}\n\n"
        f"The code of `{page_file}`, one cell per example, in the page's order; each cell's "
        f"output is the one recorded when the article was last verified{recorded_with}. Each "
        "code cell starts from a fresh Keras state, as on the page: run again, it prints the "
        "same.\n\n"
        "Generated from the page's snippets by the article's checker: edit the snippets, not "
        "this notebook."
    )
    cells: list[dict[str, Any]] = [
        {"cell_type": "markdown", "id": "about", "metadata": {}, "source": _lines(intro)},
        _code("setup", SETUP, []),
    ]
    for helper in helpers(snippets):
        text = helper.read_text("utf-8")
        cells.append(_code(f"helper-{helper.stem}", f"%%writefile {helper.name}\n{text}", []))
    for snippet in snippets:
        recorded = snippet.recording.read_text("utf-8") if snippet.recording.is_file() else ""
        outputs = [{"name": "stdout", "output_type": "stream", "text": _lines(recorded)}]
        code = CALL + snippet.path.read_text("utf-8")
        cells.append(_code(cell_id(snippet), code, outputs if recorded else []))
    return {
        "cells": cells,
        "metadata": {
            "colab": {"name": f"{page.path.stem}.ipynb", "provenance": []},
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def cell_id(snippet: Snippet) -> str:
    """A snippet's cell id: its name, with the characters nbformat allows (``nin-mlpconv``)."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", snippet.name)[-64:]


def _code(cell_id: str, source: str, outputs: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": cell_id,
        "metadata": {},
        "outputs": outputs,
        "source": _lines(source),
    }


def notebook_text(page: Page, project: Project) -> str:
    """The notebook's file, byte for byte as ``nbformat.write`` lays it out."""
    data = notebook(page, project)
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def links_text(page: Page, project: Project) -> str:
    """The page's two links, as Markdown for the page to include.

    "Download the notebook" is a link relative to the page, which MkDocs checks and both
    builders publish. "Open in Colab" needs the repository the site is published from, which a
    page cannot read: ``docs/javascripts/notebooks.js`` builds it from the footer's repository
    link (``REPO_URL`` in mkdocs.yml) when the page loads. Without JavaScript the link opens
    Colab's GitHub tab.
    """
    notebook = notebook_path(page, project)
    href = posixpath.relpath(
        notebook.relative_to(project.docs).as_posix(),
        page.path.parent.relative_to(project.docs).as_posix() or ".",
    )
    in_repository = notebook.relative_to(project.root).as_posix()
    return (
        f'[Download the notebook]({href}){{ download="{notebook.name}" }} · '
        f'[Open in Colab]({COLAB}){{ data-colab="{in_repository}" }}\n'
    )


def enabled(project: Project) -> bool:
    """Whether the site has notebooks: it has a ``docs/notebooks/`` folder."""
    return (project.docs / FOLDER).is_dir()


def expected(article: Article) -> dict[Path, str]:
    """Every file the generator makes for the article: notebooks and links, by path."""
    project = article.project
    files: dict[Path, str] = {}
    for page in article.pages:
        if page_snippets(page, project):
            files[notebook_path(page, project)] = notebook_text(page, project)
            files[links_path(page, project)] = links_text(page, project)
    return files


def _present(project: Project) -> list[Path]:
    """The generated kind of files that are there now: notebooks and link includes."""
    found = sorted((project.docs / FOLDER).rglob("*.ipynb"))
    return found + sorted((project.recorded / FOLDER).rglob("*.md"))


def problems(article: Article) -> list[Problem]:
    """Each notebook or links file that is not what the generator makes now, and why."""
    project = article.project
    if not enabled(project):
        return []
    found: list[Problem] = []
    wanted = expected(article)
    advice = "run `make refresh` (notebooks are generated, never edited by hand)"
    for path, text in wanted.items():
        page = _page_of(path, project)
        if not path.is_file():
            found.append(
                Problem(
                    page, None, "notebook", f"its notebook file {rel(path)} is missing; {advice}"
                )
            )
        elif path.read_text("utf-8") != text:
            found.append(
                Problem(
                    page,
                    None,
                    "notebook",
                    f"{rel(path)} is not what its snippets and recordings make now; {advice}",
                )
            )
    for path in _present(project):
        if path not in wanted:
            found.append(
                f"{rel(path)} belongs to no page with code (the page is gone or shows no "
                f"snippet); {advice}, which deletes it"
            )
    for page in article.pages:
        include = links_include(page, project)
        if links_path(page, project) in wanted and include not in {i.path for i in page.includes}:
            found.append(
                Problem(
                    rel(page.path),
                    None,
                    "notebook",
                    f"the page shows code but not its notebook's links; write "
                    f'--8<-- "{include}" under its title',
                )
            )
    return found


def _page_of(path: Path, project: Project) -> str:
    """The page a generated file belongs to, as ``docs/<page>.md``."""
    for base in (project.docs / FOLDER, project.recorded / FOLDER):
        if path.is_relative_to(base):
            return rel(project.docs / path.relative_to(base).with_suffix(".md"))
    return rel(path)


def write(article: Article) -> list[str]:
    """Write every notebook and links file that differs, delete those of no page; what changed."""
    project = article.project
    if not enabled(project):
        return []
    wanted = expected(article)
    changed = [rel(p) for p, text in wanted.items() if write_atomically(p, text)]
    for path in _present(project):
        if path not in wanted:
            path.unlink()
            changed.append(f"{rel(path)} (deleted)")
    return changed


def site_problems(site: Path, article: Article) -> list[Problem]:
    """Each notebook the built ``site`` lacks, or carries other than the generator makes it.

    Only notebooks whose file under docs/ is the generator's: a stale or missing one is
    :func:`problems`' to name (one mistake, one message), and the site copies what docs/ holds.
    """
    project = article.project
    if not enabled(project):
        return []
    found = []
    for path, text in expected(article).items():
        if path.suffix != ".ipynb" or not path.is_file() or path.read_text("utf-8") != text:
            continue
        built = site / path.relative_to(project.docs)
        page = _page_of(path, project)
        if not built.is_file():
            found.append(
                Problem(
                    page,
                    None,
                    "notebook",
                    f"the built site has no {built.relative_to(site).as_posix()}",
                )
            )
        elif built.read_text("utf-8") != text:
            found.append(
                Problem(
                    page,
                    None,
                    "notebook",
                    f"the built site's {built.relative_to(site).as_posix()} is not the "
                    "notebook its snippets and recordings make; run `make refresh`, then build",
                )
            )
    return found
