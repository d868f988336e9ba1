"""The helpers the browser and Zensical tests stand on: skipping rules, addresses, the server."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest
from sitetools import (
    built_page,
    missing_home_page,
    page_path,
    serve,
    site_prefix,
    site_url,
    unavailable,
)


@pytest.mark.parametrize(
    ("ci", "outcome"), [("", pytest.skip.Exception), ("true", pytest.fail.Exception)]
)
def test_a_missing_tool_skips_locally_and_fails_in_ci(monkeypatch, ci, outcome):
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="no such tool"):
        unavailable("no such tool")


@pytest.mark.parametrize(
    ("page", "path"),
    [
        ("index.md", ""),
        ("why.md", "why/"),
        ("applications/nin.md", "applications/nin/"),
        ("applications/index.md", "applications/"),
    ],
)
def test_page_path_follows_directory_urls(page, path):
    docs = Path("/d/docs")
    assert page_path(docs / page, docs) == path


@pytest.mark.parametrize(
    ("line", "prefix"),
    [
        ("site_url: https://example.github.io/onexone/", "/onexone/"),
        ("site_url: 'https://example.org'  # comment", "/"),
        ("site_name: no url", "/"),
        # MkDocs' own YAML tags do not stop the reading.
        (
            "site_url: https://example.org/a/b\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
            "      emoji_index: !!python/name:material.extensions.emoji.twemoji",
            "/a/b/",
        ),
    ],
)
def test_site_prefix_is_the_path_of_site_url(tmp_path, line, prefix):
    config = tmp_path / "mkdocs.yml"
    config.write_text(line + "\n", "utf-8")
    assert site_prefix(config) == prefix


def test_site_url_ends_in_a_slash_and_may_be_missing(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_url: https://example.org/docs\n", "utf-8")
    assert site_url(config) == "https://example.org/docs/"
    config.write_text("site_name: x\n", "utf-8")
    assert site_url(config) is None


def test_built_page_is_the_index_of_the_page_folder():
    docs, site = Path("/d/docs"), Path("/d/site")
    assert built_page(site, docs / "appendix" / "index.md", docs) == site / "appendix/index.html"
    assert built_page(site, docs / "why.md", docs) == site / "why/index.html"


def test_server_serves_below_the_prefix_and_answers_404_with_the_site_page(tmp_path):
    (tmp_path / "why").mkdir()
    (tmp_path / "why" / "index.html").write_text("why", "utf-8")
    (tmp_path / "404.html").write_text("our own 404", "utf-8")
    with serve(tmp_path, "/onexone/") as site:
        assert site.startswith("http://127.0.0.1:") and site.endswith("/onexone/")
        with urllib.request.urlopen(site + "why/") as response:
            assert response.read() == b"why"
        for missing in (site + "nope/", site.replace("/onexone/", "/why/")):
            with pytest.raises(urllib.error.HTTPError) as err:
                urllib.request.urlopen(missing)
            assert err.value.code == 404 and err.value.read() == b"our own 404"


def test_site_url_follows_the_environment_as_the_builders_do(tmp_path, monkeypatch):
    """The Pages workflow sets SITE_URL; without it the config's default stands."""
    config = tmp_path / "mkdocs.yml"
    config.write_text('site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/local/"]\n', "utf-8")
    monkeypatch.delenv("SITE_URL", raising=False)
    assert site_prefix(config) == "/local/"
    monkeypatch.setenv("SITE_URL", "https://someone.github.io/their-site")
    assert site_url(config) == "https://someone.github.io/their-site/"
    assert site_prefix(config) == "/their-site/"


def test_a_site_without_a_home_page_is_told_to_add_one(tmp_path):
    """The browser tests start at the home page: its absence is a sentence, not a time-out."""
    (tmp_path / "site").mkdir()
    assert missing_home_page(tmp_path / "site", tmp_path / "docs") == (
        "the site has no home page: add docs/index.md, which becomes index.html"
    )
    (tmp_path / "site" / "index.html").write_text("<html></html>", "utf-8")
    assert missing_home_page(tmp_path / "site", tmp_path / "docs") is None
