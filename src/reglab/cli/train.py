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

from reglab.cli._options import (
    add_network_options,
    check_label,
    count,
    description,
    fraction,
    non_negative,
    positive,
    positive_count,
)
from reglab.cli._paths import output_file, reading
from reglab.data.bayes import bayes_error
from reglab.data.datasets import (
    DATASETS,
    GENERATED,
    default_noise,
    load_csv,
    load_dataset,
    load_npz,
)
from reglab.data.splits import StratifyError, split_for_training
from reglab.diagnose.scaling import feature_scales
from reglab.diagnose.training import diagnose_models
from reglab.nn.mlp import mlp
from reglab.nn.serialize import save
from reglab.optim import OPTIMIZERS, get_optimizer
from reglab.regularizers import L1, L2
from reglab.train.callbacks import DivergenceWarning, EarlyStopping, ProgressBar
from reglab.train.fit import fit

GENERATED_OPTIONS = ("n_samples", "noise")  # of the generated data sets
N_SAMPLES = 300
WEAK_R2 = 0.1  # a regression whose dev R² is below this predicts little beyond the mean
FITS_R2 = 0.5  # ... and one whose train R² reaches this fits its training rows
STILL_LEARNING = 0.05  # a fall of the training loss over the last tenth of the epochs


def add_parser(subparsers, summary: str) -> None:
    parser = subparsers.add_parser(
        "train",
        help=summary,
        description=description(__doc__),
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--dataset", choices=sorted(DATASETS), default="moons", help="a built-in data set"
    )
    source.add_argument(
        "--csv", type=Path, metavar="FILE", help="your own data: a CSV file (UTF-8), header row"
    )
    source.add_argument(
        "--npz", type=Path, metavar="FILE", help="your own data: an NPZ file with X and y"
    )
    parser.add_argument("--label", help="the label column of --csv (required with --csv)")
    parser.add_argument(
        "--n-samples",
        type=positive_count,
        help=f"examples of a generated data set ({', '.join(GENERATED)}; default: {N_SAMPLES})",
    )
    parser.add_argument(
        "--noise",
        type=non_negative,
        help=(
            "noise of a generated data set (default: its generator's, "
            + ", ".join(f"{name} {default_noise(name):g}" for name in GENERATED)
            + ")"
        ),
    )
    parser.add_argument(
        "--no-standardize",
        action="store_true",
        help="train on the raw features (default: each feature scaled to mean 0 and standard "
        "deviation 1 on the training rows, and the scaling saved with the model)",
    )
    parser.add_argument(
        "--n-train",
        type=positive_count,
        metavar="N",
        help="train on N of the training rows the split gives (drawn at random, stratified), "
        "dev and test unchanged: the same model on less data, to see the variance more data "
        "would remove",
    )
    parser.add_argument(
        "--no-stratify",
        action="store_true",
        help="split at random, not keeping the class proportions in each part (needed when a "
        "class has fewer than 3 examples)",
    )
    parser.add_argument(
        "--layers",
        type=positive_count,
        nargs="*",
        default=[64, 64],
        metavar="UNITS",
        help="hidden layers' units; none for logistic or linear regression",
    )
    add_network_options(parser, activation="relu")
    parser.add_argument(
        "--optimizer", choices=sorted(OPTIMIZERS), default="adam", help="the optimizer"
    )
    parser.add_argument("--lr", type=positive, default=0.01, help="learning rate")
    parser.add_argument("--epochs", type=positive_count, default=300, help="training epochs")
    parser.add_argument(
        "--batch-size", type=count, default=64, help="examples per mini-batch, 0: full batch"
    )
    parser.add_argument(
        "--early-stopping",
        type=positive_count,
        metavar="PATIENCE",
        help="stop each model when its dev loss has not improved for PATIENCE epochs "
        "(default: off)",
    )
    parser.add_argument(
        "--seeds", type=positive_count, default=3, help="models trained, one per seed"
    )
    parser.add_argument(
        "--base-error",
        type=fraction,
        help="the error no model can beat (Bayes or human level), in [0, 1) (default: the "
        f"Bayes error of a generated data set ({', '.join(GENERATED)}), computed from its "
        "generating process; 0 for other data)",
    )
    parser.add_argument(
        "--save",
        type=Path,
        metavar="FILE",
        help="write the trained models, with their standardization, to FILE (.npz added)",
    )
    parser.add_argument(
        "--random-state", type=count, default=0, help="seed of the data, the split and the models"
    )
    parser.add_argument(
        "--dtype",
        choices=["float64", "float32"],
        default="float64",
        help="the network's floating-point type (float32: half the memory, faster on wide layers)",
    )
    parser.set_defaults(run=run, outputs=lambda args: [args.save])


