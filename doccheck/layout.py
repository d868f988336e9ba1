"""Where things live, and how a page, a snippet and a recording name each other."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"
RECORDED = ROOT / "recorded"
FIGURES = DOCS / "figures"


@dataclass(frozen=True, order=True)
class Snippet:
    """A runnable example, named by its path under ``snippets/`` without ``.py``.

    ``convolution/conv2d`` is ``snippets/convolution/conv2d.py``; what it prints is recorded in
    ``recorded/convolution/conv2d.txt``, and a file it writes, such as ``cost.svg``, in
    ``docs/figures/convolution/cost.svg``.
    """

    name: str

    @property
    def path(self) -> Path:
        """The snippet's source file."""
        return SNIPPETS / f"{self.name}.py"

    @property
    def recording(self) -> Path:
        """The file holding what the snippet prints, as shown on the pages."""
        return RECORDED / f"{self.name}.txt"

    @property
    def figures(self) -> Path:
        """Where the files the snippet writes (its figures) are kept for the page to show."""
        return FIGURES / self.name.rpartition("/")[0]

    def __str__(self) -> str:
        return self.name


def find_snippets(root: Path = SNIPPETS) -> list[Snippet]:
    """Every snippet under ``root``; files starting with ``_`` are helpers, not examples."""
    found = [
        Snippet(p.relative_to(root).with_suffix("").as_posix())
        for p in root.rglob("*.py")
        if not p.name.startswith("_")
    ]
    return sorted(found)


def find_pages(root: Path = DOCS) -> list[Path]:
    """Every Markdown page under ``root``."""
    return sorted(root.rglob("*.md"))


def page_folder(page: Path, docs: Path = DOCS) -> str:
    """The snippet folder that belongs to a page: ``docs/convolution.md`` -> ``convolution``."""
    rel = page.relative_to(docs).with_suffix("")
    return rel.as_posix()


def rel(path: Path) -> str:
    """A path as the writer sees it: relative to the repository root when it can be."""
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path.as_posix()
