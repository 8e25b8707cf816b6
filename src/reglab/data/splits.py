"""Train / dev / test splits (tutorial section 1.1) and the tutorial's rule for their sizes.

The training set fits the parameters, the dev set (the hold-out cross-validation set)
chooses between models and hyperparameters, and the test set gives an unbiased estimate of
the chosen model's error.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from numbers import Integral, Real

import numpy as np

from reglab._validation import check_finite_array, check_in_range, check_int
from reglab.data.datasets import _generator

__all__ = [
    "BIG_DATA_LIMIT",
    "SMALL_DATA_LIMIT",
    "Split",
    "StratifyError",
    "SplitRecommendation",
    "recommend_split",
    "split_for_training",
    "train_dev_test_split",
]

SMALL_DATA_LIMIT = 100_000
BIG_DATA_LIMIT = 2_000_000


class StratifyError(ValueError):
    """The classes are too small to keep their proportions in every part of a split.

    ``reason`` says why, without the remedy that ``str(error)`` adds for a Python caller
    (``pass stratify=False``), so that a command line can name its own option instead.
    """

    def __init__(self, reason: str):
        super().__init__(f"{reason}; pass stratify=False or drop the class")
        self.reason = reason


@dataclass(frozen=True, eq=False)
class Split:
    """The three parts of a data set; ``X_dev`` and ``y_dev`` are empty when ``dev=0``."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_dev: np.ndarray
    y_dev: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray

    def __repr__(self) -> str:
        return f"Split(train={len(self.y_train)}, dev={len(self.y_dev)}, test={len(self.y_test)})"


def _count(name: str, size, n: int) -> int:
    """The number of examples that ``size``, a fraction in [0, 1) or a count, asks for."""
    if isinstance(size, Integral) and not isinstance(size, bool):
        return check_int(name, size, minimum=0)
    if isinstance(size, bool) or not isinstance(size, Real):
        raise TypeError(f"{name} must be a fraction in [0, 1) or a count, got {size!r}")
    check_in_range(name, size, 0, 1, high_open=True)
    count = math.floor(size * n + 0.5)
    if size > 0 and count == 0:
        raise ValueError(
            f"{name}={size} gives 0 examples of {n}; use a larger fraction or a count >= 1"
        )
    return count


def _counts(dev, test, n: int) -> tuple[int, int]:
    n_dev, n_test = _count("dev", dev, n), _count("test", test, n)
    if all(isinstance(s, float) for s in (dev, test)) and dev + test >= 1:
        raise ValueError(f"dev + test must be < 1, got {dev} + {test}")
    if n_dev + n_test >= n:
        raise ValueError(
            f"dev + test must leave at least one training example, got {n_dev} + {n_test} of {n}"
        )
    return n_dev, n_test


def _check_strata(y: np.ndarray, n_dev: int, n_test: int) -> None:
    """Stratifying needs every class in every non-empty part."""
    parts = {"train": len(y) - n_dev - n_test, "dev": n_dev, "test": n_test}
    used = {name: size for name, size in parts.items() if size > 0}
    classes, counts = np.unique(y, return_counts=True)
    if min(counts) < len(used):
        label = classes[np.argmin(counts)].item()
        raise StratifyError(
            f"class {label!r} has {min(counts)} examples, too few to stratify over "
            f"{' + '.join(used)} (needs {len(used)})"
        )
    for name, size in used.items():
        if size < len(classes):
            raise StratifyError(
                f"{name} must hold at least one example of each of the {len(classes)} "
                f"classes to stratify, got {size} examples"
            )


def _split_off(X, y, size: int, stratify: bool, seed: int):
    """``(X_rest, y_rest, X_part, y_part)`` with ``size`` examples in the part."""
    from sklearn.model_selection import train_test_split  # on first use: slow to import

    if size == 0:
        return X, y, X[:0], y[:0]
    try:
        X_rest, X_part, y_rest, y_part = train_test_split(
            X, y, test_size=size, stratify=y if stratify else None, random_state=seed
        )
    except ValueError as error:
        raise StratifyError(f"could not stratify: {error}") from None
    return X_rest, y_rest, X_part, y_part


