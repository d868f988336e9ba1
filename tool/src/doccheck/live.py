"""The preview's live runs: each saved snippet runs in the warm worker, in the background.

``mkdocs serve`` rebuilds a page in a fraction of a second; a snippet's run takes longer, so the
preview (``doccheck.serve_hook``) never waits for one. It asks :class:`LiveRuns` for a run and
renders at once, with a status on each page whose snippets are waiting or running ("checking
s.py…"). One thread sends the runs to the worker, one at a time:

- saves are debounced: a snippet runs once its last request is :data:`QUIET` seconds old, so a
  burst of saves gives one run, of the last content; a save during its run queues one re-run;
- a run's outputs are refreshed as ``make refresh`` refreshes them (its recording and figures,
  ``doccheck.recordings.check_outputs``; the notebooks, ``doccheck.notebooks.write``), then its
  values are stored, which the preview watches: the pages are rebuilt with the new marks and
  outputs, and without the status;
- a worker that died (a snippet killed it, or someone did) is replaced at the next run: the
  preview starts ``python -m doccheck worker`` itself and says so once; it ends with the preview.

With no worker ever seen (none is running or starting), nothing is asked and nothing is run:
the preview never imports Keras itself.
"""

from __future__ import annotations

import atexit
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from doccheck.layout import Project, Snippet, rel
from doccheck.worker import PARENT, Worker, address, connect, starting

QUIET = 0.25  # seconds after a snippet's last save before it runs: a burst gives one run
STARTING = 300  # seconds a new worker may take to import Keras and answer
log = logging.getLogger("mkdocs.hooks.doccheck")


def start_worker(project: Project) -> subprocess.Popen[bytes]:
    """``python -m doccheck worker`` for ``project``, ending when this process does."""
    env = {**os.environ, "DOCCHECK_ROOT": str(project.root), PARENT: str(os.getpid())}
    command = [sys.executable, "-m", "doccheck", "worker"]
    return subprocess.Popen(command, cwd=project.root, env=env, stdin=subprocess.DEVNULL)


