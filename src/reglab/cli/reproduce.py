"""``reglab reproduce``: the tutorial's optimizer comparison, printed as the tutorial prints it."""

from __future__ import annotations

import sys
from pathlib import Path

from reglab.cli._options import positive_count
from reglab.cli._paths import output_folder
from reglab.experiments.tutorial import TUTORIAL_OPTIMIZERS, reproduce_many
from reglab.train.callbacks import ProgressBar


def add_parser(subparsers, summary: str) -> None:
    parser = subparsers.add_parser(
        "reproduce",
        help=summary,
        description="Train the tutorial's network with its data, seeds and hyperparameters; print "
        "the cost every 1,000 epochs and the training accuracy, and draw the cost curves.",
    )
    parser.add_argument(
        "--optimizer",
        choices=TUTORIAL_OPTIMIZERS,
        action="append",
        help="run only this optimizer (repeatable; default: all three)",
    )
    parser.add_argument(
        "--epochs",
        type=positive_count,
        default=10_000,
        help="epochs, as in the tutorial",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("reglab-output"),
        help="folder for the cost-curve PNG (default: reglab-output)",
    )
    parser.add_argument("--no-plot", action="store_true", help="do not write the PNG")
    parser.set_defaults(run=run, outputs=_outputs)


def _outputs(args) -> list[Path]:
    return [] if args.no_plot else [Path(args.out) / "tutorial_costs.png"]


def run(args) -> int:
    names = list(dict.fromkeys(args.optimizer or TUTORIAL_OPTIMIZERS))
    if not args.no_plot:
        output_folder(args.out, "--out")
    runs = reproduce_many(names, epochs=args.epochs, callbacks=[ProgressBar(label="tutorial")])
    for result in runs:
        print(f"== {result.optimizer} ==")
        for line in result.lines():
            print(line)
    if not args.no_plot:
        from reglab.report.figures import plot_tutorial_costs

        path = plot_tutorial_costs(runs, Path(args.out) / "tutorial_costs.png")
        print(f"cost curves written to {path}", file=sys.stderr)
    return 0
