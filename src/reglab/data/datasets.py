"""Built-in data sets and loaders for the user's own data, all returning a :class:`Dataset`.

The 2-D generators are the TensorFlow Playground classics (circle, xor, gaussians, spiral)
plus scikit-learn's moons, the data set of the tutorial. Every generator is seeded through
``random_state`` (``None``, an int or a ``numpy.random.Generator``) and never touches the
global ``np.random`` state. Each takes ``n_samples`` (>= 2, split evenly between the two
classes), ``noise`` (the standard deviation of the Gaussian noise added to each coordinate,
>= 0) and ``random_state``. Labels are ints ``0 .. n_classes - 1``.

Each data set declares the 2-D point symmetries (about the origin) that keep its labels, so
that data augmentation knows which transformations are safe; :data:`SYMMETRIES` names and
defines them.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable
from dataclasses import dataclass
from numbers import Integral
from pathlib import Path

import numpy as np
import sklearn.datasets

from reglab._validation import (
    check_choice,
    check_finite_array,
    check_int,
    check_positive,
    check_real,
)

__all__ = [
    "DATASETS",
    "SYMMETRIES",
    "Dataset",
    "load_breast_cancer",
    "load_csv",
    "load_dataset",
    "load_digits",
    "load_iris",
    "load_npz",
    "load_wine",
    "make_circle",
    "make_gaussians",
    "make_moons",
    "make_spiral",
    "make_xor",
    "tutorial_moons",
]

SYMMETRIES: dict[str, str] = {
    "reflect_x": "(x, y) -> (-x, y): negate x, a left-right flip",
    "reflect_y": "(x, y) -> (x, -y): negate y, an up-down flip",
    "reflect_diagonal": "(x, y) -> (y, x): mirror in the line y = x",
    "reflect_antidiagonal": "(x, y) -> (-y, -x): mirror in the line y = -x",
    "rotate_90": "(x, y) -> (-y, x): a quarter turn",
    "rotate_180": "(x, y) -> (-x, -y): a half turn",
    "rotate": "a rotation by any angle about the origin",
}
TASKS = ("binary", "multiclass", "regression")
POINT_FEATURES = ("x1", "x2")
TWO_CLASSES = ("0", "1")


@dataclass(frozen=True, eq=False)
class Dataset:
    """A data set with examples in rows.

    Attributes
    ----------
    X : ndarray of shape (n_samples, n_features), float64
    y : ndarray of shape (n_samples,)
        Int labels ``0 .. n_classes - 1`` for classification, floats for regression.
    name : str
    task : {"binary", "multiclass", "regression"}
    feature_names : tuple of str, one per column of ``X``
    target_names : tuple of str, the name of each class (empty for regression)
    symmetries : tuple of str
        Label-preserving point symmetries, keys of :data:`SYMMETRIES`; empty when none.
    """

    X: np.ndarray
    y: np.ndarray
    name: str
    task: str
    feature_names: tuple[str, ...]
    target_names: tuple[str, ...] = ()
    symmetries: tuple[str, ...] = ()

    def __post_init__(self):
        X = check_finite_array("X", self.X, ndim=2)
        y = check_finite_array("y", self.y, ndim=1)
        if len(X) != len(y):
            raise ValueError(
                f"X and y must have the same number of rows, got {len(X)} and {len(y)}"
            )
        check_choice("task", self.task, TASKS)
        if self.task != "regression":
            y = y.astype(np.int64)
        if len(self.feature_names) != X.shape[1]:
            raise ValueError(
                f"feature_names must name {X.shape[1]} columns, got {len(self.feature_names)}"
            )
        for symmetry in self.symmetries:
            check_choice("symmetries", symmetry, SYMMETRIES)
        object.__setattr__(self, "X", X)
        object.__setattr__(self, "y", y)

    @property
    def n_samples(self) -> int:
        return self.X.shape[0]

    @property
    def n_features(self) -> int:
        return self.X.shape[1]

    @property
    def n_classes(self) -> int:
        """The number of classes; 0 for regression."""
        return len(self.target_names)

    def __repr__(self) -> str:
        return (
            f"Dataset(name={self.name!r}, task={self.task!r}, n_samples={self.n_samples}, "
            f"n_features={self.n_features}, n_classes={self.n_classes}, "
            f"symmetries={self.symmetries})"
        )


def _generator(random_state) -> np.random.Generator:
    """A ``Generator`` from ``None``, an int seed or a ``Generator``."""
    if random_state is None or isinstance(random_state, np.random.Generator):
        return np.random.default_rng(random_state)
    return np.random.default_rng(check_int("random_state", random_state, minimum=0))


def _sklearn_seed(random_state) -> int:
    """An int seed for scikit-learn, which would otherwise fall back on global state."""
    if isinstance(random_state, Integral) and not isinstance(random_state, bool):
        return check_int("random_state", random_state, minimum=0)
    return int(_generator(random_state).integers(2**31 - 1))


def _check_generator_args(n_samples, noise) -> tuple[int, float]:
    n_samples = check_int("n_samples", n_samples, minimum=2)
    noise = check_positive("noise", check_real("noise", noise), strict=False)
    return n_samples, float(noise)


def _two_classes(points_0, points_1, noise, rng, name, symmetries=()) -> Dataset:
    """Label two point clouds 0 and 1, add Gaussian noise, shuffle, wrap as a Dataset."""
    X = np.vstack([points_0, points_1])
    y = np.repeat([0, 1], [len(points_0), len(points_1)])
    X = X + rng.normal(scale=noise, size=X.shape)
    order = rng.permutation(len(X))
    return Dataset(X[order], y[order], name, "binary", POINT_FEATURES, TWO_CLASSES, symmetries)


def _polar(radius, angle) -> np.ndarray:
    return np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])


def make_moons(n_samples: int = 300, noise: float = 0.2, random_state=None) -> Dataset:
    """Two interleaving half circles, from ``sklearn.datasets.make_moons``.

    Class 0 is the upper moon ``(cos t, sin t)``, class 1 the lower one
    ``(1 - cos t, 1/2 - sin t)``, ``t`` in ``[0, pi]``, plus Gaussian noise of standard
    deviation ``noise``. No point symmetry keeps the labels: the half turn about
    ``(1/2, 1/4)`` swaps the moons.
    """
    n_samples, noise = _check_generator_args(n_samples, noise)
    X, y = sklearn.datasets.make_moons(
        n_samples=n_samples, noise=noise, random_state=_sklearn_seed(random_state)
    )
    return Dataset(X, y, "moons", "binary", POINT_FEATURES, TWO_CLASSES)


def tutorial_moons() -> Dataset:
    """The tutorial's data exactly: 300 moons, noise 0.2, as after ``np.random.seed(3)``.

    A private ``RandomState(3)`` stands in for the seeded global state, which stays untouched.
    Examples are in rows, shape (300, 2); the tutorial transposes them to (2, 300).
    """
    X, y = sklearn.datasets.make_moons(
        n_samples=300, noise=0.2, random_state=np.random.RandomState(3)
    )
    return Dataset(X, y, "tutorial_moons", "binary", POINT_FEATURES, TWO_CLASSES)


def make_circle(n_samples: int = 300, noise: float = 0.1, random_state=None) -> Dataset:
    """A disk (class 1, radius <= 0.5) inside a ring (class 0, radius 0.7 to 1).

    Angles are uniform, then Gaussian noise of standard deviation ``noise`` is added. The
    distribution is the same in every direction, so every symmetry keeps the labels.
    """
    n_samples, noise = _check_generator_args(n_samples, noise)
    rng = _generator(random_state)
    n_ring, n_disk = n_samples // 2, n_samples - n_samples // 2
    ring = _polar(rng.uniform(0.7, 1.0, n_ring), rng.uniform(0, 2 * np.pi, n_ring))
    disk = _polar(rng.uniform(0.0, 0.5, n_disk), rng.uniform(0, 2 * np.pi, n_disk))
    return _two_classes(ring, disk, noise, rng, "circle", tuple(SYMMETRIES))


def make_xor(n_samples: int = 300, noise: float = 0.1, random_state=None) -> Dataset:
    """The four quadrants of ``[-1, 1]^2``: class 1 where ``x * y > 0``, class 0 elsewhere.

    Points keep a distance of 0.05 from the axes before Gaussian noise of standard deviation
    ``noise`` is added. Negating one coordinate flips the sign of ``x * y``, so the
    reflections in the axes and the quarter turn swap the labels; the half turn and the
    mirrors in the diagonals keep them.
    """
    n_samples, noise = _check_generator_args(n_samples, noise)
    rng = _generator(random_state)
    n_0 = n_samples // 2
    magnitude = rng.uniform(0.05, 1.0, size=(n_samples, 2))
    sign = rng.choice([-1.0, 1.0], size=n_samples)
    same = magnitude[n_0:] * sign[n_0:, None]  # quadrants I and III
    opposite = magnitude[:n_0] * np.column_stack([sign[:n_0], -sign[:n_0]])
    symmetries = ("reflect_diagonal", "reflect_antidiagonal", "rotate_180")
    return _two_classes(opposite, same, noise, rng, "xor", symmetries)


def make_gaussians(n_samples: int = 300, noise: float = 0.5, random_state=None) -> Dataset:
    """Two round Gaussian clouds: class 1 around ``(1, 1)``, class 0 around ``(-1, -1)``.

    ``noise`` is the standard deviation of each cloud. The half turn maps one cloud onto the
    other and so swaps the labels; only the mirror in the line y = x keeps them.
    """
    n_samples, noise = _check_generator_args(n_samples, noise)
    rng = _generator(random_state)
    n_0 = n_samples // 2
    centres_0 = np.full((n_0, 2), -1.0)
    centres_1 = np.full((n_samples - n_0, 2), 1.0)
    return _two_classes(centres_0, centres_1, noise, rng, "gaussians", ("reflect_diagonal",))


def make_spiral(n_samples: int = 300, noise: float = 0.05, random_state=None) -> Dataset:
    """Two interleaved spirals of 1.75 turns, ``r = s``, ``angle = 3.5 pi s`` (+ pi for class 1).

    ``s`` is uniform in ``[0, 1]``; Gaussian noise of standard deviation ``noise`` is added.
    The half turn maps one arm onto the other, so no symmetry keeps the labels.
    """
    n_samples, noise = _check_generator_args(n_samples, noise)
    rng = _generator(random_state)
    n_0 = n_samples // 2
    s = rng.uniform(0.0, 1.0, n_samples)
    angle = 3.5 * np.pi * s
    arm_0 = _polar(s[:n_0], angle[:n_0])
    arm_1 = _polar(s[n_0:], angle[n_0:] + np.pi)
    return _two_classes(arm_0, arm_1, noise, rng, "spiral")


def _from_sklearn(bunch, name: str) -> Dataset:
    target_names = tuple(str(t) for t in bunch.target_names)
    task = "binary" if len(target_names) == 2 else "multiclass"
    features = tuple(str(f) for f in bunch.feature_names)
    return Dataset(bunch.data, bunch.target, name, task, features, target_names)


def load_digits() -> Dataset:
    """scikit-learn's 1,797 handwritten digits, 8x8 pixels (values 0-16) flattened to 64."""
    return _from_sklearn(sklearn.datasets.load_digits(), "digits")


