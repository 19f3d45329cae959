"""The command line (`audit run`, `audit dedup`): a thin layer over the library."""

from audit.cli.run import build_parser, main

__all__ = ["build_parser", "main"]
