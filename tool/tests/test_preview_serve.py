"""A real ``mkdocs serve --dirty`` with the plugin: the served page follows snippets and runs."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from scratch import one_page_site, warm_worker

from doccheck.lastrun import store, stored_value
from doccheck.layout import Project

PAGE = '# P\n\nIt has 56<!-- s: n --> weights.\n\n```python\n--8<-- "snippets/p/s.py"\n```\n'
CONFIG = """\
site_name: t
plugins: [doccheck]
markdown_extensions:
  - pymdownx.snippets:
      base_path: ["."]
watch: [snippets]
"""
MARK = re.compile(r'<mark class="doccheck" title="([^"]*)">')
GAVE_84 = "claims 56 for p/s: n, the last verified run gave 84"


def free_port() -> int:
    """A port nobody listens on now (the OS picks it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(root: Path) -> Iterator[tuple[str, Path]]:
    """``mkdocs serve --dirty`` on ``root``: the page's address and the server's log."""
    port = free_port()
    log = root / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"]
    with log.open("wb") as out:
        server = subprocess.Popen(command, cwd=root, env=env, stdout=out, stderr=out)
    try:
        yield f"http://127.0.0.1:{port}/p/", log
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def served_until(url: str, log: Path, done: Callable[[str], bool], what: str) -> str:
    """The page as served once ``done`` holds for it; fails with the log after 60 s."""
    deadline = time.monotonic() + 60
    page = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                page = response.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            page = ""
        if page and done(page):
            return page
        time.sleep(0.2)
    raise AssertionError(f"the served page never {what}; the server's log:\n{log.read_text()}")


def test_the_dirty_preview_follows_a_saved_snippet_and_newly_stored_values(tmp_path):
    """Saving a snippet rebuilds its page, checked as before (it once logged "could not check
    p.md: TypeError(...)" and lost its marks); storing new values, as `doccheck run` does,
    marks the claim they contradict, with no page saved and no command typed."""
    root = one_page_site(tmp_path, PAGE, {"s": "n = 56\n"})
    (root / "mkdocs.yml").write_text(CONFIG, "utf-8")
    store(Project(root), "p/s", {"values": {"n": stored_value(56)}})
    with serving(root) as (url, log):
        served_until(url, log, lambda page: "It has 56" in page, "showed the claim")
        time.sleep(1.1)  # the snippet's new time must be later than the page's build
        (root / "snippets" / "p" / "s.py").write_text("n = 84  # three filters\n", "utf-8")
        page = served_until(url, log, lambda page: "three filters" in page, "showed the edit")
        assert "could not check" not in log.read_text(), log.read_text()
        assert not MARK.search(page)  # the stored values still say 56: nothing run yet
        store(Project(root), "p/s", {"values": {"n": stored_value(84)}})
        page = served_until(url, log, MARK.search, "marked the claim the new values contradict")
        assert MARK.search(page)[1].startswith(GAVE_84)
        store(Project(root), "p/s", {"values": {"n": stored_value(56)}})
        served_until(url, log, lambda page: not MARK.search(page), "dropped the mark")
        assert "could not check" not in log.read_text(), log.read_text()


def test_with_a_warm_worker_a_saved_snippet_changes_the_marks_with_no_command(tmp_path):
    """The writer edits the value a snippet computes and saves: the preview has the worker run
    it, stores the values and marks the claim the new value contradicts; fixing the snippet
    back takes the mark away. Nothing is typed, no page is saved."""
    root = one_page_site(tmp_path, PAGE, {"s": "n = 56\n"})
    (root / "mkdocs.yml").write_text(CONFIG, "utf-8")
    snippet = root / "snippets" / "p" / "s.py"
    with warm_worker(root), serving(root) as (url, log):
        page = served_until(url, log, lambda page: "It has 56" in page, "showed the claim")
        assert not MARK.search(page)  # the worker ran it for the first build: 56 holds
        time.sleep(1.1)  # the snippet's new time must be later than the page's build
        snippet.write_text("n = 84  # three filters\n", "utf-8")
        page = served_until(url, log, MARK.search, "marked the claim after the snippet changed")
        assert "three filters" in page
        assert MARK.search(page)[1].startswith(GAVE_84)
        snippet.write_text("n = 56  # two filters\n", "utf-8")
        served_until(url, log, lambda page: not MARK.search(page), "dropped the mark")
        assert "ran snippets/p/s.py in the warm worker" in log.read_text()
