"""The package version, one place (pyproject.toml repeats it; tests/test_packaging.py checks they agree)."""

__version__ = "0.1.0"
