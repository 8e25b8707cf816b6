"""``reglab predict``: predictions of a model saved by ``reglab train --save`` for new data.

The new examples are read as the training data were: a CSV file's columns are picked by
the names of the model's features (in any order; other columns, such as a label, are
ignored), an NPZ file's ``X`` is taken as it is, and the features are standardized with
the statistics of the training rows stored in the model file. The prediction is that of the
mean of the saved models' outputs (one model per seed): for classification the class of
highest mean probability, with every class's mean probability; for regression the mean
value. The result is CSV, on stdout or in ``--out``.
"""

from __future__ import annotations

import contextlib
import csv
import sys
from pathlib import Path

from reglab.cli._options import description
from reglab.cli._paths import output_file, reading

__all__ = ["check_features", "mean_prediction"]


def add_parser(subparsers, summary: str) -> None:
    parser = subparsers.add_parser("predict", help=summary, description=description(__doc__))
    parser.add_argument("model", type=Path, metavar="MODEL", help="a file of reglab train --save")
    add_data_options(parser)
    parser.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="write the predictions to FILE as CSV (default: print them)",
    )
    parser.set_defaults(run=run, outputs=lambda args: [args.out])


def add_data_options(parser, label: bool = False) -> None:
    """``--csv FILE | --npz FILE`` (one required), and ``--label`` when ``label``."""
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--csv", type=Path, metavar="FILE", help="a CSV file with a header row")
    source.add_argument(
        "--npz", type=Path, metavar="FILE", help="an NPZ file with X" + (" and y" if label else "")
    )
    if label:
        parser.add_argument("--label", help="the label column of --csv (required with --csv)")


def check_features(model, X, args) -> None:
    """An NPZ file's ``X`` must have the model's features (a CSV file's are picked by name)."""
    names = model.feature_names
    if args.npz is not None and names and X.shape[1] != len(names):
        shown = ", ".join(names[:5]) + (", ..." if len(names) > 5 else "")
        raise ValueError(
            f"--npz must hold the model's {len(names)} features ({shown}), "
            f"got {X.shape[1]} in {args.npz.name}"
        )


def mean_prediction(model, X):
    """The mean of the models' outputs (n, n_out) and the prediction it gives, (n,)."""
    mean = model.output(X).mean(axis=0)
    task = model.network.loss.task
    if task == "binary":
        return mean, (mean[:, 0] > 0.5).astype(int)
    if task == "multiclass":
        return mean, mean.argmax(axis=1)
    return mean, mean[:, 0]


def _rows(model, mean, prediction):
    """The CSV header and rows: the prediction, then each class's mean probability."""
    task = model.network.loss.task
    if task == "regression":
        return ["prediction"], [[f"{v:.10g}"] for v in prediction]
    names = list(model.target_names) or [str(k) for k in range(max(2, mean.shape[1]))]
    probabilities = mean if task == "multiclass" else [[1 - p, p] for p in mean[:, 0]]
    header = ["prediction", *(f"p_{name}" for name in names)]
    return header, [
        [names[label], *(f"{p:.6f}" for p in row)]
        for label, row in zip(prediction, probabilities, strict=True)
    ]


def _write(header, rows, path) -> None:
    """CSV on stdout, or in ``path`` atomically."""
    from reglab._atomic import atomic_file

    with (
        contextlib.nullcontext(sys.stdout)
        if path is None
        else atomic_file(path, "w", encoding="utf-8", newline="")
    ) as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def run(args) -> int:
    from reglab.data.files import load_features
    from reglab.nn.serialize import load_model

    out = None if args.out is None else output_file(args.out, "--out")
    model = load_model(args.model)
    kind, path = ("csv", args.csv) if args.csv is not None else ("npz", args.npz)
    with reading(args):
        X, ignored = load_features(path, kind=kind, feature_names=model.feature_names)
    check_features(model, X, args)
    mean, prediction = mean_prediction(model, X)
    _write(*_rows(model, mean, prediction), out)
    notes = [f"{len(X)} predictions, mean of {model.network.n_models} model(s)"]
    if ignored:
        notes.append(f"columns not used: {', '.join(ignored)}")
    if out is not None:
        notes.append(f"written to {out}")
    print("; ".join(notes), file=sys.stderr)
    return 0
