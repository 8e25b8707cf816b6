"""``reglab <command>``: the entry point and the sub-command registry.

Each sub-command lives in its own module with ``add_parser(subparsers, summary)`` and
``run(args)``; a module may set the default ``outputs(args)``, the paths the command writes,
which the Ctrl-C message reports on. User errors (``ValueError``, and ``OSError`` such as a
missing file or a full disk) print one line and exit with status 2; Ctrl-C prints one line
saying what was kept and exits with status 130.

:data:`COMMANDS` names each command's module and its one-line summary. Only the module of
the command being run is imported (as ``pip`` does with its commands): ``reglab --help``
needs the summaries alone, and so starts without NumPy, SciPy, scikit-learn or matplotlib.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from pathlib import Path

from reglab import __version__
from reglab.cli._options import HelpFormatter, positive_count

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
    "predict": (
        "reglab.cli.predict",
        "predict new data (CSV or NPZ) with a model saved by reglab train --save",
    ),
    "evaluate": (
        "reglab.cli.evaluate",
        "score a model saved by reglab train --save on labelled data (CSV or NPZ)",
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
    "playground": (
        "reglab.cli.playground",
        "the tutorial as an interactive page: train networks live in the browser",
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
        formatter_class=HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"reglab {__version__}")
    _add_blas_threads(parser, default="auto")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (module, summary) in COMMANDS.items():
        if command is None or name == command:
            importlib.import_module(module).add_parser(subparsers, summary)
            subparser = subparsers.choices[name]
            subparser.formatter_class = HelpFormatter
            # also after the command name; SUPPRESS keeps a value given before it
            _add_blas_threads(subparser, default=argparse.SUPPRESS)
        else:
            subparsers.add_parser(name, help=summary, add_help=False)
    return parser


def _blas_threads(text: str) -> int | str:
    return text if text == "auto" else positive_count(text)


def _add_blas_threads(parser, default) -> None:
    parser.add_argument(
        "--blas-threads",
        type=_blas_threads,
        default=default,
        metavar="N|auto",
        help="threads for NumPy's matrix products; auto: one, or every core for a network "
        "whose products are large enough to gain (see docs/benchmarks.md)",
    )


def _command(argv) -> str:
    """The command named in ``argv``; exits as argparse does on ``--help`` or an error."""
    args, _ = build_parser("").parse_known_args(argv)
    return args.command


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
    argv = sys.argv[1:] if argv is None else list(argv)
    args = argparse.Namespace(command=None)
    try:
        args = build_parser(_command(argv)).parse_args(argv)
        from threadpoolctl import threadpool_limits

        from reglab.train.threads import use_blas_threads

        # one thread outside training (small products: a second thread waiting on a busy
        # core made them up to 100x slower); fit() raises it for networks that gain
        threads = None if args.blas_threads == "auto" else args.blas_threads
        with threadpool_limits(limits=threads or 1), use_blas_threads(threads):
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
