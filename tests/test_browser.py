"""The built site in a real browser: offline, nothing sent to third parties, math typeset.

Each builder's site (MkDocs and Zensical, from the same ``mkdocs.yml``) is served on 127.0.0.1
and driven in Debian's headless Chromium through Playwright, one browser for the session. A
route guard aborts and records every request to another host, and Chromium's resolver knows no
host at all, so the pages see a network that reaches only 127.0.0.1. A failing test saves a
screenshot in ``test-artifacts/browser/`` and names it in its report.

Every page is also read as a reader on any device would: axe-core (npm, ``package.json``,
installed with ``npm ci`` on first use) in the light and the dark scheme, code that fits a
1280 px screen, figures with their size and a link to enlarge them, every figure label at 11
CSS px or more in the 343 px column of a 375 px phone, math that scrolls inside its box on a
390 px phone, summary tables whose borders join, no KaTeX warning. MkDocs' pages
load no KaTeX script (the build typeset them, the doccheck plugin); Zensical's load it
only where there is math, and typeset exactly what the build did, formula by formula.

Without Chromium or Playwright (or npm, for axe-core) these tests skip, saying why; with
``CI=true`` they fail.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from pymdownx.snippets import SnippetExtension, SnippetPreprocessor
from sitetools import (
    BUILDERS,
    FAILURE_NOTES,
    build_or_fail,
    copy_project,
    missing_home_page,
    page_path,
    serve,
    site_prefix,
    unavailable,
)

from doccheck.layout import DOCS, PROJECT, ROOT, Project, find_pages, rel
from doccheck.pages import Include, read_page
from doccheck.siteconfig import mkdocs_config

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:  # the browser fixture skips, saying why
    PlaywrightTimeout = TimeoutError  # type: ignore[assignment,misc]

if TYPE_CHECKING:
    from playwright.sync_api import (
        Browser,
        BrowserContext,
        ConsoleMessage,
        Page,
        Request,
        Response,
        Route,
    )

pytestmark = pytest.mark.browser

PAGES = find_pages()
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM_ARGS = [
    "--no-sandbox",  # runs as root in CI containers
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # No host name resolves: a request the route guard missed could not leave the machine either.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
# axe-core, pinned exactly in package.json / package-lock.json (npm ci installs it).
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# The narrowest phone figures are drawn for: a 375 px screen, whose content column is 343 px.
SMALL_PHONE = {"width": 375, "height": 667}
# What the theme's own markup fails, not this project's pages: axe rule -> (the elements'
# selectors, what is wrong, the upstream report). Asserted to be all there is: any other
# violation, of any impact, fails, and so does one of these rules on any other element.
# (Material's unnamed search dialog, aria-dialog-name, is named by docs/javascripts/a11y.js.)
THEME_VIOLATIONS = {
    "landmark-unique": (
        (".md-code__nav", ".md-tags"),
        "Material makes the copy-button bar of every code block, and the tags plugin the "
        "page's tag list, an unnamed <nav>",
        "https://github.com/squidfunk/mkdocs-material/issues/4101",
    ),
}
SEARCH_OPENER = "input[data-md-component=search-query], button.md-search__button"
SEARCH_RESULT = ".md-search-result__item a[href], [role=listbox] a[role=option][href]"
COPY_BUTTON = "button.md-code__button[data-md-type=copy], button.md-clipboard"

# Runs in the page: what is wrong with its math. Raw delimiters are looked for in the text a
# reader sees, outside code and outside KaTeX's hidden MathML copy of the source.
MATH_PROBLEMS = r"""
async () => {
  const problems = [];
  const tex = e => e.textContent.replace(/\s+/g, " ").trim().slice(0, 120);
  for (const e of document.querySelectorAll(".katex-error"))
    problems.push(`KaTeX error: ${e.title || ""} in ${tex(e)}`);
  for (const e of document.querySelectorAll(".arithmatex"))
    if (!e.querySelector(".katex, .katex-error")) problems.push(`not typeset: ${tex(e)}`);
  const skip = "pre, code, script, style, noscript, textarea, .katex-mathml";
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent;
    if (/\\\(|\\\)|\\\[|\\\]|\$\$/.test(text) && !node.parentElement.closest(skip))
      problems.push(`raw TeX on the page: ${text.replace(/\s+/g, " ").trim().slice(0, 120)}`);
  }
  await document.fonts.ready;
  for (const font of document.fonts)
    if (font.status === "error") problems.push(`font failed to load: ${font.family}`);
  return problems;
}
"""

# Runs in the page: true once every formula is typeset (or failed to be, visibly).
ALL_TYPESET = """
() => [...document.querySelectorAll(".arithmatex")]
  .every(e => e.querySelector(".katex, .katex-error"))
"""

# Runs in the page: headings in the article without a permalink.
MISSING_PERMALINKS = """
() => [...document.querySelectorAll("article h2[id], article h3[id], article h4[id]")]
  .filter(h => !h.querySelector("a.headerlink"))
  .map(h => `heading without permalink: ${h.textContent.trim()}`)
