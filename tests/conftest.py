"""The article's own test set-up: the checker's self-tests, background work, failure notes.

What every site's run needs (its page, snippet and census items, ``doccheck.pytest_items``;
the fixtures ``article``, ``runs``, ``updated``, the options ``--update-recordings`` and
``--record-backend``, the versions header, the supervisor, storing each run's values) is the
checker's pytest plugin, ``doccheck.pytest_session``, which pytest loads because pyproject.toml
has a ``[tool.doccheck]`` table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sitetools import FAILURE_NOTES, in_ci

from doccheck import pytest_items

# Nested pytest runs (tests/test_package.py) through pytest's own pytester.
pytest_plugins = ("pytester",)


def selfcheck(config: pytest.Config) -> bool:
    """Whether the slow self-tests run: ``--selfcheck`` (``make test``) or CI."""
    return bool(config.getoption("--selfcheck")) or in_ci()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--selfcheck",
        action="store_true",
        help="also run the checker's self-tests on scratch sites (tests marked selfcheck)",
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

    The checker's self-tests on scratch sites (``selfcheck``) take a minute of two cores: the
    writer's fast run (``make verify``) skips them, saying so; ``make test`` and CI run them.
    """
    items.sort(key=lambda item: hasattr(getattr(item, "module", None), "start_early"))
    if not selfcheck(config):
        skip = pytest.mark.skip(
            reason="a self-test of the checker: runs with --selfcheck, in `make test` and in CI"
        )
        for item in items:
            if item.get_closest_marker("selfcheck"):
                item.add_marker(skip)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Let a test module start slow subprocesses before the first test runs (``background.py``).

    A module that defines ``start_early(items)`` gets its selected tests, so that, say, the
    site builds use the second core while this process imports TensorFlow and runs the
    snippets. Under pytest-xdist every worker collects every test: each test then starts its
    own work when it runs.
    """
    if hasattr(session.config, "workerinput") or session.config.option.collectonly:
        return
    selected: dict[Any, list[pytest.Item]] = {}
    for item in session.items:
        if item.get_closest_marker("selfcheck") and not selfcheck(session.config):
            continue  # skipped: start nothing for it
        module = getattr(item, "module", None)
        if hasattr(module, "start_early"):
            selected.setdefault(module, []).append(item)
    for module, items in selected.items():
        module.start_early(items)


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
