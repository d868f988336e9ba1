"""Slow, independent work (site builds are subprocesses) started early and run off the main path.

A test module that defines ``start_early(items)`` is called by conftest once the selected tests
are known, before the first test runs, and its tests are moved to the end of the session. It
starts its jobs on a :class:`Background`; its tests then wait for the results. On a two-core
machine the jobs use the second core while the main process imports TensorFlow and runs the
snippets. All modules share one worker thread, so that one job runs at a time and the main
process keeps a core to itself.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any


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
