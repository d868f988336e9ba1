"""The census of the article's site, as both builders make it.

The pytest plugin's census item reads the site MkDocs builds (``doccheck.pytest_items``); this
reads the one ``test_zensical.py`` builds with Zensical, without building again (``selfcheck``,
as that build is: a check that the census holds on another builder's site, run by ``make test``
and CI), and checks the census's allowlist of theme text against the MkDocs build
``test_build.py`` reads. The checker's own census cases (fixture pages in a scratch site) are in
tool/tests/test_census.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import test_build
import test_zensical
from sitetools import waits_on_build, waits_on_pages

from doccheck.article import Article
from doccheck.census import CHROME, repeat_problem, take_census
from doccheck.formulas import CLAIM_MACRO
from doccheck.layout import PROJECT


def start_early(items: list[pytest.Item]) -> None:
    """Start the builds the selected tests read (conftest calls this after collection)."""
    for item in items:
        if item.originalname == "test_census_of_the_zensical_build":
            test_zensical.start_builds(item.config)
        test_build.start_clean(item.config)
    items[0].config.add_cleanup(test_build.BUILDS.stop)
    items[0].config.add_cleanup(test_zensical.SITES.stop)


def real_article(article: Article) -> Article:
    """The session's article, once the page model has nothing to say (else the page's item says
    it, once)."""
    waits_on_pages(article)
    said = [p for page in article.pages for p in (*page.problems, *page.unchecked)]
    if said:
        pytest.skip(f"waits on the page's item (docs/...), which reports: {said[0]}")
    return article


def assert_whole(site: Path, article: Article, reported: frozenset[str] = frozenset()) -> None:
    """The census of a build of this tree: it read every page, and accounted for everything.

    ``reported``: problems another build's census test already fails on (one mistake, one
    failure: a wrong number shows in both builders' sites).
    """
    article = real_article(article)
    census = take_census(site, article)
    assert census.counts["claimed"], f"no claimed number counted: {census.summary()}"
    figures = article.project.figures.resolve()
    drawn = [i for p in article.pages for i in p.images if i.file.is_relative_to(figures)]
    assert census.counts["figure"] == len(drawn), f"{len(drawn)} figures on the pages"
    if any(re.search(r"\d", CLAIM_MACRO.sub("", f.tex)) for p in article.pages for f in p.formulas):
        assert census.counts["formula"], f"no formula number counted: {census.summary()}"
    assert census.seen["pages"] == len(article.pages), dict(census.seen)
    for what in ("headings", "search entries", "titles and descriptions"):
        assert census.seen[what], f"the census read no {what}: {dict(census.seen)}"
    own = [p for p in census.problems if p not in reported]
    if own:
        pytest.fail("\n".join(own), pytrace=False)


def mkdocs_site() -> Path:
    site, result = test_build.result_of("clean")
    waits_on_build(result)
    return site


@pytest.mark.selfcheck
def test_census_of_the_zensical_build(article):
    """What MkDocs' site shows too is the pytest plugin's census item's to report."""
    _, site = test_zensical.sites(article)
    reported = frozenset(take_census(mkdocs_site(), real_article(article)).problems)
    assert_whole(site, article, reported)


def test_chrome_is_skipped_only_as_listed():
    """Each allowlisted text occurs in the built site; a text beside it with a number fails."""
    site, result = test_build.result_of("clean")
    waits_on_build(result)
    shown = " ".join((site / "404.html").read_text("utf-8").split())
    for text in CHROME:
        assert text in shown, f"{text!r} is allowlisted but no built page shows it"
    assert repeat_problem("404.html", "text", "404 - Not found", set(), PROJECT) is None
    assert repeat_problem("404.html", "text", "405 - Not found", set(), PROJECT)
    assert repeat_problem("404.html", "text", "404 - Not found here", set(), PROJECT)
