"""The whole article at once: every page, and the checks that join pages to snippets."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from doccheck.code_prose import shown_lines, unchecked
from doccheck.formulas import bound_problem, read_bound_values
from doccheck.layout import PROJECT, Project, Snippet, rel
from doccheck.numbers import ClaimSyntaxError, parse_claim
from doccheck.pages import Claim, Image, Include, Page, _names, read_page
from doccheck.problems import Problem, at
from doccheck.spelled import read as read_spelled
from doccheck.wordclaims import word_problem

if TYPE_CHECKING:
    from doccheck.runner import Run


@dataclass
class Article:
    """Every page under ``docs/`` and every snippet under ``snippets/``."""

    pages: list[Page] = field(default_factory=list)
    snippets: list[Snippet] = field(default_factory=list)
    project: Project = PROJECT

    @classmethod
    def load(cls, project: Project = PROJECT) -> Article:
        """Read every page (no TensorFlow involved)."""
        return cls(
            pages=[read_page(p, project) for p in project.find_pages()],
            snippets=project.find_snippets(),
            project=project,
        )

    def emptiness(self) -> list[Problem]:
        """What is missing for a check to mean anything: pages, snippets, claims.

        A checker that finds nothing passes everything; every command and the tests treat
        an empty tree as a failure, naming where they looked.
        """
        problems = []
        if not self.pages:
            problems.append(
                Problem(None, None, "empty", f"no pages found under {self.project.docs}")
            )
        if not self.snippets:
            problems.append(
                Problem(None, None, "empty", f"no snippets found under {self.project.snippets}")
            )
        if not self.claims:
            problems.append(
                Problem(
                    None, None, "empty", f"no claims found on the pages under {self.project.docs}"
                )
            )
        return problems

    @property
    def claims(self) -> list[Claim]:
        """Every claim on every page, in page order."""
        return [c for p in self.pages for c in p.claims]

    def claims_for(self, snippet: Snippet) -> list[Claim]:
        """The claims whose value comes from ``snippet``."""
        return list(self._claims_by_snippet.get(snippet.name, []))

    def page(self, path: Path) -> Page:
        """The parsed page at ``path``."""
        return next(p for p in self.pages if p.path == path)

    def shown_at(self, path: Path) -> list[Include | Image]:
        """Where the pages include ``path`` (a snippet, a recording) or show it (a figure)."""
        return list(self._shown.get(path.resolve(), []))

    @cached_property
    def _claims_by_snippet(self) -> dict[str, list[Claim]]:
        by_snippet: dict[str, list[Claim]] = {}
        for claim in self.claims:
            by_snippet.setdefault(claim.snippet, []).append(claim)
        return by_snippet

    # The article-wide checks below are asked once per page (tests/test_pages.py) and once per
    # snippet: each is computed once, so that checking grows linearly with the article.
    @cached_property
    def _shown(self) -> dict[Path, list[Include | Image]]:
        """Every included or shown file, resolved, with where it appears, in page order."""
        shown: dict[Path, list[Include | Image]] = {}
        root = self.project.root
        for page in self.pages:
            for i in page.includes:
                shown.setdefault((root / i.path).resolve(), []).append(i)
            for image in page.images:
                shown.setdefault(image.file, []).append(image)
        return shown

    def unknown_snippets(self) -> list[Problem]:
        """Claims that name a snippet file that does not exist."""
        return list(self._unknown_snippets)

    @cached_property
    def _unknown_snippets(self) -> list[Problem]:
        names = {s.name for s in self.snippets}
        problems = []
        for c in self.claims:
            if c.snippet not in names:
                folder = c.snippet.rpartition("/")[0]
                here = sorted(n.rpartition("/")[2] for n in names if n.startswith(folder + "/"))
                problems.append(
                    at(
                        c.where,
                        "unknown snippet",
                        f"the claim <!-- {c.key} --> names snippets/{c.snippet}.py, which does "
                        f"not exist (snippets in {folder}/: {', '.join(here) or 'none'})",
                    )
                )
        return problems

    def missing_includes(self) -> list[Problem]:
        """Includes the site must not be built with, one message each.

        A missing file or section (the strict build fails on these), or a file from outside
        the repository or the include folders (which the build would publish).
        """
        return [message for _, message in self._missing_includes]

    def broken_includes(self) -> list[tuple[Include, Problem]]:
        """Each include of a missing file or section, or of a file from outside, with why."""
        return list(self._missing_includes)

    @cached_property
    def _missing_includes(self) -> list[tuple[Include, Problem]]:
        problems = []
        seen: set[tuple[str, str, str]] = set()
        for i in (i for p in self.pages for i in [*p.includes, *p.indirect]):
            if (i.where, i.target, i.via) in seen:
                continue  # mkdocs.yml's auto_append, reached from every page: said once
            seen.add((i.where, i.target, i.via))
            problem = self._include_problem(i)
            if problem:
                problems.append((i, problem))
        return problems

    def _include_problem(self, i: Include) -> Problem | None:
        file = self.project.root / i.path
        by = {"": "includes", "auto_append": "auto_append includes"}.get(
            i.via, f"includes {i.via}, which includes"
        )
        refusal = self.project.include_refusal(i.path)
        if refusal:
            return at(i.where, "include", f"{by} {i.path}, {refusal}")
        if not file.is_file():
            fix = None
            if i.path.startswith("recorded/"):
                fix = "`make refresh` records it once its snippet exists"
            return at(i.where, "include", f"{by} {i.path}, which does not exist", fix)
        if i.section and f"[start:{i.section}]" not in file.read_text("utf-8", "replace"):
            return at(
                i.where,
                "include",
                f"{by} section {i.section!r} of {i.path}, which has no "
                f"'# --8<-- [start:{i.section}]' ... '# --8<-- [end:{i.section}]' markers",
            )
        return None

    def prose_numbers(self) -> list[Problem]:
        """Numbers in the comments and docstrings of the snippets the pages show, unchecked.

        One problem per number, at the snippet's file:line, naming the first page that shows
        it (doccheck.code_prose has the rule). A snippet no page shows is not read.
        """
        return list(self._prose_numbers)

    @cached_property
    def _prose_numbers(self) -> list[Problem]:
        names = _names(self.project)
        problems = []
        seen: set[tuple[str, int, str, int]] = set()
        for page in self.pages:
            for i in page.includes:
                file = self.project.root / i.path
                if not i.path.endswith(".py") or not file.is_file():
                    continue  # a missing file is the include's problem
                source = file.read_text("utf-8", "replace")
                repeats: dict[tuple[int, str], int] = {}
                for n in unchecked(source, shown_lines(source, i.section, i.lines), names):
                    # Two pages (or two sections) showing a line: its numbers said once each.
                    nth = repeats[n.line, n.text] = repeats.get((n.line, n.text), 0) + 1
                    key = (i.path, n.line, n.text, nth)
                    if key in seen:
                        continue
                    seen.add(key)
                    where = f"{rel(file)}:{n.line}"
                    problems.append(at(where, "comment", n.message(i.where)))
        return problems

    def copied_from_outside(self) -> list[Problem]:
        """Files under ``docs/`` that MkDocs would copy into the site from outside the repository.

        A symbolic link (to a file or a folder) whose real path leaves the repository: one
        message at the link, offering the fix.
        """
        return [
            Problem(
                rel(path),
                None,
                "outside",
                f"is a symbolic link to {real}, outside the repository, which MkDocs would copy "
                "into the site; put the file itself there, or remove the link",
            )
            for path, real in self.project.copied_from_outside()
        ]

    def colliding_claims(self, settled: frozenset[str] = frozenset()) -> list[Problem]:
        """The same value claimed as two different numbers, anywhere in the article.

        Useful before a snippet runs; once it has (``settled`` names it), each claim is
        compared with the value itself and the wrong one is named: a collision would only
        repeat that, a second failure for one mistake.
        """
        return [message for snippet, message in self._colliding_claims if snippet not in settled]

    @cached_property
    def _colliding_claims(self) -> list[tuple[str, Problem]]:
        seen: dict[tuple[str, str], Claim] = {}
        problems = []
        for claim in self.claims:
            if claim.statement:
                continue
            key = (claim.snippet, claim.expression.replace(" ", ""))
            first = seen.setdefault(key, claim)
            if first is claim:
                continue
            if first.word or claim.word:
                if not (first.word and claim.word):
                    continue  # a word and digits for one value: the run compares each
                compatible = first.text.casefold() == claim.text.casefold() or (
                    read_spelled(first.text) is not None
                    and read_spelled(first.text) == read_spelled(claim.text)
                )
            else:
                try:
                    compatible = parse_claim(first.text).compatible(parse_claim(claim.text))
                except ClaimSyntaxError:
                    continue  # reported where the claim is read
            if not compatible:
                problems.append(
                    (
                        claim.snippet,
                        at(
                            claim.where,
                            "collision",
                            f"claims {claim.text} for {claim.key}, but {first.where} claims "
                            f"{first.text} for the same value; at most one can be right",
                        ),
                    )
                )
        return problems


def check_claims(claims: list[Claim], run: Run) -> list[Problem]:
    """Compare each claim with the value its expression gave in the snippet's run."""
    problems = []
    for claim in claims:
        outcome = run.value_of(claim.expression)
        problem = claim_problem(claim, outcome.value, outcome.error)
        if problem:
            problems.append(problem)
    return problems


