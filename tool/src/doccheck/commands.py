"""The writer's commands behind ``python -m doccheck``: check, run, fix, suggest.

- ``check`` needs no TensorFlow: every page problem, and each claim and recording against the
  values the last run stored (pytest's cache, or ``run``'s); a snippet changed since (its file,
  its helpers, the library versions) makes the answer unknown, which is a failure too.
- ``run`` runs only what is unknown, or what the named pages show, stores the values, then checks.
- ``fix`` rewrites each wrong claimed number in the page's own form, each drawn figure's alt text
  that is not the figure's description, and each stale recording or figure, atomically, and
  prints what it changed.
- ``census`` reads a built site (MkDocs' or Zensical's) and accounts for every number it shows,
  printing the count by kind (``census.py``); it needs no TensorFlow.
- ``suggest`` lists, for each unclaimed number on a page, expressions of its snippets that
  give that number, ready to paste.

All of them read the one page model (``pages.py``) through :class:`Article`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from doccheck import versions
from doccheck.alt_text import description
from doccheck.article import Article
from doccheck.files import write_atomically
from doccheck.lastrun import (
    compare,
    disagreements,
    expression_key,
    failed_snippets,
    load,
    observe,
    source_hash,
    stale_files,
    stale_outputs,
    store,
    stored_as_value,
)
from doccheck.layout import Project, Snippet, rel
from doccheck.numbers import ClaimSyntaxError, parse_claim, restate
from doccheck.pages import Claim, Page
from doccheck.problems import Problem, formatted
from doccheck.wordclaims import restate_word


@dataclass
class Report:
    """What a command found: problems (wrong), unknowns (not yet run), and what it did.

    Each problem and unknown is a :class:`doccheck.problems.Problem`: its line of text, with
    its path, line and kind apart (path and line None for one of the whole article).
    """

    problems: list[Problem] = field(default_factory=list)
    unknown: list[Problem] = field(default_factory=list)
    done: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Nothing wrong and nothing unknown."""
        return not self.problems and not self.unknown


def check(article: Article) -> Report:
    """Everything that needs no snippet run, and the claims against the stored values."""
    report = Report(problems=article.emptiness())
    if report.problems:
        return report
    entries = load(article.project)
    settled = frozenset(
        s.name
        for s in article.snippets
        if s.name in entries and entries[s.name].get("source") == source_hash(s)
    )

    def verdict(claim: Claim) -> bool | None:
        """Whether the last run confirms a claim that is a formula's side; None: not known."""
        if claim.snippet not in settled or entries[claim.snippet].get("error"):
            return None
        stored = entries[claim.snippet].get("values", {}).get(expression_key(claim.expression))
        return None if stored is None else compare(claim, stored) is None

    for page in article.pages:
        report.problems += [*page.problems, *page.unchecked, *page.formula_problems(verdict)]
    report.problems += article.unknown_snippets() + article.missing_includes()
    report.problems += article.copied_from_outside()
    report.problems += article.prose_numbers()
    report.problems += article.colliding_claims(settled)
    problems, notes = disagreements(article.claims, entries, article.project)
    report.problems += problems
    report.problems += failed_snippets(article.snippets, entries, _shown(article))
    report.problems += stale_outputs(article.snippets, entries, _shown(article))
    report.unknown += notes
    return report


def _shown(article: Article):
    return lambda path: ", ".join(i.where for i in article.shown_at(path)) or "no page yet"


def needs_run(article: Article, pages: list[Path] = (), outputs: bool = False) -> list[Snippet]:
    """Snippets whose stored values are missing or stale, and those the named pages use.

    With ``outputs``, also those whose recording or figures differ from their last run: only
    a new run can rewrite them (``fix`` after ``run``).
    """
    entries = load(article.project)
    wanted: set[str] = set()
    for snippet in article.snippets:
        entry = entries.get(snippet.name)
        expressions = {expression_key(c.expression) for c in article.claims_for(snippet)}
        if (
            entry is None
            or entry.get("source") != source_hash(snippet)
            or "stdout" not in entry
            or not expressions <= set(entry.get("values", {}))
            or (outputs and stale_files(snippet, entry))
        ):
            wanted.add(snippet.name)
    for path in pages:
        page = article.page(path.resolve())
        wanted |= {c.snippet for c in page.claims}
        for include in page.includes:
            name = include.path.removeprefix("snippets/").removeprefix("recorded/")
            wanted.add(name.rsplit(".", 1)[0])
    return [s for s in article.snippets if s.name in wanted]


