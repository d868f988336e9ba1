"""The preview's live runs (``doccheck.live``): debounced, refreshed, restarted, shown running.

A fake worker stands in for ``python -m doccheck worker`` (the real one is driven through
``mkdocs serve`` in test_preview_serve.py): it records what it ran and can be held mid-run.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import threading
import time
from pathlib import Path
from types import SimpleNamespace

from test_preview import dirty_site, rebuilt

from doccheck.lastrun import load, source_hash, store, stored_value
from doccheck.layout import Project, Snippet
from doccheck.live import LiveRuns
from doccheck.runner import Run
from doccheck.worker import address, starting

PAGE = (
    '# P\n\n--8<-- "recorded/notebooks/p.md"\n\nIt has 56<!-- s: n --> weights.\n\n'
    '```python\n--8<-- "snippets/p/s.py"\n```\n\n```text\n--8<-- "recorded/p/s.txt"\n```\n'
)


class FakeWorker:
    """A worker that "runs" a snippet by reading it: ``n = <number>`` gives its value."""

    def __init__(self, pid: int = 1, dies: bool = False) -> None:
        self.pid, self.alive, self.dies = pid, True, dies
        self.ran: list[str] = []  # the snippets' sources as each run read them
        self.hold = threading.Event()
        self.hold.set()  # cleared: each run waits until it is set again
        self.started = threading.Event()

    def run(self, snippet: Snippet, expressions: list[str]) -> tuple[Run, dict]:
        source = snippet.path.read_text("utf-8")
        self.started.set()
        self.hold.wait(30)
        self.ran.append(source)
        if self.dies:
            self.alive = False
            run = Run(snippet, error=f"snippets/{snippet.name}.py: ended the warm worker")
            return run, {"source": source_hash(snippet), "error": run.error, "values": {}}
        number = int(source.split("=")[1].split()[0])
        run = Run(snippet, stdout=f"{number}\n", files={"w.svg": f"<svg>{number}</svg>".encode()})
        values = {e.strip(): stored_value(number) for e in expressions}
        return run, {"source": source_hash(snippet), "error": None, "values": values}

    def close(self) -> None:
        pass


def site(tmp_path: Path, page: str = PAGE) -> Project:
    (tmp_path / "docs" / "notebooks").mkdir(parents=True)
    (tmp_path / "docs" / "p.md").write_text(page, "utf-8")
    (tmp_path / "snippets" / "p").mkdir(parents=True)
    (tmp_path / "snippets" / "p" / "s.py").write_text("n = 56\n", "utf-8")
    (tmp_path / "recorded" / "p").mkdir(parents=True)
    (tmp_path / "recorded" / "p" / "s.txt").write_text("56\n", "utf-8")
    return Project(tmp_path)


def save(project: Project, number: int) -> None:
    (project.snippets / "p" / "s.py").write_text(f"n = {number}\n", "utf-8")


def test_a_burst_of_saves_gives_one_run_of_the_last_and_a_save_mid_run_one_more(tmp_path):
    """Five saves within the quiet time: one run, of the fifth. Three saves while a run goes
    on: exactly one run after it, of the last."""
    project = site(tmp_path)
    worker = FakeWorker()
    live = LiveRuns(project, connect=lambda p: worker, quiet=0.5)
    for number in range(1, 6):
        save(project, number)
        live.request(["p/s"])
        time.sleep(0.05)  # saves 50 ms apart: each within the quiet time of the last
    assert live.busy(["p/s", "p/other"]) == ["p/s"]
    assert live.wait(30)
    assert worker.ran == ["n = 5\n"]
    assert load(project)["p/s"]["values"] == {"n": {"number": 5}}

    worker.hold.clear()
    worker.started.clear()
    live.request(["p/s"])
    assert worker.started.wait(30)
    for number in (6, 7, 8):
        save(project, number)
        live.request(["p/s"])
    worker.hold.set()
    assert live.wait(30)
    assert worker.ran == ["n = 5\n", "n = 5\n", "n = 8\n"]
    assert live.runs == ["p/s"] * 3


def test_a_rebuild_asks_for_a_changed_snippet_once_and_not_again_for_the_same_source(tmp_path):
    """Each rebuild asks for the snippets whose source differs from their stored run; one
    already asked for with this source (waiting, running, or run and not stored yet) is not
    asked for again, and with no worker ever seen nothing is asked at all."""
    project = site(tmp_path)
    worker = FakeWorker()
    worker.hold.clear()
    live = LiveRuns(project, connect=lambda p: worker, quiet=0.05)
    live.request_changed(load(project))
    assert live.busy(["p/s"]) == []  # no worker listens: the preview runs nothing
    live._had_worker = True
    live.request_changed(load(project))
    assert worker.started.wait(30)
    for _ in range(3):  # rebuilds while it runs, its values not stored yet
        live.request_changed(load(project))
    worker.hold.set()
    assert live.wait(30)
    live.request_changed(load(project))
    assert live.wait(30)
    assert live.runs == ["p/s"]


def test_a_run_rewrites_the_recording_the_figure_and_the_notebook(tmp_path):
    """What `make refresh` writes for the snippet is written from the warm run, by the same
    functions, so that the page shows the new output; the stored run then finds nothing stale."""
    from doccheck import notebooks
    from doccheck.article import Article
    from doccheck.commands import check

    project = site(tmp_path)
    live = LiveRuns(project, connect=lambda p: FakeWorker(), quiet=0)
    save(project, 84)
    live.request(["p/s"])
    assert live.wait(30)
    assert (project.recorded / "p" / "s.txt").read_text("utf-8") == "84\n"
    assert (project.figures / "p" / "w.svg").read_text("utf-8") == "<svg>84</svg>"
    notebook = json.loads((project.docs / "notebooks" / "p.ipynb").read_text("utf-8"))
    (cell,) = [c for c in notebook["cells"] if c["id"] == "p-s"]
    assert cell["outputs"][0]["text"] == ["84\n"] and "n = 84\n" in cell["source"]
    article = Article.load(project)
    report = check(article)
    assert not [p for p in report.problems if "stale output" in repr(p) or "printed" in p]
    assert notebooks.problems(article) == []  # what the notebook test reads


def test_a_dead_worker_is_replaced_at_the_next_run_and_said_once(tmp_path, caplog):
    """A snippet that kills the worker is named; the next save starts a new worker (once, said
    once in the log) and runs there."""
    project = site(tmp_path)
    first, second = FakeWorker(pid=1, dies=True), FakeWorker(pid=2)
    workers = {"now": first}
    started = []

    def connect(project: Project) -> FakeWorker | None:
        return workers["now"] if workers["now"].alive else None

    def start(project: Project) -> SimpleNamespace:
        started.append(project)
        workers["now"] = second
        return SimpleNamespace(
            pid=2, poll=lambda: None, terminate=lambda: None, wait=lambda timeout: 0
        )

    live = LiveRuns(project, connect=connect, start=start, quiet=0)
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.doccheck"):
        live.request(["p/s"])
        assert live.wait(30)
        assert load(project)["p/s"]["error"] == "snippets/p/s.py: ended the warm worker"
        save(project, 84)
        live.request(["p/s"])
        assert live.wait(30)
        live.request(["p/s"])
        assert live.wait(30)
    assert len(started) == 1 and len(second.ran) == 2
    logged = [r.getMessage() for r in caplog.records]
    assert sum("started a new one (pid 2)" in line for line in logged) == 1, logged
    assert any("snippets/p/s.py: ended the warm worker" in line for line in logged), logged
    assert load(project)["p/s"]["values"] == {"n": {"number": 84}}


def preview_with_worker(tmp_path, monkeypatch, pages: dict[str, str]):
    """A dirty preview's hook whose runs go to a held fake worker."""
    module, files, config = dirty_site(tmp_path, monkeypatch, pages)
    worker = FakeWorker()
    worker.hold.clear()
    live = module.live_runs(Project(tmp_path))
    live._connect, live.quiet, live._had_worker = (lambda p: worker), 0, True
    return module, files, config, worker, live