def load_breast_cancer() -> Dataset:
    """scikit-learn's Wisconsin breast cancer data: 569 examples, 30 features, 2 classes."""
    return _from_sklearn(sklearn.datasets.load_breast_cancer(), "breast_cancer")


def load_wine() -> Dataset:
    """scikit-learn's wine data: 178 examples, 13 features, 3 classes."""
    return _from_sklearn(sklearn.datasets.load_wine(), "wine")


def load_iris() -> Dataset:
    """scikit-learn's iris data: 150 examples, 4 features, 3 classes."""
    return _from_sklearn(sklearn.datasets.load_iris(), "iris")


MAX_INFERRED_CLASSES = 20


def _existing_file(path) -> Path:
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"path must be an existing file, got {str(path)!r}")
    return path


def _numeric_column(values: np.ndarray, where: str) -> np.ndarray:
    """``values`` as float64; the error names the first value that is not a finite number."""
    numbers = np.empty(len(values))
    for row, value in enumerate(values.tolist()):
        try:
            numbers[row] = float(value)
        except (TypeError, ValueError):
            numbers[row] = math.nan
        if not math.isfinite(numbers[row]):
            raise ValueError(f"{where} must be numeric and finite, got {value!r} in row {row + 1}")
    return numbers


def _label_name(value) -> str:
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value)


