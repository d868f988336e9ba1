"""Shared fixtures: the article read once, and each snippet run at most once per session.

Each run's claim values and duration go to pytest's cache (``python -m doccheck`` re-checks
the pages against them without TensorFlow; ``bench/`` reads the durations).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import supervisor
from sitetools import FAILURE_NOTES, in_ci

from doccheck import runner, versions
from doccheck.article import Article
from doccheck.lastrun import CACHE_KEY, observe
from doccheck.layout import PROJECT, Snippet
from doccheck.runner import DEFAULT_BACKEND, KERAS_BACKEND, Run, run_snippet

UPDATED = pytest.StashKey[list[str]]()
OBSERVED = pytest.StashKey[dict[str, dict[str, Any]]]()
SESSION = pytest.StashKey[pytest.Session]()


def selfcheck(config: pytest.Config) -> bool:
    """Whether the slow self-tests run: ``--selfcheck`` (``make test``) or CI."""
    return bool(config.getoption("--selfcheck")) or in_ci()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--selfcheck",
        action="store_true",
        help="also run the checker's self-tests on scratch sites (tests marked selfcheck)",
    )
    parser.addoption(
        "--update-recordings",
        action="store_true",
        help="rewrite the recorded outputs that differ from what the snippets print",
    )
    parser.addoption(
        "--record-backend",
        action="store_true",
        help="on DOCCHECK_BACKEND=jax or torch, after a run with no failure, add the backend's "
        "version to recorded/VERSIONS.json and the pages' stamp (`make matrix`)",
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--update-recordings") and not versions.on_default_backend():
        raise pytest.UsageError(
            f"--update-recordings records on {DEFAULT_BACKEND} only; this run is on "
            f"{KERAS_BACKEND} (DOCCHECK_BACKEND), which checks those recordings: unset "
            "DOCCHECK_BACKEND to refresh"
        )
    # From here on the session runs in a child process that this one watches, so that no
    # snippet or claim can end the run quietly (tests/supervisor.py). Before TensorFlow.
    supervisor.start(config)
    config.stash[UPDATED] = []
    config.stash[OBSERVED] = {}
    runner.progress = lambda what: supervisor.running(what=what)
    capture = config.pluginmanager.getplugin("capturemanager")

    def before_exit() -> None:
        # A snippet stuck past its deadline ends the process: its last words must not stay in
        # the capture file (see doccheck.runner.before_exit), and they are the only ones.
        supervisor.explained()
        if capture is not None:
            capture.suspend_global_capture()

    runner.before_exit = before_exit


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[SESSION] = session
    supervisor.running("collecting the tests")


def pytest_runtest_logstart(nodeid: str) -> None:
    supervisor.running(nodeid)


def pytest_unconfigure(config: pytest.Config) -> None:
    """The session is over: the supervisor checks that the process ends with its status."""
    session = config.stash.get(SESSION, None)
    if session is not None:
        supervisor.finished(session.exitstatus)


def pytest_report_header(config: pytest.Config) -> list[str]:
    """Python, TensorFlow, Keras, NumPy, the pinned backend, and what the recordings were made with.

    Read from the installed packages' metadata: collecting the tests imports no TensorFlow.
    """
    return versions.header(PROJECT)


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


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Store what each snippet run computed, for ``python -m doccheck`` and the benchmark.

    After a refresh that ran every snippet with no failure, ``recorded/VERSIONS.json`` and the
    pages' stamp say which versions the recordings were made with (``doccheck/versions.py``);
    after such a run on JAX or PyTorch with ``--record-backend``, that backend is added.
    """
    config = session.config
    snippets = {s.name for s in PROJECT.find_snippets()}
    whole = not session.testsfailed and snippets <= set(config.stash[OBSERVED])
    if config.getoption("--record-backend") and not hasattr(config, "workerinput"):
        if versions.on_default_backend():
            config.stash[UPDATED].append(
                f"nothing to add: {DEFAULT_BACKEND} is the recordings' own backend "
                "(DOCCHECK_BACKEND=jax or torch selects another)"
            )
        elif not whole:
            config.stash[UPDATED].append(
                f"{KERAS_BACKEND} not added to {versions.VERSIONS} and {versions.STAMP}: not "
                "every snippet ran, or a test failed"
            )
        else:
            written = versions.record_backend(PROJECT)
            config.stash[UPDATED].extend(f"rewrote {path}" for path in written)
    if config.getoption("--update-recordings") and not hasattr(config, "workerinput"):
        if not whole:
            config.stash[UPDATED].append(
                f"{versions.VERSIONS} and {versions.STAMP} (the pages' stamp) not rewritten: "
                "not every snippet ran, or a test failed"
            )
        else:
            changed = bool(config.stash[UPDATED])
            written = versions.refresh(PROJECT, changed)
            config.stash[UPDATED].extend(f"rewrote {path}" for path in written)
    cache = getattr(session.config, "cache", None)
    if cache is None:  # -p no:cacheprovider
        return
    for name, entry in session.config.stash[OBSERVED].items():
        cache.set(f"{CACHE_KEY}/{name}", entry)


def pytest_terminal_summary(terminalreporter, exitstatus, config: pytest.Config) -> None:
    updated = config.stash[UPDATED]
    if config.getoption("--update-recordings"):
        terminalreporter.section("recordings")
        for line in updated or ["all recordings were up to date; nothing written"]:
            terminalreporter.write_line(line)
    elif config.getoption("--record-backend"):
        terminalreporter.section(f"verified on {KERAS_BACKEND}")
        for line in updated or [f"{versions.STAMP} already says so; nothing written"]:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def article() -> Article:
    return Article.load()


@pytest.fixture(scope="session")
def runs(article: Article, request: pytest.FixtureRequest) -> Callable[[Snippet], Run]:
    cache: dict[Snippet, Run] = {}
    observed = request.config.stash[OBSERVED]

    def get(snippet: Snippet) -> Run:
        if snippet not in cache:
            claims = article.claims_for(snippet) if snippet.project == article.project else []
            where: dict[str, str] = {}
            for claim in claims:
                where.setdefault(claim.expression.strip(), claim.where)
            run = cache[snippet] = run_snippet(snippet, [c.expression for c in claims], where=where)
            if snippet.project == article.project:
                observed[snippet.name] = observe(snippet, run)
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
            try:
                report.sections.append(note())
            except Exception as err:  # a crashed page must not hide the test's own failure
                report.sections.append(("note", f"could not add a note: {err!r}"))
    return report
