"""The article's own test set-up: the checker's self-tests, background work, failure notes.

What every site's run needs (its page, snippet and census items, ``doccheck.pytest_items``;
the fixtures ``article``, ``runs``, ``updated``, the options ``--update-recordings`` and
``--record-backend``, the versions header, the supervisor, storing each run's values) is the
checker's pytest plugin, ``doccheck.pytest_session``, which pytest loads because pyproject.toml
has a ``[tool.doccheck]`` table.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sitetools import FAILURE_NOTES, in_ci

from doccheck import pytest_items
from doccheck.testing import background_modules_last, start_early_modules


def selfcheck(config: pytest.Config) -> bool:
    """Whether the slow self-tests run: ``--selfcheck`` (``make test``) or CI."""
    return bool(config.getoption("--selfcheck")) or in_ci()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--selfcheck",
        action="store_true",
        help="also run the checker's self-tests on scratch sites and broken copies, and the "
        "Zensical builds (tests marked selfcheck)",
    )


def deselects_browser(config: pytest.Config) -> bool:
    """Whether this run leaves the browser tests out (``make verify``: ``-m "not browser"``)."""
    return " ".join(config.option.markexpr.split()) == "not browser"


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """test_browser.py, all of whose tests are marked browser, is not even imported by a run
    that deselects them: importing it (Playwright, every page read) is seconds of CPU."""
    if collection_path.name == "test_browser.py" and deselects_browser(config):
        return True
    return None


def pytest_configure(config: pytest.Config) -> None:
    """One MkDocs build for the census item and test_build.py's strict build (and what reads
    it): the census's build is strict, under ``-X importtime`` (``pytest_items.SHARE_BUILD``)."""
    config.stash[pytest_items.SHARE_BUILD] = True


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests of modules with background work (see below) run last, when it is most likely done.

    The checker's self-tests on scratch sites and broken copies, and the portability checks
    (``selfcheck``), take a minute of two cores: the writer's fast run (``make verify``) skips
    them, saying so; ``make test`` and CI run them.
    """
    background_modules_last(items)
    if not selfcheck(config):
        skip = pytest.mark.skip(
            reason="a self-test of the checker or a portability check, not in the writer's fast "
            "run: runs with --selfcheck, in `make test` and in CI"
        )
        for item in items:
            if item.get_closest_marker("selfcheck"):
                item.add_marker(skip)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Let a test module start slow subprocesses before the first test runs.

    A module that defines ``start_early(items)`` gets its selected tests that run (not the
    skipped self-tests), so that, say, the site builds use the second core while this process
    imports TensorFlow and runs the snippets (``doccheck.testing``).
    """
    runs_all = selfcheck(session.config)
    start_early_modules(session, lambda item: runs_all or not item.get_closest_marker("selfcheck"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> pytest.TestReport:
    """A failed test's report gets the notes its fixtures registered (such as a screenshot)."""
    report = yield
    if report.failed and report.when == "call":
        for note in item.stash.get(FAILURE_NOTES, []):
            try:
                report.sections.append(note())
            except Exception as err:  # a crashed page must not hide the test's own failure
                report.sections.append(("note", f"could not add a note: {err!r}"))
    return report
