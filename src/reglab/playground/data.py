"""The playground's data: a generated set or an uploaded CSV, split by the tutorial's rule.

An uploaded CSV has a header row and three columns: two numeric features and a label with
two classes. The label is the column named ``label``, ``y``, ``class`` or ``target`` if
there is one (the first of these names when several are: ``x,y,label`` has the label
``label``), else the last column. Its features are standardized (mean 0, standard
deviation 1, by the statistics of the training rows, as ``reglab train`` does) so that the
page's fixed learning rates and initializers suit them; the page says so, and the model file
the page downloads keeps the standardization (``reglab.nn.serialize.load_model`` applies it).
Reading goes through :func:`reglab.data.load_csv`, so its messages (a non-numeric value with
its column and row, a single class) are the library's.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from reglab.data.bayes import bayes_error
from reglab.data.datasets import Dataset, load_csv, load_dataset
from reglab.data.splits import SplitRecommendation, StratifyError, split_for_training
from reglab.data.standardize import Standardizer

__all__ = ["GRID_SIZE", "PlaygroundData", "build_data", "read_upload"]

GRID_SIZE = 64
LABEL_NAMES = ("label", "y", "class", "target")


@dataclass(frozen=True, eq=False)
class PlaygroundData:
    """A data set ready to train on: the split, the rule behind it, the plotting window."""

    name: str
    split: object  # reglab.data.splits.Split
    rule: SplitRecommendation
    base_error: float
    bounds: tuple[float, float, float, float]  # x_min, x_max, y_min, y_max
    note: str = ""
    standardizer: Standardizer | None = None  # an upload's, fitted on its training rows
    feature_names: tuple[str, ...] = ()  # an upload's columns and classes, for the model file
    target_names: tuple[str, ...] = ()

    @property
    def grid(self) -> np.ndarray:
        """The ``GRID_SIZE``² points (row-major, y from top to bottom) the surface is drawn on."""
        x_min, x_max, y_min, y_max = self.bounds
        xs = np.linspace(x_min, x_max, GRID_SIZE)
        ys = np.linspace(y_max, y_min, GRID_SIZE)
        gx, gy = np.meshgrid(xs, ys)
        return np.column_stack([gx.ravel(), gy.ravel()])

    def describe(self) -> dict:
        """What the page shows about the data: points, the split rule and the split used."""
        s = self.split
        return {
            "name": self.name,
            "bounds": list(self.bounds),
            "train": _points(s.X_train, s.y_train),
            "dev": _points(s.X_dev, s.y_dev),
            "rule": str(self.rule),
            "split": {"train": len(s.y_train), "dev": len(s.y_dev), "test": len(s.y_test)},
            "base_error": self.base_error,
            "note": self.note,
            "grid_size": GRID_SIZE,
        }


def _points(X: np.ndarray, y: np.ndarray) -> list[list[float]]:
    rounded = np.round(X, 4).tolist()
    return [[a, b, int(c)] for (a, b), c in zip(rounded, y, strict=True)]


def _bounds(X: np.ndarray) -> tuple[float, float, float, float]:
    low, high = X.min(axis=0), X.max(axis=0)
    margin = 0.1 * np.maximum(high - low, 1e-9)
    return (
        float(low[0] - margin[0]),
        float(high[0] + margin[0]),
        float(low[1] - margin[1]),
        float(high[1] + margin[1]),
    )


def build_data(settings, upload: Dataset | None = None) -> PlaygroundData:
    """Generate (or take the uploaded) data set and split it by :func:`recommend_split`; an
    upload is standardized by its training rows."""
    if settings.dataset == "upload":
        if upload is None:
            raise ValueError("dataset 'upload' needs a CSV: upload one first")
        dataset = upload
    else:
        dataset = load_dataset(
            settings.dataset,
            n_samples=settings.n_samples,
            noise=settings.noise,
            random_state=settings.seed,
        )
    upload = settings.dataset == "upload"
    try:  # as reglab train splits: the tutorial's rule, stratified, an upload standardized
        rule, split, standardizer = split_for_training(
            dataset, standardize=upload, random_state=settings.seed
        )
    except StratifyError as error:
        raise ValueError(f"{error.reason}; add examples of the class or drop it") from None
    if upload:
        X = np.concatenate([split.X_train, split.X_dev, split.X_test])
        note = "features standardized (mean 0, standard deviation 1 on the training rows)"
        names = tuple(dataset.feature_names), tuple(dataset.target_names)
        bounds = _bounds(X)
        return PlaygroundData(dataset.name, split, rule, 0.0, bounds, note, standardizer, *names)
    # the floor the verdict reads against, from 4,000 points (about 0.2 s; its standard
    # error stays below 0.005), computed once per data set and noise
    base_error = bayes_error(settings.dataset, settings.noise, n_points=4000)
    return PlaygroundData(dataset.name, split, rule, base_error, _bounds(dataset.X))


def _safe_name(name: str) -> str:
    """A file name for messages: the uploaded name's last part, in plain characters."""
    stem = re.sub(r"[^A-Za-z0-9._-]", "_", Path(name.replace("\\", "/")).name)[:60]
    stem = stem.lstrip(".") or "upload"
    return stem if stem.lower().endswith(".csv") else stem + ".csv"


def _check_shape(text: str, name: str, max_rows: int) -> str:
    """The label column's name, after checking the header, the columns and the row count."""
    rows = [row for row in csv.reader(io.StringIO(text)) if row]
    if not rows:
        raise ValueError(f"{name} must not be empty, got an empty file")
    header = [cell.strip() for cell in rows[0]]
    if len(header) != 3:
        raise ValueError(
            f"{name} must have 3 columns (two features and a label), got {len(header)}"
        )
    numeric = 0
    for cell in header:
        try:
            float(cell)
            numeric += 1
        except ValueError:
            pass
    if numeric:
        raise ValueError(
            f"{name} must start with a header row naming its columns, got {', '.join(header)}"
        )
    if len(rows) - 1 > max_rows:
        raise ValueError(f"{name} must have at most {max_rows} rows of data, got {len(rows) - 1}")
    by_name = {h.lower(): h for h in reversed(header)}  # the first of equal names
    named = [by_name[wanted] for wanted in LABEL_NAMES if wanted in by_name]
    return named[0] if named else header[-1]


def read_upload(name: str, text: str, *, max_bytes: int, max_rows: int) -> Dataset:
    """An uploaded CSV as a two-feature, two-class :class:`Dataset` (raw: :func:`build_data`
    standardizes it once it is split).

    Raises ``ValueError`` with a message for the page for every problem: too large, no
    header, not three columns, a value that is not a finite number, not two classes.
    """
    name = _safe_name(name)
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise ValueError(f"{name} must be at most {max_bytes} bytes, got {size}")
    label = _check_shape(text, name, max_rows)
    with tempfile.TemporaryDirectory(prefix="reglab-upload-") as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        dataset = load_csv(path, label)
    if dataset.task != "binary":
        classes = len(np.unique(dataset.y)) if dataset.task == "multiclass" else "numeric"
        raise ValueError(f"label column {label!r} of {name} must hold 2 classes, got {classes}")
    if len(dataset.y) < 20:
        raise ValueError(f"{name} must have at least 20 rows of data, got {len(dataset.y)}")
    std = dataset.X.std(axis=0)
    if np.any(std == 0):
        column = dataset.feature_names[int(np.argmin(std))]
        raise ValueError(f"column {column!r} of {name} must vary, got one value throughout")
    return dataset
