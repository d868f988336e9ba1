"""The MkDocs plugin ``doccheck``: the build-time math and code, and the checked preview.

A site names it in ``mkdocs.yml`` (``plugins: [search, doccheck]``). It does, in MkDocs:

- ``math``: typesets each formula with KaTeX at build time (``doccheck.typeset_math``), so that
  a reader's browser runs no KaTeX script. The KaTeX is the package's own
  (``doccheck/assets/katex``, MIT, its licence beside it): the plugin puts its styles and fonts
  in the built site and on every page. ``katex`` and ``katex_options`` name a site's own copy
  under docs/ instead, which the site then lists in ``extra_css`` itself;
- ``plain_tokens``: drops the spans of code tokens coloured like plain code
  (``doccheck.plain_tokens``);
- ``preview`` (on under ``mkdocs serve``, off in ``mkdocs build``): keeps ``--dirty``
  rebuilds fresh (included files, and the values runs store, which it watches), marks the
  checker's problems on each page (``doccheck.serve_hook``) and, with a warm worker, runs each
  saved snippet in the background, its pages saying so meanwhile (``doccheck.live``).

Zensical runs no MkDocs plugins: the same ``mkdocs.yml`` builds there without this one, and the
site's ``docs/javascripts/katex.js`` typesets the math in the browser instead (``doccheck init
--math`` writes it and KaTeX into docs/, and names them in mkdocs.yml). Loading the plugin
imports no TensorFlow: the page model is read only when a page has a problem to place.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from doccheck import serve_hook
from doccheck.plain_tokens import plain_tokens
from doccheck.typeset_math import typeset_page

# KaTeX as the package ships it: the script the build runs, the options, and what pages load.
ASSETS = Path(__file__).parent / "assets"
PACKAGED_KATEX = ASSETS / "katex" / "katex.min.js"
PACKAGED_OPTIONS = ASSETS / "javascripts" / "katex.js"
KATEX_CSS = "assets/katex/katex.min.css"


def packaged_styles() -> dict[str, Path]:
    """KaTeX's styles and fonts, by their path in the built site."""
    katex = ASSETS / "katex"
    found = [katex / "katex.min.css", *sorted((katex / "fonts").glob("*.woff2"))]
    return {f"assets/katex/{p.relative_to(katex).as_posix()}": p for p in found}


class DoccheckConfig(Config):
    """The plugin's options in ``mkdocs.yml``."""

    math = c.Type(bool, default=True)
    plain_tokens = c.Type(bool, default=True)
    # None: on under `mkdocs serve`, off in `mkdocs build`.
    preview = c.Optional(c.Type(bool))
    # Under docs_dir: KaTeX's script, and the script that holds the options it shares with it.
    # Unset: the package's own (and its styles and fonts go into the built site).
    katex = c.Optional(c.Type(str))
    katex_options = c.Optional(c.Type(str))


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
        if self.packaged():
            listed = [str(getattr(css, "path", css)) for css in config.extra_css]
            if KATEX_CSS not in listed:
                config.extra_css.insert(0, KATEX_CSS)
        return config

    def packaged(self) -> bool:
        """Whether the math uses the package's KaTeX (no ``katex`` option)."""
        return self.config.math and self.config.katex is None

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """KaTeX's styles and fonts, unless the site has its own; a dirty preview's rebuilds.

        In a dirty preview, the pages whose included files changed are rebuilt.
        """
        if self.packaged():
            for dest, source in packaged_styles().items():
                if files.get_file_from_path(dest) is None:
                    files.append(File.generated(config, dest, abs_src_path=str(source)))
        return serve_hook.on_files(files, config) if self.previewing() else files

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """In a preview, also rebuild when a run stores new values (``doccheck.lastrun``).

        The marks on a page come from those values, which live outside docs/.
        """
        if self.previewing():
            from doccheck.lastrun import watched_folder
            from doccheck.layout import Project

            project = Project(Path(config.config_file_path).resolve().parent)
            server.watch(str(watched_folder(project)))
        return server

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
            # An absolute path stays itself under docs/ (pathlib's / operator).
            script=self.config.katex or str(PACKAGED_KATEX),
            options_from=self.config.katex_options or str(PACKAGED_OPTIONS),
        )
