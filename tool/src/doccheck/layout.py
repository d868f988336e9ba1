"""Where things live, and how a page, a snippet and a recording name each other.

Everything hangs off a project root (the site's repository, or a small fixture tree in the
tests): ``docs/`` pages, ``snippets/<page>/<name>.py`` examples,
``recorded/<page>/<name>.txt`` outputs and ``docs/figures/<page>/`` drawings.
"""

from __future__ import annotations

import functools
import json
import os
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def find_root(start: Path | None = None) -> Path:
    """The project a command or a test run works on, found from the working directory.

    ``DOCCHECK_ROOT`` if set; else the nearest folder from ``start`` (the working directory)
    upwards whose ``pyproject.toml`` has a ``[tool.doccheck]`` table; else ``start`` itself. Never
    where this package is installed: one installed checker serves any number of sites.
    """
    named = os.environ.get("DOCCHECK_ROOT")
    if named:
        return Path(named).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if has_settings(folder / "pyproject.toml"):
            return folder
    return here


def has_settings(pyproject: Path) -> bool:
    """Whether ``pyproject`` exists and has a ``[tool.doccheck]`` table (unreadable: no)."""
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    tool = data.get("tool")
    return isinstance(tool, dict) and isinstance(tool.get("doccheck"), dict)


ROOT = find_root()
# The folders a page may include files from (``--8<--``): nothing else reaches the site.
INCLUDABLE = ("snippets", "recorded", "docs")
# Under recorded/: the versions the recordings were made with (doccheck/versions.py writes it).
VERSIONS_FILE = "VERSIONS.json"


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
    def recorded_versions(self) -> dict[str, str]:
        """What the recordings were made with (``recorded/VERSIONS.json``): ``{"keras": "3.15.1"}``.

        Empty when the site has recorded nothing yet.
        """
        path = self.recorded / VERSIONS_FILE
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return {str(k).lower(): str(v) for k, v in data.items() if isinstance(v, str)}

    @property
    def settings(self) -> dict[str, Any]:
        """The site's ``[tool.doccheck]`` table in ``pyproject.toml`` (empty if it has none).

        ``names``: texts such as ``1x1`` whose digits are a name, not a value;
        ``versioned``: words followed by a version number, such as ``Keras`` in ``Keras 3``.
        """
        pyproject = self.root / "pyproject.toml"
        stamp = pyproject.stat().st_mtime_ns if pyproject.is_file() else None
        return _settings(self.root, stamp)

    @property
    def appended(self) -> list[tuple[int, str]]:
        """``auto_append`` of pymdownx.snippets in ``mkdocs.yml``: (its line there, the file).

        pymdownx.snippets includes each at the end of every page (the "Verified with" stamp).
        """
        config = self.root / "mkdocs.yml"
        stamp = config.stat().st_mtime_ns if config.is_file() else None
        return list(_appended(self.root, stamp))

    def include_refusal(self, target: str) -> str | None:
        """Why pymdownx.snippets must not read ``target`` for a page; None when it may.

        pymdownx refuses paths that leave its base (``..``, absolute) but does not follow
        symbolic links: a link under ``recorded/`` to a system file would be published. The
        file's real path must lie inside the repository, under snippets/, recorded/ or docs/.
        """
        lexical = Path(os.path.abspath(self.root / target))
        real = Path(os.path.realpath(lexical))
        root = Path(os.path.realpath(self.root))
        *first, last = [f"{name}/" for name in INCLUDABLE]
        folders = f"{', '.join(first)} or {last}"
        if not lexical.is_relative_to(os.path.abspath(self.root)):
            return f"which is outside the repository; include only files under {folders}"
        if lexical != real and not real.is_relative_to(root):
            return (
                f"a symbolic link to {real}, outside the repository: the site would publish "
                f"that file; include the file itself, under {folders}"
            )
        if not any(real.is_relative_to(root / name) for name in INCLUDABLE):
            shown = real.relative_to(root).as_posix() if real.is_relative_to(root) else real
            link = f" (a symbolic link to {shown})" if lexical != real else ""
            return f"which is not under {folders}{link}; move what the page shows there"
        return None

    def copied_from_outside(self) -> Iterator[tuple[Path, Path]]:
        """Each path under ``docs/`` whose real path leaves the repository, and that real path.

        MkDocs copies every file under ``docs/`` into the site, following symbolic links (to
        files and to folders): a link to a file outside the repository would publish it.
        """
        root = Path(os.path.realpath(self.root))
        docs = Path(os.path.realpath(self.docs))
        if not docs.is_relative_to(root):  # docs/ itself: said once, not for each file
            yield self.docs, docs
            return
        seen: set[str] = set()
        for folder, dirs, files in os.walk(self.docs, followlinks=True):
            here = os.path.realpath(folder)
            if here in seen:  # a link back up the tree: walked already
                dirs[:] = []
                continue
            seen.add(here)
            for name in sorted([*dirs, *files]):
                path = Path(folder) / name
                real = Path(os.path.realpath(path))
                if not real.is_relative_to(root):
                    if name in dirs:
                        dirs.remove(name)  # nothing under it is walked, nor reported twice
                    yield path, real
            dirs.sort()

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


@functools.cache
def _appended(root: Path, stamp: int | None) -> tuple[tuple[int, str], ...]:
    """What ``mkdocs.yml`` gives pymdownx.snippets' ``auto_append``, with each entry's line."""
    path = root / "mkdocs.yml"
    if stamp is None:
        return ()
    import yaml  # MkDocs' own dependency; imported here, when a page is read

    class Plain(yaml.SafeLoader):
        """mkdocs.yml's plain values; a tagged one (``!ENV``, ``!!python/name``) is None."""

    Plain.add_multi_constructor("", lambda loader, suffix, node: None)
    text = path.read_text("utf-8")
    try:
        config = yaml.load(text, Loader=Plain) or {}
    except yaml.YAMLError as err:
        raise ValueError(f"{path}: cannot be read as YAML: {err}") from None
    files: list[str] = []
    for extension in config.get("markdown_extensions") or []:
        if isinstance(extension, dict) and "pymdownx.snippets" in extension:
            files = list((extension["pymdownx.snippets"] or {}).get("auto_append") or [])
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if "auto_append" in line), 0)
    found = []
    for file in files:
        entry = re.compile(rf"^\s*-\s*[\"']?{re.escape(str(file))}[\"']?\s*(#.*)?$")
        line = next((i for i in range(start, len(lines)) if entry.match(lines[i])), start)
        found.append((line + 1, str(file)))
    return tuple(found)


# The commands check the project found from the working directory (find_root).
PROJECT = Project(ROOT)
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
    """A path as the writer sees it: relative to the working directory, or to the project.

    The project only when the working directory is inside it (a subfolder): from elsewhere
    (``DOCCHECK_ROOT`` naming another tree) a path outside the working directory stays whole.
    """
    # The folder resolved, not the name: a symbolic link is named as itself, not as its target.
    resolved = path.parent.resolve() / path.name if path.name not in ("", "..") else path.resolve()
    here = Path.cwd()
    for base in (here, ROOT) if here.resolve().is_relative_to(ROOT) else (here,):
        try:
            return resolved.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()
