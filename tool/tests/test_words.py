"""What the word budget counts (``doccheck.words``): the words a reader reads, nothing else."""

from __future__ import annotations

from doccheck.layout import Project
from doccheck.pages import read_page


def test_words_are_what_a_reader_reads(tmp_path, monkeypatch):
    page = tmp_path / "docs" / "p.md"
    page.parent.mkdir()
    page.write_text(
        "# One two\n\n"
        "Three 56<!-- s: n --> [four](x.md) <b>five</b>.\n\n"
        "```python\nnot = counted\n```\n\n"
        "$$\nx = 1\n$$\n\n"
        '??? note "Six seven"\n    Hidden words here.\n\n'
        '???+ note "Eight"\n    Nine ten.\n',
        "utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert read_page(page, Project(tmp_path)).words == 11  # One … five, Six seven, Eight, Nine ten