def train_dev_test_split(
    X, y, *, dev=0.2, test=0.2, stratify: bool = True, random_state=None
) -> Split:
    """Shuffle and split ``X, y`` into train, dev and test sets.

    Parameters
    ----------
    X : array-like of shape (n_samples, ...)
        Examples in rows, with up to three further dimensions (images); returned as
        float64.
    y : array-like of shape (n_samples,)
    dev, test : float in [0, 1) or int >= 0, default 0.2
        A fraction of the examples (rounded to the nearest count) or a count. 0 gives an
        empty part; a positive fraction that rounds to 0 examples is an error.
    stratify : bool, default True
        Keep the class proportions in every part. Applies to integer, boolean and text
        labels; float targets (regression) are never stratified.
    random_state : None, int or numpy.random.Generator

    Returns
    -------
    Split
        The test set is drawn first, then the dev set from the rest (scikit-learn's
        ``train_test_split`` twice).
    """
    X = check_finite_array("X", X, ndim=(1, 2, 3, 4))
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"y must have 1 dimension, got shape {y.shape}")
    if len(X) != len(y):
        raise ValueError(
            f"X and y must have the same number of examples, got {len(X)} and {len(y)}"
        )
    n_dev, n_test = _counts(dev, test, len(y))
    stratify = bool(stratify) and y.dtype.kind in "iubU"
    if stratify:
        _check_strata(y, n_dev, n_test)
    seeds = _generator(random_state).integers(2**31 - 1, size=2)
    X_rest, y_rest, X_test, y_test = _split_off(X, y, n_test, stratify, int(seeds[0]))
    X_train, y_train, X_dev, y_dev = _split_off(X_rest, y_rest, n_dev, stratify, int(seeds[1]))
    return Split(X_train, y_train, X_dev, y_dev, X_test, y_test)


@dataclass(frozen=True)
class SplitRecommendation:
    """The tutorial's split for ``n`` examples, as fractions and as counts summing to ``n``."""

    n: int
    train: float
    dev: float
    test: float
    train_count: int
    dev_count: int
    test_count: int
    regime: str
    reason: str

    def as_kwargs(self) -> dict[str, int]:
        """The counts as ``dev`` and ``test`` arguments of :func:`train_dev_test_split`."""
        return {"dev": self.dev_count, "test": self.test_count}

    def __str__(self) -> str:
        shares = (self.train, self.dev, self.test) if self.dev_count else (self.train, self.test)
        percents = " / ".join(f"{100 * share:g}" for share in shares)
        return (
            f"{self.regime} data (n={self.n}): {percents} = {self.train_count} train, "
            f"{self.dev_count} dev, {self.test_count} test. {self.reason}"
        )


_RULES = {
    # regime: (train, dev, test) with a dev set, (train, test) without
    "small": ((0.60, 0.20, 0.20), (0.70, 0.30)),
    "big": ((0.98, 0.01, 0.01), (0.99, 0.01)),
    "very big": ((0.995, 0.0025, 0.0025), (0.9975, 0.0025)),
}
_REASONS = {
    "small": "Small data (the tutorial names 100, 1,000, 10,000): dev and test need a large "
    "share to hold enough examples.",
    "big": "Big data, about a million examples (100,000 to 1,999,999): 1% already holds "
    "at least 1,000 examples, enough to compare models.",
    "very big": "Well beyond a million examples (2,000,000 or more): 0.25% already holds "
    "at least 5,000 examples.",
}
_NO_DEV_NOTES = {
    "small": " Without a dev set the tutorial uses 70/30.",
    "big": " Without a dev set its share goes to training; the test set keeps its 1%.",
    "very big": " Without a dev set its share goes to training; the test set keeps its 0.25%.",
}


def _regime(n: int) -> str:
    if n < SMALL_DATA_LIMIT:
        return "small"
    return "big" if n < BIG_DATA_LIMIT else "very big"