def is_truth(value: object) -> bool:
    """Whether ``value`` is a Python or NumPy bool (a statement must be one, not just truthy)."""
    return isinstance(value, bool) or type(value).__name__ in ("bool", "bool_")


def bound_formula_problem(claim: Claim, value: Any, error: str | None) -> Problem | None:
    """What the formula says at its binding's values (``value``, from :func:`bound_values`)."""
    if error:
        return at(
            claim.where,
            "binding",
            f"{claim.comment} cannot be evaluated in snippets/{claim.snippet}.py: {error}",
        )
    try:
        values = read_bound_values(value)
    except (TypeError, ValueError, AttributeError):
        return at(
            claim.where, "binding", f"{claim.comment} gave {value!r}, not the binding's values"
        )
    problem = bound_problem(claim.formula, values)
    if not problem:
        return None
    return at(
        claim.where,
        "formula",
        problem,
        fix=f"correct the formula, or the values in {claim.comment}",
    )


def claim_problem(
    claim: Claim, value: Any, error: str | None = None, source: str = "the snippet gives"
) -> Problem | None:
    """Why ``value`` (or ``error``) contradicts the claim, at its page line; None if it agrees.

    The one comparison every consumer uses: the snippet tests, the mutation test and
    ``python -m doccheck`` (with ``source`` naming the last verified run).
    """
    snippet = f"snippets/{claim.snippet}.py"
    if claim.formula:
        return bound_formula_problem(claim, value, error)
    if claim.statement:
        if error:
            return at(
                claim.where,
                "statement",
                f"{claim.comment} cannot be evaluated in {snippet}: {error}",
            )
        if not is_truth(value):
            return at(
                claim.where,
                "statement",
                f"{claim.comment} gives {value!r}, not True or False; a statement needs an "
                "expression that decides it, such as a comparison",
            )
        if not value:
            return at(
                claim.where,
                "statement",
                f'the page says "{claim.text}", but {claim.comment} is False '
                f"({source.rsplit(' ', 1)[0]} says so)",
                fix="correct the sentence or the snippet",
            )
        return None
    if claim.word:
        if error:
            return at(
                claim.where,
                "word",
                f"the claim {claim.comment} cannot be evaluated in {snippet}: {error}",
            )
        problem = word_problem(claim.text, claim.key, value, source)
        return at(claim.where, "word", problem) if problem else None
    try:
        expected = parse_claim(claim.text)
    except ClaimSyntaxError as err:
        return at(claim.where, "claim", str(err))
    if error:
        return at(
            claim.where,
            "claim",
            f"the claim {claim.comment} cannot be evaluated in {snippet}: {error}",
        )
    if not expected.matches(value):
        return at(
            claim.where,
            "claim",
            f"claims {claim.text} for {claim.key}, {source} {expected.describe(value)}",
            fix="correct the page or the snippet",
        )
    return None
