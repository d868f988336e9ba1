"""Scratch projects with N generated snippets, to see how verification grows with N.

Each tree holds the snippet and page tests with the conftest and its helpers, the article's
``pyproject.toml`` and N small Keras snippets, ten to a page, each shown with its recorded output
and one claim. The installed checker finds the tree from the working directory (its
``[tool.doccheck]`` table), so the tests check the tree.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.scratch import ROOT
from bench.stats import PYTHON, timed

PER_PAGE = 10
# What the grown tree's runs time: the pytest plugin's page and snippet items (no census).
ITEMS = ("docs", "snippets")
MKDOCS = """\
site_name: Growth
theme:
  name: material
plugins:
  - search
  - doccheck:
      math: false
markdown_extensions:
  - pymdownx.superfences
  - pymdownx.snippets:
      base_path: ["."]
      check_paths: true
"""


def _snippet(i: int) -> tuple[str, int]:
    """A small model whose size depends on ``i``; its source and parameter count."""
    c, c2 = 4 + i % 13, 2 + i % 7
    params = (3 * 3 * 3 + 1) * c + (c + 1) * c2
    summary = "model.summary()\n" if i == 0 else ""
    source = (
        f'"""Generated snippet s{i}: a 3x3 and a 1x1 convolution, and their parameters."""\n\n'
        "import keras\n\n"
        "model = keras.Sequential(\n"
        f"    [keras.Input(shape=(8, 8, 3)), keras.layers.Conv2D({c}, 3), "
        f"keras.layers.Conv2D({c2}, 1)]\n)\n"
        f"{summary}print(model.count_params(), model.output_shape)\n"
    )
    return source, params


def _page(k: int, first: int, last: int) -> str:
    parts = [f"# Generated page gen{k}\n"]
    for i in range(first, last):
        _, params = _snippet(i)
        parts.append(
            f'\n## Snippet s{i}\n\n```python\n--8<-- "snippets/gen{k}/s{i}.py"\n```\n\n'
            f'```text\n--8<-- "recorded/gen{k}/s{i}.txt"\n```\n\n'
            f"It has {params:,}<!-- s{i}: model.count_params() --> parameters.\n"
        )
    return "".join(parts)


def make_tree(dest: Path, n: int) -> Path:
    """A project with ``n`` generated snippets in ``dest``, recordings made; returns ``dest``."""
    (dest / "tests").mkdir(parents=True)
    for path in (ROOT / "tests").glob("*.py"):
        if not path.name.startswith("test_"):
            shutil.copy(path, dest / "tests" / path.name)
    shutil.copy(ROOT / "pyproject.toml", dest / "pyproject.toml")
    # The article's mkdocs.yml names its nav, skin and hooks: the census item builds this one.
    (dest / "mkdocs.yml").write_text(MKDOCS, "utf-8")
    (dest / "docs").mkdir()
    (dest / "docs" / "index.md").write_text("# Growth\n\nGenerated pages.\n", "utf-8")
    for k, first in enumerate(range(0, n, PER_PAGE)):
        last = min(first + PER_PAGE, n)
        (dest / "snippets" / f"gen{k}").mkdir(parents=True)
        for i in range(first, last):
            source, _ = _snippet(i)
            (dest / "snippets" / f"gen{k}" / f"s{i}.py").write_text(source, "utf-8")
        (dest / "docs" / f"gen{k}.md").write_text(_page(k, first, last), "utf-8")
    refresh = [PYTHON, "-m", "pytest", "snippets", "--update-recordings", "-q"]
    timed([*refresh, "-p", "no:xdist"], dest)
    timed([PYTHON, "-m", "pytest", *ITEMS, "-q", "-p", "no:xdist"], dest)  # passes as made
    return dest