def _looks_like_regression(values: np.ndarray) -> bool:
    """Numbers that are not all integers, or more than ``MAX_INFERRED_CLASSES`` of them."""
    try:
        numbers = values.astype(np.float64)
    except (TypeError, ValueError):
        return False
    integral = bool(np.all(np.isfinite(numbers)) and np.all(numbers == np.round(numbers)))
    return not integral or len(np.unique(numbers)) > MAX_INFERRED_CLASSES


def _encode_target(values: np.ndarray, task: str | None, where: str):
    """Return ``(y, target_names, task)``; classes become the ints ``0 .. k-1`` in sorted order.

    With ``task=None``, integer labels with at most ``MAX_INFERRED_CLASSES`` distinct values
    and text labels mean classification, other numbers regression.
    """
    if task is not None:
        check_choice("task", task, TASKS)
    elif _looks_like_regression(values):
        task = "regression"
    if task == "regression":
        return _numeric_column(values, where), (), task
    try:
        values = values.astype(np.float64)
    except (TypeError, ValueError):
        values = values.astype(str)
    classes, y = np.unique(values, return_inverse=True)
    if len(classes) < 2:
        shown = _label_name(classes[0]) if len(classes) else "none"
        raise ValueError(f"{where} must hold at least 2 classes, got 1 class: {shown!r}")
    expected = "binary" if len(classes) == 2 else "multiclass"
    if task not in (None, expected):
        raise ValueError(f"task must be {expected!r} for {len(classes)} classes, got {task!r}")
    return y, tuple(_label_name(c) for c in classes), expected


