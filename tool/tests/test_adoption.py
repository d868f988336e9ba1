"""A new site adopts the checker from its wheel; a second site copies this repository's tests.

``.ci/adopt.py`` is the README's adoption, end to end: the wheel built from ``tool/`` in a clean
venv, ``doccheck init`` in an empty folder, ``make test`` green, a planted wrong number failing
at its page and line, no trace of the article in the built HTML. CI runs it as a step of its own
(``.ci/run``); elsewhere ``--selfcheck`` runs it here, in the background from collection on
(``start_early``, see ``doccheck.testing``).

``make_site`` builds a second site that copies this repository's pipeline (its tests and skin)
with two pages of its own: ``test_one_mistake.py`` makes one mistake at a time in it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from scratch import in_ci

from doccheck.layout import ROOT
from doccheck.testing import Background

IDENTITY = "tests/test_article_identity.py"
IGNORED = shutil.ignore_patterns("__pycache__", ".pytest_cache", ".ruff_cache")
# pyproject.toml's [tool.doccheck] holds a site's own vocabulary: the second site writes its own.
DOCCHECK_TABLE = re.compile(r"^\[tool\.doccheck\]\n(?:(?!\[).*\n?)*", re.M)
SETTINGS = '[tool.doccheck]\nversioned = ["NumPy"]  # "NumPy 2" names a release\n'
ADOPT = ROOT / ".ci" / "adopt.py"

# What the second site copies from this repository, keeping the paths (then it deletes IDENTITY).
COPIED = (
    "tests/",
    "Makefile",
    ".ci/run",
    ".github/workflows/docs.yml",
    "hooks/palette_toggle.py",
    "pyproject.toml",
    "docs/javascripts/katex.js",
    "docs/assets/katex/",
    "docs/stylesheets/extra.css",
    "docs/javascripts/a11y.js",
    "docs/javascripts/palette.js",
    "package.json",
    "package-lock.json",
    ".gitignore",
)
# The second site's mkdocs.yml: everything the copied tests rely on.
MKDOCS = """\
site_name: A verified site
site_description: What the site explains, with code that runs and numbers that are checked.
site_url: https://example.github.io/verified/  # canonical links and sitemap.xml

theme:
  name: material
  variant: classic  # Zensical keeps Material's look
  font: false  # system fonts: no request to Google Fonts
  features:
    - content.code.copy
    - content.lazy  # copy buttons mount as blocks come into view: long pages stay fast
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      toggle: {icon: material/weather-night, name: Switch to dark mode}
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      toggle: {icon: material/weather-sunny, name: Switch to light mode}

extra:
  social:  # the repository, linked from the footer (repo_url would call api.github.com)
    - icon: fontawesome/brands/github
      link: https://github.com/example/verified

markdown_extensions:
  - attr_list
  - md_in_html
  - toc:
      permalink: true
  - pymdownx.highlight
  - pymdownx.superfences
  - pymdownx.arithmatex:
      generic: true
  - pymdownx.snippets:
      base_path: ["."]  # build from the repository root
      check_paths: true  # a missing file or section fails the build
      dedent_subsections: true

extra_css:
  - assets/katex/katex.min.css
  - stylesheets/extra.css
extra_javascript:
  - javascripts/katex.js
  - javascripts/a11y.js
  - javascripts/palette.js

plugins:
  - search
  - doccheck  # the math typeset at build time, code with fewer elements, the checked preview

hooks:
  - hooks/palette_toggle.py  # the toggle without the theme's restyles

watch:
  - snippets
  - recorded

validation:  # broken links and anchors fail `mkdocs build --strict`
  omitted_files: warn
  absolute_links: warn
  unrecognized_links: warn
  anchors: warn
"""

PAGES = {
    "docs/index.md": """\
---
description: How many numbers a dense layer learns, as Keras counts them.
---

# Counting weights

## A dense layer

Keras counts the parameters of a dense layer from three<!-- dense: layer.kernel.shape[0] -->
inputs to two outputs:
8<!-- dense: layer.count_params() --> in all, a kernel of
3×2<!-- dense: tuple(layer.kernel.shape) --> weights and 2<!-- dense: layer.bias.shape[0] -->
biases.

