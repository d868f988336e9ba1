"""The pytest plugin (entry point ``pytest11``): on only in a site that asks for doccheck.

pytest loads every installed plugin in every project. This one does nothing unless the run's
rootdir has a ``pyproject.toml`` with a ``[tool.doccheck]`` table: only then does it register
``doccheck.pytest_session`` (options, fixtures, header, the supervisor's fork). Elsewhere it
adds no option, fixture or test and forks nothing, and loading it imports only the standard
library and, when it checks a rootdir, ``doccheck.layout``: never Keras or TensorFlow.
``-p no:doccheck`` turns it off in a site too.
"""

from __future__ import annotations

import pytest

# The name the session's hooks are registered under (the entry point itself is "doccheck").
SESSION_PLUGIN = "doccheck-session"


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config) -> None:
    """Register the session's hooks when the rootdir is a site; before its conftest files load.

    pytest knows the rootdir by now, and still takes options: ``pytest_addoption`` and
    ``pytest_configure`` are historic hooks, called for a plugin registered late.
    """
    from doccheck.layout import has_settings

    if not has_settings(early_config.rootpath / "pyproject.toml"):
        return
    if early_config.pluginmanager.has_plugin(SESSION_PLUGIN):
        return
    from doccheck import pytest_session

    early_config.pluginmanager.register(pytest_session, SESSION_PLUGIN)
