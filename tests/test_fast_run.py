"""``make verify``, the writer's fast run: the article's checks, each page read once, one build.

The checker's self-tests on broken copies of the site and the portability checks (Zensical) are
``selfcheck``: ``make test`` and CI run them, and only there do their builds start. Every test
reads the pages the session read (the ``article`` fixture, ``doccheck.pytest_session``), never
its own copy.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import test_build
import test_zensical
from conftest import selfcheck

TESTS = Path(__file__).parent
# The browser tests are not part of the fast run; sitetools reads the pages for them, once.
READ_ELSEWHERE = ("test_browser.py", "sitetools.py")


def test_the_fast_run_builds_the_site_once(request):
    """Without --selfcheck, no broken copy and no Zensical build starts: the one build is the
    census's (or test_build's clean build, in a run without the census item)."""
    if selfcheck(request.config):
        pytest.skip("--selfcheck builds broken copies and Zensical's site too")
    started = test_build.BUILDS.started() + test_zensical.SITES.started()
    assert [name for name in started if name != "clean"] == [], f"builds started: {started}"


def page_reads(source: str) -> list[int]:
    """Lines that read the repository's pages anew: ``Article.load()``, ``read_page(...)``."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = ast.unparse(node.func)
        if (name == "Article.load" and not node.args) or name.endswith("read_page"):
            lines.append(node.lineno)
    return lines


def test_no_test_reads_the_pages_again():
    """A scratch copy may be loaded (``Article.load(project)``); the repository's pages are the
    session's, read once."""
    found = [
        f"tests/{path.name}:{line}"
        for path in sorted(TESTS.glob("*.py"))
        if path.name not in READ_ELSEWHERE
        for line in page_reads(path.read_text("utf-8"))
    ]
    assert not found, f"read the pages again (take the article fixture): {found}"


def test_a_second_read_is_found():
    source = "a = Article.load()\nb = Article.load(project)\nc = read_page(p)\n"
    assert page_reads(source) == [1, 3]