def run(article: Article, pages: list[Path] = (), update: bool = False) -> Report:
    """Run what is unknown (and what ``pages`` show), store the values, then check."""
    from doccheck.recordings import check_outputs
    from doccheck.runner import run_snippet  # imports Keras only when a snippet runs
    from doccheck.worker import connect

    report = Report()
    wanted = needs_run(article, pages, outputs=update)
    worker = connect(article.project) if wanted else None  # None: none is warm, run here
    for snippet in wanted:
        expressions = [c.expression for c in article.claims_for(snippet)]
        if worker is not None and worker.alive:
            result, entry = worker.run(snippet, expressions)
            where = f", in the warm worker {worker.pid}"
        else:
            result = run_snippet(snippet, expressions)
            entry, where = observe(snippet, result), ""
        store(article.project, snippet.name, entry)
        report.done.append(f"ran {rel(snippet.path)} ({result.seconds:.2f} s{where})")
        if result.error:
            continue  # check() reports it from the stored entry, once per claim
        _, rewritten = check_outputs(result, article, update=update)
        report.done += [f"rewrote {path}" for path in rewritten]
    if worker is not None:
        worker.close()
    after = check(article)
    report.problems += after.problems
    report.unknown += after.unknown
    if update and after.ok:
        # Every value is current and every claim holds: the versions file and the pages' stamp
        # may say so (they change only if a recording did, or the versions).
        rewritten = any(line.startswith("rewrote") for line in report.done)
        report.done += [f"rewrote {p}" for p in versions.refresh(article.project, rewritten)]
    return report


def fix(article: Article, pages: list[Path] = (), dry_run: bool = False) -> Report:
    """Rewrite wrong claimed numbers and words to the values the snippets give, and outputs."""
    report = run(article, update=not dry_run)
    if dry_run:
        report.done = [d for d in report.done if not d.startswith("rewrote")]
    article = Article.load(article.project)  # the pages as they are now, after the run
    entries = load(article.project)
    targets = [article.page(p.resolve()) for p in pages] if pages else article.pages
    for page in targets:
        text = page.path.read_text("utf-8")
        edits: list[tuple[int, int, str]] = []
        for claim in page.claims:
            stored = entries.get(claim.snippet, {}).get("values", {})
            value = stored.get(expression_key(claim.expression))
            if claim.statement or value is None or compare(claim, value) is None:
                continue
            restated = restate_word if claim.word else restate
            new = restated(claim.text, stored_as_value(value)) if "error" not in value else None
            if new is None or not claim.span[1]:
                continue  # a statement, an error or a form the value cannot take: reported
            edits.append((*claim.span, new))
        edits += _alt_edits(page, article.project)
        if not edits:
            continue
        fixed = text
        for start, end, new in sorted(edits, reverse=True):
            fixed = fixed[:start] + new + fixed[end:]
        diff = difflib.unified_diff(
            text.splitlines(), fixed.splitlines(), rel(page.path), rel(page.path), lineterm=""
        )
        report.done.append("\n".join(diff))
        if not dry_run:
            write_atomically(page.path, fixed)
    if not dry_run:
        again = check(Article.load(article.project))
        report.problems, report.unknown = again.problems, again.unknown
    return report


def _alt_edits(page: Page, project: Project) -> list[tuple[int, int, str]]:
    """Each alt text of a drawn figure rewritten to the description the figure carries now."""
    figures = project.figures.resolve()
    edits = []
    for image in page.images:
        if not image.file.is_relative_to(figures):
            continue
        described = description(image.file)
        if described is not None and " ".join(image.alt.split()) != described:
            edits.append((*image.alt_span, described))
    return edits


