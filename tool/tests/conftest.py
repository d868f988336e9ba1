"""The checker's own tests: nested pytest runs go through pytest's own ``pytester``.

A test module may start slow subprocesses (scratch sites' builds and runs) before the first test
runs, on the one background thread of ``doccheck.testing``: it defines ``start_early(items)``,
which gets its selected tests, and its tests run last, when that work is most likely done.
"""

from __future__ import annotations

import pytest

from doccheck.testing import background_modules_last, start_early_modules

pytest_plugins = ("pytester",)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests of modules with background work run last."""
    background_modules_last(items)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Call each module's ``start_early`` with its selected tests (not under pytest-xdist)."""
    start_early_modules(session)
