"""The site's own tests, collected by the pytest plugin: a site needs no test file.

One item per page (``docs/convolution.md``: its problems, unknown snippets, missing includes,
claim syntax, formulas, alt text, inline Python, unchecked numbers), one per snippet
(``snippets/convolution/conv2d.py``: it runs, its recording is current, its claims hold), three
for the whole site (every snippet is shown, every recording has its snippet, there is something
to check) and the census of the site as MkDocs builds it. The names are the files', so that
``-k conv2d`` selects and a failure reads ``docs/index.md: docs/index.md:3: claims 9 ...``.

What is collected does not hang on the folders pytest walks: the items are added once per
session (``pytest_collection_modifyitems``), for the project the checker finds (the nearest
folder up with ``[tool.doccheck]``, or ``DOCCHECK_ROOT``). With no path argument (or pytest's
``testpaths``), or one naming the project's root, every item; with paths inside ``docs/`` or
``snippets/``, the pages or snippets under them; with only other paths
(``pytest tests/test_x.py``), none.

A failure is the checker's messages alone (``pytest.fail(..., pytrace=False)``), one line per
mistake, with no traceback.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pytest

from doccheck.article import Article, check_claims
from doccheck.lastrun import observe
from doccheck.layout import PROJECT, Project, Snippet, rel
from doccheck.numbers import ClaimSyntaxError, parse_claim
from doccheck.problems import Problem, at, formatted

SITE = pytest.StashKey["Site"]()
# A suite that tests its own strict build of the site sets SHARE_BUILD in pytest_configure: the
# census's build is then that strict build too (``CensusBuild.shared``), one build for both, and
# ``census_build(config)`` hands it to the suite.
SHARE_BUILD = pytest.StashKey[bool]()
CENSUS_BUILD = pytest.StashKey["CensusBuild"]()
# MkDocs' last line when --strict stops a build that warned: it wrote every page before that.
STRICT_ABORT = re.compile(r"^Aborted with .* in strict mode!\s*$", re.M)


@dataclass
class Site:
    """The session's site: its pages read once, each snippet run at most once."""

    project: Project
    update: bool = False
    # What the session rewrote, for the summary; what each run computed, for pytest's cache.
    updated: list[str] = field(default_factory=list)
    observed: dict[str, dict[str, Any]] = field(default_factory=dict)
    runs: dict[Snippet, Any] = field(default_factory=dict)

    @cached_property
    def article(self) -> Article:
        """The pages and snippets, read at the first test that needs them."""
        return Article.load(self.project)

    def run(self, snippet: Snippet) -> Any:
        """``snippet`` run with the claims the pages make on it (once per session)."""
        from doccheck.runner import run_snippet  # the first run imports the site's libraries

        if snippet not in self.runs:
            mine = snippet.project == self.project
            claims = self.article.claims_for(snippet) if mine else []
            where: dict[str, str] = {}
            for claim in claims:
                where.setdefault(claim.expression.strip(), claim.where)
            with as_python_imports(first=not self.runs):
                run = run_snippet(snippet, [c.expression for c in claims], where=where)
            self.runs[snippet] = run
            if mine:
                self.observed[snippet.name] = observe(snippet, run)
        return self.runs[snippet]


@contextlib.contextmanager
def as_python_imports(first: bool) -> Iterator[None]:
    """A snippet's imports as ``python snippet.py`` makes them, and Keras's without collection.

    No pytest import hook; for the session's first run, which imports Keras, no cyclic
    collector. pytest's assertion rewriter is asked about every module its process imports: a
    snippet is no test module, and asking about TensorFlow's ~3,000 modules costs about half a
    second of CPU. The ~300,000 objects the import of Keras makes live as long as the process
    (the runner freezes them after it), so the collector's passes over them while they are made
    free nothing: another half second. Both are back when the run ends.
    """
    hooks = [f for f in sys.meta_path if type(f).__name__ == "AssertionRewritingHook"]
    for hook in hooks:
        sys.meta_path.remove(hook)
    pause = first and gc.isenabled()
    if pause:
        gc.disable()
    try:
        yield
    finally:
        if pause:
            gc.enable()
        sys.meta_path[:0] = hooks


