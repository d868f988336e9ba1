"""``mkdocs serve`` for tests and benches: started on a free port, its pages polled over HTTP.

The preview's tests (``tool/tests/test_preview_serve.py``) and the benches (``bench/serve.py``,
``bench/live.py``) start a real server on a scratch site and fetch a page until it shows what
an edit should make it show; this is the one copy of that. Standard library only.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

# A scratch site's mkdocs.yml under the preview: the plugin, includes from the site's root, and
# its snippets watched (a saved snippet rebuilds its pages).
SITE_CONFIG = """\
site_name: t
plugins: [doccheck]
markdown_extensions:
  - pymdownx.snippets:
      base_path: ["."]
watch: [snippets]
"""


def free_port() -> int:
    """A port nobody listens on now (the OS picks it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def mkdocs_serve(
    root: Path,
    log: Path,
    options: Sequence[str] = ("--dirty",),
    python: Sequence[str] = (),
    env: dict[str, str] | None = None,
    stop: int = signal.SIGTERM,
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``mkdocs serve OPTIONS`` in ``root``, its output in ``log``: the site's address, the server.

    ``python`` is put before ``-m mkdocs`` (``-X importtime``); ``stop`` is the signal that ends
    the server (SIGINT lets it exit as Ctrl-C does); it is killed if it has not within 15 s.
    """
    port = free_port()
    env = env if env is not None else {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    command = [sys.executable, *python, "-m", "mkdocs", "serve", *options]
    with log.open("wb") as out:
        server = subprocess.Popen(
            [*command, "-a", f"127.0.0.1:{port}"], cwd=root, env=env, stdout=out, stderr=out
        )
    try:
        yield f"http://127.0.0.1:{port}/", server
    finally:
        server.send_signal(stop)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def fetch(url: str) -> str:
    """The page at ``url``, or "" while the server does not answer."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return ""


def until(
    url: str,
    done: Callable[[str], object],
    what: str,
    timeout: float = 60,
    every: float = 0.01,
    log: Path | None = None,
) -> tuple[str, float]:
    """The page at ``url`` once ``done`` holds for it, and the seconds that took.

    Raises TimeoutError after ``timeout`` seconds: "the served page never WHAT", with the
    server's ``log``.
    """
    start = time.perf_counter()
    while True:
        page = fetch(url)
        if page and done(page):
            return page, time.perf_counter() - start
        if time.perf_counter() - start > timeout:
            said = f"; the server's log:\n{log.read_text('utf-8', 'replace')}" if log else ""
            raise TimeoutError(f"the served page never {what} within {timeout:g} s{said}")
        time.sleep(every)
