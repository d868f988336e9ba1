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
warning naming the page, the line (from the checker's page model, ``doccheck/pages.py``) and
the formula, which ``mkdocs build --strict`` turns into a
failure; the page keeps KaTeX's red rendering of the source, as it would in the browser.
"""

from __future__ import annotations

import html
import json
import logging
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from doccheck.pages import Formula

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


def typeset(page_html: str) -> tuple[str, list[tuple[str, str]]]:
    """``page_html`` with every arithmatex formula typeset, and KaTeX's problems.

    Each problem is (the formula's TeX, KaTeX's message on one line), in the page's order.
    """
    problems: list[tuple[str, str]] = []
    versions = _versions()

    def replace(match: re.Match[str]) -> str:
        tag, escaped = match.groups()
        delimited = _DELIMITED.match(html.unescape(escaped))
        if delimited is None:
            return match.group(0)
        display, tex = delimited.group(1) == "[", delimited.group(2)
        rendered, warnings = _typeset(tex, display, versions)
        # One line each: KaTeX's messages quote the source, line breaks and all.
        problems.extend((tex, " ".join(warning.split())) for warning in warnings)
        # data-typeset: katex.js and extra.css treat the formula as typeset.
        return f'<{tag} class="arithmatex" data-typeset="">{rendered}</{tag}>'

    return _FORMULA.sub(replace, page_html), problems


def located(problems: list[tuple[str, str]], formulas: list[Formula], page: str) -> list[str]:
    """Each problem as ``docs/page.md:line: KaTeX: ...``, at its formula's first line.

    ``formulas`` is the page model's (``doccheck.pages``): the same formulas, in the same
    order. A problem whose formula it lacks is reported at ``page``.
    """
    unused = list(formulas)
    messages = []
    for tex, said in problems:
        flat = " ".join(tex.split())
        found = next((f for f in unused if " ".join(f.tex.split()) == flat), None)
        if found is not None:
            unused.remove(found)  # the same formula twice: the next problem is at the next one
        quoted = "" if flat in said else f" in {flat}"
        where = found.where_at(len(found.tex) - len(found.tex.lstrip())) if found else page
        messages.append(f"{where}: KaTeX: {said}{quoted}")
    return messages


def on_post_page(output: str, page, config) -> str:
    """Typeset the page's math; each problem is a warning (a failure under ``--strict``).

    The finished page, not its content: the search index has taken the content by then, and
    keeps the formulas' sources rather than KaTeX's markup.
    """
    result, problems = typeset(output)
    if problems:
        # Only a page with a problem needs the checker's page model, which knows each line.
        if str(ROOT) not in sys.path:
            sys.path.insert(0, str(ROOT))  # MkDocs loads this hook by path: doccheck is beside it
        from doccheck.layout import Project, rel
        from doccheck.pages import read_page

        path = Path(page.file.abs_src_path)
        project = Project(Path(config.config_file_path).resolve().parent)
        for message in located(problems, read_page(path, project).formulas, rel(path)):
            log.warning(message)
    return result
