"""The Keras backend is read when a run starts: setting ``DOCCHECK_BACKEND`` leaves nothing behind.

``make matrix`` sets ``DOCCHECK_BACKEND`` for a whole run; a test that sets it for a while (with
``monkeypatch``) must not change the backend of the runs after it in the same process.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from doccheck import runner
from doccheck.layout import Project, Snippet

# A test sets DOCCHECK_BACKEND=jax, and is the first to import the runner; then it ends.
LEAK = textwrap.dedent(
    """\
    import os
    os.environ["DOCCHECK_BACKEND"] = "jax"
    from doccheck import runner
    del os.environ["DOCCHECK_BACKEND"]
    print(runner.KERAS_BACKEND, runner.pin_keras()["KERAS_BACKEND"])
    """
)


def test_a_backend_set_while_the_runner_was_imported_does_not_outlive_it():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DOCCHECK_", "KERAS_"))}
    done = subprocess.run(
        [sys.executable, "-c", LEAK], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["tensorflow", "tensorflow"], done.stdout


def test_the_backend_is_what_doccheck_backend_says_until_keras_is_pinned(monkeypatch):
    monkeypatch.setattr(runner, "_pinned", [])
    monkeypatch.setenv("DOCCHECK_BACKEND", "jax")
    assert runner.KERAS_BACKEND == "jax"
    monkeypatch.delenv("DOCCHECK_BACKEND")
    assert runner.KERAS_BACKEND == runner.DEFAULT_BACKEND
    monkeypatch.setattr(runner, "_pinned", ["torch"])  # Keras imported on PyTorch
    monkeypatch.setenv("DOCCHECK_BACKEND", "torch")
    assert runner.keras_backend() == "torch"


def test_a_run_asked_for_another_backend_than_keras_runs_on_says_so(tmp_path, monkeypatch):
    """Keras keeps the backend it was imported with: a later run on another would be a lie."""
    (tmp_path / "snippets" / "p").mkdir(parents=True)
    (tmp_path / "snippets" / "p" / "hello.py").write_text("print('hello')\n", "utf-8")
    monkeypatch.setattr(runner, "_import_keras", lambda: None)
    monkeypatch.setattr(runner, "_pinned", [runner.DEFAULT_BACKEND])
    monkeypatch.setenv("DOCCHECK_BACKEND", "jax")
    run = runner.run_snippet(Snippet("p/hello", Project(tmp_path)))
    assert run.error and "DOCCHECK_BACKEND=jax" in run.error and not run.stdout, run.error
    monkeypatch.delenv("DOCCHECK_BACKEND")
    assert runner.run_snippet(Snippet("p/hello", Project(tmp_path))).stdout == "hello\n"
