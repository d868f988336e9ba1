"""``python -m bench.screens``: screenshots to check the site by eye, on a phone and a desktop.

Builds the site (or takes ``--site``), finds the pages with the widest figure, table, display
formula, ``model.summary()`` table and snippet, and photographs each one scrolled to that
element, at 390 px and 1280 px wide, in the light and the dark palette, with Debian's Chromium
(``$CHROMIUM``, default ``/usr/bin/chromium``). Writes ``test-artifacts/screens/`` (not committed)
and prints what it wrote.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from bench.lighthouse import build_site, serve_gzip
from bench.scratch import ROOT, site_prefix

OUT = ROOT / "test-artifacts" / "screens"
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
SCHEMES = {"light": "light", "dark": "dark"}
# What to look at: a CSS selector, and text the element must hold ("" for any).
KINDS = {
    "figure": (".md-content img", ""),
    "table": (".md-content table", ""),
    "formula": (".md-content div.arithmatex", ""),
    "summary": (".md-content pre > code", "┏"),  # model.summary()'s top border
    "code": (".md-content pre > code", "import "),  # a snippet: its token colours
}
# The index among the selector's matches, and the width, of the widest element holding text.
WIDEST = """
([selector, text]) => [...document.querySelectorAll(selector)].reduce(
  (best, e, i) =>
    e.textContent.includes(text) && e.scrollWidth > best[1] ? [i, e.scrollWidth] : best,
  [-1, 0])
"""


def pages_of(site: Path) -> list[str]:
    """Every page's path below the site (``why/``), the home page as ``""``."""
    found = []
    for html in sorted(site.rglob("index.html")):
        rel = html.parent.relative_to(site).as_posix()
        if not rel.startswith(("assets", "blog_posts", "search", "tags")):
            found.append("" if rel == "." else rel + "/")
    return found


def main() -> None:
    """Photograph; see ``--help``."""
    parser = argparse.ArgumentParser(prog="python -m bench.screens", description=__doc__)
    parser.add_argument("--site", type=Path, help="a built site (default: build one)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    OUT.mkdir(parents=True, exist_ok=True)
    prefix = site_prefix(ROOT / "mkdocs.yml")
    with tempfile.TemporaryDirectory(prefix="bench-screens-") as tmp:
        site = args.site or build_site(Path(tmp))
        with serve_gzip(site, prefix) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            page = browser.new_page(viewport=WIDTHS["desktop"])
            widest: dict[str, tuple[int, str, int]] = {}
            for path in pages_of(site):
                page.goto(base + path, wait_until="networkidle")
                page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
                for kind, (selector, keep) in KINDS.items():
                    index, width = page.evaluate(WIDEST, [selector, keep])
                    if index >= 0 and width > widest.get(kind, (0, "", 0))[0]:
                        widest[kind] = (width, path, index)
            browser.close()
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            for kind, (width, path, index) in widest.items():
                for device, viewport in WIDTHS.items():
                    for name, scheme in SCHEMES.items():
                        context = browser.new_context(
                            viewport=viewport, color_scheme=scheme, is_mobile=device == "phone"
                        )
                        tab = context.new_page()
                        tab.goto(base + path, wait_until="networkidle")
                        tab.evaluate(
                            "document.querySelectorAll('details').forEach(d => d.open = true)"
                        )
                        element = tab.locator(KINDS[kind][0]).nth(index)  # as counted above
                        # One scroll down, to 80 px below the sticky header (scrolling up
                        # would bring Material's "Back to top" button over it).
                        element.evaluate(
                            "e => scrollTo(0, e.getBoundingClientRect().top + scrollY - 80)"
                        )
                        tab.wait_for_timeout(300)
                        shot = OUT / f"{kind}-{device}-{name}.png"
                        tab.screenshot(path=shot)
                        print(f"{shot.relative_to(ROOT)}  {prefix}{path} ({width} px wide)")
                        context.close()
            browser.close()


if __name__ == "__main__":
    main()
