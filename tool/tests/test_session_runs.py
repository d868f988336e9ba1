"""How the pytest plugin's session runs a site's snippets (``doccheck.pytest_items.Site.run``).

A snippet imports as ``python snippet.py`` would: pytest's assertion rewriter, which is asked
about every module the process imports (all of TensorFlow's, for the first run), is out of the
way while it runs; the session's first run, which imports Keras, runs without the cyclic
collector. Both are back afterwards, for the tests that follow. A session started as pytest
ends with its objects out of the collector's reach.
"""

from __future__ import annotations

import gc
import re
import sys

import pytest
from scratch import one_page_site

from doccheck.layout import Project, Snippet
from doccheck.pytest_items import Site

PAGE = '# Page\n\n```python\n--8<-- "snippets/p/first.py"\n--8<-- "snippets/p/second.py"\n```\n'
SEES = (
    "import gc\nimport sys\n\n"
    "hooked = any(type(f).__name__ == 'AssertionRewritingHook' for f in sys.meta_path)\n"
    "collecting = gc.isenabled()\n"
)


def hooked() -> bool:
    return any(type(f).__name__ == "AssertionRewritingHook" for f in sys.meta_path)


def test_snippets_import_without_pytests_hook_and_the_first_without_collection(
    tmp_path, monkeypatch
):
    if not hooked() or not gc.isenabled():
        pytest.skip("this run has no assertion rewriting (--assert=plain) or no collector")
    root = one_page_site(tmp_path, PAGE, {"first": SEES, "second": SEES})
    monkeypatch.chdir(root)
    site = Site(Project(root))
    first = site.run(Snippet("p/first", site.project))
    second = site.run(Snippet("p/second", site.project))
    assert not first.error and not second.error, (first.error, second.error)
    assert (first.namespace["hooked"], second.namespace["hooked"]) == (False, False)
    assert (first.namespace["collecting"], second.namespace["collecting"]) == (False, True)
    assert hooked() and gc.isenabled(), "the session's own imports lost the hook or collector"


AT_EXIT = """
import atexit
import gc
import os

atexit.register(lambda: os.write(1, f"FROZEN {gc.get_freeze_count()}\\n".encode()))
"""


def test_a_session_started_as_pytest_ends_without_a_collection_pass(pytester, monkeypatch):
    """Its objects are out of the collector's reach when the process ends (``pytest_session``):
    Python's passes at exit over them would free nothing anything reads."""
    monkeypatch.delenv("DOCCHECK_ROOT", raising=False)
    pytester.makepyprojecttoml('[project]\nname = "inner"\n\n[tool.doccheck]\n')
    pytester.makeconftest(AT_EXIT)
    pytester.makepyfile(test_inner="def test_inner():\n    pass\n")
    result = pytester.runpytest_subprocess("test_inner.py", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    frozen = [int(n) for n in re.findall(r"^FROZEN (\d+)$", result.stdout.str(), re.M)]
    assert frozen and max(frozen) > 0, result.stdout.str()
