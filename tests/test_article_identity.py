"""This article's identity from the draft: its description, date, tags and old address.

The one test file that belongs to the 1x1-convolution article rather than to the pipeline: a
site that copies the pipeline deletes it, or replaces it with checks of its own identity (see
the README, "Use this pipeline for another site"). Every other test derives what it checks from
the project. Reads the strict build that test_build.py makes of the real tree.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
from sitetools import site_url, waits_on_build
from test_build import result_of, start_clean
from test_site_meta import front_matter, html_of

from doccheck.layout import DOCS

HOME = DOCS / "index.md"
DATE = "2024-07-11"  # the draft's publication date
TAGS = ["CNN", "TensorFlow"]
OLD_ADDRESS = "blog_posts/OneXOne_Convolution/"  # where the draft lived on the author's blog


def start_early(items: list[pytest.Item]) -> None:
    """Share test_build's clean build, started before the snippets run (see doccheck.testing)."""
    start_clean(items[0].config)


@pytest.fixture(scope="module")
def site():
    site, result = result_of("clean")
    waits_on_build(result)
    return site


def test_the_post_keeps_its_description_date_and_tags(site):
    meta = front_matter(HOME)
    html = html_of(site, HOME)
    assert meta.get("description"), "docs/index.md lost the draft's description"
    assert str(meta.get("date")) == DATE, "the draft's publication date"
    assert f'<time datetime="{DATE}">' in html, "the page does not show its date"
    assert meta.get("tags") == TAGS
    assert re.findall(r'class="md-tag[^"]*">([^<]+)<', html) == TAGS, "the tags are not shown"


def test_the_old_address_reaches_the_article(site):
    redirect = (site / OLD_ADDRESS / "index.html").read_text(encoding="utf-8")
    target = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', redirect)
    assert target, "no redirect page at the draft's old address"
    url = site_url()
    assert urljoin(url + OLD_ADDRESS, target.group(1)) == url