def _read_csv(path: Path) -> tuple[list[str], np.ndarray]:
    """The header and the body, a 2-D array of stripped strings; blank lines are skipped."""
    with path.open(newline="") as file:
        rows = [[cell.strip() for cell in row] for row in csv.reader(file) if row]
    if not rows:
        raise ValueError(f"{path.name} must not be empty, got an empty file")
    header, body = rows[0], rows[1:]
    if not body:
        raise ValueError(f"{path.name} must hold rows of data below its header, got none")
    for row, cells in enumerate(body, start=1):
        if len(cells) != len(header):
            raise ValueError(
                f"row {row} of {path.name} must have {len(header)} values like the header, "
                f"got {len(cells)}"
            )
    return header, np.array(body, dtype=str)


def load_csv(path, label: str, *, task: str | None = None) -> Dataset:
    """Load a CSV file with a header row; ``label`` names the target column.

    Every other column is a feature and must hold finite numbers. Class labels may be numbers
    or text; they are encoded as ``0 .. k-1`` in sorted order and their names kept in
    ``target_names``.

    Parameters
    ----------
    path : str or Path
    label : str
        The name of the target column.
    task : {"binary", "multiclass", "regression"}, optional
        Inferred when None: text labels and integer labels with at most
        ``MAX_INFERRED_CLASSES`` distinct values mean classification, other numbers regression.

    Raises
    ------
    FileNotFoundError
        When ``path`` is not a file.
    ValueError
        For an empty file, a missing label column (the message lists the columns found), a
        value that is not a number (the message names its column and row) or a single class.
    """
    path = _existing_file(path)
    header, table = _read_csv(path)
    check_choice("label", label, header)
    features = [name for name in header if name != label]
    if not features:
        raise ValueError(f"{path.name} must have a feature column besides {label!r}, got none")
    columns = [
        _numeric_column(table[:, header.index(name)], f"column {name!r} of {path.name}")
        for name in features
    ]
    y, target_names, task = _encode_target(
        table[:, header.index(label)], task, f"label column {label!r} of {path.name}"
    )
    return Dataset(np.column_stack(columns), y, path.stem, task, tuple(features), target_names)


def load_npz(path, X_key: str = "X", y_key: str = "y", *, task: str | None = None) -> Dataset:
    """Load ``X`` (n_samples, n_features) and ``y`` (n_samples,) from a NumPy ``.npz`` archive.

    Labels are encoded and ``task`` inferred as in :func:`load_csv`; the features are named
    ``x1, x2, ...``. A missing key raises an error that lists the keys found.
    """
    path = _existing_file(path)
    with np.load(path, allow_pickle=False) as archive:
        keys = list(archive.files)
        X = archive[check_choice("X_key", X_key, keys)]
        y = archive[check_choice("y_key", y_key, keys)]
    if y.ndim != 1:
        raise ValueError(f"y must have 1 dimension, got shape {y.shape}")
    X = check_finite_array("X", X, ndim=2)
    y, target_names, task = _encode_target(y, task, f"{y_key!r} of {path.name}")
    features = tuple(f"x{j + 1}" for j in range(X.shape[1]))
    return Dataset(X, y, path.stem, task, features, target_names)


DATASETS: dict[str, Callable[..., Dataset]] = {
    "moons": make_moons,
    "circle": make_circle,
    "xor": make_xor,
    "gaussians": make_gaussians,
    "spiral": make_spiral,
    "digits": load_digits,
    "breast_cancer": load_breast_cancer,
    "wine": load_wine,
    "iris": load_iris,
}


def load_dataset(name: str, **kwargs) -> Dataset:
    """Load a built-in data set by its name in :data:`DATASETS`, passing ``kwargs`` on.

    >>> load_dataset("circle", n_samples=100, random_state=0).X.shape
    (100, 2)
    """
    check_choice("name", name, DATASETS)
    return DATASETS[name](**kwargs)
