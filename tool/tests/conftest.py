"""The checker's own tests: nested pytest runs go through pytest's own ``pytester``."""

pytest_plugins = ("pytester",)
