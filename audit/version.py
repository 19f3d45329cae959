"""The package version, in one place (run.json and `audit --version` read it)."""

__version__ = "0.1.0"
