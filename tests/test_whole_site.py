"""This site as a whole: what no single page's test sees.

The checker's own behaviour is tested with the checker (``tool/tests``); these run it on this
site's pages.
"""

from __future__ import annotations

import pytest

from doccheck import grammar
from doccheck.layout import rel


def test_nothing_from_outside_reaches_the_site(article):
    """The repository (or ``DOCCHECK_ROOT``'s tree): nothing from outside reaches its site.

    The includes on a page are its test_page's to report; here, what belongs to no page:
    mkdocs.yml's ``auto_append`` and the files MkDocs copies from ``docs/``.
    """
    pages = tuple(rel(p.path) + ":" for p in article.pages)
    problems = [p for p in article.missing_includes() if not p.startswith(pages)]
    problems += article.copied_from_outside()
    assert not problems, "\n".join(problems)


def test_every_quantity_on_the_pages_reads(article):
    """Whatever the grammar finds on the real pages, it can read (no quantity it cannot claim)."""
    for page in article.pages:
        text = page.path.read_text("utf-8")
        for q in grammar.quantities(text):
            if not q.is_name:
                assert q.reading is not None, (page.path, q.text)


def test_a_run_without_the_browser_tests_never_imports_them(request):
    """``make verify`` (``-m "not browser"``) skips test_browser.py's import (conftest)."""
    import sys

    from conftest import deselects_browser

    if not deselects_browser(request.config):
        pytest.skip('only a run with -m "not browser" leaves the module out')
    assert "test_browser" not in sys.modules
