"""Scratch sites for the checker's tests."""

from __future__ import annotations

import os
from pathlib import Path


def one_page_site(root: Path, page: str, snippets: dict[str, str]) -> Path:
    """A site with one page, ``docs/p.md``, and ``snippets/p/<name>.py`` for each snippet."""
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "p.md").write_text(page, "utf-8")
    (root / "snippets" / "p").mkdir(parents=True, exist_ok=True)
    for name, source in snippets.items():
        (root / "snippets" / "p" / f"{name}.py").write_text(source, "utf-8")
    return root


def in_ci() -> bool:
    """Whether this run is CI (``CI=true``, as GitHub Actions and ``.ci/run`` set it)."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")