"""


WORD = re.compile(r"(?<![\w'\u2019-])[a-z]{8,}(?![\w'\u2019-])")


def prose(page: Path) -> str:
    """What a reader reads on a page (the page model's ``reads``), without its math, lower-cased.

    A search index holds no words of code, comments, tags, link targets or math.
    """
    model = read_page(page)
    chars = list(model.reads)
    for formula in model.formulas:
        chars[formula.start : formula.start + len(formula.tex)] = " " * len(formula.tex)
    return "".join(chars).lower()


def search_target(pages: list[Path]) -> tuple[Path, str] | None:
    """A page, and the longest word of its prose that no other page's source contains at all.

    Search must find that page for that word. Pages other than an index are tried first.
    """
    sources = {p: p.read_text("utf-8").lower() for p in pages}
    for page in sorted(pages, key=lambda p: (p.stem == "index", p)):
        others = [text for p, text in sources.items() if p != page]
        own = sorted({w for w in WORD.findall(prose(page)) if not any(w in t for t in others)})
        if own:
            return page, max(own, key=len)
    return None


def tour_page(pages: list[Path]) -> Path | None:
    """The page with the most sections (## and ### headings): where the navigation is toured."""
    return max(
        pages,
        key=lambda p: sum(h.level in (2, 3) for h in read_page(p).headings),
        default=None,
    )


SEARCH = search_target(PAGES)
TOUR = tour_page(PAGES)


def page_id(page: Path) -> str:
    """A test id for a page: its path under docs/ without ``.md``."""
    return page.relative_to(DOCS).with_suffix("").as_posix()


def chromium_path() -> str | None:
    """The browser ``$CHROMIUM`` names, else Debian's Chromium, else a Chromium or Chrome on PATH.

    A GitHub-hosted Ubuntu runner has no /usr/bin/chromium but does have google-chrome.
    """
    named = os.environ.get("CHROMIUM")
    if named:
        return named if os.access(named, os.X_OK) else None
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    names = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
    return next((found for name in names if (found := shutil.which(name))), None)


def included_text(include: Include, root: Path) -> str:
    """What a ``--8<--`` include shows (the file without its section markers, or one section),
    as pymdownx.snippets reads it with the site's settings in ``mkdocs.yml``.

    The page model names the include (``Include``); pymdownx's own reader, outside any build,
    says what it holds, so the copy button is compared with the file, not with another reading.
    """
    extensions = mkdocs_config(root / "mkdocs.yml").get("markdown_extensions") or []
    settings = next(
        (e["pymdownx.snippets"] or {} for e in extensions if "pymdownx.snippets" in e), {}
    )
    config = {
        **SnippetExtension().getConfigs(),
        **settings,
        "base_path": [str(root)],  # the build's working directory
        "auto_append": [],  # the stamp goes at the end of a page, not of an include
    }
    reader = SnippetPreprocessor(config, SimpleNamespace(tab_length=4))
    return "\n".join(reader.run([f'--8<-- "{include.target}"'])).strip("\n")


def shown_files(page: Path, project: Project = PROJECT) -> list[Include]:
    """The snippets and recordings a page includes whole or by section (not by line range).

    Each must be what some copy button copies.
    """
    return [
        i
        for i in read_page(page, project).includes
        if i.path.startswith(("snippets/", "recorded/"))
        and not i.path.endswith(".md")  # Markdown it brings in (the notebook links) is prose
        and (i.section is None or re.fullmatch(r"[a-z][-_0-9a-z]*", i.section, re.I))
    ]


PAGES_WITH_FILES = [p for p in PAGES if shown_files(p)]


@dataclass
class Tab:
    """A fresh browser context with one page, and everything that went wrong in it."""

    context: BrowserContext
    page: Page
    origin: str
    external: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    in_flight: set[object] = field(default_factory=set)
    last_activity: float = field(default_factory=time.monotonic)

    def watch(self) -> None:
        """Abort and record requests to other hosts; record failures, errors and bad statuses."""

        def guard(route: Route) -> None:
            url = route.request.url
            if url.startswith((self.origin + "/", "data:", "blob:")):
                route.continue_()
            else:
                self.external.append(f"{route.request.resource_type} {url}")
                route.abort("blockedbyclient")

        self.context.route("**/*", guard)
        self.context.on("request", self._started)
        self.context.on("requestfinished", self._ended)
        self.context.on("requestfailed", self._request_failed)
        self.context.on("response", self._response)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))

    def _started(self, request: Request) -> None:
        self.in_flight.add(request)
        self.last_activity = time.monotonic()

    def _ended(self, request: Request) -> None:
        self.in_flight.discard(request)
        self.last_activity = time.monotonic()

    def _request_failed(self, request: Request) -> None:
        self._ended(request)
        # Chromium cancels its own favicon request when the address changes under it (the
        # theme's navigation.tracking rewrites the #fragment as the page scrolls): not a
        # failure of the site. A missing favicon still answers 404 (_response).
        if request.resource_type == "other" and request.failure == "net::ERR_ABORTED":
            if request.url.endswith("favicon.svg"):
                return
        if request.url.startswith(self.origin + "/"):
            self.failed.append(f"{request.url} failed: {request.failure}")

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.url} answered {response.status}")

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console error: {message.text}")
        elif message.type == "warning" and re.search(r"KaTeX|LaTeX", message.text):
            # KaTeX's strict mode warns about input LaTeX itself would not accept.
            self.errors.append(f"KaTeX warning: {message.text}")

    def settle(self, quiet: float = 0.3, limit: float = 15) -> None:
        """Wait until no request has been in flight for ``quiet`` seconds.

        Playwright's ``networkidle`` waits 500 ms on every page; this catches the same late
        requests (the search index, a script asking api.github.com) in less time.
        """
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if not self.in_flight and time.monotonic() - self.last_activity >= quiet:
                return
            self.page.wait_for_timeout(50)
        pending = ", ".join(sorted(r.url for r in self.in_flight))  # type: ignore[attr-defined]
        self.errors.append(f"requests still pending after {limit} s: {pending}")

    def goto(self, url: str) -> Response:
        """Open ``url``, then wait for its math and its requests, late ones included."""
        response = self.page.goto(url, wait_until="load")
        assert response is not None, f"no response for {url}"
        self.typeset()
        return response

    def reload(self) -> None:
        """Reload the page and wait as :meth:`goto` does."""
        self.page.reload(wait_until="load")
        self.typeset()

    def typeset(self) -> None:
        """Wait until every formula is typeset (or 10 s passed: MATH_PROBLEMS says which)."""
        self.settle()
        try:
            self.page.wait_for_function(ALL_TYPESET, timeout=10_000, polling=50)
        except PlaywrightTimeout:
            return
        self.settle()  # the fonts the formulas asked for

    def reset(self) -> None:
        """Forget the problems seen so far (a shared tab, between tests)."""
        self.external.clear()
        self.failed.clear()
        self.errors.clear()

    def problems(self) -> list[str]:
        """Every request to another host, failed request and error seen so far."""
        return [f"external request: {u}" for u in self.external] + self.failed + self.errors


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed: pip install --group browser")
    path = chromium_path()
    if path is None:
        unavailable(
            f"$CHROMIUM={os.environ['CHROMIUM']!r} is not an executable"
            if os.environ.get("CHROMIUM")
            else "no Chromium at /usr/bin/chromium (apt-get install chromium) and no Chromium "
            "or Chrome on PATH; set $CHROMIUM to use another (`playwright install` is not needed)"
        )
    shutil.rmtree(ARTIFACTS, ignore_errors=True)  # screenshots of this run's failures only
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The copy of the project the sites are built from (pages may change meanwhile)."""
    return copy_project(tmp_path_factory.mktemp("project"))


@pytest.fixture(scope="session")
def sites(project: Path) -> Iterator[Callable[[str], str]]:
    """The address of each builder's site, built and served on first use."""
    prefix = site_prefix(project / "mkdocs.yml")
    addresses: dict[str, str] = {}
    with ExitStack() as stack:

        def address(builder: str) -> str:
            if builder not in addresses:
                site = build_or_fail(builder, project)
                missing = missing_home_page(site, project / "docs")
                if missing:
                    pytest.fail(f"{builder}: {missing}", pytrace=False)
                addresses[builder] = stack.enter_context(serve(site, prefix))
            return addresses[builder]

        yield address