def census(article: Article, site: Path | None, start: float) -> int:
    """Print the census of a built site: its problems, then the count by kind; 1 on problems."""
    import sys
    import time

    from doccheck.census import take_census

    folder = site or article.project.root / "site"
    if not (folder / "index.html").is_file():
        print(
            f"{folder}: no built site here; build it (make build, or make build-zensical) or "
            "name the folder: python -m doccheck census SITE",
            file=sys.stderr,
        )
        return 2
    found = take_census(folder, article)
    for problem in found.problems:
        print(formatted(problem))
    seen = ", ".join(f"{n} {what}" for what, n in found.seen.items())
    print(f"census of {folder}: {found.summary()}")
    print(
        f"{len(found.problems)} problem(s); read {seen} ({time.perf_counter() - start:.2f} s)",
        file=sys.stderr,
    )
    return 0 if found.ok else 1


def suggest(article: Article, path: Path) -> list[str]:
    """For each unclaimed number on the page, expressions of its snippets that give it."""
    from doccheck.runner import run_snippet

    page = article.page(path.resolve())
    if not page.loose:
        return [
            f"{rel(page.path)}: every number on the page is claimed or marked free; "
            "nothing to suggest"
        ]
    folder = article.project.page_folder(page.path)
    names = {c.snippet for c in page.claims}
    names |= {s.name for s in article.snippets if s.name.startswith(folder + "/")}
    namespaces = {}
    for snippet in (s for s in article.snippets if s.name in names):
        result = run_snippet(snippet)
        if result.error is None:
            namespaces[snippet.name] = result.namespace
    lines = []
    for line, text in page.loose:
        try:
            expected = parse_claim(text)
        except ClaimSyntaxError:
            continue
        found = []
        for name, namespace in namespaces.items():
            short = name if name.rpartition("/")[0] != folder else name.rpartition("/")[2]
            for expression, value in _candidates(namespace):
                if expected.matches(value):
                    found.append(f"{text}<!-- {short}: {expression} -->")
        where = f"{rel(page.path)}:{line}"
        if found:
            lines.append(f"{where}: {text} could be " + "  or  ".join(found[:4]))
        else:
            lines.append(
                f"{where}: {text}: no snippet value matches; if no code produces it, "
                f"write {text}<!-- free label --> (a year, a table number) or "
                f"{text}<!-- free quoted --> (a paper's value, its source linked beside it)"
            )
    return lines


def _candidates(namespace: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """Simple expressions over a snippet's names: numbers, shapes, lengths, parameter counts."""
    for name, value in namespace.items():
        if name.startswith("_") or (callable(value) and not hasattr(value, "count_params")):
            continue
        yield name, value
        yield from _parts(name, value)
        if hasattr(value, "count_params"):
            try:
                yield f"{name}.count_params()", value.count_params()
            except Exception:  # an unbuilt layer has no parameters to count
                pass
            for attribute in ("input", "output"):
                try:
                    shape = tuple(getattr(value, attribute).shape)
                except Exception:
                    continue
                yield f"{name}.{attribute}.shape", shape
                yield from _parts(f"{name}.{attribute}.shape", shape)
        for attribute in ("shape", "size"):
            if hasattr(value, "dtype") and hasattr(value, attribute):
                part = getattr(value, attribute)
                yield f"{name}.{attribute}", part
                if attribute == "shape":
                    yield from _parts(f"{name}.shape", tuple(part))


def _parts(name: str, value: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(value, tuple | list) and len(value) <= 64:
        yield f"len({name})", len(value)
        for i, item in enumerate(value):
            if _is_number(item):
                yield f"{name}[{i if i < len(value) - 1 else -1}]", item
    elif isinstance(value, dict) and len(value) <= 64:
        yield f"len({name})", len(value)
        for key, item in value.items():
            if (
                isinstance(key, str)
                and isinstance(item, int | float)
                and not isinstance(item, bool)
            ):
                yield f"{name}[{key!r}]", item


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
