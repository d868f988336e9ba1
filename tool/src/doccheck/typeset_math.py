r"""The pages' math typeset at build time by the KaTeX the site ships (the MkDocs plugin's).

``pymdownx.arithmatex`` (generic mode) leaves each formula as its TeX source in a
``span.arithmatex`` (``\(...\)``) or ``div.arithmatex`` (``\[...\]``). Here each is replaced
by what ``katex.renderToString`` makes of it in the browser: the same script
(``docs/assets/katex/katex.min.js`` by default) with the same options (read from
``docs/javascripts/katex.js``, between its ``katex-options`` markers), run in QuickJS (the
``quickjs-ng`` wheel: no Node, no network). A reader's browser then downloads no KaTeX script
and typesets nothing: the first paint already has the math in place (see ``mkdocs.yml`` and
``python -m bench.lighthouse``).

Zensical runs no MkDocs plugins: there ``docs/javascripts/katex.js`` fetches KaTeX and typesets the
same formulas in the browser, with the same options, so both sites show the same math
(``tests/test_browser.py`` compares them formula by formula).

A formula KaTeX cannot typeset, or typesets with a warning (its strict mode), is a build
warning naming the page, the line (from the checker's page model, ``doccheck.pages``) and
the formula, which ``mkdocs build --strict`` turns into a
failure; the page keeps KaTeX's red rendering of the source, as it would in the browser.
"""

from __future__ import annotations

import html
import json
import logging
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from doccheck.pages import Formula

log = logging.getLogger("mkdocs.plugins.doccheck")

# Under the site's docs/: KaTeX's script, and the script holding the options it shares with it.
KATEX = "assets/katex/katex.min.js"
OPTIONS_FROM = "javascripts/katex.js"
_OPTIONS = re.compile(r"/\* katex-options \*/(.*?)/\* end katex-options \*/", re.S)
# What arithmatex writes: the source, HTML-escaped, inside its delimiters.
_FORMULA = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.S)
_DELIMITED = re.compile(r"\A\s*\\([(\[])(.*)\\[)\]]\s*\Z", re.S)


class KaTeX:
    """KaTeX in a QuickJS context: ``render(tex, display)`` gives its HTML and its warnings."""

    def __init__(self, script: Path, options_from: Path) -> None:
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


# (KaTeX's script, the options' file, when each last changed): a change makes a new KaTeX.
_Version = tuple[Path, Path, int, int]


def _version(script: Path, options_from: Path) -> _Version:
    missing = [path for path in (script, options_from) if not path.is_file()]
    if missing:
        from mkdocs.exceptions import PluginError

        raise PluginError(
            f"doccheck: a page has math, and KaTeX's files are missing ("
            f"{', '.join(map(str, missing))}): put KaTeX's script and the script holding its "
            "options (between /* katex-options */ markers) there, set the plugin's katex and "
            "katex_options to where they are, or set math: false"
        )
    return script, options_from, script.stat().st_mtime_ns, options_from.stat().st_mtime_ns


@lru_cache(maxsize=1)
def katex(version: _Version) -> KaTeX:
    """One KaTeX for the build, and for ``mkdocs serve``'s rebuilds until its files change."""
    return KaTeX(version[0], version[1])


@lru_cache(maxsize=8192)
def _typeset(tex: str, display: bool, version: _Version) -> tuple[str, tuple[str, ...]]:
    rendered, warnings = katex(version).render(tex, display)
    return rendered, tuple(warnings)


def typeset(
    page_html: str, docs: Path, script: str = KATEX, options_from: str = OPTIONS_FROM
) -> tuple[str, list[tuple[str, str]]]:
    """``page_html`` with every arithmatex formula typeset, and KaTeX's problems.

    ``script`` and ``options_from`` are paths under ``docs`` (the site's docs_dir). Each
    problem is (the formula's TeX, KaTeX's message on one line), in the page's order.
    """
    problems: list[tuple[str, str]] = []
    versions: list[_Version] = []  # KaTeX's files are looked at once a formula needs them

    def replace(match: re.Match[str]) -> str:
        tag, escaped = match.groups()
        delimited = _DELIMITED.match(html.unescape(escaped))
        if delimited is None:
            return match.group(0)
        display, tex = delimited.group(1) == "[", delimited.group(2)
        if not versions:
            versions.append(_version(docs / script, docs / options_from))
        rendered, warnings = _typeset(tex, display, versions[0])
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


def typeset_page(output: str, source: Path, root: Path, docs: Path, **files: str) -> str:
    """A finished page with its math typeset; each problem is a warning at its page and line.

    ``source`` is the page's Markdown file, ``root`` the project (where mkdocs.yml is). The
    finished page, not its content: the search index has taken the content by then, and keeps
    the formulas' sources rather than KaTeX's markup.
    """
    result, problems = typeset(output, docs, **files)
    if problems:
        # Only a page with a problem needs the checker's page model, which knows each line.
        from doccheck.layout import Project, rel
        from doccheck.pages import read_page

        formulas = read_page(source, Project(root)).formulas
        for message in located(problems, formulas, rel(source)):
            log.warning(message)
    return result