def new_tab(browser: Browser, site: str) -> Tab:
    """A watched tab in a fresh browser context: light scheme, clipboard allowed."""
    origin = re.match(r"https?://[^/]+", site).group(0)
    context = browser.new_context(color_scheme="light", viewport=DESKTOP)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    tab = Tab(context, context.new_page(), origin)
    tab.watch()
    return tab


@pytest.fixture(scope="session")
def shared_tabs(browser: Browser) -> Iterator[dict[str, Tab]]:
    """One long-lived tab per site, for the tests that only read pages (its cache saves time)."""
    tabs: dict[str, Tab] = {}
    yield tabs
    for t in tabs.values():
        t.context.close()


@pytest.fixture
def tab(
    browser: Browser, shared_tabs: dict[str, Tab], request: pytest.FixtureRequest
) -> Iterator[Callable[..., Tab]]:
    """Opens a watched tab on a site (its address); screenshots it if the test fails.

    ``tab(site)`` is a fresh context, closed after the test; ``tab(site, shared=True)`` the
    site's long-lived tab, its record of problems emptied for this test.
    """
    used: list[Tab] = []
    own: list[Tab] = []

    def open_tab(site: str, *, shared: bool = False) -> Tab:
        if not shared:
            own.append(new_tab(browser, site))
            used.append(own[-1])
        else:
            if site not in shared_tabs:
                shared_tabs[site] = new_tab(browser, site)
            used.append(shared_tabs[site])
            used[-1].reset()
        return used[-1]

    def screenshot() -> tuple[str, str]:
        if not used:
            return "screenshot", "none: the test failed before it opened a page"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shots = []
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        for n, t in enumerate(used):
            path = ARTIFACTS / f"{name}-{n}.png"
            t.page.screenshot(path=path, full_page=True)
            shots.append(f"{rel(path)} (of {t.page.url})")
        return "screenshot", "\n".join(shots)

    request.node.stash.setdefault(FAILURE_NOTES, []).append(screenshot)
    yield open_tab
    for t in own:
        t.context.close()


def fail_on(problems: list[str], where: str) -> None:
    """Fail the test listing every problem, if there is any."""
    if problems:
        pytest.fail(f"{where}:\n  " + "\n  ".join(problems), pytrace=False)


@pytest.mark.parametrize("page", PAGES, ids=page_id)
@pytest.mark.parametrize("builder", BUILDERS)
def test_page_works_offline(builder: str, page: Path, sites, tab) -> None:
    """Loads with no error, no failed or external request, math typeset, headings linkable."""
    t = tab(sites(builder), shared=True)
    url = sites(builder) + page_path(page)
    response = t.goto(url)
    problems = [] if response.status == 200 else [f"{url} answered {response.status}"]
    problems += t.problems()
    problems += t.page.evaluate(MATH_PROBLEMS)
    problems += t.page.evaluate(MISSING_PERMALINKS)
    fail_on(problems, f"{rel(page)} built with {builder}, at {url}")


# Runs in the page: each formula's typeset HTML, as the browser holds it.
TYPESET_MATH = """() => [...document.querySelectorAll(".arithmatex")].map(e => e.innerHTML)"""
MATH_PAGES = [p for p in PAGES if re.search(r"\$|\\\(|\\\[", p.read_text("utf-8"))]


@pytest.mark.parametrize("page", MATH_PAGES, ids=page_id)
def test_build_time_math_is_what_the_browser_typesets(page: Path, sites, tab) -> None:
    """MkDocs' pages carry math typeset at build time; Zensical's are typeset by katex.js in
    the browser. Both use the site's KaTeX and options: every formula must come out the same.
    """
    shown = {}
    for builder in BUILDERS:
        t = tab(sites(builder), shared=True)
        t.goto(sites(builder) + page_path(page))
        shown[builder] = t.page.evaluate(TYPESET_MATH)
    built, typeset = shown["mkdocs"], shown["zensical"]
    differing = [i for i, (a, b) in enumerate(zip(built, typeset, strict=False)) if a != b]
    first = repr(built[differing[0]][:300]) if differing else ""
    assert built and len(built) == len(typeset) and not differing, (
        f"{rel(page)}: {len(built)} formulas typeset at build time, {len(typeset)} in the "
        f"browser; those that differ: {differing[:5]} (the first as built: {first})"
    )


@pytest.mark.parametrize("page", PAGES_WITH_FILES, ids=page_id)
@pytest.mark.parametrize("builder", ["mkdocs"])  # the same theme code under Zensical: time saved
def test_copy_button_copies_the_file(builder: str, page: Path, project, sites, tab) -> None:
    """Every included snippet or recording is what some code block's copy button copies."""
    t = tab(sites(builder), shared=True)
    t.goto(sites(builder) + page_path(page))
    t.page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    copied = []
    # A block gets its button when it comes into view (mkdocs.yml: content.lazy), as a reader
    # scrolling down would see it.
    for block in t.page.locator(".md-content pre:has(> code)").all():
        block.scroll_into_view_if_needed()
        button = block.locator(COPY_BUTTON)
        try:
            button.wait_for(timeout=5_000)
        except PlaywrightTimeout:
            copied.append("")  # reported below, by number
            continue
        t.page.evaluate("navigator.clipboard.writeText('')")
        button.click()
        copied.append(t.page.evaluate("navigator.clipboard.readText()"))
    assert copied, f"no code block on {rel(page)}"
    missing = []
    for include in shown_files(project / "docs" / page.relative_to(DOCS), Project(project)):
        expected = included_text(include, project)
        if expected not in copied:
            closest = max(copied, key=lambda c: difflib.SequenceMatcher(None, c, expected).ratio())
            diff = difflib.unified_diff(
                expected.splitlines(), closest.splitlines(), "file", "copied", lineterm="", n=0
            )
            missing.append(
                f"{rel(page)}:{include.line}: no copy button copies {include.target} exactly; "
                "the closest copy differs:\n    " + "\n    ".join(list(diff)[:12])
            )
    missing += [
        f"code block {n}: no copy button in view, or it copied nothing"
        for n, text in enumerate(copied)
        if not text
    ]
    fail_on(missing + t.problems(), f"{rel(page)} built with {builder}")