def _check(args) -> None:
    """Options that only make sense together, refused before any work."""
    check_label(args)
    given = [f"--{k.replace('_', '-')}" for k in GENERATED_OPTIONS if getattr(args, k) is not None]
    if given and (args.csv or args.npz or args.dataset not in GENERATED):
        source = "--csv" if args.csv else "--npz" if args.npz else f"--dataset {args.dataset}"
        raise ValueError(
            f"{' and '.join(given)} {'apply' if len(given) > 1 else 'applies'} to generated "
            f"data sets ({', '.join(GENERATED)}), "
            f"got {source}"
        )


def _data(args):
    if args.csv is not None:
        return load_csv(args.csv, args.label)
    if args.npz is not None:
        return load_npz(args.npz)
    if args.dataset in GENERATED:
        n_samples = N_SAMPLES if args.n_samples is None else args.n_samples
        return load_dataset(
            args.dataset, n_samples=n_samples, noise=_noise(args), random_state=args.random_state
        )
    return load_dataset(args.dataset)


def _noise(args) -> float:
    return default_noise(args.dataset) if args.noise is None else args.noise


def _split(data, args):
    """The tutorial's split for the data's size, standardized on the training rows."""
    try:
        return split_for_training(
            data,
            stratify=not args.no_stratify,
            standardize=not args.no_standardize,
            random_state=args.random_state,
            n_train=args.n_train,
        )
    except StratifyError as error:
        raise ValueError(f"{error.reason}; add --no-stratify or drop the class") from None
    except ValueError as error:  # n_train beyond the training rows: name the option
        if not str(error).startswith("n_train "):
            raise
        raise ValueError(f"--n-train{str(error).removeprefix('n_train')}") from None


def _loss(data) -> tuple[str, int]:
    if data.task == "binary":
        return "binary_crossentropy", 1
    if data.task == "multiclass":
        return "softmax_crossentropy", int(np.max(data.y)) + 1
    return "mse", 1


def _base_error(args) -> tuple[float, str | None]:
    """The base error the verdict reads, and the line that says where it comes from.

    A generated data set's Bayes error is known from its generating process: without it,
    the training error of noisy points (circle at noise 0.3: 20%) reads as high bias.
    """
    if args.base_error is not None or args.csv or args.npz or args.dataset not in GENERATED:
        return args.base_error or 0.0, None
    noise = _noise(args)
    base = bayes_error(args.dataset, noise)
    return base, (
        f"base error {100 * base:.2f}%: the Bayes error of {args.dataset} at noise {noise:g}, "
        "computed from its generating process (--base-error to read against another)"
    )


def _regularization(args) -> tuple[str, ...]:
    """The regularization options on, as typed, for the verdict's high-bias remedies."""
    on = [("--l2", args.l2, args.l2 > 0), ("--l1", args.l1, args.l1 > 0)]
    on += [("--keep-prob", args.keep_prob, args.keep_prob < 1)]
    on += [("--early-stopping", args.early_stopping, args.early_stopping is not None)]
    return tuple(f"{option} {value:g}" for option, value, used in on if used)


