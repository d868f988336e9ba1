"""One mistake on a page gives one failure, at the right file and line, with the right cause.

Each case copies the small second site of ``test_adoption.py``, makes one mistake a writer
makes, and runs the tests that read a site's pages (pages, snippets, the self-mutation check,
the builds, figures, words) in a subprocess. Exactly one test may fail, and the first line of
its message must name the place and the cause. Tests that depend on what already failed (a
build after a missing include, the mutation check of a claim that already fails) must skip.

The runs start in the background when the tests are collected (``start_early``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from test_adoption import ORIGINAL, make_site

from doccheck.testing import Background

# The tests that read the site's own pages; the checker's self-tests do not.
PAGE_TESTS = [
    "docs",  # the pytest plugin's page items (doccheck.pytest_items)
    "snippets",  # ... and its snippet items
    "tests/test_claims_can_fail.py",
    "tests/test_build.py",
    "tests/test_site_meta.py",
    "tests/test_zensical.py",
    "tests/test_figures.py",
    "tests/test_words.py",
]
INDEX = "docs/index.md"
DENSE = "snippets/index/dense.py"


def edit(path: str, old: str, new: str) -> Callable[[Path], None]:
    """A mistake: ``old`` replaced by ``new`` (once) in the site's file ``path``."""

    def apply(site: Path) -> None:
        text = (site / path).read_text("utf-8")
        assert old in text, f"{old!r} is not in {path}"
        (site / path).write_text(text.replace(old, new, 1), "utf-8")

    return apply


def line_of(text: str, marker: str) -> int:
    return 1 + text.split(marker, 1)[0].count("\n")


def cases() -> dict[str, tuple[Callable[[Path], None], str]]:
    """Each mistake, and the start of the one failure it must give."""
    from test_adoption import PAGES

    page = PAGES[INDEX]
    count = "8<!-- dense: layer.count_params() -->"
    include = '--8<-- "snippets/index/dense.py"'
    formula = "(3 + 1) \\cdot 2 ="
    return {
        "misspelled include": (
            edit(INDEX, include, '--8<-- "snippets/index/dens.py"'),
            f"{INDEX}:{line_of(page, include)}: includes snippets/index/dens.py, which does not "
            "exist",
        ),
        "claim naming a missing snippet": (
            edit(INDEX, count, "8<!-- dnese: layer.count_params() -->"),
            f"{INDEX}:{line_of(page, count)}: the claim <!-- index/dnese: layer.count_params() --> "
            "names snippets/index/dnese.py, which does not exist",
        ),
        "snippet that warns": (
            edit(
                DENSE,
                "import keras\n",
                "import keras\nimport warnings\n\nwarnings.warn('old idiom', DeprecationWarning)\n",
            ),
            f"{DENSE}:4: DeprecationWarning (warnings are errors in snippets): old idiom",
        ),
        "snippet that raises": (
            edit(DENSE, "print(", "raise ValueError('no channels')\nprint("),
            f"{DENSE}:5: ValueError: no channels",
        ),
        "wrong hand-computed number": (
            edit(INDEX, count, "9<!-- dense: layer.count_params() -->"),
            f"{INDEX}:{line_of(page, count)}: claims 9 for index/dense: layer.count_params(), "
            "the snippet gives 8",
        ),
        "comment left open at a paragraph's end": (
            edit(INDEX, count, "8<!-- dense: layer.count_params()"),
            f"{INDEX}:{line_of(page, count)}: this <!-- is not closed in its paragraph",
        ),
        "comment left open mid-paragraph": (
            edit(INDEX, "2<!-- dense: layer.bias.shape[0] -->", "2<!-- dense: layer.bias.shape[0]"),
            f"{INDEX}:{line_of(page, '2<!-- dense: layer.bias')}: this <!-- is not closed in "
            "its paragraph",
        ),
        "wrong number in a formula": (
            edit(INDEX, formula, "(3 + 2) \\cdot 2 ="),
            f"{INDEX}:{line_of(page, formula)}: the formula says (3 + 2) \\cdot 2 = 8",
        ),
        "wrong spelled count": (
            edit(
                INDEX,
                "2<!-- dense: layer.bias.shape[0] -->",
                "three<!-- dense: layer.bias.shape[0] -->",
            ),
            f'{INDEX}:{line_of(page, "2<!-- dense: layer.bias")}: says "three" (3) for '
            'index/dense: layer.bias.shape[0], the snippet gives 2 ("two")',
        ),
        "assert that cannot be false": (
            edit(INDEX, "biases.\n", "biases.<!-- assert dense: layer == layer -->\n"),
            f"{INDEX}:{line_of(page, 'biases.')}: <!-- assert index/dense: layer == layer --> "
            "cannot be false (layer == layer compares layer with itself)",
        ),
        "wrong claimed result of a formula": (
            edit(INDEX, "layer.count_params()}{8}", "layer.count_params()}{9}"),
            f"{INDEX}:{line_of(page, formula)}: claims 9 for index/dense: layer.count_params(), "
            "the snippet gives 8",
        ),
        "unclaimed shape": (
            edit(INDEX, "in all, a kernel of", "in all on a 16×16 map, a kernel of"),
            f"{INDEX}:{line_of(page, 'in all, a kernel of')}: 16×16 is a number nothing checks",
        ),
    }


RUNS = Background("one-mistake")
FAILED = re.compile(r"^(?:FAILED|ERROR) (?P<test>\S+)(?: - (?:Failed: )?(?P<message>.*))?$", re.M)


def run_all(scratch: Path) -> dict[str, subprocess.CompletedProcess[str]]:
    base = make_site(scratch / "base")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env["COLUMNS"] = "1000"  # the short summary keeps each failure's whole first line

    def run(name: str) -> subprocess.CompletedProcess[str]:
        site = scratch / re.sub(r"\W+", "-", name)
        shutil.copytree(base, site)
        cases()[name][0](site)
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                *PAGE_TESTS,
                "-q",
                "-rfE",
                "-p",
                "no:cacheprovider",
                # The builds a test breaks on purpose test the builders, not the site's pages.
                "-k",
                "not broken and not notices_a_change",
            ],
            cwd=site,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(cases(), pool.map(run, cases()), strict=True))


def start_early(items: list[pytest.Item]) -> None:
    if ORIGINAL and any(item.name.startswith("test_one_mistake") for item in items):
        RUNS.start("all", run_all)
        items[0].config.add_cleanup(RUNS.stop)


pytestmark = [
    pytest.mark.selfcheck,
    pytest.mark.skipif(not ORIGINAL, reason="a copy of the pipeline: the original's test"),
]


@pytest.mark.parametrize("name", list(cases()))
def test_one_mistake_gives_one_failure(name: str):
    result = RUNS.result("all", run_all)[name]
    failures = FAILED.findall(result.stdout)
    report = result.stdout[-5000:] + result.stderr[-2000:]
    assert len(failures) == 1, f"{len(failures)} failures for one mistake:\n{report}"
    (test, message) = failures[0]
    expected = cases()[name][1]
    assert message.startswith(expected), f"{test}: {message!r}\nexpected {expected!r}"