@pytest.mark.parametrize("builder", BUILDERS)
def test_search_finds_a_word_of_the_article(builder: str, sites, tab) -> None:
    """Search runs offline (its index and worker come from the site) and finds the page.

    The word is one page's own (``search_target``): the longest word of its prose that no
    other page contains.
    """
    assert SEARCH, "no page has a word (8 letters or more) that no other page contains"
    page, word = SEARCH
    wanted = urlsplit(sites(builder) + page_path(page)).path
    t = tab(sites(builder))
    t.goto(sites(builder))
    # Material has a search field in the header; Zensical a button that opens a search dialog.
    t.page.locator(SEARCH_OPENER).first.click()
    t.page.keyboard.type(word)
    results = t.page.locator(SEARCH_RESULT)
    results.first.wait_for(timeout=10_000)
    hrefs: list[str] = []
    for _ in range(50):  # the list is redrawn as the query grows: read it whole, until it settles
        hrefs = results.evaluate_all("links => links.map(a => a.href)")
        if any(urlsplit(h).path == wanted for h in hrefs):
            break
        t.page.wait_for_timeout(100)
    assert any(urlsplit(h).path == wanted for h in hrefs), (
        f"searching {word!r} (a word of {rel(page)}) found only {hrefs}"
    )
    fail_on(t.problems(), f"searching {builder}'s site")


# Runs in the page: a highlighted block of its own in the article, one token of each class that
# doccheck.plain_tokens strips; each whose colour is not the code's own, in words.
TOKEN_COLOURS = """
classes => {
  const block = document.createElement("div");
  block.className = "highlight";
  block.innerHTML = "<pre><code></code></pre>";
  document.querySelector("article.md-typeset").append(block);
  const code = block.querySelector("code");
  const found = classes.flatMap(cls => {
    const token = document.createElement("span");
    token.className = cls;
    token.textContent = "x";
    code.append(token);
    const [got, want] = [token, code].map(e => getComputedStyle(e).color);
    return got === want ? [] : [`.${cls} tokens are ${got}, the code around them ${want}`];
  });
  block.remove();
  return found;
}
"""


@pytest.mark.parametrize("builder", BUILDERS)
def test_stripped_tokens_are_coloured_like_the_code(builder: str, sites, tab) -> None:
    """The token classes whose spans the build drops are shown in the code's own colour, in
    both palettes: dropping them changes nothing a reader sees (doccheck.plain_tokens)."""
    from doccheck.plain_tokens import PLAIN

    t = tab(sites(builder), shared=True)
    t.goto(sites(builder) + page_path(TOUR))
    t.page.evaluate(PREPARE)
    problems = []
    try:
        for scheme in ("default", "slate"):
            t.page.evaluate(SET_SCHEME, scheme)
            problems += [f"{scheme} scheme: {p}" for p in t.page.evaluate(TOKEN_COLOURS, PLAIN)]
    finally:
        t.page.evaluate(SET_SCHEME, "default")
    fail_on(problems + t.problems(), f"token colours on {builder}'s site")


# Runs in the page: what the reader's palette amounts to, once the page has settled.
PALETTE_STATE = """
() => {
  const header = document.querySelector("header.md-header");
  const hex = c => "#" + c.match(/\\d+/g).slice(0, 3)
    .map(v => (+v).toString(16).padStart(2, "0")).join("");
  const meta = document.querySelector('meta[name="color-scheme"]')?.content;
  return {
    scheme: document.body.getAttribute("data-md-color-scheme"),
    background: getComputedStyle(document.body).backgroundColor,
    canvas: meta || getComputedStyle(document.documentElement).colorScheme,
    themeColor: document.querySelector('meta[name="theme-color"]')?.content ?? null,
    header: hex(getComputedStyle(header).backgroundColor),
    toggles: document.querySelectorAll("input[name=__palette] + label:not([hidden])").length,
  };
}
"""


@pytest.mark.parametrize("preference", ["light", "dark"])
@pytest.mark.parametrize("builder", BUILDERS)
def test_palette_follows_the_system_then_the_toggle(builder: str, preference: str, sites, tab):
    """A first visit gets the system's palette; the toggle (a click, or Enter) switches it, and
    the choice survives a reload. The page's canvas and the browser's theme colour follow."""
    assert TOUR, f"no pages under {rel(DOCS)}"
    t = tab(sites(builder))
    t.page.emulate_media(color_scheme=preference)
    t.goto(sites(builder) + page_path(TOUR))

    def state() -> dict:
        # The theme colour is set after the first paint: wait for it (a few seconds at most;
        # then the check below says what is wrong).
        settled = f"() => {{ const s = ({PALETTE_STATE})(); return s.themeColor === s.header; }}"
        try:
            t.page.wait_for_function(settled, timeout=3_000, polling=50)
        except PlaywrightTimeout:
            pass
        return t.page.evaluate(PALETTE_STATE)

    def expect(scheme: str, when: str) -> dict:
        now = state()
        dark = scheme == "slate"
        wrong = [
            f"palette {now['scheme']}, not {scheme}" * (now["scheme"] != scheme),
            f"canvas {now['canvas']!r}" * (("dark" in now["canvas"]) != dark),
            f"theme-color {now['themeColor']}, header {now['header']}"
            * (now["themeColor"] != now["header"]),
            f"{now['toggles']} toggles shown" * (now["toggles"] != 1),
        ]
        assert not any(wrong), f"{when} ({preference} system): " + "; ".join(filter(None, wrong))
        return now

    first = expect("default" if preference == "light" else "slate", "first visit")
    other = "slate" if first["scheme"] == "default" else "default"
    t.page.locator("input[name=__palette] + label:visible").click()
    switched = expect(other, "after a click on the toggle")
    assert switched["background"] != first["background"], "the toggle changed no colour"
    t.reload()
    expect(other, "after a reload")
    t.page.locator("input[name=__palette]").first.focus()
    t.page.keyboard.press("Enter")
    expect(first["scheme"], "after Enter on the toggle")
    fail_on(t.problems(), f"the palette of {builder}'s site")


