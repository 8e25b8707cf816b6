"""``reglab train``: train a network on a built-in or your own data set, then read the verdict.

The data are split by the tutorial's rule for their size (``recommend_split``), one model is
trained per seed (as one stack), and the command prints train, dev and test accuracy (mean
± std over seeds) and the bias/variance verdict with the tutorial's remedies (section 1.3).
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np

from reglab.cli._paths import output_file
from reglab.data.datasets import DATASETS, load_csv, load_dataset, load_npz
from reglab.data.splits import recommend_split, train_dev_test_split
from reglab.diagnose.scaling import feature_scales
from reglab.diagnose.verdict import diagnose
from reglab.nn.mlp import mlp
from reglab.nn.serialize import save
from reglab.optim import OPTIMIZERS, get_optimizer
from reglab.regularizers import L1, L2
from reglab.train.callbacks import DivergenceWarning, EarlyStopping, ProgressBar
from reglab.train.fit import fit

GENERATED = ("moons", "circle", "xor", "gaussians", "spiral")


def add_parser(subparsers, summary: str) -> None:
    parser = subparsers.add_parser(
        "train",
        help=summary,
        description=__doc__.splitlines()[0].split(": ", 1)[1],
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--dataset", choices=sorted(DATASETS), default="moons")
    source.add_argument("--csv", type=Path, help="your own data: a CSV file with a header row")
    source.add_argument("--npz", type=Path, help="your own data: an NPZ file with X and y")
    parser.add_argument("--label", help="the label column of --csv")
    parser.add_argument("--n-samples", type=int, default=300, help="generated data sets only")
    parser.add_argument("--noise", type=float, default=0.3, help="generated data sets only")
    parser.add_argument("--layers", type=int, nargs="*", default=[64, 64], help="hidden units")
    parser.add_argument("--activation", default="relu")
    parser.add_argument("--optimizer", choices=sorted(OPTIMIZERS), default="adam")
    parser.add_argument("--lr", type=float, default=0.01, help="learning rate")
    parser.add_argument("--epochs", type=int, default=300)
    parser.add_argument("--batch-size", type=int, default=64, help="0: full batch")
    parser.add_argument("--l2", type=float, default=0.0)
    parser.add_argument("--l1", type=float, default=0.0)
    parser.add_argument("--keep-prob", type=float, default=1.0)
    parser.add_argument(
        "--early-stopping",
        type=int,
        metavar="PATIENCE",
        help="stop each model when its dev loss has not improved for PATIENCE epochs",
    )
    parser.add_argument("--seeds", type=int, default=3, help="models trained, one per seed")
    parser.add_argument(
        "--base-error",
        type=float,
        default=0.0,
        help="the error no model can beat (Bayes or human level)",
    )
    parser.add_argument("--save", type=Path, help="write the trained models to this file")
    parser.add_argument("--random-state", type=int, default=0)
    parser.set_defaults(run=run, outputs=lambda args: [args.save])


def _data(args):
    if args.csv is not None:
        if not args.label:
            raise ValueError("--label must name the label column of --csv, got none")
        return load_csv(args.csv, args.label)
    if args.npz is not None:
        return load_npz(args.npz)
    if args.dataset in GENERATED:
        return load_dataset(
            args.dataset, n_samples=args.n_samples, noise=args.noise, random_state=args.random_state
        )
    return load_dataset(args.dataset)


def _loss(data) -> tuple[str, int]:
    if data.task == "binary":
        return "binary_crossentropy", 1
    if data.task == "multiclass":
        return "softmax_crossentropy", int(np.max(data.y)) + 1
    return "mse", 1


def divergence_line(trainer, lr: float) -> str:
    """What ``reglab train`` prints when models diverged: how many, why, what to change."""
    diverged = np.flatnonzero(trainer.diverged)
    first, total = diverged[0], len(trainer.diverged)
    why = trainer.stop_reasons[first].removeprefix("diverged: ")
    seed = trainer.network.seeds[first]
    left = "left out of the means above" if len(diverged) < total else "no means to show"
    return (
        f"diverged: {len(diverged)} of {total} models (seed {seed}: {why}); {left}. "
        f"Lower the learning rate (--lr, now {lr:g})."
    )


def run(args) -> int:
    save_path = None if args.save is None else output_file(args.save, "--save", suffix=".npz")
    data = _data(args)
    rule = recommend_split(len(data.X), dev=True)
    split = train_dev_test_split(
        data.X,
        data.y,
        **rule.as_kwargs(),
        stratify=data.task != "regression",
        random_state=args.random_state,
    )
    loss, n_out = _loss(data)
    regularizers = [r for r, lam in ((L2(args.l2), args.l2), (L1(args.l1), args.l1)) if lam > 0]
    keep = args.keep_prob if args.keep_prob < 1 else None
    network = mlp(
        [data.X.shape[1], *args.layers, n_out],
        activation=args.activation,
        loss=loss,
        keep_prob=keep,
        regularizers=regularizers,
        n_models=args.seeds,
        seed=args.random_state,
    )
    callbacks = [ProgressBar(label="train")]
    if args.early_stopping is not None:
        callbacks.append(EarlyStopping(patience=args.early_stopping))
    with warnings.catch_warnings():  # said below, in one line with the option to change
        warnings.simplefilter("ignore", DivergenceWarning)
        trainer = fit(
            network,
            split.X_train,
            split.y_train,
            optimizer=get_optimizer(args.optimizer, learning_rate=args.lr),
            epochs=args.epochs,
            batch_size=args.batch_size or None,
            dev=(split.X_dev, split.y_dev),
            callbacks=callbacks,
        )
    print(f"data: {data.name}, {len(data.X)} examples; {rule}")
    print(repr(network))
    diverged = trainer.diverged
    kept = ~diverged if not diverged.all() else diverged  # all diverged: nothing to leave out
    errors = {}
    for name, X, y in (
        ("train", split.X_train, split.y_train),
        ("dev", split.X_dev, split.y_dev),
        ("test", split.X_test, split.y_test),
    ):
        result = network.evaluate(X, y)
        score = result.get("accuracy", result["loss"])[kept]
        metric = "accuracy" if "accuracy" in result else "mse"
        if diverged.all():
            print(f"{name:5s} {metric}: every model diverged")
        else:
            spread = f"{np.mean(score):.4f} ± {np.std(score):.4f}"
            print(f"{name:5s} {metric} {spread} over {int(kept.sum())} seed(s)")
        errors[name] = float(np.mean(1 - score)) if metric == "accuracy" else None
    if diverged.any():
        print(divergence_line(trainer, args.lr))
    if errors["train"] is not None:
        verdict = diagnose(
            errors["train"],
            errors["dev"],
            test_error=errors["test"],
            base_error=args.base_error,
            n_dev=len(split.y_dev),
            n_test=len(split.y_test),
            diverged=int(diverged.sum()),
            n_models=len(diverged),
            feature_scales=feature_scales(split.X_train, data.feature_names),
        )
        print(verdict)
    if args.save is not None:
        print(f"models written to {save(network, save_path)}", file=sys.stderr)
    return 0
