"""The checker's own tests: nested pytest runs go through pytest's own ``pytester``.

A test module may start slow subprocesses (scratch sites' builds and runs) before the first test
runs, on the one background thread of ``background.py``: it defines ``start_early(items)``,
which gets its selected tests, and its tests run last, when that work is most likely done.
"""

from __future__ import annotations

from typing import Any

import pytest

pytest_plugins = ("pytester",)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests of modules with background work run last."""
    items.sort(key=lambda item: hasattr(getattr(item, "module", None), "start_early"))


def pytest_collection_finish(session: pytest.Session) -> None:
    """Call each module's ``start_early`` with its selected tests (not under pytest-xdist)."""
    if hasattr(session.config, "workerinput") or session.config.option.collectonly:
        return
    selected: dict[Any, list[pytest.Item]] = {}
    for item in session.items:
        module = getattr(item, "module", None)
        if hasattr(module, "start_early"):
            selected.setdefault(module, []).append(item)
    for module, items in selected.items():
        module.start_early(items)