@pytest.mark.parametrize("builder", BUILDERS)
def test_unknown_address_gets_the_404_page(builder: str, sites, tab) -> None:
    """A mistyped address gets the site's own 404 page, fully styled and offline."""
    t = tab(sites(builder))
    url = sites(builder) + "no/such/page/"
    response = t.goto(url)
    assert response.status == 404
    assert "404" in t.page.locator("article h1").inner_text()
    assert t.page.locator("header.md-header").evaluate("e => getComputedStyle(e).position") in (
        "sticky",
        "fixed",
    ), "the 404 page has no Material styles"
    expected = [
        f"{url} answered 404",
        "console error: Failed to load resource: the server responded with a status of 404 "
        "(Not Found)",
    ]
    fail_on([p for p in t.problems() if p not in expected], f"{url} on {builder}'s site")


@pytest.mark.parametrize("builder", BUILDERS)
def test_navigation_toc_and_repository_link(builder: str, sites, tab) -> None:
    """The sidebar reaches every page, the table of contents every section, the footer the repo."""
    assert TOUR, f"no pages under {rel(DOCS)}"
    t = tab(sites(builder))
    base = sites(builder)
    t.goto(base + page_path(TOUR))
    linked = set(
        t.page.locator("nav.md-nav--primary a.md-nav__link[href]").evaluate_all(
            "links => links.map(a => a.href)"
        )
    )
    unlinked = [rel(p) for p in PAGES if base + page_path(p) not in linked]
    toc = set(
        t.page.locator("nav.md-nav--secondary a.md-nav__link[href]").evaluate_all(
            "links => links.map(a => new URL(a.href).hash)"
        )
    )
    headings = t.page.locator("article h2[id], article h3[id]").evaluate_all(
        "hs => hs.map(h => '#' + h.id)"
    )
    social = t.page.locator(".md-social a[href^='https://github.com/']")
    problems = [f"{p} is not in the navigation" for p in unlinked]
    problems += [f"{h} is not in the table of contents" for h in headings if h not in toc]
    problems += [] if social.count() else ["no link to the repository in the footer"]
    problems += t.problems()
    fail_on(problems, f"navigation of {builder}'s site")


@pytest.mark.parametrize("builder", BUILDERS)
def test_notebook_links_fetch_the_notebook_and_open_it_in_colab(builder: str, sites, tab) -> None:
    """The page's "Download the notebook" gets its notebook; "Open in Colab" names the repo.

    docs/javascripts/notebooks.js builds the Colab address from the footer's repository link.
    """
    from doccheck import notebooks

    with_code = [p for p in PAGES if notebooks.page_snippets(read_page(p, PROJECT), PROJECT)]
    if not notebooks.enabled(PROJECT) or not with_code:
        pytest.skip("this site has no notebooks (no docs/notebooks/ folder, or no page with code)")
    page = with_code[0]
    folder = PROJECT.page_folder(page)
    t = tab(sites(builder))
    t.goto(sites(builder) + page_path(page))
    repository = t.page.locator(".md-social a[href^='https://github.com/']").first
    owner_repo = urlsplit(repository.get_attribute("href") or "").path.strip("/")
    colab = t.page.locator("a[data-colab]").get_attribute("href")
    download = t.page.locator("a[download]").evaluate("a => a.href")
    notebook = t.page.request.get(download)
    problems = t.problems()
    if colab != (
        f"https://colab.research.google.com/github/{owner_repo}/blob/main/docs/notebooks/"
        f"{folder}.ipynb"
    ):
        problems.append(f"Open in Colab leads to {colab}, not the repository {owner_repo}")
    if not notebook.ok or json.loads(notebook.text()).get("nbformat") != 4:
        problems.append(f"Download the notebook ({download}) gets no notebook: {notebook.status}")
    fail_on(problems, f"notebook links of {rel(page)} on {builder}'s site")


# Runs in the page before it is audited: collapsed boxes open (their code and contrast count
# too), and no transitions, so that a switched palette is measured in its final colours.
PREPARE = """
() => {
  document.querySelectorAll("details").forEach(d => (d.open = true));
  if (!document.getElementById("test-no-transitions")) {
    const style = document.createElement("style");
    style.id = "test-no-transitions";
    style.textContent = "*, *::before, *::after { transition: none !important; }";
    document.head.append(style);
  }
}
"""

# Runs in the page: the palette the theme's toggle would set (both palettes are "custom").
SET_SCHEME = """
scheme => new Promise(resolve => {
  document.body.setAttribute("data-md-color-scheme", scheme);
  requestAnimationFrame(() => requestAnimationFrame(resolve));
})
"""

# Runs in the page: axe-core's violations, each node with its selector and what to fix.
AXE_RUN = """
async options => (await axe.run(document, { resultTypes: ["violations"], ...options }))
  .violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map(n => ({ target: n.target.join(" "), summary: n.failureSummary })),
  }))
"""
# What the dark palette changes; the other rules read the same DOM in both schemes.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]

# Runs in the page: code blocks that scroll sideways, with their title and longest line.
CODE_OVERFLOW = """
() => [...document.querySelectorAll(".md-content pre > code")]
  .filter(code => code.scrollWidth > code.clientWidth + 1)
  .map(code => {
    const title = code.closest(".highlight")?.querySelector(".filename")?.textContent || "output";
    const longest = code.textContent.split("\\n")
      .reduce((a, b) => (b.length > a.length ? b : a), "");
    return `${title}: ${code.scrollWidth - code.clientWidth} px too wide at ` +
      `${innerWidth} px (${[...longest].length} columns: ${longest.trim().slice(0, 60)}...)`;
  })
"""

