"""The peer: the same pages built with the snippets executed at build time by markdown-exec.

A scratch copy of the site whose Python include fences become executed fences: the first
fence that shows a snippet (whole, or a section of it) runs the whole file, so every snippet
runs once per build, as in ``pytest``; later fences showing the same snippet stay plain. The
real ``docs/`` is never touched. Fences and includes are found by the page model
(``doccheck.pages``), as the checker finds them.
"""

from __future__ import annotations

from pathlib import Path

from bench.scratch import add_plugin, copy_site_inputs
from doccheck.layout import Project
from doccheck.pages import read_page


def make_peer(dest: Path) -> int:
    """Write the peer project to ``dest``; returns how many snippets its build executes."""
    copy_site_inputs(dest)
    config = dest / "mkdocs.yml"
    config.write_text(add_plugin(config.read_text("utf-8"), "markdown-exec"), "utf-8")
    project = Project(dest)
    executed: set[str] = set()
    for page in sorted((dest / "docs").rglob("*.md")):
        lines = page.read_text("utf-8").split("\n")
        model = read_page(page, project)
        included = {i.line: i for i in model.includes}
        for line, info, body in model.code_blocks:
            shown = range(line + 1, line + 1 + len(body.splitlines()))
            if (info.split() or [""])[0] not in ("py", "python"):
                continue
            if not body.strip() or any(n not in included for n in shown):
                continue  # a fence that shows more than single include lines stays as it is
            paths = [
                i.path
                for i in (included[n] for n in shown)
                if i.path.startswith("snippets/") and i.path.endswith(".py")
            ]
            fresh = list(dict.fromkeys(p for p in paths if p not in executed))
            if not fresh:
                continue
            executed.update(fresh)
            opener = lines[line - 1]
            indent = opener[: len(opener) - len(opener.lstrip())]
            fence = opener.lstrip()[: len(opener.lstrip()) - len(opener.lstrip().lstrip("`"))]
            lines[line - 1] = f'{indent}{fence}python exec="on" source="above" result="text"'
            for n in shown:
                lines[n - 1] = None  # replaced by the fresh includes below
            lines[line] = "\n".join(f'{indent}--8<-- "{p}"' for p in fresh)
        page.write_text("\n".join(x for x in lines if x is not None), "utf-8")
    return len(executed)
