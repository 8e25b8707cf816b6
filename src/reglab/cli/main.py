"""``reglab <command>``: the entry point and the sub-command registry.

Each sub-command lives in its own module with ``add_parser(subparsers)`` and ``run(args)``;
user errors (``ValueError``, ``FileNotFoundError``) print one line and exit with status 2.
"""

from __future__ import annotations

import argparse
import sys

from threadpoolctl import threadpool_limits

from reglab.cli import augment, gradcheck, playground, reproduce, split, study, train

COMMANDS = [study, reproduce, train, augment, gradcheck, split, playground]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reglab",
        description="A laboratory for the regularization and optimization of neural networks.",
    )
    parser.add_argument(
        "--blas-threads",
        type=int,
        default=1,
        help="threads for NumPy's BLAS (default 1: fastest for small networks)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMANDS:
        module.add_parser(subparsers)
    return parser


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        # reglab's networks are small: one BLAS thread is faster, and a second one waiting
        # on a busy core made small products up to 100x slower in our measurements
        with threadpool_limits(limits=args.blas_threads):
            return int(args.run(args) or 0)
    except (ValueError, FileNotFoundError) as error:
        print(f"reglab {args.command}: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
