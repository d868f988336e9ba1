r"""MkDocs hook: the pages' math typeset at build time by the KaTeX the site ships.

``pymdownx.arithmatex`` (generic mode) leaves each formula as its TeX source in a
``span.arithmatex`` (``\(...\)``) or ``div.arithmatex`` (``\[...\]``). Here each is replaced
by what ``katex.renderToString`` makes of it in the browser: the same script
(``docs/assets/katex/katex.min.js``) with the same options (read from
``docs/javascripts/katex.js``, between its ``katex-options`` markers), run in QuickJS (the
``quickjs-ng`` wheel: no Node, no network). A reader's browser then downloads no KaTeX script
and typesets nothing: the first paint already has the math in place (see ``mkdocs.yml`` and
``python -m bench.lighthouse``).

Zensical ignores hooks: there ``docs/javascripts/katex.js`` fetches KaTeX and typesets the
same formulas in the browser, with the same options, so both sites show the same math
(``tests/test_browser.py`` compares them formula by formula).

A formula KaTeX cannot typeset, or typesets with a warning (its strict mode), is a build
warning naming the page, the line and the formula, which ``mkdocs build --strict`` turns into a
failure; the page keeps KaTeX's red rendering of the source, as it would in the browser.
"""

from __future__ import annotations

import contextlib
import html
import json
import logging
import re
from functools import lru_cache
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.typeset_math")

ROOT = Path(__file__).resolve().parent.parent
KATEX = ROOT / "docs" / "assets" / "katex" / "katex.min.js"
OPTIONS_FROM = ROOT / "docs" / "javascripts" / "katex.js"
_OPTIONS = re.compile(r"/\* katex-options \*/(.*?)/\* end katex-options \*/", re.S)
# What arithmatex writes: the source, HTML-escaped, inside its delimiters.
_FORMULA = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.S)
_DELIMITED = re.compile(r"\A\s*\\([(\[])(.*)\\[)\]]\s*\Z", re.S)


class KaTeX:
    """KaTeX in a QuickJS context: ``render(tex, display)`` gives its HTML and its warnings."""

    def __init__(self, script: Path = KATEX, options_from: Path = OPTIONS_FROM) -> None:
        """Load ``script`` and the options object marked in ``options_from``."""
        import quickjs  # the quickjs-ng wheel (site dependency group)

        found = _OPTIONS.search(options_from.read_text("utf-8"))
        if found is None:
            raise RuntimeError(
                f"{options_from}: no /* katex-options */ ... /* end katex-options */ object "
                "(the options the build and the browser share)"
            )
        self._context = quickjs.Context()
        # KaTeX warns through console.warn (strict mode): kept, to be reported per formula.
        self._context.eval(
            "var __warnings = [];"
            "var console = {warn: function (m) { __warnings.push(String(m)); },"
            " error: function (m) { __warnings.push(String(m)); }, log: function () {}};"
        )
        self._context.eval(script.read_text("utf-8"))
        # The result goes out as JSON: the wrapper cannot hand over some strings KaTeX builds.
        self._render = self._context.eval(
            "(function (options) { return function (tex, display) {"
            " __warnings = [];"
            " var html = katex.renderToString(tex, Object.assign({}, options,"
            " {displayMode: display}));"
            " return JSON.stringify([html, __warnings]); }; })"
            f"({found.group(1).strip()})"
        )

    def render(self, tex: str, display: bool) -> tuple[str, list[str]]:
        """KaTeX's HTML for ``tex`` and what KaTeX warned about (an error is one of those)."""
        rendered, warnings = json.loads(self._render(tex, display))
        error = re.search(r'class="katex-error"[^>]*title="([^"]*)"', rendered)
        if error:
            warnings.append(html.unescape(error.group(1)))
        return rendered, warnings


def _versions() -> tuple[int, int]:
    """When KaTeX's script and the options last changed: a new one makes a new KaTeX."""
    return KATEX.stat().st_mtime_ns, OPTIONS_FROM.stat().st_mtime_ns


@lru_cache(maxsize=1)
def katex(versions: tuple[int, int] | None = None) -> KaTeX:
    """One KaTeX for the build, and for ``mkdocs serve``'s rebuilds until its files change."""
    return KaTeX()


@lru_cache(maxsize=8192)
def _typeset(tex: str, display: bool, versions: tuple[int, int]) -> tuple[str, tuple[str, ...]]:
    rendered, warnings = katex(versions).render(tex, display)
    return rendered, tuple(warnings)


def line_of(source: str, tex: str) -> int | None:
    """The first line of the page's Markdown that holds ``tex``'s first line, if any.

    A formula written twice on a page is reported at the first.
    """
    first = tex.strip().splitlines()[0].strip() if tex.strip() else ""
    if not first:
        return None
    for number, line in enumerate(source.splitlines(), start=1):
        if first in line:
            return number
    return None


def typeset(page_html: str, where: str = "", source: str = "") -> tuple[str, list[str]]:
    """``page_html`` with every arithmatex formula typeset; and one message per problem.

    ``where`` names the page in the messages and ``source`` is its Markdown, where a problem's
    line is looked up.
    """
    problems: list[str] = []
    versions = _versions()

    def replace(match: re.Match[str]) -> str:
        tag, escaped = match.groups()
        delimited = _DELIMITED.match(html.unescape(escaped))
        if delimited is None:
            return match.group(0)
        display, tex = delimited.group(1) == "[", delimited.group(2)
        rendered, warnings = _typeset(tex, display, versions)
        for warning in warnings:
            line = line_of(source, tex)
            place = f"{where}:{line}" if line else where
            # One line each: KaTeX's messages quote the source, line breaks and all.
            said, formula = " ".join(warning.split()), " ".join(tex.split())
            quoted = "" if formula in said else f" in {formula}"
            problems.append(f"{place}: KaTeX: {said}{quoted}")
        # data-typeset: katex.js and extra.css treat the formula as typeset.
        return f'<{tag} class="arithmatex" data-typeset="">{rendered}</{tag}>'

    return _FORMULA.sub(replace, page_html), problems


def on_post_page(output: str, page, config) -> str:
    """Typeset the page's math; each problem is a warning (a failure under ``--strict``).

    The finished page, not its content: the search index has taken the content by then, and
    keeps the formulas' sources rather than KaTeX's markup.
    """
    source, where = "", page.file.src_uri
    path = getattr(page.file, "abs_src_path", None)
    if path and Path(path).is_file():
        source = Path(path).read_text("utf-8")
        root = Path(config.config_file_path).resolve().parent
        with contextlib.suppress(ValueError):  # a page outside the project keeps its own name
            where = Path(path).resolve().relative_to(root).as_posix()
    result, problems = typeset(output, where, source)
    for problem in problems:
        log.warning(problem)
    return result
