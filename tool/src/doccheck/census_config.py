"""The texts ``mkdocs.yml`` gives every page: nav titles and ``site_description``, with lines.

The census checks each once, at its line in ``mkdocs.yml``, rather than on every page that
shows it. Imports no TensorFlow.
"""

from __future__ import annotations

from pathlib import Path

import yaml


def config_texts(config: Path) -> list[tuple[int, str, str]]:
    """(line, what, text): each nav title and the site description of ``config``."""
    if not config.is_file():
        return []
    try:
        # Composed, not loaded: nodes keep their lines, and tags such as !ENV need no loader.
        root = yaml.compose(config.read_text("utf-8"), Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []  # the builders report a broken mkdocs.yml
    if not isinstance(root, yaml.MappingNode):
        return []
    found: list[tuple[int, str, str]] = []
    for key, value in root.value:
        if key.value == "site_description" and isinstance(value, yaml.ScalarNode):
            found.append((value.start_mark.line + 1, "site_description", str(value.value)))
        elif key.value == "nav":
            found += _nav_titles(value)
    return found


def _nav_titles(node: yaml.Node) -> list[tuple[int, str, str]]:
    """Every ``- Title: page.md`` and ``- Section:`` title of the nav, with its line."""
    found = []
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            found += _nav_titles(item)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                found.append((key.start_mark.line + 1, "nav title", str(key.value)))
            found += _nav_titles(value)
    return found
