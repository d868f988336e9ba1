"""A real ``mkdocs serve --dirty`` with the plugin: the served page follows snippets and runs."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from scratch import one_page_site, warm_worker

from doccheck.lastrun import load, store, stored_value
from doccheck.layout import Project
from doccheck.serving import SITE_CONFIG, mkdocs_serve, until

PAGE = '# P\n\nIt has 56<!-- s: n --> weights.\n\n```python\n--8<-- "snippets/p/s.py"\n```\n'
MARK = re.compile(r'<mark class="doccheck" title="([^"]*)">')
GAVE_84 = "claims 56 for p/s: n, the last verified run gave 84"


@contextmanager
def serving(root: Path) -> Iterator[tuple[str, Path]]:
    """``mkdocs serve --dirty`` on ``root``: the page's address and the server's log."""
    log = root / "serve.log"
    with mkdocs_serve(root, log) as (address, _):
        yield address + "p/", log


def served_until(url: str, log: Path, done: Callable[[str], object], what: str) -> str:
    """The page as served once ``done`` holds for it; fails with the log after 60 s."""
    return until(url, done, what, timeout=60, every=0.05, log=log)[0]


def test_the_dirty_preview_follows_a_saved_snippet_and_newly_stored_values(tmp_path):
    """Saving a snippet rebuilds its page, checked as before (it once logged "could not check
    p.md: TypeError(...)" and lost its marks); storing new values, as `doccheck run` does,
    marks the claim they contradict, with no page saved and no command typed."""
    root = one_page_site(tmp_path, PAGE, {"s": "n = 56\n"})
    (root / "mkdocs.yml").write_text(SITE_CONFIG, "utf-8")
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
    (root / "mkdocs.yml").write_text(SITE_CONFIG, "utf-8")
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


LIVE_PAGE = PAGE + '\n```text\n--8<-- "recorded/p/s.txt"\n```\n'
STATUS = '<div class="admonition info doccheck-status" role="status" aria-live="polite">'
SLOW = "import time\n\ntime.sleep(1.5)\nn = 84\nprint(n, 'three filters')\n"
CRASH = "import os\nimport signal\n\nn = 56\nos.kill(os.getpid(), signal.SIGKILL)\n"


def test_the_page_shows_the_run_then_its_marks_and_output_and_a_dead_worker_is_replaced(
    tmp_path,
):
    """A save shows "checking s.py…" on the page until the worker's answer, which brings the
    mark and the new recording (rewritten as `make refresh` would) with no command typed. A
    snippet that kills the worker is named in the log; the next save starts a new worker,
    said once, which runs it; that worker ends with the preview."""
    from doccheck.worker import address

    root = one_page_site(tmp_path, LIVE_PAGE, {"s": "n = 56\nprint(n)\n"})
    (root / "mkdocs.yml").write_text(
        SITE_CONFIG.replace("[snippets]", "[snippets, recorded]"), "utf-8"
    )
    (root / "recorded" / "p").mkdir(parents=True)
    (root / "recorded" / "p" / "s.txt").write_text("56\n", "utf-8")
    snippet = root / "snippets" / "p" / "s.py"
    with warm_worker(root), serving(root) as (url, log):
        settled = served_until(url, log, lambda p: "It has 56" in p and STATUS not in p, "settled")
        assert not MARK.search(settled)
        time.sleep(1.1)  # the snippet's new time must be later than the page's build
        snippet.write_text(SLOW, "utf-8")
        running = served_until(url, log, lambda page: STATUS in page, "showed the run")
        assert "doccheck: checking s.py…" in running and not MARK.search(running)
        page = served_until(url, log, lambda p: STATUS not in p and MARK.search(p), "marked it")
        assert MARK.search(page)[1].startswith(GAVE_84)
        assert "84 three filters" in page
        assert (root / "recorded" / "p" / "s.txt").read_text("utf-8") == "84 three filters\n"

        snippet.write_text(CRASH, "utf-8")
        served_until(url, log, lambda _: "ended the warm worker" in log.read_text(), "named it")
        assert "snippets/p/s.py: ended the warm worker" in log.read_text()
        snippet.write_text("n = 56\nprint(n)\n", "utf-8")

        def mended(page: str) -> bool:
            entry = load(Project(root)).get("p/s", {})
            return entry.get("values") == {"n": {"number": 56}} and STATUS not in page

        page = served_until(url, log, mended, "ran the mended snippet in a new worker")
        assert not MARK.search(page)
        assert log.read_text().count("started a new one") == 1, log.read_text()
    deadline = time.monotonic() + 15
    while address(Project(root)).exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not address(Project(root)).exists(), "the worker the preview started outlived it"
