"""Where things live, and how a page, a snippet and a recording name each other.

Everything hangs off a project root (the repository, or a small fixture tree in the tests):
``docs/`` pages, ``snippets/<page>/<name>.py`` examples, ``recorded/<page>/<name>.txt`` outputs
and ``docs/figures/<page>/`` drawings.
"""

from __future__ import annotations

import functools
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, order=True)
class Project:
    """A tree laid out like this repository."""

    root: Path = ROOT

    @property
    def docs(self) -> Path:
        """The pages."""
        return self.root / "docs"

    @property
    def snippets(self) -> Path:
        """The runnable examples, one folder per page."""
        return self.root / "snippets"

    @property
    def recorded(self) -> Path:
        """What the snippets print, as the pages include it."""
        return self.root / "recorded"

    @property
    def figures(self) -> Path:
        """What the snippets draw; inside docs/ so that MkDocs publishes it."""
        return self.docs / "figures"

    @property
    def settings(self) -> dict[str, Any]:
        """The site's ``[tool.doccheck]`` table in ``pyproject.toml`` (empty if it has none).

        ``names``: texts such as ``1x1`` whose digits are a name, not a value;
        ``versioned``: words followed by a version number, such as ``Keras`` in ``Keras 3``.
        """
        pyproject = self.root / "pyproject.toml"
        stamp = pyproject.stat().st_mtime_ns if pyproject.is_file() else None
        return _settings(self.root, stamp)

    def find_pages(self) -> list[Path]:
        """Every Markdown page."""
        return sorted(self.docs.rglob("*.md"))

    def find_snippets(self) -> list[Snippet]:
        """Every snippet; files starting with ``_`` are helpers, not examples."""
        found = [
            Snippet(p.relative_to(self.snippets).with_suffix("").as_posix(), self)
            for p in self.snippets.rglob("*.py")
            if not p.name.startswith("_")
        ]
        return sorted(found)

    def page_folder(self, page: Path) -> str:
        """The snippet folder of a page: ``docs/convolution.md`` -> ``convolution``."""
        return page.relative_to(self.docs).with_suffix("").as_posix()


@functools.cache
def _settings(root: Path, stamp: int | None) -> dict[str, Any]:
    path = root / "pyproject.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as err:
        raise ValueError(f"{path}: cannot be read as TOML: {err}") from None
    settings = data.get("tool", {}).get("doccheck", {})
    for key in ("names", "versioned"):
        value = settings.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"{path}: [tool.doccheck] {key} must be a list of strings")
    return settings


# The commands check this repository, or the tree DOCCHECK_ROOT names.
PROJECT = Project(Path(os.environ.get("DOCCHECK_ROOT") or ROOT).resolve())
DOCS = PROJECT.docs
SNIPPETS = PROJECT.snippets
RECORDED = PROJECT.recorded


@dataclass(frozen=True, order=True)
class Snippet:
    """A runnable example, named by its path under ``snippets/`` without ``.py``.

    ``convolution/conv2d`` is ``snippets/convolution/conv2d.py``; what it prints is recorded in
    ``recorded/convolution/conv2d.txt``, and a file it writes, such as ``cost.svg``, in
    ``docs/figures/convolution/cost.svg``.
    """

    name: str
    project: Project = PROJECT

    @property
    def path(self) -> Path:
        """The snippet's source file."""
        return self.project.snippets / f"{self.name}.py"

    @property
    def recording(self) -> Path:
        """The file holding what the snippet prints, as shown on the pages."""
        return self.project.recorded / f"{self.name}.txt"

    @property
    def figures(self) -> Path:
        """Where the files the snippet writes (its figures) are kept for the page to show."""
        return self.project.figures / self.name.rpartition("/")[0]

    def __str__(self) -> str:
        return self.name


def find_snippets() -> list[Snippet]:
    """Every snippet of this repository."""
    return PROJECT.find_snippets()


def find_pages() -> list[Path]:
    """Every page of this repository."""
    return PROJECT.find_pages()


def rel(path: Path) -> str:
    """A path as the writer sees it: relative to the working directory or the repository."""
    resolved = path.resolve()
    for base in (Path.cwd(), ROOT):
        try:
            return resolved.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()
