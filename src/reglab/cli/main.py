"""``reglab <command>``: the entry point and the sub-command registry.

Each sub-command lives in its own module with ``add_parser(subparsers)`` and ``run(args)``;
user errors (``ValueError``, ``FileNotFoundError``) print one line and exit with status 2.
"""

from __future__ import annotations

import argparse
import sys

from reglab.cli import gradcheck, reproduce, split

COMMANDS = [reproduce, gradcheck, split]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reglab",
        description="A laboratory for the regularization and optimization of neural networks.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMANDS:
        module.add_parser(subparsers)
    return parser


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except (ValueError, FileNotFoundError) as error:
        print(f"reglab {args.command}: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
