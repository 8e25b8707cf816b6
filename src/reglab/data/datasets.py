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

import inspect
from collections.abc import Callable
from numbers import Integral

import numpy as np

from reglab._validation import check_choice, check_int, check_positive, check_real
from reglab.data.dataset import SYMMETRIES, Dataset
from reglab.data.files import load_csv, load_npz

__all__ = [
    "DATASETS",
    "GENERATED",
    "default_noise",
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

POINT_FEATURES = ("x1", "x2")
TWO_CLASSES = ("0", "1")


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
    import sklearn.datasets

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
    import sklearn.datasets

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


def _from_sklearn(loader: str, name: str) -> Dataset:
    import sklearn.datasets  # on first use: scikit-learn takes a second to import

    bunch = getattr(sklearn.datasets, loader)()
    target_names = tuple(str(t) for t in bunch.target_names)
    task = "binary" if len(target_names) == 2 else "multiclass"
    features = tuple(str(f) for f in bunch.feature_names)
    return Dataset(bunch.data, bunch.target, name, task, features, target_names)


def load_digits() -> Dataset:
    """scikit-learn's 1,797 handwritten digits, 8x8 pixels (values 0-16) flattened to 64."""
    return _from_sklearn("load_digits", "digits")


def load_breast_cancer() -> Dataset:
    """scikit-learn's Wisconsin breast cancer data: 569 examples, 30 features, 2 classes."""
    return _from_sklearn("load_breast_cancer", "breast_cancer")


def load_wine() -> Dataset:
    """scikit-learn's wine data: 178 examples, 13 features, 3 classes."""
    return _from_sklearn("load_wine", "wine")


def load_iris() -> Dataset:
    """scikit-learn's iris data: 150 examples, 4 features, 3 classes."""
    return _from_sklearn("load_iris", "iris")


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


# the generated 2-D data sets (``n_samples``, ``noise``, ``random_state``)
GENERATED = ("moons", "circle", "xor", "gaussians", "spiral")


def default_noise(name: str) -> float:
    """The noise a generated data set is drawn with when none is given (its generator's
    default: moons 0.2, the tutorial's; circle and xor 0.1; gaussians 0.5; spiral 0.05).

    >>> default_noise("spiral")
    0.05
    """
    check_choice("name", name, GENERATED)
    return inspect.signature(DATASETS[name]).parameters["noise"].default


def load_dataset(name: str, **kwargs) -> Dataset:
    """Load a built-in data set by its name in :data:`DATASETS`, passing ``kwargs`` on.

    >>> load_dataset("circle", n_samples=100, random_state=0).X.shape
    (100, 2)
    """
    check_choice("name", name, DATASETS)
    return DATASETS[name](**kwargs)