```python title="dense.py"
--8<-- "snippets/index/dense.py"
```

It prints:

```text
--8<-- "recorded/index/dense.txt"
```

## The count

One weight per input and one bias, for each output:

$$
(3 + 1) \\cdot 2 = \\claim{dense: layer.count_params()}{8}
$$

A grid of numbers is summed on [the next page](grid.md).
""",
    "docs/grid.md": """\
# Summing a grid

## The grid

Twelve<!-- grid: grid.size --> numbers in a grid of 3×4<!-- grid: grid.shape --> add up to
66<!-- grid: total -->,
in NumPy 2 as in earlier releases:

```python title="grid.py (the sum)"
--8<-- "snippets/grid/grid.py:sum"
```

That is part of `grid.py`, which prints the shape and the sum:

```text
--8<-- "recorded/grid/grid.txt"
```

## The arithmetic

The numbers count up from zero, so their sum is
$\\frac{11 \\cdot 12}{2} = \\claim{grid: total}{66}$.

Back to [the weights](index.md#a-dense-layer).
""",
    "snippets/index/dense.py": """\
import keras

layer = keras.layers.Dense(2)
layer.build((None, 3))
print(layer.count_params())
""",
    "recorded/index/dense.txt": "8\n",
    "snippets/grid/grid.py": """\
import numpy as np

# --8<-- [start:sum]
grid = np.arange(12).reshape(3, 4)
total = int(grid.sum())
# --8<-- [end:sum]
print(grid.shape, total)
""",
    "recorded/grid/grid.txt": "(3, 4) 66\n",
}
ORIGINAL = (ROOT / IDENTITY).is_file()
ADOPTION = Background("adoption")


def copy_list() -> list[str]:
    """The paths the second site copies."""
    return list(COPIED)


def make_site(dest: Path) -> Path:
    """A second site in ``dest``: the copied files, its mkdocs.yml, two pages.

    The site's own ``[tool.doccheck]`` table replaces the article's.
    """
    for name in copy_list():
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=IGNORED)
        else:
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    (dest / IDENTITY).unlink()
    config = dest / "pyproject.toml"
    config.write_text(DOCCHECK_TABLE.sub("", config.read_text("utf-8")) + "\n" + SETTINGS, "utf-8")
    (dest / "mkdocs.yml").write_text(MKDOCS, "utf-8")
    for name, text in PAGES.items():
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        (dest / name).write_text(text, "utf-8")
    return dest


def adopt(scratch: Path) -> subprocess.CompletedProcess[str]:
    """``.ci/adopt.py`` in ``scratch``, with this interpreter (uv beside it)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    return subprocess.run(
        [sys.executable, str(ADOPT), str(scratch)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )


def adoption_runs(config: pytest.Config) -> bool:
    """Whether the adoption runs here: not in CI, whose own step runs it (``.ci/run``)."""
    return ADOPT.is_file() and (ROOT / "tool" / "pyproject.toml").is_file() and not in_ci()


def start_early(items: list[pytest.Item]) -> None:
    """Start the adoption before the first test (conftest calls this)."""
    if any(item.name.startswith("test_a_new_site") for item in items):
        if adoption_runs(items[0].config):
            ADOPTION.start("wheel", adopt)
            items[0].config.add_cleanup(ADOPTION.stop)


@pytest.mark.selfcheck
def test_the_second_site_copies_what_exists():
    missing = [name for name in copy_list() if not (ROOT / name).exists()]
    assert not missing, f"the second site copies files that do not exist: {missing}"


@pytest.mark.selfcheck
def test_a_new_site_adopts_the_wheel_and_passes_on_its_first_run(request):
    if in_ci():
        pytest.skip("CI runs .ci/adopt.py as a step of its own (.ci/run)")
    if not adoption_runs(request.config):
        pytest.skip("this site does not hold the checker's source (tool/, .ci/adopt.py)")
    done = ADOPTION.result("wheel", adopt)
    said = done.stdout + done.stderr
    assert done.returncode == 0, said[-6000:]
    assert re.search(r"from an empty folder to a green `make test`: \d+ s", said), said
    assert "a planted wrong number fails: docs/index.md:" in said, said
    assert "no trace of the article" in said, said
