"""The peer: the same pages built with the snippets executed at build time by markdown-exec.

A scratch copy of the site whose Python include fences become executed fences: the first
fence that shows a snippet (whole, or a section of it) runs the whole file, so every snippet
runs once per build, as in ``pytest``; later fences showing the same snippet stay plain. The
real ``docs/`` is never touched.
"""

from __future__ import annotations

import re
from pathlib import Path

from bench.scratch import add_plugin, copy_site_inputs

# A Python fence whose body is only include lines of snippets.
_INCLUDE_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,})(?:py|python)\b[^\n]*\n"
    r"(?P<body>(?:(?P=indent)-{1,}8<-{1,}[ \t]+[\"'][^\"'\n]+[\"'][ \t]*\n)+)"
    r"(?P=indent)(?P=fence)[ \t]*$",
    re.M,
)
_TARGET = re.compile(r"[\"'](?P<path>snippets/[^\"':\n]+\.py)(?::[^\"'\n]*)?[\"']")


def make_peer(dest: Path) -> int:
    """Write the peer project to ``dest``; returns how many snippets its build executes."""
    copy_site_inputs(dest)
    config = dest / "mkdocs.yml"
    config.write_text(add_plugin(config.read_text("utf-8"), "markdown-exec"), "utf-8")
    executed: set[str] = set()
    for page in sorted((dest / "docs").rglob("*.md")):
        text = page.read_text("utf-8")

        def execute(m: re.Match[str]) -> str:
            paths = [t["path"] for t in _TARGET.finditer(m["body"])]
            fresh = [p for p in paths if p not in executed]
            if not fresh:
                return m.group(0)
            executed.update(fresh)
            indent, fence = m["indent"], m["fence"]
            body = "".join(f'{indent}--8<-- "{p}"\n' for p in fresh)
            opener = f'{indent}{fence}python exec="on" source="above" result="text"'
            return f"{opener}\n{body}{indent}{fence}"

        page.write_text(_INCLUDE_FENCE.sub(execute, text), "utf-8")
    return len(executed)
