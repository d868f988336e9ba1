"""Which versions verified the pages: the pytest header, the recordings' file, the stamp.

``make refresh`` writes ``recorded/VERSIONS.json`` and ``recorded/stamp.md`` (the line every
page ends with, through ``pymdownx.snippets``' ``auto_append``); ``make matrix`` adds another
backend to the stamp (``doccheck/versions.py``). A site's own check that its stamp and its
versions agree is the site's (the article's ``tests/test_versions.py``).
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from doccheck import versions
from doccheck.article import Article
from doccheck.layout import Project, Snippet, rel
from doccheck.recordings import check_outputs
from doccheck.runner import DEFAULT_BACKEND, run_snippet

FIXTURE = Path(__file__).parent / "fixtures" / "broken"


def collect(pytester: pytest.Pytester, monkeypatch, **environ: str) -> CollectResult:
    """``pytest --collect-only`` in a new process (pytester's) of a site with one test.

    The site's ``pyproject.toml`` has ``[tool.doccheck]``, so the plugin is on; imports are
    timed (``PYTHONPROFILEIMPORTTIME``, as ``-X importtime``) to see what collection imports.
    """
    pytester.makepyprojecttoml("[tool.doccheck]\n")
    pytester.makepyfile(test_nothing="def test_nothing():\n    pass\n")
    for name in [k for k in os.environ if k.startswith(("PYTEST_", "DOCCHECK_"))]:
        monkeypatch.delenv(name)
    for name, value in {"PYTHONPROFILEIMPORTTIME": "1", **environ}.items():
        monkeypatch.setenv(name, value)
    result = pytester.runpytest_subprocess("--collect-only", "-p", "no:cacheprovider", timeout=120)
    return CollectResult(result.ret, result.stdout.str(), result.stderr.str())


@dataclass
class CollectResult:
    """The finished inner run: its status and output."""

    returncode: int
    stdout: str
    stderr: str


def test_the_header_names_versions_and_backend_without_importing_tensorflow(pytester, monkeypatch):
    """``pytest``'s header, from the packages' metadata: collection imports no TensorFlow."""
    done = collect(pytester, monkeypatch, KERAS_BACKEND="jax")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    now = versions.installed()
    header = done.stdout.split("collected", 1)[0]
    assert f"versions: Python {now['python']}, TensorFlow {now['tensorflow']}" in header, header
    assert f"Keras {now['keras']}" in header and f"NumPy {now['numpy']}" in header, header
    assert "keras backend: tensorflow, set by doccheck.runner" in header, header
    assert "KERAS_BACKEND=jax is overridden" in header, header
    timed = [line for line in done.stderr.splitlines() if line.startswith("import time:")]
    assert any(line.endswith("| pytest") for line in timed), "imports were not timed"
    imported = {line.rsplit("|", 1)[-1].strip() for line in timed}
    assert not {"tensorflow", "keras"} & imported, "collecting the tests imported TensorFlow"


def test_doccheck_backend_selects_another_backend_for_the_whole_run(pytester, monkeypatch):
    """``DOCCHECK_BACKEND=jax`` (``make matrix``): the header says so; the shell's
    ``KERAS_BACKEND`` still changes nothing, and a name that is no backend stops the run."""
    done = collect(pytester, monkeypatch, DOCCHECK_BACKEND="jax", KERAS_BACKEND="torch")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    header = done.stdout.split("collected", 1)[0]
    assert f"JAX {versions.backend_version('jax')}" in header, header
    assert "keras backend: jax (DOCCHECK_BACKEND), checked against" in header, header
    assert "KERAS_BACKEND=torch is overridden" in header, header
    wrong = collect(pytester, monkeypatch, DOCCHECK_BACKEND="theano")
    assert wrong.returncode != 0
    assert "DOCCHECK_BACKEND='theano' is not a Keras backend" in wrong.stdout + wrong.stderr


def test_another_backend_adds_itself_to_the_stamp_and_a_refresh_drops_it(tmp_path, monkeypatch):
    """``make matrix``: a whole passing run on JAX adds "· also on JAX x" to the stamp; a refresh
    that re-records anything on TensorFlow takes it off again."""
    project = Project(tmp_path)
    (tmp_path / "recorded").mkdir()
    monkeypatch.setattr(versions, "KERAS_BACKEND", DEFAULT_BACKEND)
    versions.refresh(project, False, datetime.date(2026, 1, 2))
    monkeypatch.setattr(versions, "KERAS_BACKEND", "jax")
    monkeypatch.setattr(versions, "backend_version", lambda: "0.10.2")
    assert versions.record_backend(project) == [
        rel(versions.versions_file(project)),
        rel(versions.stamp_file(project)),
    ]
    assert versions.recorded(project)["jax"] == "0.10.2"
    stamp = versions.stamp_file(project).read_text("utf-8")
    assert stamp.endswith(" · 2026-01-02 · also on JAX 0.10.2</small></p>\n"), stamp
    assert versions.record_backend(project) == []  # already said
    with pytest.raises(ValueError, match="never rewrites them"):
        versions.refresh(project, True)
    monkeypatch.setattr(versions, "KERAS_BACKEND", DEFAULT_BACKEND)
    assert versions.refresh(project, False) == []  # nothing re-recorded: JAX stays
    assert len(versions.refresh(project, True, datetime.date(2026, 3, 4))) == 2
    assert "jax" not in versions.recorded(project)
    assert "also on" not in versions.stamp_file(project).read_text("utf-8")


def test_a_stale_recording_names_both_versions(tmp_path, monkeypatch):
    monkeypatch.setattr(versions, "KERAS_BACKEND", DEFAULT_BACKEND)  # make matrix: TF's message
    tree = tmp_path / "tree"
    shutil.copytree(FIXTURE, tree)
    monkeypatch.chdir(tree)
    project = Project(tree)
    old = {**versions.installed(), "keras": "3.0.0", "date": "2025-01-02"}
    versions.versions_file(project).write_text(json.dumps(old), "utf-8")
    problems, _ = check_outputs(run_snippet(Snippet("good/hello", project)), Article.load(project))
    (problem,) = problems
    running = versions.installed()["keras"]
    assert (
        "recorded/good/hello.txt (shown at no page yet) is not what snippets/good/hello.py prints "
        f"(recorded with Keras 3.0.0, running Keras {running}); run `make refresh`"
    ) in problem


def test_on_another_backend_a_stale_recording_asks_for_a_backend_neutral_snippet(
    tmp_path, monkeypatch
):
    """The recordings are TensorFlow's: on JAX or PyTorch a difference is the snippet's to fix
    (or the page's to show), never a reason to re-record."""
    monkeypatch.setattr(versions, "KERAS_BACKEND", "jax")
    tree = tmp_path / "tree"
    shutil.copytree(FIXTURE, tree)
    monkeypatch.chdir(tree)
    project = Project(tree)
    problems, _ = check_outputs(run_snippet(Snippet("good/hello", project)), Article.load(project))
    (problem,) = problems
    assert "prints (on jax; the recordings are TensorFlow's)" in problem
    assert "the same on every backend" in problem and "make refresh" not in problem


def test_refresh_writes_the_files_only_when_something_changed(tmp_path, monkeypatch):
    monkeypatch.setattr(versions, "KERAS_BACKEND", DEFAULT_BACKEND)  # make matrix: as on TF
    project = Project(tmp_path)
    (tmp_path / "recorded").mkdir()
    day = datetime.date(2026, 1, 2)
    assert versions.refresh(project, False, day) == [
        rel(versions.versions_file(project)),
        rel(versions.stamp_file(project)),
    ]
    assert versions.recorded(project) == {**versions.installed(), "date": "2026-01-02"}
    assert "Verified with TensorFlow" in versions.stamp_file(project).read_text("utf-8")
    later = datetime.date(2026, 3, 4)
    assert versions.refresh(project, False, later) == []  # same versions, nothing re-recorded
    versions.stamp_file(project).write_text("edited by hand\n", "utf-8")
    assert versions.refresh(project, False, later) == [rel(versions.stamp_file(project))]
    assert "2026-01-02" in versions.stamp_file(project).read_text("utf-8")
    assert len(versions.refresh(project, True, later)) == 2  # a recording changed: a new date
    assert versions.recorded(project)["date"] == "2026-03-04"
    other = {**versions.installed(), "keras": "3.0.0", "date": "2026-03-04"}
    versions.versions_file(project).write_text(json.dumps(other), "utf-8")
    assert rel(versions.versions_file(project)) in versions.refresh(project, False, later)
    assert versions.recorded(project)["keras"] == versions.installed()["keras"]
