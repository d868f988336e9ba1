"""``python -m doccheck.words`` (``make words``): how long the article is to read, page by page.

The main reading path is every page in the nav outside a section whose title starts with
"Appendix"; its length is held to ``main-path-words`` in ``[tool.doccheck]`` (pyproject.toml).
Words are counted in what a reader reads: code blocks, comments, display math and collapsed
``???`` boxes (all but their titles) are left out. Imports no TensorFlow.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from doccheck.article import Article
from doccheck.layout import PROJECT, Project, rel
from doccheck.siteconfig import mkdocs_config

DEFAULT_LIMIT = 9000


@dataclass(frozen=True)
class Count:
    """One page's words, and whether it is on the main reading path."""

    page: Path
    words: int
    appendix: bool


def nav_pages(project: Project) -> list[tuple[Path, bool]]:
    """The nav's pages in order, each with whether it sits in an appendix section."""
    data = mkdocs_config(project.root / "mkdocs.yml")
    found: list[tuple[Path, bool]] = []

    def walk(items: object, appendix: bool) -> None:
        for item in items if isinstance(items, list) else []:
            if isinstance(item, str):
                found.append((project.docs / item, appendix))
            elif isinstance(item, dict):
                for title, value in item.items():
                    inside = appendix or str(title).lower().startswith("appendix")
                    if isinstance(value, str):
                        found.append((project.docs / value, inside))
                    else:
                        walk(value, inside)

    walk(data.get("nav"), False)
    return found


def count(article: Article) -> list[Count]:
    """Every page's word count, in nav order; pages missing from the nav count as main."""
    pages = {p.path.resolve(): p for p in article.pages}
    counts = []
    for path, appendix in nav_pages(article.project):
        page = pages.pop(path.resolve(), None)
        if page is not None:
            counts.append(Count(page.path, page.words, appendix))
    counts += [Count(p.path, p.words, False) for p in pages.values()]
    return counts


def limit(project: Project) -> int:
    """The main path's budget in words."""
    return int(project.settings.get("main-path-words", DEFAULT_LIMIT))


def main(project: Project = PROJECT) -> int:
    """Print the table; 1 when the main path is over its budget."""
    article = Article.load(project)
    if not article.pages:
        print(f"no pages found under {project.docs}")
        return 1
    counts = count(article)
    width = max(len(rel(c.page)) for c in counts)
    for part, appendix in (("main reading path", False), ("appendix", True)):
        rows = [c for c in counts if c.appendix is appendix]
        if not rows:
            continue
        print(f"{part}:")
        for c in rows:
            print(f"  {rel(c.page):<{width}}  {c.words:>6,}")
        print(f"  {'total':<{width}}  {sum(c.words for c in rows):>6,}")
    main_words = sum(c.words for c in counts if not c.appendix)
    budget = limit(project)
    verdict = "within" if main_words <= budget else "OVER"
    print(f"main reading path: {main_words:,} words, {verdict} its budget of {budget:,}")
    return 0 if main_words <= budget else 1


if __name__ == "__main__":
    sys.exit(main())
