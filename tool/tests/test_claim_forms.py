"""The claim forms' reference (``tool/CLAIMS.md``) says what the checker reads.

Each example in it (a ``markdown`` fence titled with its form) is read as a page by the
checker's own reader: it must hold the form its title names and nothing the checker objects
to. The reference's version is the one the package and ``doccheck --version`` give.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import doccheck
from doccheck.layout import Project
from doccheck.pages import read_page

CLAIMS = Path(__file__).resolve().parents[1] / "CLAIMS.md"


def examples() -> list[tuple[int, str, str]]:
    """(line, form, Markdown) of each titled ``markdown`` fence, found by the page reader."""
    with tempfile.TemporaryDirectory() as scratch:  # read as a page of a site: docs/claims.md
        page = Path(scratch) / "docs" / "claims.md"
        page.parent.mkdir()
        shutil.copy(CLAIMS, page)
        blocks = read_page(page, Project(Path(scratch))).code_blocks
    found = []
    for line, info, body in blocks:
        title = re.fullmatch(r'markdown title="(\w+)"', info)
        if title:
            found.append((line, title[1], body))
    return found


EXAMPLES = examples()
FORMS = {"number", "formula", "statement", "word", "free", "plain"}


def test_every_form_has_an_example():
    assert {form for _, form, _ in EXAMPLES} == FORMS


@pytest.mark.parametrize(("line", "form", "text"), EXAMPLES, ids=lambda x: str(x)[:20])
def test_each_example_reads_as_its_form(tmp_path, monkeypatch, line, form, text):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    page = tmp_path / "docs" / "example.md"
    page.write_text(f"# Example\n\n{text}", "utf-8")
    model = read_page(page, Project(tmp_path))
    where = f"CLAIMS.md:{line}"
    assert model.problems == [] and model.unchecked == [], (where, model.problems, model.unchecked)
    kinds = {"statement" if c.statement else "word" if c.word else "number" for c in model.claims}
    if form in ("number", "statement", "word"):
        assert kinds == {form}, (where, model.claims)
    elif form == "formula":
        assert model.formulas and model.claims and not model.claims[0].statement, where
    else:  # a free mark covers its number (else it would be unchecked); a plain one claims none
        assert not model.claims, (where, model.claims)


def test_the_reference_has_the_packages_version():
    title = CLAIMS.read_text("utf-8").splitlines()[0]
    assert title == f"# Claim forms, version {doccheck.CLAIM_FORMS_VERSION}"
    shown = subprocess.run(
        [sys.executable, "-m", "doccheck", "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert f"claim forms version {doccheck.CLAIM_FORMS_VERSION}" in shown, shown
