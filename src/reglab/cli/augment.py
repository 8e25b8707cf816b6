"""``reglab augment``: data augmentation, online and offline, on digits (tutorial 4.2)."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from reglab.cli._options import fraction, positive_count
from reglab.cli._paths import claim_folder
from reglab.experiments.augmentation import AugmentConfig, run_augmentation
from reglab.train.callbacks import ProgressBar

N_DIGITS = 1797  # scikit-learn's digits


def add_parser(subparsers, summary: str) -> None:
    parser = subparsers.add_parser(
        "augment",
        help=summary,
        description="Train on a few hundred of scikit-learn's 8x8 digits with and without "
        "augmentation (random sub-pixel shifts), over several seeds; print the dev accuracy "
        "of each condition and write the tutorial's curves and a gallery of transforms.",
    )
    defaults = AugmentConfig()
    parser.add_argument(
        "--out", type=Path, default=Path("reglab-output/augment"), help="output folder"
    )
    parser.add_argument(
        "--n-train",
        type=positive_count,
        default=defaults.n_train,
        help=f"training digits (of {N_DIGITS}; the dev set takes up to {defaults.n_dev} "
        "of the rest)",
    )
    parser.add_argument(
        "--epochs", type=positive_count, default=defaults.epochs, help="epochs without augmentation"
    )
    parser.add_argument(
        "--seeds", type=positive_count, default=defaults.seeds, help="seeds per condition"
    )
    parser.add_argument(
        "--factor",
        type=positive_count,
        default=defaults.factor,
        help="offline: the data set grows to factor x its size (>= 2), trained for "
        "epochs / factor epochs",
    )
    parser.add_argument(
        "--shift",
        type=fraction,
        default=defaults.shift,
        help="largest shift, as a fraction of the image size, in [0, 1)",
    )
    parser.add_argument(
        "--model",
        choices=["MLP", "CNN"],
        action="append",
        help="only this model (repeatable; default: both)",
    )
    parser.set_defaults(run=run, outputs=lambda args: [args.out])


def _check(args) -> None:
    if args.factor < 2:
        raise ValueError(f"--factor must be >= 2 (the originals and a copy), got {args.factor}")
    if args.n_train >= N_DIGITS:
        raise ValueError(
            f"--n-train must leave digits for the dev set ({N_DIGITS} in all), got {args.n_train}"
        )


def run(args) -> int:
    from reglab.report.augmentation import AUGMENTATION_FILES, write_augmentation

    _check(args)
    with claim_folder(args.out, "--out", AUGMENTATION_FILES):
        result = _experiment(args)
        paths = write_augmentation(result, args.out)
    for path in paths.values():
        print(f"wrote {path}", file=sys.stderr)
    return 0


def _experiment(args):
    """Run the experiment that ``args`` ask for and print its table."""
    config = replace(
        AugmentConfig(),
        n_train=args.n_train,
        epochs=args.epochs,
        seeds=args.seeds,
        factor=args.factor,
        shift=args.shift,
        models=tuple(args.model) if args.model else AugmentConfig().models,
    )
    result = run_augmentation(config, callbacks=lambda label: [ProgressBar(label=label)])
    print(
        f"{'model':5s} {'augmentation':12s} {'examples':>8s} {'epochs':>6s} "
        f"{'dev accuracy (mean ± std over seeds)':>38s}"
    )
    for run_ in result.runs:
        row = run_.summary()
        print(
            f"{row['model']:5s} {row['augmentation']:12s} {row['training_examples']:8d} "
            f"{row['epochs']:6d} {row['dev_accuracy_mean']:26.4f} ± {row['dev_accuracy_std']:.4f}"
        )
    return result
