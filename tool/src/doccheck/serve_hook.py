"""The MkDocs plugin's preview: ``mkdocs serve --dirty`` fast and never stale, problems marked.

``--dirty`` rebuilds only the pages whose Markdown changed, which keeps a preview rebuild to a
fraction of a second however long the article grows, where a full rebuild renders every page.
But a page also shows snippets and recorded outputs through ``--8<--`` lines, which MkDocs
does not track: without this hook, editing a snippet or running ``make refresh`` would leave
the preview stale. The preview marks such a page changed when an included file is newer than the
page's last build. The values the last run stored (``doccheck run``, pytest) are a dependency of
every page too: the plugin watches the folder they are kept in (``doccheck.lastrun``), and a
rebuild re-checks each page whose claims' snippets have other values than the page was last
checked against. When a warm worker answers (``python -m doccheck worker``), each rebuild
asks it, in the background (``doccheck.live``), to run the snippets changed since their stored
run and those of claims newly written, and renders at once with a status on each page whose
snippets are waiting or running; the run's stored values, recording and figures then reach the
pages with no command typed. It also keeps the theme's compiled templates between
rebuilds (MkDocs makes a new Jinja environment, and recompiles every template, on each one):
0.2 s became 0.08 s here.

It also tells the writer, in the preview only, what the checker would say: a box at the top
of each page listing its problems (wrong numbers against the values the last run stored,
unclaimed numbers, formulas, unclosed comments, missing includes), a mark on each wrong prose
number, and the same lines in the server's log. A broken include becomes an inline error line
instead of an exception that leaves the server stuck.

Preview only: the plugin (``doccheck.mkdocs_plugin``) calls it under ``mkdocs serve`` (or with
``preview: true``), Zensical runs no MkDocs plugins, and nothing correctness depends on lives
here (pytest checks the same page model, ``doccheck.pages``).
"""

from __future__ import annotations

import html
import logging
import os
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from doccheck.layout import Project
from doccheck.live import LiveRuns, snippet_names
from doccheck.problems import Problem

_state = {"serve": False, "dirty": False}
# Each page checked in this session (its source path): the stored values of the snippets its
# claims name, as they were when it was checked. A dirty rebuild re-checks a page whose
# values differ now: MkDocs sees only its Markdown, not the values its marks come from.
_checked: dict[str, dict[str, Any]] = {}
# Each page checked in this session: the snippets it uses, and those shown as running on it.
_uses: dict[str, set[str]] = {}
_shown_busy: dict[str, list[str]] = {}
_live: dict[Path, LiveRuns] = {}  # by project root: the runs this preview asked for
log = logging.getLogger("mkdocs.hooks.doccheck")


class _Templates(jinja2.BytecodeCache):
    """Compiled templates in memory; Jinja recompiles one whose source changed (by checksum)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Fill ``bucket`` with the code compiled on an earlier rebuild, if any."""
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep the code Jinja just compiled."""
        self._code[bucket.key] = bucket.bytecode_to_string()


_TEMPLATES = _Templates()


def on_startup(command: str, dirty: bool) -> None:
    """Remember the kind of session (MkDocs keeps this module across rebuilds)."""
    _state["serve"] = command == "serve"
    _state["dirty"] = dirty


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """Under ``mkdocs serve``, reuse the templates compiled by the previous rebuild."""
    if _state["serve"]:
        env.bytecode_cache = _TEMPLATES
    return env


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Have a warm worker run the changed snippets; rebuild the pages that changes reach.

    In a dirty session, a page is rebuilt when an included file is newer than its last build,
    or when the stored values of a snippet its claims name differ from those it was checked
    with (a run just stored new ones: the worker's, ``doccheck run``'s, pytest's).
    """
    from doccheck.lastrun import load
    from doccheck.pages import read_includes

    project = Project(Path(config.config_file_path).resolve().parent)
    entries = load(project) if _state["serve"] else {}
    live = live_runs(project)
    if _state["serve"]:
        try:
            live.request_changed(entries)
        except Exception as err:  # the preview must render whatever the worker does
            log.warning(f"doccheck could not ask the worker to run the changed snippets: {err!r}")
    if not _state["dirty"]:
        return files
    options = config.mdx_configs.get("pymdownx.snippets", {})
    bases = options.get("base_path", ["."])
    bases = [bases] if isinstance(bases, str) else bases
    for file in files.documentation_pages():
        if file.abs_src_path is None:
            continue  # made in memory by a plugin: MkDocs rebuilds it whenever it is set
        checked = _checked.get(file.abs_src_path)
        busy = live.busy(_uses.get(file.abs_src_path, ()))
        if checked is not None and (
            checked != _values_of(checked, entries)
            or busy != _shown_busy.get(file.abs_src_path, [])
        ):
            _rebuild(file)  # new values, or a run that started or ended: its status changed
            continue
        try:
            built = os.path.getmtime(file.abs_dest_path)
        except OSError:
            continue  # never built: MkDocs builds it anyway
        text = file.content_string
        for include in read_includes(Path(file.abs_src_path), text, project):
            paths = [os.path.join(base, include.path) for base in bases]
            if any(os.path.isfile(p) and os.path.getmtime(p) > built for p in paths):
                _rebuild(file)
                break
    return files


def live_runs(project: Project) -> LiveRuns:
    """The runs this preview asks the worker of ``project`` for (one set per session)."""
    root = project.root.resolve()
    if root not in _live:
        _live[root] = LiveRuns(project)
    return _live[root]