def render(module, files, config, name: str = "p.md") -> str:
    (file,) = [f for f in files if f.src_uri == name]
    return module.on_page_markdown(file.content_string, SimpleNamespace(file=file), config, None)


def test_a_page_shows_that_its_snippet_is_running_and_is_rebuilt_when_it_ends(
    tmp_path, monkeypatch
):
    """Between a save and the worker's answer the page carries a status, "checking s.py…",
    that assistive technology announces; the page is rebuilt when the run starts and ends."""
    module, files, config, worker, live = preview_with_worker(
        tmp_path, monkeypatch, {"p.md": PAGE, "none.md": "# N\n\nNo claims.\n"}
    )
    store(Project(tmp_path), "p/s", {"source": "old", "values": {"n": stored_value(56)}})
    render(module, files, config)
    render(module, files, config, "none.md")
    assert rebuilt(module, files, config) == ["p.md"]  # a run started: the page shows it
    shown = render(module, files, config)
    assert shown.startswith(
        '<div class="admonition info doccheck-status" role="status" aria-live="polite">'
        '<p class="admonition-title">doccheck: checking s.py…</p>'
    ), shown
    assert "doccheck-status" not in render(module, files, config, "none.md")
    assert rebuilt(module, files, config) == []
    worker.hold.set()
    assert live.wait(30)
    assert rebuilt(module, files, config) == ["p.md"]
    assert "doccheck-status" not in render(module, files, config)


