"""Shared fixtures: the article read once, and each snippet run at most once per session."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sitetools import FAILURE_NOTES

from doccheck.article import Article
from doccheck.layout import Snippet
from doccheck.runner import Run, run_snippet

UPDATED = pytest.StashKey[list[str]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-recordings",
        action="store_true",
        help="rewrite the recorded outputs that differ from what the snippets print",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.stash[UPDATED] = []


def pytest_terminal_summary(terminalreporter, exitstatus, config: pytest.Config) -> None:
    updated = config.stash[UPDATED]
    if config.getoption("--update-recordings"):
        terminalreporter.section("recordings")
        for line in updated or ["all recordings were up to date; nothing written"]:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def article() -> Article:
    return Article.load()


@pytest.fixture(scope="session")
def runs() -> Callable[[Snippet], Run]:
    cache: dict[Snippet, Run] = {}

    def get(snippet: Snippet) -> Run:
        if snippet not in cache:
            cache[snippet] = run_snippet(snippet)
        return cache[snippet]

    return get


@pytest.fixture(scope="session")
def update_recordings(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-recordings"))


@pytest.fixture(scope="session")
def updated(request: pytest.FixtureRequest) -> list[str]:
    """Where a test notes each file it rewrote, for the summary at the end."""
    return request.config.stash[UPDATED]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> pytest.TestReport:
    """A failed test's report gets the notes its fixtures registered (such as a screenshot)."""
    report = yield
    if report.failed and report.when == "call":
        for note in item.stash.get(FAILURE_NOTES, []):
            report.sections.append(note())
    return report