def _rebuild(file: File) -> None:
    """Have a dirty build read and render ``file`` again, keeping where its source is."""
    source = file.abs_src_path
    # Setting the content (to what it already is) is how MkDocs' File API says "modified":
    # is_modified() is then true. But MkDocs 1.6 also forgets the source's path, which the
    # page's check reads (it once failed there: "expected str, ... not NoneType").
    file.content_string = file.content_string
    file.abs_src_path = source


def _values_of(snippets: dict[str, Any], entries: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The stored values of each snippet named in ``snippets``, from ``entries``."""
    return {name: entries.get(name, {}).get("values") for name in snippets}


def on_page_markdown(markdown: str, page, config: MkDocsConfig, files: Files) -> str:
    """Under ``mkdocs serve``: the page's problems in a box, marks on wrong numbers, in the log."""
    if not _state["serve"] or page.file.abs_src_path is None:
        return markdown  # a build, or a page a plugin made in memory: nothing to check
    try:
        return _tell(
            markdown, Path(page.file.abs_src_path), Path(config.config_file_path).resolve().parent
        )
    except Exception as err:  # the preview must render whatever the checker does
        log.warning(f"doccheck could not check {page.file.src_uri}: {err!r}")
        return markdown


def _tell(markdown: str, path: Path, root: Path) -> str:
    from doccheck.article import Article
    from doccheck.lastrun import compare, compared, expression_key, load
    from doccheck.pages import Claim, read_page

    project = Project(root)
    model = read_page(path, project)
    article = Article(pages=[model], snippets=project.find_snippets(), project=project)
    entries = load(project)
    _checked[str(path)] = _values_of({claim.snippet: None for claim in model.claims}, entries)
    live = live_runs(project)
    _ask_for_new_claims(model.claims, entries, live)
    uses = {claim.snippet for claim in model.claims} | snippet_names(model.includes)
    _uses[str(path)] = uses
    busy = _shown_busy[str(path)] = live.busy(uses)

    def verdict(claim: Claim) -> bool | None:
        """Whether the last run confirms a claim that is a formula's side; None: not known."""
        value = (
            entries.get(claim.snippet, {}).get("values", {}).get(expression_key(claim.expression))
        )
        return None if value is None else compare(claim, value) is None

    problems = [*model.problems, *model.unchecked, *model.formula_problems(verdict)]
    problems += article.unknown_snippets()
    broken = dict(article.broken_includes())
    problems += broken.values()
    source = path.read_text("utf-8")
    marks: list[tuple[str, str, str]] = []  # (number, its comment, the problem)
    for claim in model.claims:
        stored = entries.get(claim.snippet, {}).get("values", {})
        value = stored.get(expression_key(claim.expression))
        problem = compared(claim, value) if value is not None else None
        if problem:
            problems.append(problem)
            end = source.find("-->", claim.span[1])
            prose = source.startswith("<!--", claim.span[1])  # not a \claim inside a formula
            if prose and end != -1:
                marks.append((claim.text, source[claim.span[1] : end + 3], problem.unplaced))
    for problem in problems:
        log.warning(f"doccheck: {problem}")
    for number, comment, problem in marks:
        title = html.escape(problem)
        mark = f'<mark class="doccheck" title="{title}">{html.escape(number)}</mark>'
        markdown = markdown.replace(number + comment, mark + comment, 1)
    lines = source.split("\n")
    for include, message in broken.items():
        if include.page != path or include.via:
            continue  # reached through another file: nothing on this page to defuse
        line = lines[include.line - 1]
        # A line of a block of includes holds its target alone: blank, it includes nothing.
        shown = "" if line.strip() == include.target else f"doccheck: {message}"
        markdown = markdown.replace(line, shown, 1)
    status = _status(busy)
    if not problems:
        return status + markdown
    # In the page's order, as the writer reads it; a problem with no line (the whole page) first.
    in_order = sorted(problems, key=lambda p: -1 if p.line is None else p.line)
    items = "".join(_item(p) for p in in_order)
    box = (
        '<div class="admonition failure"><p class="admonition-title">doccheck: '
        f"{len(problems)} problem(s) on this page (shown in the preview only)</p>"
        f"<ul>{items}</ul></div>\n\n"
    )
    return status + box + markdown


def _item(problem: str) -> str:
    """A problem in the preview's box: its place, its message, and its fix on a line of its own."""
    if not isinstance(problem, Problem) or problem.path is None:
        return f"<li>{html.escape(problem)}</li>"
    place = problem.path + (f":{problem.line}" if problem.line is not None else "")
    fix = f"<br>fix: {html.escape(problem.fix)}" if problem.fix else ""
    return f"<li><code>{html.escape(place)}</code> {html.escape(problem.message)}{fix}</li>"


def _ask_for_new_claims(claims: list, entries: dict[str, dict[str, Any]], live: LiveRuns) -> None:
    """Have the worker run the snippet of each claim its stored run did not evaluate (once)."""
    from doccheck.lastrun import expression_key

    for claim in claims:
        entry = entries.get(claim.snippet)
        if not entry or entry.get("error"):
            continue  # never run, or failed: a changed snippet is asked for as such
        key = expression_key(claim.expression)
        path = live.project.snippets / f"{claim.snippet}.py"
        if key not in entry.get("values", {}) and path.is_file():
            live.request_claim(claim.snippet, key)


def _status(busy: list[str]) -> str:
    """The page's "checking s.py…" status while its snippets wait for a run or run, or ""."""
    if not busy:
        return ""
    names = ", ".join(html.escape(Path(name).name + ".py") for name in busy)
    return (
        '<div class="admonition info doccheck-status" role="status" aria-live="polite">'
        f'<p class="admonition-title">doccheck: checking {names}…</p><p>The page updates '
        "when the run ends (shown in the preview only).</p></div>\n\n"
    )
