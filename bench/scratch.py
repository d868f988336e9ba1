"""Scratch copies of the project, so that the benchmark never edits the real pages."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from doccheck import siteconfig

ROOT = Path(__file__).resolve().parent.parent
SITE_INPUTS = ("docs", "snippets", "recorded", "hooks", "mkdocs.yml")


def copy_site_inputs(dest: Path, root: Path = ROOT) -> Path:
    """Copy everything ``mkdocs build`` reads into ``dest``; returns ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in SITE_INPUTS:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
        elif source.is_file():
            shutil.copy2(source, dest / name)
    return dest


def add_plugin(config: str, plugin: str) -> str:
    """``mkdocs.yml`` text with ``plugin`` added (and ``search``, if no plugins were listed).

    Edited as text: a YAML round trip would drop comments and choke on ``!!python`` tags.
    """
    m = re.search(r"^plugins:[ \t]*\n((?:[ \t]+-.*\n|[ \t]*#.*\n|[ \t]+.*\n)*)", config, re.M)
    if m is None:
        return config.rstrip("\n") + f"\n\nplugins:\n  - search\n  - {plugin}\n"
    indent = re.match(r"[ \t]*", m.group(1)).group(0) or "  "
    return config[: m.end()] + f"{indent}- {plugin}\n" + config[m.end() :]


def site_prefix(config: Path) -> str:
    """The path part of ``site_url`` (``/onexone/``), where ``mkdocs serve`` mounts the site."""
    return siteconfig.site_prefix(config)