def recommend_split(n: int, dev: bool = True) -> SplitRecommendation:
    """Recommend train / dev / test sizes for ``n`` examples, after the tutorial (1.1).

    ==========================  ============  ===================  ==================
    regime                      n             with a dev set       without
    ==========================  ============  ===================  ==================
    ``"small"``                 < 100,000     60 / 20 / 20         70 / 30
    ``"big"``                   < 2,000,000   98 / 1 / 1           99 / 1
    ``"very big"``              larger        99.5 / 0.25 / 0.25   99.75 / 0.25
    ==========================  ============  ===================  ==================

    The tutorial gives examples, not limits: 100, 1,000 and 10,000 examples are small,
    a million is big, "more than a million" bigger still. The limits chosen here:

    - ``SMALL_DATA_LIMIT = 100_000``, the middle, on a log scale, of 10,000 and 1,000,000;
      it is also where the big-data 1% first holds 1,000 examples, about the least that
      measures an error rate of 5% to within one percentage point (standard error 0.7).
    - ``BIG_DATA_LIMIT = 2_000_000``: "about a million" reaches up to twice a million;
      from there 0.25% holds at least 5,000 examples (standard error 0.3 points at 5%).

    Without a dev set, small data follows the tutorial's 70/30. For big data the tutorial
    gives no rule; here the test set keeps its share and the dev set's share goes to
    training (99/1 and 99.75/0.25), since the test set alone is already large enough.

    The counts round the dev and test shares to the nearest integer, at least 1 each, and
    give training the rest, so they sum to ``n``.

    Raises
    ------
    ValueError
        When ``n < 2`` (``n < 3`` with a dev set): too few examples for every part.
    """
    n = check_int("n", n, minimum=2)
    if dev and n < 3:
        raise ValueError(f"n must be >= 3 to hold train, dev and test examples, got {n}")
    regime = _regime(n)
    with_dev, without_dev = _RULES[regime]
    train, dev_share, test = with_dev if dev else (without_dev[0], 0.0, without_dev[1])
    dev_count = max(1, math.floor(dev_share * n + 0.5)) if dev else 0
    test_count = max(1, math.floor(test * n + 0.5))
    train_count = n - dev_count - test_count
    reason = _REASONS[regime] + ("" if dev else _NO_DEV_NOTES[regime])
    return SplitRecommendation(
        n, train, dev_share, test, train_count, dev_count, test_count, regime, reason
    )


def split_for_training(
    dataset,
    *,
    dev=None,
    test=None,
    stratify: bool = True,
    standardize: bool = True,
    random_state=0,
    n_train: int | None = None,
):
    """A data set split as ``reglab train`` and a sweep split it.

    The sizes follow the tutorial's rule for the data's size (:func:`recommend_split`),
    unless ``dev`` or ``test`` (a fraction or a count) says otherwise; a classification is
    stratified unless ``stratify`` is False; with ``standardize`` the features are scaled by
    the training rows' statistics (:func:`~reglab.data.standardize.standardize_split`).

    Parameters
    ----------
    dataset : Dataset
    dev, test : float or int, optional
    stratify, standardize : bool, default True
    random_state : int, default 0
    n_train : int, optional
        Keep only this many of the training rows (drawn at random, stratified as the split
        is), the dev and test sets unchanged: the same model read on less data, to see
        the variance that more data would remove (tutorial, 1.3).

    Returns
    -------
    rule : SplitRecommendation
        The tutorial's rule for the data's size.
    split : Split
    standardizer : Standardizer or None
        None without ``standardize``.

    Raises
    ------
    StratifyError
        When a class is too small to stratify; its ``reason`` lets a caller name its own
        option.
    """
    from reglab.data.standardize import standardize_split

    rule = recommend_split(len(dataset.y), dev=True)
    sizes = {
        **rule.as_kwargs(),
        **{k: v for k, v in (("dev", dev), ("test", test)) if v is not None},
    }
    stratify = stratify and dataset.task != "regression"
    split = train_dev_test_split(
        dataset.X, dataset.y, **sizes, stratify=stratify, random_state=random_state
    )
    if n_train is not None:
        split = _fewer_training_rows(split, n_train, stratify, random_state)
    if not standardize:
        return rule, split, None
    return (rule, *standardize_split(split))


def _fewer_training_rows(split: Split, n_train, stratify: bool, random_state) -> Split:
    """``split`` with ``n_train`` of its training rows, drawn as a split draws its parts."""
    n = len(split.y_train)
    n_train = check_int("n_train", n_train, minimum=1)
    if n_train > n:
        raise ValueError(f"n_train must be at most the split's {n} training rows, got {n_train}")
    if n_train == n:
        return split
    try:
        kept = train_dev_test_split(
            split.X_train,
            split.y_train,
            dev=0,
            test=n - n_train,
            stratify=stratify,
            random_state=random_state,
        )
    except StratifyError as error:
        raise ValueError(
            f"n_train {n_train} cannot keep every class in the training rows "
            f"({error.reason}): keep more rows, or split without stratification"
        ) from None
    return replace(split, X_train=kept.X_train, y_train=kept.y_train)
