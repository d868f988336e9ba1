"""The pytest plugin's session, on a site (``doccheck.pytest_plugin`` registers it).

The site's own items, collected with no test file (``doccheck.pytest_items``). The site read
once, and each snippet run at most once per session, for those items and for the fixtures
``article``, ``runs``, ``update_recordings`` and ``updated`` (a site's own tests). The options
``--update-recordings`` and ``--record-backend``; the header with the versions; the supervisor
that no snippet ends the run quietly (``doccheck.supervisor``). Each run's claim values and
duration go to pytest's cache (``doccheck check`` re-checks the pages against them without
TensorFlow; ``bench/`` reads the durations); after a whole refresh, the recordings' versions
and the pages' stamp; after any refresh, the pages' notebooks
(``doccheck.notebooks``).

Importing this module imports no TensorFlow or Keras: the first snippet run does.
"""

from __future__ import annotations

import gc
from collections.abc import Callable

import pytest

from doccheck import notebooks, pytest_items, runner, supervisor, versions
from doccheck.article import Article
from doccheck.lastrun import CACHE_KEY
from doccheck.layout import PROJECT, Snippet
from doccheck.pytest_items import SITE, Site
from doccheck.runner import DEFAULT_BACKEND, KERAS_BACKEND, Run

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
    config.stash[SITE] = Site(PROJECT, update=bool(config.getoption("--update-recordings")))
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


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session: pytest.Session, items: list[pytest.Item]) -> None:
    """The site's items first; before ``-k``, ``-m`` and ``--deselect`` choose among them."""
    items[:0] = pytest_items.collect(session, PROJECT)


def pytest_collect_file(file_path, parent: pytest.Collector) -> pytest.Collector | None:
    """``pytest docs/index.md``: the page's item (added above), not "not found"."""
    if file_path.suffix not in (".md", ".py"):
        return None
    return pytest_items.named(file_path, parent, PROJECT)


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makemodule(module_path, parent: pytest.Collector) -> pytest.Collector | None:
    """A snippet named on the command line is the site's item, never a test module.

    pytest imports any ``.py`` file given as an argument to look for tests in it: a snippet
    would run at import, in the working directory, and leave its figures there.
    """
    return pytest_items.not_a_module(module_path, parent, PROJECT)


def pytest_report_collectionfinish(config: pytest.Config, items: list[pytest.Item]) -> list[str]:
    """How many of the items are the site's: pytest's own count leaves out those added above."""
    return pytest_items.summary(items)


def pytest_collection_finish(session: pytest.Session) -> None:
    """The census's build starts now, on the other core, while the snippets run.

    Not under pytest-xdist, where every worker collects every item: there it starts when it runs.
    """
    if not hasattr(session.config, "workerinput") and not session.config.option.collectonly:
        pytest_items.start_census(session.items)


def pytest_runtest_logstart(nodeid: str) -> None:
    """The supervisor names the test that runs."""
    supervisor.running(nodeid)


def pytest_unconfigure(config: pytest.Config) -> None:
    """The session is over: the supervisor checks that the process ends with its status.

    A process started as pytest ends now: the collector's passes at exit over every object the
    session made (TensorFlow's, each snippet's models) would free nothing anything reads, and
    cost half a second, so they are left out. A program that called ``pytest.main()`` and goes
    on keeps its collector.
    """
    session = config.stash.get(SESSION, None)
    if session is not None:
        supervisor.finished(session.exitstatus)
    if supervisor.started_as_pytest():
        gc.freeze()


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
    site = config.stash[SITE]
    snippets = {s.name for s in PROJECT.find_snippets()}
    whole = not session.testsfailed and snippets <= set(site.observed)
    if config.getoption("--record-backend") and not hasattr(config, "workerinput"):
        if versions.on_default_backend():
            site.updated.append(
                f"nothing to add: {DEFAULT_BACKEND} is the recordings' own backend "
                "(DOCCHECK_BACKEND=jax or torch selects another)"
            )
        elif not whole:
            site.updated.append(
                f"{KERAS_BACKEND} not added to {versions.VERSIONS} and {versions.STAMP}: not "
                "every snippet ran, or a test failed"
            )
        else:
            written = versions.record_backend(PROJECT)
            site.updated.extend(f"rewrote {path}" for path in written)
    if config.getoption("--update-recordings") and not hasattr(config, "workerinput"):
        if not whole:
            site.updated.append(
                f"{versions.VERSIONS} and {versions.STAMP} (the pages' stamp) not rewritten: "
                "not every snippet ran, or a test failed"
            )
        else:
            changed = bool(site.updated)
            written = versions.refresh(PROJECT, changed)
            site.updated.extend(f"rewrote {path}" for path in written)
        # The pages' notebooks follow the snippets and recordings as they now are, whole or not.
        written = notebooks.write(Article.load(PROJECT))
        site.updated.extend(f"rewrote {path}" for path in written)
    cache = getattr(session.config, "cache", None)
    if cache is None:  # -p no:cacheprovider
        return
    for name, entry in site.observed.items():
        cache.set(f"{CACHE_KEY}/{name}", entry)


def pytest_terminal_summary(terminalreporter, exitstatus, config: pytest.Config) -> None:
    """What a refresh or ``--record-backend`` wrote, or that nothing needed writing."""
    updated = config.stash[SITE].updated
    if config.getoption("--update-recordings"):
        terminalreporter.section("recordings")
        for line in updated or ["all recordings were up to date; nothing written"]:
            terminalreporter.write_line(line)
    elif config.getoption("--record-backend"):
        terminalreporter.section(f"verified on {KERAS_BACKEND}")
        for line in updated or [f"{versions.STAMP} already says so; nothing written"]:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def article(request: pytest.FixtureRequest) -> Article:
    """The site's pages and snippets, read once (the site's items read the same)."""
    return request.config.stash[SITE].article


@pytest.fixture(scope="session")
def runs(request: pytest.FixtureRequest) -> Callable[[Snippet], Run]:
    """Runs a snippet, at most once per session, with the claims the pages make on it."""
    return request.config.stash[SITE].run


@pytest.fixture(scope="session")
def update_recordings(request: pytest.FixtureRequest) -> bool:
    """Whether this run rewrites stale recordings (``--update-recordings``)."""
    return request.config.stash[SITE].update


@pytest.fixture(scope="session")
def updated(request: pytest.FixtureRequest) -> list[str]:
    """Where a test notes each file it rewrote, for the summary at the end."""
    return request.config.stash[SITE].updated
