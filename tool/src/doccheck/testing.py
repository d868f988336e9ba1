"""Helpers for a site's own test suite and the checker's: background work and scratch copies.

Slow, independent work (site builds and runs are subprocesses) can start as soon as the tests
are collected and run off the main path. A test module that defines ``start_early(items)`` is
called by its conftest (:func:`start_early_modules`) once the selected tests are known, before
the first test runs, and its tests are moved to the end of the session
(:func:`background_modules_last`). It starts its jobs on a :class:`Background`; its tests then
wait for the results. On a two-core machine the jobs use the second core while the main process
imports TensorFlow and runs the snippets. All modules share one worker thread, so that one job
runs at a time and the main process keeps a core to itself.

:func:`copy_project` copies what a build of a site reads, for tests that build or break a copy.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import TYPE_CHECKING, Any

from doccheck.layout import ROOT

if TYPE_CHECKING:
    import pytest


def _yield_to_the_main_path() -> None:
    """Lower this thread's priority, and so its subprocesses': they use only idle CPU time.

    On Linux the nice value belongs to a thread and is inherited by the processes it starts,
    so the tests' own process keeps its priority. Elsewhere this does nothing.
    """
    if sys.platform == "linux":
        os.nice(10)


_WORKER = ThreadPoolExecutor(
    max_workers=1, thread_name_prefix="background", initializer=_yield_to_the_main_path
)


class Background:
    """Named jobs, each run at most once per session, on the shared background thread."""

    def __init__(self, name: str) -> None:
        """Jobs whose scratch folders are named after ``name``."""
        self._name = name
        self._lock = threading.Lock()
        self._futures: dict[str, Future[Any]] = {}
        self._scratch: tempfile.TemporaryDirectory[str] | None = None

    def start(self, key: str, job: Callable[[Path], Any]) -> None:
        """Queue ``job(scratch)`` under ``key``, with a fresh scratch folder, unless queued."""
        with self._lock:
            if key in self._futures:
                return
            if self._scratch is None:
                self._scratch = tempfile.TemporaryDirectory(prefix=f"{self._name}-")
            scratch = Path(self._scratch.name) / key
            scratch.mkdir()
            self._futures[key] = _WORKER.submit(job, scratch)

    def started(self) -> list[str]:
        """The keys of the jobs queued so far, in order."""
        with self._lock:
            return list(self._futures)

    def result(self, key: str, job: Callable[[Path], Any]) -> Any:
        """What ``job`` returned (starting it now if nobody did), or the exception it raised.

        A job may call ``pytest.fail`` or ``pytest.skip``: the test that waits for it then
        fails or skips with that message.
        """
        self.start(key, job)
        return self._futures[key].result()

    def stop(self) -> None:
        """Drop the jobs nobody waited for (an aborted session) and remove the scratch."""
        for future in self._futures.values():
            future.cancel()
        wait(self._futures.values())  # a job still running writes to the scratch
        if self._scratch is not None:
            self._scratch.cleanup()


def _module(item: pytest.Item) -> Any:
    return getattr(item, "module", None)


def background_modules_last(items: list[pytest.Item]) -> None:
    """Move the tests of modules with background work (``start_early``) to the end, in place.

    They run when that work is most likely done.
    """
    items.sort(key=lambda item: hasattr(_module(item), "start_early"))


def start_early_modules(
    session: pytest.Session, runs: Callable[[pytest.Item], bool] = lambda item: True
) -> None:
    """Call each module's ``start_early`` with those of its selected tests that ``runs``.

    A test the run skips starts nothing. Not under pytest-xdist, where every worker collects
    every test (each test then starts its own work when it runs), nor with ``--collect-only``.
    """
    if hasattr(session.config, "workerinput") or session.config.option.collectonly:
        return
    selected: dict[Any, list[pytest.Item]] = {}
    for item in session.items:
        module = _module(item)
        if hasattr(module, "start_early") and runs(item):
            selected.setdefault(module, []).append(item)
    for module, items in selected.items():
        module.start_early(items)


def copy_project(dest: Path, root: Path = ROOT) -> Path:
    """A copy of everything a build of the site at ``root`` reads, in ``dest``; returns ``dest``."""
    for name in ("docs", "snippets", "recorded", "hooks"):
        if (root / name).is_dir():
            shutil.copytree(root / name, dest / name)
    shutil.copy(root / "mkdocs.yml", dest / "mkdocs.yml")
    return dest
