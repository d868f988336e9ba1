"""Build the site with MkDocs or Zensical into a scratch folder, and serve it on localhost.

Shared by the browser tests and the Zensical comparison. Both builders read the same
``mkdocs.yml``; the build runs in a copy of what it reads (pages, snippets, recordings, config),
so pages edited while the tests run cannot make two builds differ, and Zensical, which has no
``--site-dir`` option, writes its ``site/`` and ``.cache/`` there, not in the repository.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pytest

from doccheck import siteconfig
from doccheck.layout import ROOT
from doccheck.testing import copy_project  # noqa: F401  (the browser tests take it from here)

if TYPE_CHECKING:
    from doccheck.article import Article

BUILDERS = ("mkdocs", "zensical")
# What a test's fixtures add to its report when it fails (a browser test: where its screenshot is).
FAILURE_NOTES = pytest.StashKey[list[Callable[[], tuple[str, str]]]]()
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def in_ci() -> bool:
    """Whether this run is CI (``CI=true``, as GitHub Actions and ``.ci/run`` set it)."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def unavailable(reason: str) -> NoReturn:
    """Skip a test whose tool is missing; in CI, fail instead, so nothing passes unseen."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: a missing tool fails here instead of skipping)")
    pytest.skip(reason)


@functools.cache
def article_read_here() -> Article:
    """The repository's pages, read once by this module: for what has no session's article
    (the browser tests, a job no ``start_early`` started); a test takes the ``article`` fixture."""
    from doccheck.article import Article

    return Article.load()


def waits_on_pages(article: Article | None = None) -> None:
    """Skip a build test that could only repeat what the page's item already reports.

    A missing include fails every build, and a docs/ link out of the repository would have
    every build copy what it points at: the writer needs the one line that names it.
    ``article``: the session's (the ``article`` fixture), read once; without it the pages are
    read here, once per process.
    """
    article = article or article_read_here()
    # A link out of the repository under docs/ is reported once (test_whole_site); a build
    # would copy whatever it points at, however large.
    problems = article.missing_includes() + article.copied_from_outside()
    if problems:
        pytest.skip(f"waits on the page's item (docs/...), which reports: {problems[0]}")


def waits_on_build(result: subprocess.CompletedProcess[str]) -> None:
    """Skip a test that reads a site the strict build failed to make (test_build reports it)."""
    if result.returncode != 0:
        pytest.skip(
            "waits on tests/test_build.py::test_strict_build_never_imports_tensorflow: the "
            "strict MkDocs build failed"
        )


def build(builder: str, project: Path) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """Build ``project`` strictly with ``builder``: the site folder, and the finished process.

    Run from the project folder, where the snippets' ``base_path: ["."]`` resolves.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    if builder == "mkdocs":
        site = project / "site-mkdocs"
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    elif builder == "zensical":
        zensical = shutil.which("zensical", path=str(Path(sys.executable).parent))
        if zensical is None:
            unavailable("Zensical is not installed: pip install --group zensical")
        site = project / "site"  # Zensical has no --site-dir; mkdocs.yml sets none
        command = [zensical, "build", "--strict", "--config-file", "mkdocs.yml"]
    else:
        raise ValueError(f"unknown builder {builder!r}; one of {BUILDERS}")
    result = subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, timeout=300
    )
    result.stdout, result.stderr = ANSI.sub("", result.stdout), ANSI.sub("", result.stderr)
    return site, result


def build_or_fail(builder: str, project: Path) -> Path:
    """The built site folder; the test fails with the builder's output if the build did.

    A failed MkDocs build is test_build's to report (and a missing include test_pages'): the
    tests reading the site skip and name it, so one mistake gives one failure.
    """
    waits_on_pages()
    site, result = build(builder, project)
    if builder == "mkdocs":
        waits_on_build(result)
    if result.returncode != 0:
        pytest.fail(
            f"{builder} build failed ({result.returncode}):\n{result.stdout[-3000:]}"
            f"{result.stderr[-3000:]}",
            pytrace=False,
        )
    return site


def mkdocs_config(config: Path = ROOT / "mkdocs.yml") -> dict:
    """The settings of ``mkdocs.yml`` (``doccheck.siteconfig``), the repository's by default."""
    return siteconfig.mkdocs_config(config)


def site_url(config: Path = ROOT / "mkdocs.yml") -> str | None:
    """``site_url``, ending in ``/``; None when mkdocs.yml sets none."""
    return siteconfig.site_url(config)


def site_prefix(config: Path = ROOT / "mkdocs.yml") -> str:
    """The path part of ``site_url`` (``/onexone/``), where the tests serve the site."""
    return siteconfig.site_prefix(config)


def missing_home_page(site: Path, docs: Path) -> str | None:
    """Why a built site has no home page (every browser test starts there), or None."""
    if (site / "index.html").is_file():
        return None
    return f"the site has no home page: add {docs.name}/index.md, which becomes index.html"


def page_path(page: Path, docs: Path = ROOT / "docs") -> str:
    """Where MkDocs publishes a page (``use_directory_urls``): ``why.md`` -> ``why/``."""
    stem = page.relative_to(docs).with_suffix("").as_posix()
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def built_page(site: Path, page: Path, docs: Path = ROOT / "docs") -> Path:
    """The HTML file a built ``site`` holds for the Markdown ``page``."""
    return site / page_path(page, docs) / "index.html"


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves a built site below a prefix, answering unknown paths with its ``404.html``."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        """Map ``/onexone/x/`` to ``<site>/x/``; anything outside the prefix does not exist."""
        plain = path.split("?", 1)[0].split("#", 1)[0]
        if not plain.startswith(self.prefix):
            return os.path.join(self.directory, ".outside-the-prefix", "none")  # a 404
        return super().translate_path("/" + path[len(self.prefix) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Send the site's own 404 page, as GitHub Pages does."""
        page = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""


@contextmanager
def serve(site: Path, prefix: str = "/") -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 at a free port; yields the site's address, ending in ``/``."""
    handler = type("Handler", (_SiteHandler,), {"prefix": prefix})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever, args=(0.05,), name="site-server", daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
