"""A warm worker is as clean as a fresh process: every snippet, shuffled, as a cold run gives it.

The worker (``doccheck.worker``) runs snippet after snippet in one process that imported Keras
once; each starts from the fresh state ``doccheck.runner`` resets. Here the article's snippets
run cold first (``python -m doccheck run`` in a new process, in the article's order), then all
of them again in one warm worker in a shuffled order: each claim's value, each recording and
each figure must be identical.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from doccheck.article import Article
from doccheck.lastrun import load
from doccheck.layout import ROOT, Project
from doccheck.testing import copy_project
from doccheck.worker import connect

# What a run's entry keeps of its values, recording and figures (doccheck.lastrun.observe).
COMPARED = ("error", "values", "stdout", "files")


def doccheck(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m doccheck ARGS`` on the copy at ``root``, to its end."""
    env = {**os.environ, "DOCCHECK_ROOT": str(root)}
    command = [sys.executable, "-m", "doccheck", *args]
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=900)


@pytest.mark.selfcheck
def test_a_warm_worker_runs_every_snippet_shuffled_as_a_cold_run_does(tmp_path):
    root = copy_project(tmp_path / "article")
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    project = Project(root)
    cold = doccheck(root, "run")
    assert "ran " in cold.stderr, cold.stderr
    expected = load(project)
    article = Article.load(project)
    seed = random.randrange(10**6)
    order = random.Random(seed).sample(article.snippets, len(article.snippets))
    env = {**os.environ, "DOCCHECK_ROOT": str(root)}
    command = [sys.executable, "-m", "doccheck", "worker"]
    server = subprocess.Popen(command, cwd=root, env=env, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        while (worker := connect(project)) is None:
            assert server.poll() is None, f"the worker ended ({server.returncode})"
            assert time.monotonic() < deadline, "the worker never answered"
            time.sleep(0.2)
        differ = []
        for snippet in order:
            expressions = [c.expression for c in article.claims_for(snippet)]
            _, entry = worker.run(snippet, expressions)
            for key in COMPARED:
                if entry.get(key) != expected[snippet.name].get(key):
                    differ.append(
                        f"{snippet.name}: {key} warm {entry.get(key)!r} != cold "
                        f"{expected[snippet.name].get(key)!r}"
                    )
        worker.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    shown = [s.name for s in order]
    assert not differ, f"shuffled with seed {seed}: {shown}\n" + "\n".join(differ)
