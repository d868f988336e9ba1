"""The site builds strictly, without TensorFlow, and a broken include breaks the build."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from doccheck.layout import ROOT

HEAVY = re.compile(r"^import time:.*\|\s+(tensorflow|keras|tf_keras|jax|torch)\b", re.M)


def build(root: Path, site: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` run from ``root``, where the snippets' base path resolves."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, *extra, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_strict_build_never_imports_tensorflow(tmp_path):
    result = build(ROOT, tmp_path / "site", "-X", "importtime")
    assert result.returncode == 0, result.stderr[-3000:]
    heavy = sorted({m.group(1) for m in HEAVY.finditer(result.stderr)})
    assert not heavy, f"the site build imported {heavy}; keep heavy work in pytest"
    assert "import time:" in result.stderr, "-X importtime printed nothing: the check saw nothing"
    assert (tmp_path / "site" / "convolution" / "index.html").is_file()


@pytest.fixture
def copy_of_project(tmp_path) -> Path:
    """A scratch copy of everything the build reads, safe to break."""
    root = tmp_path / "project"
    for name in ("docs", "snippets", "recorded"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


@pytest.mark.parametrize(
    ("include", "complaint"),
    [
        ('--8<-- "snippets/convolution/no_such_file.py"', "no_such_file.py"),
        ('--8<-- "snippets/convolution/conv2d.py:no_such_section"', "no_such_section"),
    ],
    ids=["missing-file", "missing-section"],
)
def test_broken_include_fails_the_build(copy_of_project, include, complaint):
    page = copy_of_project / "docs" / "convolution.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n```python\n{include}\n```\n", "utf-8")
    result = build(copy_of_project, copy_of_project / "site")
    assert result.returncode != 0, "the build passed with a broken include"
    assert complaint in result.stderr + result.stdout