class SiteItem(pytest.Item):
    """A check of the site, named by the file it is about; ``check`` gives its problems."""

    def __init__(self, *, check: Callable[[Site], list[str]], **kwargs: Any) -> None:
        """An item as pytest makes it (``from_parent``), with the function that checks."""
        super().__init__(**kwargs)
        self.check = check

    def runtest(self) -> None:
        """Fail with the problems, one line each, and no traceback into the checker."""
        problems = self.check(self.config.stash[SITE])
        if problems:
            # As the command line shows them (the fix on its own line), with each one's kind.
            pytest.fail("\n".join(formatted(p, kind=True) for p in problems), pytrace=False)

    def reportinfo(self) -> tuple[Path, None, str]:
        """The file the item is about, and its name."""
        return self.path, None, self.name


def page_problems(path: Path) -> Callable[[Site], list[str]]:
    """Everything a page's text alone gets wrong (no snippet run)."""

    def check(site: Site) -> list[str]:
        article = site.article
        page = article.page(path)
        shown = rel(path)
        problems = list(page.problems)
        problems += [p for p in article.unknown_snippets() if p.path == shown]
        problems += [p for p in article.missing_includes() if p.path == shown]
        # Claims of one value that disagree are each compared with the value by the snippet's
        # item, which names the wrong one: reporting the collision too would give one mistake
        # two failures. `doccheck check` reports it before any run.
        for claim in page.claims:
            if claim.statement or claim.word:
                continue  # a sentence or a word, not a number: the snippet's item evaluates it
            try:
                parse_claim(claim.text)
            except ClaimSyntaxError as err:
                problems.append(at(claim.where, "claim syntax", str(err)))
        # A relation with a lone \claim as one side is the snippet's item's to report: it knows
        # whether the claim holds, and if not, the claim's message is the one for the mistake.
        problems += [message for claim, message in page.formula_reports() if claim is None]
        problems += [
            at(
                i.where,
                "alt text",
                f"the image {i.src} has no alt text; describe what it shows in ![...]",
            )
            for i in page.images
            if not i.alt
        ]
        for line, info, body in page.code_blocks:
            code = [ln for ln in body.splitlines() if ln.strip()]
            if info.split(" ")[0].lstrip(".{").lower() in ("py", "python", "pycon") and not all(
                "--8<--" in ln for ln in code
            ):
                problems.append(
                    Problem(
                        shown,
                        line,
                        "inline code",
                        "Python written inline; put it in snippets/ and include "
                        'it with --8<-- "snippets/<page>/<name>.py"',
                    )
                )
        return problems + list(page.unchecked)

    return check


def snippet_problems(snippet: Snippet) -> Callable[[Site], list[str]]:
    """A snippet runs, its recording is current, and the pages' claims on it hold."""

    def check(site: Site) -> list[str]:
        from doccheck.recordings import check_outputs

        article = site.article
        # Numbers in the comments and docstrings the pages show: no run checks them.
        prose = [p for p in article.prose_numbers() if p.path == rel(snippet.path)]
        run = site.run(snippet)
        if run.error:
            pages = ", ".join(i.where for i in article.shown_at(snippet.path)) or "no page"
            return [f"{run.error}\n  (shown at {pages})", *prose]
        claims = article.claims_for(snippet)
        problems = check_claims(claims, run)
        # A formula whose one side is a claim of this snippet: the claim decides which side is
        # wrong.
        mine = set(claims)
        for page in (p for p in article.pages if any(c.page == p.path for c in claims)):
            problems += [
                message
                for claim, message in page.formula_reports(
                    lambda c: not check_claims([c], run) if c in mine else None
                )
                if claim in mine
            ]
        output_problems, rewritten = check_outputs(run, article, site.update)
        site.updated += [f"rewrote {path}" for path in rewritten]
        return prose + problems + output_problems

    return check


def every_snippet_is_shown(site: Site) -> list[str]:
    """A snippet no page includes is either dead or forgotten."""
    article = site.article
    if article.missing_includes():
        pytest.skip(f"waits on a page's item, which reports: {article.missing_includes()[0]}")
    hidden = [s.name for s in article.snippets if not article.shown_at(s.path)]
    return [f"snippets no page includes (delete them or show them): {hidden}"] if hidden else []


def every_recording_has_its_snippet(site: Site) -> list[str]:
    """A recording whose snippet is gone would be shown forever, checked by nothing."""
    project = site.project
    names = {s.name for s in site.article.snippets}
    orphans = [
        rel(p)
        for p in sorted(project.recorded.rglob("*.txt"))
        if p.relative_to(project.recorded).with_suffix("").as_posix() not in names
    ]
    return [f"recordings whose snippet is gone (delete them): {orphans}"] if orphans else []


