"""The article a reader finishes: the main reading path within its word budget (``make words``)."""

from __future__ import annotations

from doccheck.words import count, limit


def test_the_main_reading_path_is_within_its_budget(article):
    counts = count(article)
    main = [c for c in counts if not c.appendix]
    assert main, "no page on the main reading path"
    total = sum(c.words for c in main)
    table = "\n".join(f"  {c.page.name}: {c.words}" for c in main)
    assert total <= limit(article.project), f"{total} words on the main path:\n{table}"
