"""MkDocs hook that keeps ``mkdocs serve --dirty`` previews fast and never stale.

``--dirty`` rebuilds only the pages whose Markdown changed, which keeps a preview rebuild to a
fraction of a second however long the article grows, where a full rebuild renders every page.
But a page also shows snippets and recorded outputs through ``--8<--`` lines, which MkDocs
does not track: without this hook, editing a snippet or running ``make refresh`` would leave
the preview stale. The hook marks such a page changed when an included file is newer than the
page's last build. It also keeps the theme's compiled templates between rebuilds (MkDocs makes
a new Jinja environment, and recompiles every template, on each one): 0.2 s became 0.08 s here.

Preview speed only: the hook does nothing in ``mkdocs build``, Zensical ignores hooks, and
nothing correctness depends on lives here. MkDocs loads it by path, so it imports no doccheck.
"""

from __future__ import annotations

import os
import re

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

# The include lines pymdownx.snippets reads: --8<-- "snippets/page/name.py:section".
_INCLUDE = re.compile(r"""^[ \t]*-{1,}8<-{1,}[ \t]+(["'])([^"'\n]+)\1""", re.M)
_state = {"serve": False, "dirty": False}


class _Templates(jinja2.BytecodeCache):
    """Compiled templates in memory; Jinja recompiles one whose source changed (by checksum)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Fill ``bucket`` with the code compiled on an earlier rebuild, if any."""
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep the code Jinja just compiled."""
        self._code[bucket.key] = bucket.bytecode_to_string()


_TEMPLATES = _Templates()


def on_startup(command: str, dirty: bool) -> None:
    """Remember the kind of session (MkDocs keeps this module across rebuilds)."""
    _state["serve"] = command == "serve"
    _state["dirty"] = dirty


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """Under ``mkdocs serve``, reuse the templates compiled by the previous rebuild."""
    if _state["serve"]:
        env.bytecode_cache = _TEMPLATES
    return env


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """In a dirty session, mark the pages whose included files changed since their last build."""
    if not _state["dirty"]:
        return files
    options = config.mdx_configs.get("pymdownx.snippets", {})
    bases = options.get("base_path", ["."])
    bases = [bases] if isinstance(bases, str) else bases
    for file in files.documentation_pages():
        try:
            built = os.path.getmtime(file.abs_dest_path)
        except OSError:
            continue  # never built: MkDocs builds it anyway
        text = file.content_string
        for m in _INCLUDE.finditer(text):
            target = m.group(2).strip().partition(":")[0]
            paths = [os.path.join(base, target) for base in bases]
            if any(os.path.isfile(p) and os.path.getmtime(p) > built for p in paths):
                # Setting the content (to what it already is) is how MkDocs' File API says
                # "modified": is_modified() is then true and the page is read and rendered.
                file.content_string = text
                break
    return files
