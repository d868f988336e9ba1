"""The article a reader finishes: the main reading path within its word budget (``make words``)."""

from __future__ import annotations

from doccheck.layout import Project
from doccheck.pages import read_page
from doccheck.words import count, limit


def test_the_main_reading_path_is_within_its_budget(article):
    counts = count(article)
    main = [c for c in counts if not c.appendix]
    assert main, "no page on the main reading path"
    total = sum(c.words for c in main)
    table = "\n".join(f"  {c.page.name}: {c.words}" for c in main)
    assert total <= limit(article.project), f"{total} words on the main path:\n{table}"


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
