"""Another site adopts the pipeline by the README's copy list, and its tests pass unedited.

The README's section "Use this pipeline for another site" lists what to copy (a ``text`` block)
and gives a minimal ``mkdocs.yml`` (a ``yaml`` block). This test copies exactly that into a
scratch folder, deletes the article's identity test, writes a two-page site (a Keras snippet, a
NumPy snippet shown by section, their recordings, claims in prose and in formulas) and runs the
site's own ``pytest -m "not browser"`` in a subprocess: it must pass. Then one claim is made
wrong, and the site's tests must name it.

The two runs take about 20 s, so they start in the background as soon as the tests are
collected (``start_early``, see ``background.py``). In a copy (where the identity test was
deleted) this test skips: it proves this repository's copy list, and would otherwise copy
itself forever.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from background import Background

from doccheck.layout import ROOT

README = ROOT / "README.md"
HEADING = "## Use this pipeline for another site"
IDENTITY = "tests/test_article_identity.py"
IGNORED = shutil.ignore_patterns("__pycache__", ".pytest_cache", ".ruff_cache")
# pyproject.toml's [tool.doccheck] holds a site's own vocabulary: the second site writes its own.
DOCCHECK_TABLE = re.compile(r"^\[tool\.doccheck\]\n(?:(?!\[).*\n?)*", re.M)
SETTINGS = '[tool.doccheck]\nversioned = ["NumPy"]  # "NumPy 2" names a release\n'

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
# The claim made wrong for the second run, and what the site's tests must say about it.
WRONG = ("8<!-- dense: layer.count_params() -->", "9<!-- dense: layer.count_params() -->")
LINE = 1 + PAGES["docs/index.md"].split(WRONG[0])[0].count("\n")
COMPLAINT = (
    f"docs/index.md:{LINE}: claims 9 for index/dense: layer.count_params(), the snippet gives 8"
)

ORIGINAL = (ROOT / IDENTITY).is_file()
pytestmark = [
    pytest.mark.selfcheck,
    pytest.mark.skipif(
        not ORIGINAL,
        reason=f"a copy of the pipeline ({IDENTITY} deleted): the adoption test is the original's",
    ),
]
RUNS = Background("adoption")


def section() -> str:
    """The README's adoption section, up to the next ``## `` heading."""
    text = README.read_text("utf-8")
    assert HEADING in text, f"README.md has no section {HEADING!r}"
    return text.split(HEADING, 1)[1].split("\n## ", 1)[0]


def fenced(text: str, language: str) -> str:
    """The first fenced block of ``language`` in ``text``."""
    match = re.search(rf"^```{language}\n(.*?)^```$", text, re.S | re.M)
    assert match, f"the README's section {HEADING!r} has no ```{language} block"
    return match.group(1)


def copy_list() -> list[str]:
    """The paths the README says to copy: the first word of each line of its ``text`` block."""
    return [line.split()[0] for line in fenced(section(), "text").splitlines() if line.strip()]


def make_site(dest: Path) -> Path:
    """A second site in ``dest``: the listed files, the README's mkdocs.yml, two pages.

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
    (dest / "mkdocs.yml").write_text(fenced(section(), "yaml"), "utf-8")
    for name, text in PAGES.items():
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        (dest / name).write_text(text, "utf-8")
    return dest


def pytest_in(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The site's own pytest, run from its root with this interpreter."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    # This run shares the machine with the whole suite and the browser tests (2 cores in CI):
    # once, under a load of 6, it ended with exit 3 and no message, as the runner's last resort
    # ends a snippet stuck past its 120 s deadline. What this test proves is the copy list.
    env.setdefault("DOCCHECK_TIMEOUT", "600")
    return subprocess.run(
        [sys.executable, "-m", "pytest", *args, "-q", "-p", "no:cacheprovider"],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def adopt(
    scratch: Path,
) -> tuple[subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]:
    """The second site's tests as written, then its snippet and page tests with a wrong claim."""
    site = make_site(scratch / "site")
    passing = pytest_in(site, "-m", "not browser")
    page = site / "docs" / "index.md"
    page.write_text(page.read_text("utf-8").replace(*WRONG, 1), "utf-8")
    return passing, pytest_in(site, "tests/test_snippets.py", "tests/test_pages.py")


def start_early(items: list[pytest.Item]) -> None:
    """Start the second site's runs before the first test (conftest calls this)."""
    if ORIGINAL and any(item.name.startswith("test_a_second_site") for item in items):
        RUNS.start("site", adopt)
        items[0].config.add_cleanup(RUNS.stop)


def test_the_copy_list_names_what_exists_and_the_identity_test():
    listed = copy_list()
    missing = [name for name in listed if not (ROOT / name).exists()]
    assert not missing, f"the README's copy list names files that do not exist: {missing}"
    assert "tests/" in listed
    assert f"delete {IDENTITY}" in section(), "the README must say to delete the identity test"


def test_a_second_site_passes_unedited_and_fails_on_a_wrong_claim():
    passing, wrong = RUNS.result("site", adopt)
    report = passing.stdout[-6000:] + passing.stderr[-3000:]
    assert passing.returncode == 0, f"the second site's tests failed:\n{report}"
    assert re.search(r"\b\d{2,} passed\b", passing.stdout), report
    assert wrong.returncode == 1, wrong.stdout[-6000:]
    assert COMPLAINT in wrong.stdout, wrong.stdout[-6000:]
