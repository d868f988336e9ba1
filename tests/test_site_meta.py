"""The post keeps its identity from the draft: description, date, tags, titled code, old address.

Reads the strict build that test_build.py makes of the real tree (one build for both modules).
"""

from __future__ import annotations

import functools
import re
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from test_build import BUILDS, result_of, run_build

from doccheck.layout import DOCS, ROOT, find_pages

OLD_ADDRESS = "blog_posts/OneXOne_Convolution/"
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
INCLUDED_SNIPPET = re.compile(
    r'^[ \t]*```+\s*python(?P<attrs>[^\n]*)\n\s*--8<-- "snippets/[^"]+/(?P<file>[\w.-]+\.py)'
    r'(?::\w+)?"',
    re.M,
)


def start_early(items: list[pytest.Item]) -> None:
    """Share test_build's clean build, started before the snippets run (see background.py)."""
    BUILDS.start("clean", functools.partial(run_build, "clean"))


@pytest.fixture(scope="module")
def site() -> Path:
    site, result = result_of("clean")
    assert result.returncode == 0, result.stderr[-3000:]
    return site


def front_matter(page: Path) -> dict:
    match = FRONT_MATTER.match(page.read_text(encoding="utf-8"))
    return yaml.safe_load(match.group(1)) if match else {}


def configured_site_url() -> str:
    """``site_url`` from mkdocs.yml (read plainly: the file's YAML tags need MkDocs' loader)."""
    match = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text("utf-8"), re.M)
    assert match, "mkdocs.yml sets no site_url"
    return match.group(1)


def html_of(site: Path, page: Path) -> str:
    rel = page.relative_to(DOCS).with_suffix("")
    folder = rel.parent if rel.name == "index" else rel
    return (site / folder / "index.html").read_text(encoding="utf-8")


def test_the_post_keeps_its_description_date_and_tags(site):
    meta = front_matter(DOCS / "index.md")
    html = html_of(site, DOCS / "index.md")
    description = re.search(r'<meta name="description" content="([^"]*)"', html)
    assert description and unescape(description.group(1)) == " ".join(meta["description"].split())
    assert str(meta["date"]) == "2024-07-11", "the draft's publication date"
    assert f'<time datetime="{meta["date"]}">' in html, "the page does not show its date"
    assert (
        re.findall(r'class="md-tag[^"]*">([^<]+)<', html)
        == meta["tags"]
        == [
            "CNN",
            "TensorFlow",
        ]
    )


@pytest.mark.parametrize("page", find_pages(), ids=lambda p: p.relative_to(DOCS).as_posix())
def test_code_blocks_carry_their_file_name(site, page):
    source = page.read_text(encoding="utf-8")
    blocks = list(INCLUDED_SNIPPET.finditer(source))
    titles = [re.search(r'title="([^"]*)"', m["attrs"]) for m in blocks]
    # A fragment's title says which file it is part of: "blocks.py (the two blocks)".
    wrong = [
        m["file"]
        for m, t in zip(blocks, titles, strict=True)
        if not t or t[1].split()[0] != m["file"]
    ]
    assert not wrong, f"{page.relative_to(ROOT)}: code blocks not titled with their file: {wrong}"
    shown = re.findall(r'<span class="filename">([^<]+)</span>', html_of(site, page))
    assert [unescape(t) for t in shown] == [t[1] for t in titles]


def test_the_old_address_reaches_the_article(site):
    redirect = (site / OLD_ADDRESS / "index.html").read_text(encoding="utf-8")
    target = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', redirect)
    assert target, "no redirect page at the draft's old address"
    site_url = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8").split("\nnav:")[0])[
        "site_url"
    ]
    assert urljoin(site_url + OLD_ADDRESS, target.group(1)) == site_url


def test_canonical_links_and_sitemap_use_site_url(site):
    site_url = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8").split("\nnav:")[0])[
        "site_url"
    ]
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for page in find_pages():
        rel = page.relative_to(DOCS).with_suffix("")
        path = "" if rel.as_posix() == "index" else rel.as_posix() + "/"
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html_of(site, page))
        assert canonical and canonical.group(1) == site_url + path
        assert f"<loc>{site_url + path}</loc>" in sitemap