def test_a_build_never_shows_the_status(tmp_path, monkeypatch):
    """A published page must not say that a run is in progress, even while one is."""
    module, files, config, worker, live = preview_with_worker(tmp_path, monkeypatch, {"p.md": PAGE})
    live.request(["p/s"])
    module.on_startup("build", dirty=False)
    assert render(module, files, config) == PAGE
    worker.hold.set()
    assert live.wait(30)


def test_a_claim_newly_written_runs_its_snippet_once(tmp_path, monkeypatch):
    """A claim whose expression the stored run lacks asks for its snippet at the page's first
    rebuild, not at every save; the page shows the run meanwhile."""
    new = PAGE.replace("weights.", "weights and 56<!-- s: n + 0 --> again.")
    module, files, config, worker, live = preview_with_worker(tmp_path, monkeypatch, {"p.md": new})
    project = Project(tmp_path)
    entry = {"source": source_hash(Snippet("p/s", project)), "values": {"n": stored_value(56)}}
    store(project, "p/s", entry)
    assert "doccheck: checking s.py…" in render(module, files, config)
    worker.hold.set()
    assert live.wait(30)
    assert load(project)["p/s"]["values"]["n + 0"] == {"number": 56}
    store(project, "p/s", entry)  # as if the run had not stored it: still asked only once
    assert "doccheck-status" not in render(module, files, config)
    assert live.wait(30)
    assert live.runs == ["p/s"]


def test_saves_made_while_the_worker_imports_keras_run_once_it_answers(tmp_path):
    """``make serve`` starts the worker and the server together: the first build comes before
    the worker listens. A worker still starting says so (its pid in a file beside its socket),
    and the snippets saved meanwhile wait for it instead of being dropped."""
    project = site(tmp_path)
    worker = FakeWorker()
    answering = threading.Event()
    marker = address(project).with_suffix(".starting")
    marker.write_text(str(os.getpid()), "utf-8")
    live = LiveRuns(project, connect=lambda p: worker if answering.is_set() else None, quiet=0.05)
    try:
        save(project, 57)
        live.request_changed(load(project))
        assert live.busy(["p/s"]) == ["p/s"]
        time.sleep(0.3)
        assert worker.ran == []
        answering.set()
        marker.unlink()
        assert live.wait(30)
    finally:
        marker.unlink(missing_ok=True)
    assert worker.ran == ["n = 57\n"]
    assert load(project)["p/s"]["values"] == {"n": {"number": 57}}


def test_a_starting_file_whose_process_is_gone_says_nothing_is_starting(tmp_path):
    project = site(tmp_path)
    marker = address(project).with_suffix(".starting")
    gone = subprocess.Popen(["true"])
    gone.wait()
    try:
        marker.write_text(str(gone.pid), "utf-8")
        assert starting(project) is None
        marker.write_text(str(os.getpid()), "utf-8")
        assert starting(project) == os.getpid()
    finally:
        marker.unlink(missing_ok=True)
