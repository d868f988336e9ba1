"""The MkDocs plugin ``doccheck``: the build-time math and code, and the checked preview.

A site names it in ``mkdocs.yml`` (``plugins: [search, doccheck]``). It does, in MkDocs:

- ``math``: typesets each formula with the site's own KaTeX at build time
  (``doccheck.typeset_math``), so that a reader's browser runs no KaTeX script;
- ``plain_tokens``: drops the spans of code tokens coloured like plain code
  (``doccheck.plain_tokens``);
- ``preview`` (on under ``mkdocs serve``, off in ``mkdocs build``): keeps ``--dirty``
  rebuilds fresh and marks the checker's problems on each page (``doccheck.serve_hook``).

Zensical runs no MkDocs plugins: the same ``mkdocs.yml`` builds there without this one, and the
site's ``docs/javascripts/katex.js`` typesets the math in the browser instead. Loading the plugin
imports no TensorFlow: the page model is read only when a page has a problem to place.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from doccheck import serve_hook
from doccheck.plain_tokens import plain_tokens
from doccheck.typeset_math import KATEX, OPTIONS_FROM, typeset_page


class DoccheckConfig(Config):
    """The plugin's options in ``mkdocs.yml``."""

    math = c.Type(bool, default=True)
    plain_tokens = c.Type(bool, default=True)
    # None: on under `mkdocs serve`, off in `mkdocs build`.
    preview = c.Optional(c.Type(bool))
    # Under docs_dir: KaTeX's script, and the script that holds the options it shares with it.
    katex = c.Type(str, default=KATEX)
    katex_options = c.Type(str, default=OPTIONS_FROM)


class DoccheckPlugin(BasePlugin[DoccheckConfig]):
    """What a site built with MkDocs needs from the checker at build and preview time."""

    def __init__(self) -> None:
        """A plugin before MkDocs starts: a build, until ``on_startup`` says otherwise."""
        self.command = "build"
        self.dirty = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember the kind of session; defining this keeps the plugin across rebuilds."""
        self.command, self.dirty = command, dirty

    def previewing(self) -> bool:
        """Whether this session marks problems and tracks includes (``preview``)."""
        preview = self.config.preview
        return self.command == "serve" if preview is None else preview

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Hand the session's kind to the preview (read again at each rebuild)."""
        serve_hook.on_startup("serve" if self.previewing() else "build", self.dirty)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """In a dirty preview, rebuild the pages whose included files changed."""
        return serve_hook.on_files(files, config) if self.previewing() else files

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """In a preview, reuse the templates compiled by the previous rebuild."""
        return serve_hook.on_env(env, config, files)

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """In a preview, the page's problems in a box and marks on its wrong numbers."""
        return serve_hook.on_page_markdown(markdown, page, config, files)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """The page's code without the spans of tokens coloured like plain code."""
        return plain_tokens(html) if self.config.plain_tokens else html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """The finished page with its math typeset; KaTeX's problems are warnings."""
        if not self.config.math:
            return output
        return typeset_page(
            output,
            Path(page.file.abs_src_path),
            Path(config.config_file_path).resolve().parent,
            Path(config.docs_dir),
            script=self.config.katex,
            options_from=self.config.katex_options,
        )