# Runs in the page: figures without their size, or with a size that is not the image's own,
# or without a link that opens the image itself.
FIGURE_PROBLEMS = """
async () => {
  const problems = [];
  for (const img of document.querySelectorAll(".md-content img")) {
    await img.decode().catch(() => {});
    const name = img.getAttribute("src");
    const w = Number(img.getAttribute("width")), h = Number(img.getAttribute("height"));
    if (!w || !h) problems.push(`${name}: no width and height (add { width="..." height="..." })`);
    else if (Math.abs(w - img.naturalWidth) > 1 || Math.abs(h - img.naturalHeight) > 1)
      problems.push(`${name}: width="${w}" height="${h}", but the image is ` +
                    `${img.naturalWidth}x${img.naturalHeight} px`);
    if (img.closest("a")?.href !== img.src) problems.push(`${name}: no link to enlarge it`);
  }
  return problems;
}
"""

# Runs in the page: whether KaTeX's script was loaded, and whether the page has math.
KATEX_STATE = """
() => [typeof window.katex !== "undefined", document.querySelector(".arithmatex") !== null]
"""

# Runs in the page: output blocks whose box-drawing borders do not join from line to line.
BORDER_GAPS = r"""
() => {
  const problems = [];
  for (const code of document.querySelectorAll(".md-content pre > code")) {
    const text = code.textContent;
    const lines = text.split("\n");
    const row = lines.findIndex(
      (l, i) => l.includes("│") && lines[i + 1]?.[l.indexOf("│")] === "│");
    if (row < 0) continue;
    const column = lines[row].indexOf("│");
    const offset = lines.slice(0, row).reduce((n, l) => n + l.length + 1, 0) + column;
    const rect = at => {
      const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
      let seen = 0;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (at < seen + node.length) {
          const range = document.createRange();
          range.setStart(node, at - seen);
          range.setEnd(node, at - seen + 1);
          return range.getBoundingClientRect();
        }
        seen += node.length;
      }
    };
    const upper = rect(offset), lower = rect(offset + lines[row].length + 1);
    const gap = lower.top - upper.bottom;
    if (gap > 0.5) problems.push(`${lines[row].trim().slice(0, 40)}...: a ${gap.toFixed(1)} px ` +
                                 `gap between the lines of a table's borders`);
  }
  return problems;
}
"""

# Runs in the page: every box that is cut off (display math, a wide table) can take focus.
FOCUS_SETTLED = """
() => [...document.querySelectorAll(
    ".md-content div.arithmatex, .md-content .md-typeset__scrollwrap")]
  .filter(box => box.scrollWidth > box.clientWidth + 1)
  .every(box => box.getAttribute("tabindex") === "0"
    || box.querySelector("a[href], [tabindex='0']"))
"""

# Runs in the page (on a phone): the page scrolls sideways, display math leaves the column,
# or a formula that is cut off gives no sign of it (a shadow at the edge) or no keyboard focus.
PHONE_PROBLEMS = """
() => {
  const problems = [];
  const page = document.scrollingElement;
  if (page.scrollWidth > innerWidth + 1)
    problems.push(`the page scrolls sideways: ${page.scrollWidth} px wide at ${innerWidth} px`);
  const boxes = document.querySelectorAll(
    ".md-content div.arithmatex, .md-content .md-typeset__scrollwrap");
  for (const box of boxes) {
    const what = box.matches(".arithmatex")
      ? "formula " + box.textContent.replace(/\\s+/g, " ").trim().slice(0, 50)
      : "table " + (box.querySelector("th")?.textContent.trim() || "").slice(0, 30);
    const column = box.closest(".md-typeset");
    const style = getComputedStyle(column);
    const outer = column.getBoundingClientRect();
    const left = outer.left + parseFloat(style.paddingLeft);
    const right = outer.right - parseFloat(style.paddingRight);
    const rect = box.getBoundingClientRect();
    if (rect.left < left - 0.5 || rect.right > right + 0.5)
      problems.push(`${what}: its box spans ${rect.left.toFixed(0)}-` +
                    `${rect.right.toFixed(0)} px, outside the column's ` +
                    `${left.toFixed(0)}-${right.toFixed(0)} px`);
    if (box.scrollWidth > box.clientWidth + 1) {
      const own = getComputedStyle(box);
      if (!/auto|scroll/.test(own.overflowX))
        problems.push(`${what}: cut off, and does not scroll`);
      const table = box.querySelector("table");
      const covered = table && getComputedStyle(table).backgroundColor !== "rgba(0, 0, 0, 0)";
      if (!own.backgroundImage.includes("gradient") || covered)
        problems.push(`${what}: scrolls with no shadow at its edge to say so`);
      if (box.getAttribute("tabindex") !== "0" && !box.querySelector("a[href], [tabindex='0']"))
        problems.push(`${what}: scrolls, but cannot take keyboard focus`);
    }
  }
  return problems;
}
"""

# Runs in the page (on a phone): each figure's width as shown, and its own.
FIGURE_WIDTHS = """
() => [...document.querySelectorAll(".md-content img")].map(img =>
  [img.getAttribute("src"), img.getBoundingClientRect().width, img.naturalWidth])
"""

# Runs in the page: the width of the column the article's text and figures fill.
COLUMN_WIDTH = """
() => {
  const column = document.querySelector(".md-content .md-typeset");
  const style = getComputedStyle(column);
  return column.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
}
"""

# Runs in the page: every label of every SVG figure, at the size the reader sees it. Matplotlib
# writes a label as glyph paths, 100 units to the em, in a group scaled to its font size (a
# superscript's glyphs scaled once more), after an XML comment that holds its text. Each figure
# is parsed and laid out inline, in a box as big as its <img> is shown, so the browser's own
# transform of each glyph gives its em in CSS px.
FIGURE_LABELS = """
async () => {
  const found = [];
  for (const img of document.querySelectorAll(".md-content img[src$='.svg']")) {
    await img.decode().catch(() => {});
    const shown = img.getBoundingClientRect();
    const text = await (await fetch(img.src)).text();
    const svg = new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
    const box = document.createElement("div");
    box.style.cssText = "position: absolute; left: 0; top: 0; visibility: hidden;";
    svg.style.cssText = `display: block; width: ${shown.width}px; height: ${shown.height}px;`;
    box.append(document.importNode(svg, true));
    document.body.append(box);
    const labels = [];
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_COMMENT);
    for (let note = walker.nextNode(); note; note = walker.nextNode()) {
      let group = note.nextSibling;
      while (group && group.nodeType !== Node.ELEMENT_NODE) group = group.nextSibling;
      if (!group || group.localName !== "g" || !group.getScreenCTM()) continue;
      // A glyph may be scaled once more within its label: a superscript, an index.
      const glyphs = [group, ...group.querySelectorAll("use")].map(g => g.getScreenCTM());
      const em = Math.min(...glyphs.filter(m => m).map(m => 100 * Math.hypot(m.a, m.b)));
      labels.push([note.textContent.trim(), em]);
    }
    box.remove();
    found.push({src: new URL(img.src).pathname, width: shown.width, labels});
  }
  return found;
}
"""


