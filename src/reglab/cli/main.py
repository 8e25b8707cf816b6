"""``reglab <command>``: the entry point and the sub-command registry.

Each sub-command lives in its own module with ``add_parser(subparsers)`` and ``run(args)``;
a module may set the default ``outputs(args)``, the paths the command writes, which the
Ctrl-C message reports on. User errors (``ValueError``, and ``OSError`` such as a missing
file or a full disk) print one line and exit with status 2; Ctrl-C prints one line saying
what was kept and exits with status 130.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from threadpoolctl import threadpool_limits

from reglab import __version__
from reglab.cli import augment, gradcheck, reproduce, split, study, train
from reglab.cli._options import HelpFormatter, positive_count

COMMANDS = [study, reproduce, train, augment, gradcheck, split]
BLAS_THREADS_HELP = "threads for NumPy's BLAS (default 1: fastest for small networks)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reglab",
        description="A laboratory for the regularization and optimization of neural networks.",
        formatter_class=HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"reglab {__version__}")
    parser.add_argument("--blas-threads", type=positive_count, default=1, help=BLAS_THREADS_HELP)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMANDS:
        module.add_parser(subparsers)
    for command in subparsers.choices.values():
        command.formatter_class = HelpFormatter
        # after the command name too; SUPPRESS keeps the value given before it
        command.add_argument(
            "--blas-threads", type=positive_count, default=argparse.SUPPRESS, help=BLAS_THREADS_HELP
        )
    return parser


def _kept(args, started: float) -> str:
    """What an interrupted command leaves on disk, from its outputs' modification times."""
    outputs = [Path(p) for p in getattr(args, "outputs", lambda a: [])(args) if p is not None]
    if not outputs:
        return "nothing was written"
    parts = []
    for path in outputs:
        if not path.exists():
            parts.append(f"{path} not written")
        elif path.stat().st_mtime >= started:
            parts.append(f"{path} written")
        else:
            parts.append(f"{path} kept as it was")
    return "; ".join(parts) + "; nothing half-written"


def _prog(args) -> str:
    return f"reglab {args.command}" if args.command else "reglab"


def main(argv=None) -> int:
    started = time.time()
    args = argparse.Namespace(command=None)
    try:
        args = build_parser().parse_args(argv)
        # reglab's networks are small: one BLAS thread is faster, and a second one waiting
        # on a busy core made small products up to 100x slower in our measurements
        with threadpool_limits(limits=args.blas_threads):
            return int(args.run(args) or 0)
    except (ValueError, OSError) as error:
        if isinstance(error, BrokenPipeError):  # e.g. `reglab predict ... | head`
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1
        print(f"{_prog(args)}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        newline = "\n" if sys.stderr.isatty() else ""  # after a progress bar's line
        print(f"{newline}{_prog(args)}: interrupted; {_kept(args, started)}", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
