"""``reglab <command>``: the entry point and the sub-command registry.

Each sub-command lives in its own module with ``add_parser(subparsers)`` and ``run(args)``;
user errors (``ValueError``, ``FileNotFoundError``) print one line and exit with status 2.

:data:`COMMANDS` names each command's module and its one-line summary. Only the module of
the command being run is imported (as ``pip`` does with its commands): ``reglab --help``
needs the summaries alone, and so starts without NumPy, SciPy, scikit-learn or matplotlib.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# command -> (module, the one-line summary `reglab --help` lists)
COMMANDS: dict[str, tuple[str, str]] = {
    "study": (
        "reglab.cli.study",
        "run the whole regularization study and write its report (HTML, PNG, JSON, CSV)",
    ),
    "reproduce": (
        "reglab.cli.reproduce",
        "reproduce the tutorial's experiment (moons, [2, 5, 2, 1], GD / momentum / Adam)",
    ),
    "train": (
        "reglab.cli.train",
        "train on a data set (built-in, CSV or NPZ) and print the bias/variance verdict",
    ),
    "augment": (
        "reglab.cli.augment",
        "compare no, online and offline augmentation on digits, for an MLP and a CNN",
    ),
    "gradcheck": (
        "reglab.cli.gradcheck",
        "compare backpropagated gradients with central finite differences",
    ),
    "split": (
        "reglab.cli.split",
        "recommend train/dev/test fractions for a data set of N examples",
    ),
    "sweep": (
        "reglab.cli.sweep",
        "run, check, follow, export and report hyperparameter sweeps (TOML files)",
    ),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or, given ``command``, of that one alone in full.

    Without ``command`` every command module is imported; with it, the others appear by
    name and summary only (enough for ``reglab --help`` and for choosing the command).
    """
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
    for name, (module, summary) in COMMANDS.items():
        if command is None or name == command:
            importlib.import_module(module).add_parser(subparsers, summary)
        else:
            subparsers.add_parser(name, help=summary, add_help=False)
    return parser


def _command(argv) -> str:
    """The command named in ``argv``; exits as argparse does on ``--help`` or an error."""
    args, _ = build_parser("").parse_known_args(argv)
    return args.command


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(_command(argv)).parse_args(argv)
    from threadpoolctl import threadpool_limits

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
