"""Runs every snippet as a reader would: its own process, warnings as errors, an empty folder.

``python -m doccheck.standalone`` (``make standalone``; CI runs it). The tests run snippets inside
one process for speed (``runner.py``); this is the literal promise on the pages: a file copied
from the site runs on its own with ``python -W error::DeprecationWarning -W error::UserWarning``.
It checks that each one finishes cleanly, not what it prints: without the tests' fixed seed, a
snippet's random initial weights differ from run to run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

from doccheck.article import Article
from doccheck.layout import Snippet, rel
from doccheck.runner import ENVIRONMENT, KERAS_BACKEND, TIMEOUT_SECONDS, UPSTREAM_WARNINGS

FLAGS = ["-W", "error::DeprecationWarning", "-W", "error::UserWarning"]
# On JAX and PyTorch, the upstream warnings the runner ignores (runner.UPSTREAM_WARNINGS), by
# their message: ``-W`` matches a module only by its full name.
for message, category, _ in UPSTREAM_WARNINGS.get(KERAS_BACKEND, []):
    FLAGS += ["-W", f"ignore:{message}:{category.__name__}"]


def run_alone(snippet: Snippet) -> str | None:
    """None when the snippet runs cleanly on its own; otherwise what went wrong."""
    env = {k: v for k, v in {**os.environ, **ENVIRONMENT}.items() if v is not None}
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    with tempfile.TemporaryDirectory(prefix="standalone-") as scratch:
        # The backend the pages are verified on, and no ~/.keras/keras.json of the machine's.
        env.update(KERAS_BACKEND=KERAS_BACKEND, KERAS_HOME=os.path.join(scratch, ".keras"))
        try:
            done = subprocess.run(
                [sys.executable, *FLAGS, str(snippet.path)],
                cwd=scratch,
                env=env,
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
            )
        except subprocess.TimeoutExpired:
            return f"{rel(snippet.path)}: still running after {TIMEOUT_SECONDS:g} s"
    if done.returncode == 0:
        return None
    tail = "\n    ".join(done.stderr.strip().splitlines()[-6:])
    return f"{rel(snippet.path)}: exit {done.returncode}\n    {tail}"


def main() -> int:
    """Run them all, two at a time (TensorFlow's import dominates, and uses one core)."""
    article = Article.load()
    snippets = article.snippets
    if not snippets:
        print(f"no snippets found under {article.project.snippets}")
        return 1
    with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
        failures = [f for f in pool.map(run_alone, snippets) if f]
    for failure in failures:
        print(failure)
    print(f"{len(snippets) - len(failures)} of {len(snippets)} snippets ran on their own")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
