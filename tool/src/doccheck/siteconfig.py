"""``mkdocs.yml`` read without MkDocs: the nav, ``site_url`` and where the site is served.

MkDocs' own loader knows its YAML tags; this one resolves ``!ENV`` as MkDocs and Zensical do
(the workflow sets ``SITE_URL``) and reads any other tag (``!!python/name:...``) as None, so the
writer's tools and the tests need neither builder imported.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml


class _Loader(yaml.SafeLoader):
    """mkdocs.yml's plain values; ``!ENV`` resolved; other tags None."""


def _environment(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    """``!ENV VAR`` or ``!ENV [VAR, OTHER, default]``: the first variable set, else the default."""
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(loader.construct_scalar(node))
    *names, default = loader.construct_sequence(node)
    for name in names:
        if name in os.environ:
            return os.environ[name]
    return default


_Loader.add_constructor("!ENV", _environment)
_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def mkdocs_config(config: Path) -> dict[str, Any]:
    """The settings of the ``mkdocs.yml`` at ``config``."""
    return yaml.load(config.read_text("utf-8"), Loader=_Loader) or {}


def site_url(config: Path) -> str | None:
    """``site_url``, ending in ``/`` as MkDocs makes it; None when the config sets none."""
    url = mkdocs_config(config).get("site_url")
    return str(url).rstrip("/") + "/" if url else None


def site_prefix(config: Path) -> str:
    """The path part of ``site_url`` (``/onexone/``), where the site expects to be served.

    ``mkdocs serve`` mounts it there, and the 404 page links its assets from there.
    """
    path = re.sub(r"^[a-z]+://[^/]+", "", site_url(config) or "/")
    return "/" + path.strip("/") + "/" if path.strip("/") else "/"
