"""The ``reglab`` command line: one sub-command per module of this package."""

from reglab.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
