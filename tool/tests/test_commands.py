"""``python -m doccheck``: check, run, fix and suggest on a scratch project."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from scratch import one_page_site

from doccheck import commands, versions
from doccheck.article import Article
from doccheck.layout import ROOT, Project
from doccheck.runner import DEFAULT_BACKEND

PAGE = (
    "# Shapes\n\n"
    "It has 40,960<!-- s: big --> weights, 24.1%<!-- s: share --> of them in one layer, and\n"
    "costs 120.4M<!-- s: cost --> multiply-adds. The map is 32×32×5<!-- s: shape --> or\n"
    "(None, 4, 4, 2)<!-- s: small -->, and it is wide.<!-- assert s: big > 1000 -->\n\n"
    "$$\n1\\,024 \\cdot 1\\,024 = \\claim{s: big2}{1{,}048{,}576}\n$$\n"
)
SNIPPET = (
    "big = 40_960\nshare = 0.2412\ncost = 120_422_400\nshape = (None, 32, 32, 5)\n"
    "small = (None, 4, 4, 2)\nbig2 = 1024 * 1024\nchannels = (None, 8, 8, 3)\nprint(big)\n"
)


def project(tmp_path: Path, monkeypatch, page: str = PAGE) -> Project:
    one_page_site(tmp_path, page, {"s": SNIPPET})
    monkeypatch.chdir(tmp_path)
    # fix writes TensorFlow's values, so the writer's tool runs there; under `make matrix` these
    # scratch trees are refreshed as if it did (the command line refuses: test below).
    monkeypatch.setattr(versions, "KERAS_BACKEND", DEFAULT_BACKEND)
    return Project(tmp_path)


def test_check_is_unknown_until_run_then_clean(tmp_path, monkeypatch):
    root = project(tmp_path, monkeypatch)
    before = commands.check(Article.load(root))
    assert not before.ok and before.unknown and not before.problems
    after = commands.run(Article.load(root), update=True)
    assert after.ok, after.problems + after.unknown
    assert after.done[0].startswith("ran snippets/p/s.py")
    assert commands.run(Article.load(root)).done == []  # nothing changed: nothing runs


def test_fix_restores_every_mutated_number_byte_for_byte(tmp_path, monkeypatch):
    root = project(tmp_path, monkeypatch)
    commands.run(Article.load(root), update=True)
    page = tmp_path / "docs" / "p.md"
    mutated = (
        PAGE.replace("40,960<", "40,961<")
        .replace("24.1%", "25.3%")
        .replace("120.4M", "99.9M")
        .replace("32×32×5", "16×32×5")
        .replace("(None, 4, 4, 2)", "(None, 4, 4, 3)")
        .replace("1{,}048{,}576", "1{,}048{,}577")
    )
    page.write_text(mutated, "utf-8")
    broken = commands.check(Article.load(root))
    # Six claims; the formula whose claimed side changed breaks by that one mistake, which the
    # claim's own message names: the formula says nothing more.
    assert len(broken.problems) == 6, broken.problems
    dry = commands.fix(Article.load(root), dry_run=True)
    assert page.read_text("utf-8") == mutated and "+It has 40,960" in dry.done[-1]
    fixed = commands.fix(Article.load(root))
    assert page.read_text("utf-8") == PAGE
    assert fixed.ok, fixed.problems


def test_a_failing_snippet_or_a_false_statement_is_a_problem(tmp_path, monkeypatch):
    root = project(tmp_path, monkeypatch, PAGE.replace("big > 1000", "big < 1000"))
    report = commands.run(Article.load(root), update=True)
    (problem,) = report.problems
    assert problem.startswith('docs/p.md:5: the page says "')
    (tmp_path / "snippets" / "p" / "s.py").write_text("raise ValueError('no')\n", "utf-8")
    report = commands.run(Article.load(root), update=True)
    (failed,) = report.problems  # once for the snippet, not once per claim
    assert failed.startswith("snippets/p/s.py:1: ValueError: no")


def test_suggest_offers_expressions_that_give_the_number(tmp_path, monkeypatch):
    root = project(tmp_path, monkeypatch, PAGE + "\nThe input has 3 channels.\n")
    (line,) = commands.suggest(Article.load(root), tmp_path / "docs" / "p.md")
    assert line.startswith("docs/p.md:11: 3 could be ")
    assert "3<!-- s: channels[-1] -->" in line


def test_the_command_line(tmp_path, monkeypatch):
    project(tmp_path, monkeypatch)
    env = {"DOCCHECK_ROOT": str(tmp_path), "PATH": "/usr/bin:/bin"}
    help_text = subprocess.run(
        [sys.executable, "-m", "doccheck", "--help"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    for command in ("check", "run", "fix", "suggest"):
        assert command in help_text
    unknown = subprocess.run(
        [sys.executable, "-m", "doccheck"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert unknown.returncode == 1 and "unknown: " in unknown.stdout
    wrong = subprocess.run(
        [sys.executable, "-m", "doccheck", "run", "docs/nope.md"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert wrong.returncode == 2 and "not a page" in wrong.stderr
    refused = subprocess.run(
        [sys.executable, "-m", "doccheck", "fix"],
        cwd=ROOT,
        env={**env, "DOCCHECK_BACKEND": "jax"},
        capture_output=True,
        text=True,
    )
    assert refused.returncode == 2 and "DOCCHECK_BACKEND=jax" in refused.stderr


def test_fix_after_run_rewrites_a_stale_recording(tmp_path, monkeypatch):
    """``run`` stores the new output without writing it; ``fix`` must then rewrite it."""
    root = project(tmp_path, monkeypatch)
    commands.run(Article.load(root), update=True)
    snippet = tmp_path / "snippets" / "p" / "s.py"
    recording = tmp_path / "recorded" / "p" / "s.txt"
    snippet.write_text(SNIPPET + "print('one more line')\n", "utf-8")
    ran = commands.run(Article.load(root))
    assert any("recorded/p/s.txt" in p for p in ran.problems), ran.problems
    fixed = commands.fix(Article.load(root))
    assert recording.read_text("utf-8").endswith("one more line\n")
    assert fixed.ok, fixed.problems + fixed.unknown


def test_run_without_keras_says_which_python_and_what_to_do(tmp_path, monkeypatch):
    """A Python without Keras gets a sentence, not a ModuleNotFoundError traceback."""
    project(tmp_path, monkeypatch)
    blocked = "import sys; sys.modules['keras'] = None; from doccheck.__main__ import main; "
    result = subprocess.run(
        [sys.executable, "-c", blocked + "sys.exit(main(['run']))"],
        cwd=ROOT,
        env={"DOCCHECK_ROOT": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "cannot import keras" in result.stderr and "doccheck check" in result.stderr


def test_suggest_says_so_when_there_is_nothing_to_suggest(tmp_path, monkeypatch):
    root = project(tmp_path, monkeypatch)
    (lines,) = commands.suggest(Article.load(root), tmp_path / "docs" / "p.md")
    assert (
        lines == "docs/p.md: every number on the page is claimed or marked free; nothing to suggest"
    )