class LiveRuns:
    """The snippets waiting for a run or running for one preview, and the thread that runs them."""

    def __init__(
        self,
        project: Project,
        connect: Callable[[Project], Worker | None] = connect,
        start: Callable[[Project], subprocess.Popen[bytes]] = start_worker,
        quiet: float = QUIET,
    ) -> None:
        """Runs for ``project``; ``connect`` and ``start`` reach and start its worker."""
        self.project = project
        self.quiet = quiet
        self._connect, self._start = connect, start
        self._changed = threading.Condition()
        self._pending: dict[str, float] = {}  # snippet name: when it was last asked for
        self._running: set[str] = set()
        self._batches = 0  # runs taken from the queue and not yet stored
        self._asked: dict[str, str] = {}  # snippet name: its source hash when last asked for
        self._claims: set[tuple[str, str]] = set()  # (snippet, expression) asked for once
        self._had_worker = False  # a worker answered once: one that is gone is restarted
        self._started: list[subprocess.Popen[bytes]] = []
        self._thread: threading.Thread | None = None
        self.runs: list[str] = []  # each snippet run, by name, in order

    def available(self) -> bool:
        """Whether a worker can run anything: one answered before, or one is listening."""
        project = self.project
        return self._had_worker or address(project).exists() or starting(project) is not None

    def busy(self, names: Iterable[str]) -> list[str]:
        """Those of ``names`` waiting for a run or running, sorted."""
        with self._changed:
            return sorted(n for n in set(names) if n in self._pending or n in self._running)

    def request(self, names: Iterable[str]) -> None:
        """Run these snippets once each, after the quiet time; one running now runs again."""
        now = time.monotonic()
        with self._changed:
            for name in names:
                self._pending[name] = now
            self._changed.notify_all()
            if self._thread is None and self._pending:
                self._thread = threading.Thread(
                    target=self._loop, name="doccheck-live", daemon=True
                )
                self._thread.start()

    def request_changed(self, entries: dict[str, dict[str, Any]]) -> None:
        """Ask for each snippet whose source differs from its stored run and from its last ask."""
        from doccheck.lastrun import source_hash

        if not self.available():
            return
        wanted = []
        for snippet in self.project.find_snippets():
            source = source_hash(snippet)
            if entries.get(snippet.name, {}).get("source") == source:
                continue
            with self._changed:
                if self._asked.get(snippet.name) == source:
                    continue  # waiting, running or run: a rebuild is no new save
                self._asked[snippet.name] = source
            wanted.append(snippet.name)
        self.request(wanted)

    def request_claim(self, snippet: str, expression: str) -> None:
        """Run ``snippet`` for a claim its stored run lacks, once per claim (not at each save)."""
        if (snippet, expression) in self._claims or not self.available():
            return
        self._claims.add((snippet, expression))
        self.request([snippet])

    def wait(self, timeout: float = 60) -> bool:
        """Whether every asked-for run ended within ``timeout`` seconds (for tests and benches)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while self._pending or self._batches:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._changed.wait(left)
        return True

    def _loop(self) -> None:
        while True:
            with self._changed:
                while not self._pending:
                    self._changed.wait()
                while (left := max(self._pending.values()) + self.quiet - time.monotonic()) > 0:
                    self._changed.wait(left)  # a save within the quiet time starts it again
                names = sorted(self._pending)
                self._pending.clear()
                self._running.update(names)
                self._batches += 1
            try:
                self._run(names)
            except Exception as err:  # the preview goes on whatever a run does
                log.warning(f"doccheck could not run {', '.join(names)} in the worker: {err!r}")
            finally:
                with self._changed:
                    self._running.difference_update(names)
                    self._batches -= 1
                    self._changed.notify_all()

    def _run(self, names: list[str]) -> None:
        """Run ``names`` in the worker; refresh each one's outputs, then store its values."""
        from doccheck.article import Article
        from doccheck.lastrun import store

        worker = self._worker()
        if worker is None:
            with self._changed:
                for name in names:
                    self._asked.pop(name, None)  # a worker still starting: ask again later
            return
        article = Article.load(self.project)
        try:
            for name in names:
                snippet = Snippet(name, self.project)
                if not worker.alive:
                    with self._changed:
                        self._asked.pop(name, None)  # not run: the next rebuild asks again
                    continue
                if not snippet.path.is_file():
                    continue
                expressions = [c.expression for c in article.claims_for(snippet)]
                run, entry = worker.run(snippet, expressions)
                self.runs.append(name)
                outcome = f"{run.seconds:.2f} s" if run.error is None else run.error
                log.info(
                    f"doccheck: ran {rel(snippet.path)} in the warm worker {worker.pid} ({outcome})"
                )
                for line in refresh(run, article) if run.error is None else []:
                    log.info(f"doccheck: rewrote {line}")
                with self._changed:
                    # Done before the values are stored: the rebuild they start shows no status.
                    self._running.discard(name)
                    self._changed.notify_all()
                store(self.project, name, entry)
        finally:
            worker.close()

    def _worker(self) -> Worker | None:
        """The warm worker; a new one if the last one ended; None if there never was one.

        A worker still importing Keras is waited for.
        """
        worker = self._connect(self.project)
        if worker is None and starting(self.project) is not None:
            worker = self._await(lambda: starting(self.project) is not None, "the worker")
        if worker is not None or not self._had_worker:
            self._had_worker = self._had_worker or worker is not None
            return worker
        process = self._start(self.project)
        self._started.append(process)
        if len(self._started) == 1:
            atexit.register(self.stop)
        log.warning(
            f"doccheck: the warm worker had ended; started a new one (pid {process.pid}), "
            "which runs the saved snippets once it has imported Keras"
        )
        return self._await(lambda: process.poll() is None, f"the new worker (pid {process.pid})")

    def _await(self, alive: Callable[[], bool], name: str) -> Worker | None:
        """The worker once it answers; None if it ends first or takes :data:`STARTING` s."""
        deadline = time.monotonic() + STARTING
        while (worker := self._connect(self.project)) is None:
            if not alive():
                # It may have begun to listen just as it stopped saying it was starting.
                if (worker := self._connect(self.project)) is None:
                    log.warning(f"doccheck: {name} ended before it answered")
                return worker
            if time.monotonic() > deadline:
                log.warning(f"doccheck: {name} never answered")
                return None
            time.sleep(0.1)
        return worker

    def stop(self) -> None:
        """End the workers this preview started (``make serve`` ends the one it started)."""
        for process in self._started:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()


def refresh(run: Any, article: Any) -> list[str]:
    """Rewrite what ``make refresh`` would from ``run``: its recording, figures, the notebooks.

    The notebooks take every other snippet's output from its recording, as refresh does. On a
    backend other than TensorFlow nothing is written: the recordings are TensorFlow's.
    """
    from doccheck import notebooks, versions
    from doccheck.recordings import check_outputs

    if not versions.on_default_backend():
        return []
    _, rewritten = check_outputs(run, article, update=True)
    return rewritten + notebooks.write(article)


def snippet_names(includes: Iterable[Any]) -> set[str]:
    """The snippets a page shows, by name, from its includes (a snippet or its recording)."""
    names = set()
    for include in includes:
        path = Path(include.path)
        if path.parts[:1] in (("snippets",), ("recorded",)) and path.suffix in (".py", ".txt"):
            names.add(path.relative_to(path.parts[0]).with_suffix("").as_posix())
    return names