def something_to_check(site: Site) -> list[str]:
    """No pages, no snippets or no claims: a checker that finds nothing passes anything."""
    project = site.project
    problems = site.article.emptiness()
    if site.article.pages and not (project.docs / "index.md").is_file():
        problems.append(f"no {rel(project.docs / 'index.md')}: add an index page, the site's home")
    if not (project.root / "mkdocs.yml").is_file():
        problems.append(f"no mkdocs.yml in {project.root}: the site cannot be built")
    return problems


class CensusBuild:
    """The site built by MkDocs into a temporary folder, started as soon as it is selected."""

    def __init__(self, project: Project, shared: bool = False) -> None:
        """A build of ``project``, not started; its folder is made now.

        ``shared``: the suite's strict build too (``SHARE_BUILD``): ``--strict`` under
        ``-X importtime``, all of its output kept in its log. Its warnings are the suite's to
        report (its strict build test fails on them); the census reads the site all the same.
        """
        self.project = project
        self.shared = shared
        self.folder = Path(tempfile.mkdtemp(prefix="doccheck-census-"))
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def command(self) -> list[str]:
        """The build's command line."""
        options, mode = (["-X", "importtime"], "--strict") if self.shared else ([], "-q")
        return [
            sys.executable,
            *options,
            "-m",
            "mkdocs",
            "build",
            mode,
            "-d",
            str(self.site_folder),
        ]

    @property
    def site_folder(self) -> Path:
        """Where the build writes the site."""
        return self.folder / "site"

    def start(self) -> None:
        """Start the build in its own process (it imports no TensorFlow, and takes a core)."""
        if self.process is not None:
            return
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
        log = (self.folder / "build.log").open("wb")
        self.process = subprocess.Popen(
            self.command,
            cwd=self.project.root,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()

    def finished(self) -> tuple[int, str]:
        """The build's exit status and its output, once it is over (starting it if need be)."""
        self.start()
        assert self.process is not None
        code = self.process.wait(timeout=900)
        return code, (self.folder / "build.log").read_text("utf-8", "replace")

    def site(self) -> Path:
        """The built site's folder, once the build is over; fails with its log if it failed."""
        code, said = self.finished()
        if code != 0 and not (self.shared and STRICT_ABORT.search(said)):
            said = "\n".join(ln for ln in said.splitlines() if not ln.startswith("import time:"))
            pytest.fail(
                f"mkdocs build failed in {self.project.root}:\n{said[-3000:]}", pytrace=False
            )
        return self.site_folder

    def stop(self) -> None:
        """End the build if it still runs, and remove its folder."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


class Census:
    """Every number the built site shows is accounted for, and the census read all of it."""

    def __init__(self, build: CensusBuild) -> None:
        """The census of what ``build`` makes."""
        self.build = build

    def __call__(self, site: Site) -> list[str]:
        """The census's problems, and what it failed to read."""
        from doccheck.census import take_census
        from doccheck.formulas import CLAIM_MACRO

        article = site.article
        missing = something_to_check(site)
        if missing:
            pytest.skip(f"waits on something-to-check, which reports: {missing[0]}")
        said = [p for page in article.pages for p in (*page.problems, *page.unchecked)]
        if said:
            pytest.skip(f"waits on a page's item, which reports: {said[0]}")
        taken = take_census(self.build.site(), article)
        problems = []
        if not taken.counts["claimed"]:
            problems.append(f"the census counted no claimed number: {taken.summary()}")
        figures = article.project.figures.resolve()
        drawn = [i for p in article.pages for i in p.images if i.file.is_relative_to(figures)]
        if taken.counts["figure"] != len(drawn):
            problems.append(
                f"the census counted {taken.counts['figure']} figures; the pages show {len(drawn)}"
            )
        formulas = [f.tex for p in article.pages for f in p.formulas]
        if any(re.search(r"\d", CLAIM_MACRO.sub("", tex)) for tex in formulas):
            if not taken.counts["formula"]:
                problems.append(f"the census counted no number in a formula: {taken.summary()}")
        if taken.seen["pages"] != len(article.pages):
            problems.append(
                f"the census read {taken.seen['pages']} built pages of {len(article.pages)}"
            )
        problems += [
            f"the census read no {what} in the built site"
            for what in ("headings", "search entries", "titles and descriptions")
            if not taken.seen[what]
        ]
        return problems + list(taken.problems)


def _wanted(config: pytest.Config, project: Project) -> list[Path]:
    """The folders whose items this run collects (see the module's docstring)."""
    root = project.root.resolve()
    if config.args_source != pytest.Config.ArgsSource.ARGS:
        return [root]
    wanted = []
    for arg in config.args:
        path = (config.invocation_params.dir / arg.split("::")[0]).resolve()
        if path == root or any(
            path.is_relative_to(folder.resolve()) for folder in (project.docs, project.snippets)
        ):
            wanted.append(path)
    return wanted


def _name(path: Path, project: Project) -> str:
    return path.relative_to(project.root).as_posix()


def collect(session: pytest.Session, project: Project = PROJECT) -> list[SiteItem]:
    """The site's items this run selects (the census's build starts in ``start_census``)."""
    wanted = _wanted(session.config, project)

    def selected(path: Path) -> bool:
        return any(path.resolve().is_relative_to(folder) for folder in wanted)

    checks: list[tuple[str, Path, Callable[[Site], list[str]]]] = [
        (_name(path, project), path, page_problems(path))
        for path in project.find_pages()
        if selected(path)
    ]
    checks += [
        (_name(s.path, project), s.path, snippet_problems(s))
        for s in project.find_snippets()
        if selected(s.path)
    ]
    root = project.root
    if root.resolve() in wanted:
        build = CensusBuild(project, shared=session.config.stash.get(SHARE_BUILD, False))
        session.config.stash[CENSUS_BUILD] = build
        session.config.add_cleanup(build.stop)
        checks += [
            ("every-snippet-is-shown", project.snippets, every_snippet_is_shown),
            ("every-recording-has-its-snippet", project.recorded, every_recording_has_its_snippet),
            ("something-to-check", root, something_to_check),
            ("census", root / "mkdocs.yml", Census(build)),
        ]
    return [
        SiteItem.from_parent(session, name=name, nodeid=name, path=path, check=check)
        for name, path, check in checks
    ]


class Named(pytest.File):
    """A page or snippet named on pytest's command line: its item comes from ``collect``.

    Without a collector for the file, pytest would refuse the argument ("not found").
    """

    def collect(self) -> list[pytest.Item]:
        """Nothing here: the site's items are added once, for the whole session."""
        return []


def named(file_path: Path, parent: pytest.Collector, project: Project = PROJECT) -> Named | None:
    """A collector for a page or a snippet of the site given as a path argument, else None."""
    args = {
        (parent.config.invocation_params.dir / a.split("::")[0]).resolve()
        for a in parent.config.args
    }
    path = file_path.resolve()
    if path not in args:  # most files pytest walks: no need to list the site's
        return None
    pages = {p.resolve() for p in project.find_pages()}
    snippets = {s.path.resolve() for s in project.find_snippets()}
    return Named.from_parent(parent, path=file_path) if path in pages | snippets else None


class NoTests(pytest.File):
    """A snippet where pytest would import a test module: it holds no tests of pytest's."""

    def collect(self) -> list[pytest.Item]:
        """Nothing: the snippet's item is the site's (:func:`named`)."""
        return []


def not_a_module(module_path: Path, parent: pytest.Collector, project: Project) -> NoTests | None:
    """An empty collector for a snippet of ``project``, so pytest does not import it; else None."""
    snippets = {s.path.resolve() for s in project.find_snippets()}
    if module_path.resolve() in snippets:
        return NoTests.from_parent(parent, path=module_path)
    return None


def summary(items: list[pytest.Item]) -> list[str]:
    """``site's items: 6 (1 page, 1 snippet, the site's checks and census)``, if any."""
    mine = [item for item in items if isinstance(item, SiteItem)]
    if not mine:
        return []
    pages = sum(item.name.endswith(".md") for item in mine)
    snippets = sum(item.name.endswith(".py") for item in mine)
    rest = len(mine) - pages - snippets
    parts = [f"{pages} page{'s' * (pages != 1)}", f"{snippets} snippet{'s' * (snippets != 1)}"]
    if rest:
        parts.append("the site's checks and census")
    return [f"site's items: {len(mine)} ({', '.join(parts)})"]


def start_census(items: list[pytest.Item]) -> None:
    """Start the census's build if its item is selected (after collection, before any test)."""
    for item in items:
        if isinstance(item, SiteItem) and isinstance(item.check, Census):
            item.check.build.start()


def census_build(config: pytest.Config) -> CensusBuild | None:
    """The census's build of this session, if its item was collected (see ``SHARE_BUILD``)."""
    return config.stash.get(CENSUS_BUILD, None)