def _against_the_mean(mse: dict, split, kept) -> list[str]:
    """A regression's mse against the simplest model: predicting the training rows' mean.

    R² = 1 - mse / baseline, per model, averaged over the models that did not diverge.
    """
    mean = np.mean(split.y_train, axis=0)
    baseline = {
        name: float(np.mean((np.asarray(y) - mean) ** 2))
        for name, y in (("train", split.y_train), ("dev", split.y_dev))
    }
    r2 = {name: float(np.mean(1 - mse[name][kept] / baseline[name])) for name in baseline}
    lines = [
        f"predicting the training mean: train mse {baseline['train']:.4g}, dev mse "
        f"{baseline['dev']:.4g}; the model's R² (1 - mse / that): train {r2['train']:.3f}, "
        f"dev {r2['dev']:.3f}"
    ]
    if r2["dev"] < WEAK_R2:
        lines.append(
            f"the dev R² is below {WEAK_R2:g}: the model predicts new data little better than "
            "the training mean (or worse)"
            + (
                f", though it fits its training rows (train R² {r2['train']:.2f}): it learned "
                "them by heart, which regularization or more data address"
                if r2["train"] >= FITS_R2
                else ""
            )
        )
    return lines


def _still_learning(trainer, epochs: int) -> str | None:
    """Words for the verdict when the training loss still fell as the last epoch ended.

    Read on the models that ran every epoch (none stopped early or diverged), their mean
    training loss over the last tenth of the epochs: a fall of more than 5% means more
    epochs would still lower it, and "train longer" is the first remedy for high bias.
    """
    ran = np.array([reason is None for reason in trainer.stop_reasons])
    window = max(1, epochs // 10)
    if epochs <= window or not ran.any():
        return None
    loss = trainer.history["train_loss"][:, ran].mean(axis=1)
    fall = (loss[-1 - window] - loss[-1]) / loss[-1 - window]
    if not fall > STILL_LEARNING:
        return None
    return (
        f"the training loss fell {fall:.0%} over the last {window} of {epochs} epochs "
        f"(--epochs {epochs})"
    )


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
    _check(args)
    save_path = None if args.save is None else output_file(args.save, "--save", suffix=".npz")
    with reading(args):
        data = _data(args)
    rule, split, standardizer = _split(data, args)
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
        dtype=args.dtype,
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
    if args.n_train is not None:
        n_rule = len(data.y) - len(split.y_dev) - len(split.y_test)
        print(f"training rows: {args.n_train} of the {n_rule} the split gives (--n-train)")
    print(
        "features: raw values (--no-standardize)"
        if standardizer is None
        else f"features: standardized (mean 0, std 1 on the {len(split.y_train)} training rows)"
    )
    print(repr(network))
    diverged = trainer.diverged
    kept = ~diverged
    accuracy, mse = {}, {}
    for name, X, y in (
        ("train", split.X_train, split.y_train),
        ("dev", split.X_dev, split.y_dev),
        ("test", split.X_test, split.y_test),
    ):
        result = network.evaluate(X, y)
        metric = "accuracy" if "accuracy" in result else "mse"
        score = result.get("accuracy", result["loss"])
        accuracy[name] = result.get("accuracy")
        mse[name] = result["loss"]
        if diverged.all():
            print(f"{name:5s} {metric}: every model diverged")
        else:
            spread = f"{np.mean(score[kept]):.4f} ± {np.std(score[kept]):.4f}"
            print(f"{name:5s} {metric} {spread} over {int(kept.sum())} seed(s)")
    if diverged.any():
        print(divergence_line(trainer, args.lr))
    if accuracy["train"] is not None:
        base_error, origin = _base_error(args)
        if origin is not None:
            print(origin)
        # R14 reads the features the network saw: standardized ones are on one scale by
        # construction (their largest |z| only grows with the number of rows)
        scales = None if standardizer else feature_scales(split.X_train, data.feature_names)
        verdict = diagnose_models(
            accuracy["train"],
            accuracy["dev"],
            accuracy["test"],
            diverged=diverged,
            base_error=base_error,
            n_dev=len(split.y_dev),
            n_test=len(split.y_test),
            feature_scales=scales,
            regularization=_regularization(args),
            still_learning=_still_learning(trainer, args.epochs),
        )
        print(verdict)
    else:
        if not diverged.all():
            print("\n".join(_against_the_mean(mse, split, kept)))
        print(
            "no verdict: the bias/variance verdict reads error rates, which a regression does "
            "not have; compare the train and dev mse above"
        )
    if save_path is not None:
        path = save(
            network,
            save_path,
            standardizer=standardizer,
            feature_names=data.feature_names,
            target_names=data.target_names,
        )
        print(f"models written to {path}", file=sys.stderr)
    return 0
