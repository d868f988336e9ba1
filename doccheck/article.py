"""The whole article at once: every page, and the checks that join pages to snippets."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from doccheck.layout import PROJECT, Project, Snippet
from doccheck.numbers import ClaimSyntaxError, parse_claim
from doccheck.pages import Claim, Image, Include, Page, read_page


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

    def unknown_snippets(self) -> list[str]:
        """Claims that name a snippet file that does not exist."""
        return list(self._unknown_snippets)

    @cached_property
    def _unknown_snippets(self) -> list[str]:
        names = {s.name for s in self.snippets}
        problems = []
        for c in self.claims:
            if c.snippet not in names:
                folder = c.snippet.rpartition("/")[0]
                here = sorted(n.rpartition("/")[2] for n in names if n.startswith(folder + "/"))
                problems.append(
                    f"{c.where}: the claim <!-- {c.key} --> names snippets/{c.snippet}.py, "
                    f"which does not exist (snippets in {folder}/: {', '.join(here) or 'none'})"
                )
        return problems

    def missing_includes(self) -> list[str]:
        """Includes of files or sections that do not exist (the strict build fails on these)."""
        return list(self._missing_includes)

    @cached_property
    def _missing_includes(self) -> list[str]:
        problems = []
        for i in (i for p in self.pages for i in p.includes):
            file = self.project.root / i.path
            if not file.is_file():
                hint = ""
                if i.path.startswith("recorded/"):
                    hint = "; `make refresh` records it once its snippet exists"
                problems.append(f"{i.where}: includes {i.path}, which does not exist{hint}")
            elif i.section and f"[start:{i.section}]" not in file.read_text("utf-8", "replace"):
                problems.append(
                    f"{i.where}: includes section {i.section!r} of {i.path}, which has no "
                    f"'# --8<-- [start:{i.section}]' ... '# --8<-- [end:{i.section}]' markers"
                )
        return problems

    def colliding_claims(self) -> list[str]:
        """The same value claimed as two different numbers, anywhere in the article."""
        return list(self._colliding_claims)

    @cached_property
    def _colliding_claims(self) -> list[str]:
        seen: dict[tuple[str, str], Claim] = {}
        problems = []
        for claim in self.claims:
            key = (claim.snippet, claim.expression.replace(" ", ""))
            first = seen.setdefault(key, claim)
            if first is claim:
                continue
            try:
                compatible = parse_claim(first.text).compatible(parse_claim(claim.text))
            except ClaimSyntaxError:
                continue  # reported where the claim is read
            if not compatible:
                problems.append(
                    f"{claim.where}: claims {claim.text} for {claim.key}, but {first.where} "
                    f"claims {first.text} for the same value; at most one can be right"
                )
        return problems


def check_claims(claims: list[Claim], namespace: dict[str, Any]) -> list[str]:
    """Compare each claim with the value of its expression in a snippet's namespace."""
    problems = []
    for claim in claims:
        try:
            expected = parse_claim(claim.text)
        except ClaimSyntaxError as err:
            problems.append(f"{claim.where}: {err}")
            continue
        try:
            actual = eval(claim.expression, dict(namespace))  # the writer's own expression
        except Exception as err:
            problems.append(
                f"{claim.where}: the claim <!-- {claim.key} --> cannot be evaluated in "
                f"snippets/{claim.snippet}.py: {type(err).__name__}: {err}"
            )
            continue
        if not expected.matches(actual):
            problems.append(
                f"{claim.where}: claims {claim.text} for {claim.key}, "
                f"the snippet gives {expected.describe(actual)}; correct the page or the snippet"
            )
    return problems
