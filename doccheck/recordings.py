"""Recorded outputs: what a snippet prints (``recorded/``) or draws (``docs/figures/``).

A recording is compared byte for byte with a fresh run; ``pytest --update-recordings``
rewrites the stale ones. Writes are atomic (a temporary file renamed over the old one), so an
interrupted refresh leaves every recording either old or new, never half-written.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from pathlib import Path


def stale_diff(path: Path, output: str, limit: int = 20) -> str | None:
    """None when ``path`` holds exactly ``output``; otherwise a short unified diff."""
    try:
        recorded = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None if output == "" else "(no recording yet)"  # nothing printed, nothing to show
    if recorded == output:
        return None
    diff = list(
        difflib.unified_diff(
            recorded.splitlines(), output.splitlines(), "recorded", "snippet prints", lineterm=""
        )
    )
    if len(diff) > limit:
        diff = [*diff[:limit], f"... ({len(diff) - limit} more diff lines)"]
    return "\n".join(diff)


def write_atomically(path: Path, content: str | bytes) -> bool:
    """Replace ``path`` with ``content`` if it differs; True when the file changed."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True
