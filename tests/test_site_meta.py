"""What every page of any site built with this pipeline carries in its HTML.

Titled code blocks, a description, a canonical link and a sitemap entry made from ``site_url``.
The article's own identity (its date, tags, old address) is checked in
``test_article_identity.py``. Reads the strict build that test_build.py makes of the real tree
(one build for every module).
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path, PurePosixPath

import pytest
from mkdocs.utils import meta
from sitetools import built_page, mkdocs_config, page_path, site_url, waits_on_build
from test_build import result_of, start_clean

from doccheck.layout import DOCS, ROOT, find_pages, rel
from doccheck.pages import Page

DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)"')
PAGES = find_pages()


def start_early(items: list[pytest.Item]) -> None:
    """Share test_build's clean build, started before the snippets run (see doccheck.testing)."""
    start_clean(items[0].config)


@pytest.fixture(scope="module")
def site() -> Path:
    site, result = result_of("clean")
    waits_on_build(result)
    return site


def front_matter(page: Path) -> dict:
    """A page's YAML front matter (``{}`` without one), as MkDocs reads it."""
    return meta.get_data(page.read_text(encoding="utf-8"))[1]


def included_snippets(model: Page) -> list[tuple[str, str]]:
    """(fence info, file name) of each Python code block that opens with a snippet's include.

    From the page model: its code blocks and the includes pymdownx.snippets reads.
    """
    first = {include.line: include for include in model.includes}
    found = []
    for line, info, _ in model.code_blocks:
        include = first.get(line + 1)
        if not info.startswith("python") or include is None:
            continue
        if include.path.startswith("snippets/") and include.path.endswith(".py"):
            found.append((info, PurePosixPath(include.path).name))
    return found


def html_of(site: Path, page: Path) -> str:
    return built_page(site, page, DOCS).read_text(encoding="utf-8")


def page_id(page: Path) -> str:
    return page.relative_to(DOCS).as_posix()


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_code_blocks_carry_their_file_name(site, page, article):
    blocks = included_snippets(article.page(page))
    titles = [re.search(r'title="([^"]*)"', info) for info, _ in blocks]
    # A fragment's title says which file it is part of: "blocks.py (the two blocks)".
    pairs = zip(blocks, titles, strict=True)
    wrong = [file for (_, file), t in pairs if not t or t[1].split()[0] != file]
    assert not wrong, f"{rel(page)}: code blocks not titled with their file: {wrong}"
    shown = re.findall(r'<span class="filename">([^<]+)</span>', html_of(site, page))
    assert [unescape(t) for t in shown] == [t[1] for t in titles]


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_every_page_has_a_description(site, page):
    """Its front matter's ``description``, else mkdocs.yml's ``site_description``."""
    written = front_matter(page).get("description") or mkdocs_config().get("site_description")
    assert written, (
        f"{rel(page)} has no description: write one in its front matter (description: ...) or "
        "set site_description in mkdocs.yml"
    )
    shown = DESCRIPTION.search(html_of(site, page))
    assert shown, f'{rel(page)}: the built page has no <meta name="description">'
    assert unescape(shown.group(1)) == " ".join(str(written).split())


def test_canonical_links_and_sitemap_use_site_url(site):
    url = site_url()
    assert url, f"{rel(ROOT / 'mkdocs.yml')} sets no site_url"
    assert PAGES, f"no pages under {rel(DOCS)}"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for page in PAGES:
        address = url + page_path(page, DOCS)
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html_of(site, page))
        assert canonical and canonical.group(1) == address, f"{rel(page)}: {canonical}"
        assert f"<loc>{address}</loc>" in sitemap, f"{address} is not in sitemap.xml"
