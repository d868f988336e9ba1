"""The pytest plugin's session, on a site (``doccheck.pytest_plugin`` registers it).

The site read once, and each snippet run at most once per session: the fixtures ``article``,
``runs``, ``update_recordings`` and ``updated``. The options ``--update-recordings`` and
``--record-backend``; the header with the versions; the supervisor that no snippet ends the
run quietly (``doccheck.supervisor``). Each run's claim values and duration go to pytest's cache
(``doccheck check`` re-checks the pages against them without TensorFlow; ``bench/`` reads the
durations); after a whole refresh, the recordings' versions and the pages' stamp; after any
refresh, the pages' notebooks (``doccheck.notebooks``).

Importing this module imports no TensorFlow or Keras: the first snippet run does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from doccheck import notebooks, runner, supervisor, versions
from doccheck.article import Article
from doccheck.lastrun import CACHE_KEY, observe
from doccheck.layout import PROJECT, Snippet
from doccheck.runner import DEFAULT_BACKEND, KERAS_BACKEND, Run, run_snippet

UPDATED = pytest.StashKey[list[str]]()
OBSERVED = pytest.StashKey[dict[str, dict[str, Any]]]()
SESSION = pytest.StashKey[pytest.Session]()


def pytest_addoption(parser: pytest.Parser) -> None:
    """The options of a site's test run."""
    group = parser.getgroup("doccheck", "doccheck: a site whose code runs and numbers hold")
    group.addoption(
        "--update-recordings",
        action="store_true",
        help="rewrite the recorded outputs that differ from what the snippets print",
    )
    group.addoption(
        "--record-backend",
        action="store_true",
        help="on DOCCHECK_BACKEND=jax or torch, after a run with no failure, add the backend's "
        "version to recorded/VERSIONS.json and the pages' stamp (`make matrix`)",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Refuse a refresh on another backend; start the supervisor, before TensorFlow."""
    if config.getoption("--update-recordings") and not versions.on_default_backend():
        raise pytest.UsageError(
            f"--update-recordings records on {DEFAULT_BACKEND} only; this run is on "
            f"{KERAS_BACKEND} (DOCCHECK_BACKEND), which checks those recordings: unset "
            "DOCCHECK_BACKEND to refresh"
        )
    # From here on the session runs in a child process that this one watches, so that no
    # snippet or claim can end the run quietly (doccheck.supervisor). Before TensorFlow.
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
    """Keep the session for the end; the supervisor names collection as what runs."""
    session.config.stash[SESSION] = session
    supervisor.running("collecting the tests")


def pytest_runtest_logstart(nodeid: str) -> None:
    """The supervisor names the test that runs."""
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


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Store what each snippet run computed, for ``doccheck check`` and the benchmark.

    After a refresh that ran every snippet with no failure, ``recorded/VERSIONS.json`` and the
    pages' stamp say which versions the recordings were made with (``doccheck.versions``);
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
        # The pages' notebooks follow the snippets and recordings as they now are, whole or not.
        written = notebooks.write(Article.load(PROJECT))
        config.stash[UPDATED].extend(f"rewrote {path}" for path in written)
    cache = getattr(session.config, "cache", None)
    if cache is None:  # -p no:cacheprovider
        return
    for name, entry in session.config.stash[OBSERVED].items():
        cache.set(f"{CACHE_KEY}/{name}", entry)


def pytest_terminal_summary(terminalreporter, exitstatus, config: pytest.Config) -> None:
    """What a refresh or ``--record-backend`` wrote, or that nothing needed writing."""
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
    """The site's pages and snippets, read once."""
    return Article.load()


@pytest.fixture(scope="session")
def runs(article: Article, request: pytest.FixtureRequest) -> Callable[[Snippet], Run]:
    """Runs a snippet, at most once per session, with the claims the pages make on it."""
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
    """Whether this run rewrites stale recordings (``--update-recordings``)."""
    return bool(request.config.getoption("--update-recordings"))


@pytest.fixture(scope="session")
def updated(request: pytest.FixtureRequest) -> list[str]:
    """Where a test notes each file it rewrote, for the summary at the end."""
    return request.config.stash[UPDATED]