@pytest.fixture(scope="session")
def axe() -> str:
    """axe-core's script, from node_modules/ (``npm ci`` installs it there on first use)."""
    if not AXE.is_file():
        npm = shutil.which("npm")
        if npm is None:
            unavailable("axe-core is not installed and there is no npm to install it (Node 20)")
        result = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode != 0 or not AXE.is_file():
            unavailable(f"npm ci could not install axe-core:\n{result.stdout}{result.stderr}")
    version = json.loads((AXE.parent / "package.json").read_text("utf-8"))["version"]
    pinned = json.loads((ROOT / "package.json").read_text("utf-8"))["devDependencies"]["axe-core"]
    assert version == pinned, f"node_modules has axe-core {version}, package.json pins {pinned}"
    return AXE.read_text("utf-8")


@pytest.mark.parametrize("page", PAGES, ids=page_id)
@pytest.mark.parametrize("builder", BUILDERS)
def test_page_is_accessible(builder: str, page: Path, sites, tab, axe: str) -> None:
    """axe-core finds nothing wrong in either palette, except the theme's own listed faults."""
    t = tab(sites(builder), shared=True)
    t.goto(sites(builder) + page_path(page))
    t.page.evaluate(PREPARE)
    t.page.add_script_tag(content=axe)
    problems = []
    try:
        for scheme, options in (
            ("default", {}),
            ("slate", {"runOnly": {"type": "rule", "values": COLOUR_RULES}}),
        ):
            t.page.evaluate(SET_SCHEME, scheme)
            for v in t.page.evaluate(AXE_RUN, options):
                known = THEME_VIOLATIONS.get(v["id"])
                if known and all(any(s in n["target"] for s in known[0]) for n in v["nodes"]):
                    continue
                problems += [
                    f"{scheme} scheme: {v['id']} ({v['impact']}, {len(v['nodes'])} elements): "
                    f"{v['help']}; at {n['target']}: " + " ".join(n["summary"].split())[:300]
                    for n in v["nodes"][:3]
                ]
    finally:
        t.page.evaluate(SET_SCHEME, "default")
    fail_on(problems + t.problems(), f"{rel(page)} built with {builder}, axe-core")


@pytest.mark.parametrize("page", PAGES, ids=page_id)
@pytest.mark.parametrize("builder", BUILDERS)
def test_page_fits_a_desktop_and_a_phone(builder: str, page: Path, sites, tab) -> None:
    """At 1280 px no code scrolls sideways and summary borders join; figures have their size
    and a link to enlarge; KaTeX's script loads only where math was left to the browser. On a
    390 px phone nothing leaves the column, formulas scroll in their box with a visible cue,
    figures fill the column.
    """
    t = tab(sites(builder), shared=True)
    t.goto(sites(builder) + page_path(page))
    t.page.evaluate(PREPARE)
    problems = t.page.evaluate(CODE_OVERFLOW) + t.page.evaluate(BORDER_GAPS)
    problems += t.page.evaluate(FIGURE_PROBLEMS)
    # MkDocs typesets at build time (the doccheck plugin): no page loads KaTeX's script.
    # Zensical runs no plugins: katex.js fetches it, on pages with math only.
    loaded, has_math = t.page.evaluate(KATEX_STATE)
    if loaded and builder == "mkdocs":
        problems.append("KaTeX's script was loaded: the build should have typeset the math")
    if builder != "mkdocs" and loaded != has_math:
        problems.append(f"KaTeX {'loaded on a page without' if loaded else 'not loaded for'} math")
    try:
        # A phone's scrollbars float over the page; a headless desktop's take 15 px of it.
        t.page.add_style_tag(content="html { scrollbar-width: none; }")
        t.page.set_viewport_size(PHONE)
        # a11y.js re-measures the boxes 200 ms after a resize; a loaded machine takes longer:
        # wait (3 s at most) until every box cut off takes focus, then PHONE_PROBLEMS says
        # what is still wrong.
        t.page.wait_for_timeout(250)
        try:
            t.page.wait_for_function(FOCUS_SETTLED, timeout=3_000, polling=50)
        except PlaywrightTimeout:
            pass
        problems += t.page.evaluate(PHONE_PROBLEMS)
        column = t.page.evaluate(COLUMN_WIDTH)
        for src, shown, own in t.page.evaluate(FIGURE_WIDTHS):
            if shown + 1 < min(own, column):
                problems.append(
                    f"{src}: {shown:.0f} px wide on a {PHONE['width']} px phone, less than "
                    f"min(its {own} px, the {column:.0f} px column): its labels shrink for nothing"
                )
    finally:
        t.page.set_viewport_size(DESKTOP)
    fail_on(problems + t.problems(), f"{rel(page)} built with {builder}")


# The screens the overview's first screen is made for: a common phone and a common laptop.
FIRST_SCREENS = {"phone": PHONE, "laptop": {"width": 1366, "height": 768}}

# Runs in the page: where the overview's first paragraph (the definition) and its first figure
# are drawn, the column's width and the screen's height, in CSS px.
FIRST_SCREEN = """
() => {
  const column = document.querySelector(".md-content .md-typeset");
  const style = getComputedStyle(column);
  const box = element => element && element.getBoundingClientRect();
  const definition = box(column.querySelector(":scope > h1 ~ p"));
  const figure = box(column.querySelector("img[src*='figures/']"));
  return {
    column: column.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
    screen: window.innerHeight,
    definition: definition && {top: definition.top, bottom: definition.bottom},
    figure: figure && {top: figure.top, bottom: figure.bottom, width: figure.width},
  };
}
"""


@pytest.mark.parametrize("screen", FIRST_SCREENS, ids=str)
def test_overview_first_screen_shows_the_definition_and_its_figure(screen: str, sites, tab):
    """Before anything scrolls, the overview shows its definition and the figure that draws it,
    the figure at (nearly) the column's full width: on a 390x844 phone and a 1366x768 laptop.
    """
    viewport = FIRST_SCREENS[screen]
    t = tab(sites("mkdocs"))
    t.page.set_viewport_size(viewport)
    t.goto(sites("mkdocs"))
    t.page.add_style_tag(content="html { scrollbar-width: none; }")
    t.page.wait_for_timeout(300)
    shown = t.page.evaluate(FIRST_SCREEN)
    where = f"the overview on a {viewport['width']}x{viewport['height']} {screen}"
    problems = []
    definition, figure, fold = shown["definition"], shown["figure"], shown["screen"]
    if definition is None or figure is None:
        problems.append(f"no {'paragraph after the title' if figure else 'figure'} found")
    else:
        if definition["bottom"] > fold:
            problems.append(
                f"the definition's paragraph ends at {definition['bottom']:.0f} px, below the "
                f"fold at {fold} px: shorten what comes before or in it"
            )
        if figure["bottom"] > fold:
            problems.append(
                f"the figure ends at {figure['bottom']:.0f} px, below the fold at {fold} px: "
                "put it right after the definition"
            )
        if figure["width"] < 0.97 * shown["column"]:
            problems.append(
                f"the figure is drawn {figure['width']:.0f} px wide in a {shown['column']:.0f} px "
                "column: give it the column's width (the class onexone-lead in extra.css)"
            )
    fail_on(problems + t.problems(), where)


# Pages that name a drawn figure, however they show it.
PAGES_WITH_FIGURES = [p for p in PAGES if re.search(r"figures/\S*?\.svg", p.read_text("utf-8"))]


@pytest.mark.parametrize("page", PAGES_WITH_FIGURES, ids=page_id)
@pytest.mark.parametrize("builder", BUILDERS)
def test_figure_labels_are_legible_on_a_small_phone(builder: str, page: Path, sites, tab) -> None:
    """On a 375 px phone (a 343 px column) every figure label is at least 11 CSS px.

    Measured in the page: each figure shown as the layout sizes its <img>, each label's em from
    the browser's own transform of its glyphs. The smallest label of each figure is named.
    """
    from test_figures import MIN_LABEL_PX, PHONE_COLUMN_PX

    t = tab(sites(builder), shared=True)
    t.goto(sites(builder) + page_path(page))
    t.page.evaluate(PREPARE)  # a figure in a collapsed box is read once opened
    try:
        t.page.add_style_tag(content="html { scrollbar-width: none; }")
        t.page.set_viewport_size(SMALL_PHONE)
        t.page.wait_for_timeout(300)
        column = t.page.evaluate(COLUMN_WIDTH)
        assert abs(column - PHONE_COLUMN_PX) < 0.5, (
            f"a {SMALL_PHONE['width']} px phone shows a {column:.1f} px column, not the "
            f"{PHONE_COLUMN_PX} px the figures are drawn for: update SMALL_PHONE or PHONE_COLUMN_PX"
        )
        figures = t.page.evaluate(FIGURE_LABELS)
    finally:
        t.page.set_viewport_size(DESKTOP)
    assert figures, f"{rel(page)} links an SVG figure, but shows none"
    problems = []
    for figure in figures:
        figure["src"] = "docs/figures/" + figure["src"].split("/figures/", 1)[-1]
        if not figure["labels"]:
            problems.append(f"{figure['src']}: no labels found (is it drawn by matplotlib?)")
            continue
        label, px = min(figure["labels"], key=lambda pair: pair[1])
        if px < MIN_LABEL_PX:
            problems.append(
                f"{figure['src']}: the label {label!r} is {px:.1f} CSS px, shown "
                f"{figure['width']:.0f} px wide in the {column:.0f} px column of a "
                f"{SMALL_PHONE['width']} px phone (at least {MIN_LABEL_PX:g}); draw the figure "
                "narrower or its text larger"
            )
    fail_on(problems + t.problems(), f"{rel(page)} built with {builder}, figure labels")


def test_the_label_measure_reads_what_the_browser_draws(browser) -> None:
    """FIGURE_LABELS on a made-up figure: a 10 pt label and a 70 % superscript, in an SVG 480 pt
    (640 px) wide shown 320 px wide, come out at half their size: 6.67 and 4.67 CSS px.
    """
    from urllib.parse import quote

    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="480pt" height="120pt" viewBox="0 0 480 120">'
        '<defs><path id="g" d="M 0 0 L 50 0 L 50 70 z"/></defs>'
        '<!-- plain --><g transform="translate(10 50) scale(0.1 -0.1)"><use xlink:href="#g"/></g>'
        "<!-- $10^{2}$ -->"
        '<g transform="translate(10 100) scale(0.1 -0.1)"><use xlink:href="#g"/>'
        '<use xlink:href="#g" transform="translate(60 40) scale(0.7)"/></g></svg>'
    )
    page = browser.new_page()
    try:
        page.set_content(
            '<div class="md-content"><img src="data:image/svg+xml,'
            f'{quote(svg)}#.svg" style="width: 320px"></div>'
        )
        (figure,) = page.evaluate(FIGURE_LABELS)
    finally:
        page.close()
    sizes = dict(figure["labels"])
    assert figure["width"] == pytest.approx(320)
    assert sizes["plain"] == pytest.approx(10 * 4 / 3 / 2, abs=0.01)
    assert sizes["$10^{2}$"] == pytest.approx(0.7 * 10 * 4 / 3 / 2, abs=0.01)


def test_an_include_shows_what_pymdownx_makes_of_it(tmp_path: Path) -> None:
    """No browser: the copy button's expected text is pymdownx's reading, escapes included."""
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: s\nmarkdown_extensions:\n  - pymdownx.snippets:\n"
        "      check_paths: true\n      dedent_subsections: true\n",
        "utf-8",
    )
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "a.py").write_text(
        "def f():\n    # --8<-- [start:body]\n    x = 1\n    # ;--8<-- [start:shown]\n"
        "    # --8<-- [end:body]\n    return x\n",
        "utf-8",
    )
    page = tmp_path / "docs" / "p.md"
    whole = included_text(Include(page, 1, "snippets/a.py"), tmp_path)
    assert whole == "def f():\n    x = 1\n    # --8<-- [start:shown]\n    return x", whole
    body = included_text(Include(page, 1, "snippets/a.py:body"), tmp_path)
    assert body == "x = 1\n# --8<-- [start:shown]", body
