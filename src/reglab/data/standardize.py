"""Standardization: every feature shifted to mean 0 and scaled to standard deviation 1.

The tutorial's networks assume inputs of about unit scale: with raw features that differ
by orders of magnitude (breast cancer: areas near 1,000 beside smoothness near 0.1) the
first layer's He-initialized weights saturate on the large ones, and the verdict reads high
bias where the network simply sees badly scaled data. The statistics are fitted on the
training rows only, so that nothing of the dev and test sets leaks into training, and kept
with the model (``reglab.nn.serialize``) so that new data are scaled the same way.

The same transform as scikit-learn's ``StandardScaler`` (population standard deviation;
a constant feature gets scale 1, so it becomes 0 rather than NaN), without its pickles.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reglab._validation import check_finite_array

__all__ = ["Standardizer", "standardize_split"]


def _is_constant(var: np.ndarray, mean: np.ndarray, n: int) -> np.ndarray:
    """Variances that are zero up to rounding: the bound scikit-learn's scaler uses
    (``sklearn.preprocessing._data._is_constant_feature``) for float64 sums of ``n`` values."""
    eps = np.finfo(np.float64).eps
    return var <= n * eps * var + (n * mean * eps) ** 2


@dataclass(frozen=True, eq=False)
class Standardizer:
    """``X ↦ (X − mean) / scale``, one mean and one scale per feature.

    Attributes
    ----------
    mean : ndarray of shape (n_features,)
    scale : ndarray of shape (n_features,)
        The standard deviation of each feature on the rows it was fitted on; 1 for a
        constant feature.
    """

    mean: np.ndarray
    scale: np.ndarray

    def __post_init__(self):
        mean = check_finite_array("mean", self.mean, ndim=1)
        scale = check_finite_array("scale", self.scale, ndim=1)
        if mean.shape != scale.shape:
            raise ValueError(
                f"mean and scale must have the same shape, got {mean.shape} and {scale.shape}"
            )
        if np.any(scale <= 0):
            raise ValueError(f"scale must be > 0, got {scale[scale <= 0][0]:g}")
        object.__setattr__(self, "mean", mean)
        object.__setattr__(self, "scale", scale)

    @classmethod
    def fit(cls, X) -> Standardizer:
        """The standardization of the rows of ``X`` (n_samples, n_features)."""
        X = check_finite_array("X", X, ndim=2)
        mean, var = X.mean(axis=0), X.var(axis=0)
        scale = np.where(_is_constant(var, mean, len(X)), 1.0, np.sqrt(var))
        return cls(mean, scale)

    @property
    def n_features(self) -> int:
        return len(self.mean)

    def transform(self, X) -> np.ndarray:
        """``(X − mean) / scale``; ``X`` must have :attr:`n_features` columns."""
        X = check_finite_array("X", X, ndim=2)
        if X.shape[1] != self.n_features:
            raise ValueError(
                f"X must have {self.n_features} features, as the data standardized for "
                f"training, got {X.shape[1]}"
            )
        return (X - self.mean) / self.scale

    def get_config(self) -> dict:
        """Plain lists (JSON); floats round-trip exactly through ``repr``."""
        return {"mean": self.mean.tolist(), "scale": self.scale.tolist()}

    @classmethod
    def from_config(cls, config: dict) -> Standardizer:
        return cls(np.asarray(config["mean"], float), np.asarray(config["scale"], float))

    def __repr__(self) -> str:
        return f"Standardizer(n_features={self.n_features})"


def standardize_split(split):
    """``split`` (a :class:`~reglab.data.splits.Split`) with its features standardized by the
    statistics of its training rows, and the :class:`Standardizer` that did it: nothing of the
    dev and test sets leaks into training. Empty parts stay as they are."""
    import dataclasses

    standardizer = Standardizer.fit(split.X_train)
    parts = ("X_train", "X_dev", "X_test")
    scaled = {p: standardizer.transform(getattr(split, p)) for p in parts if len(getattr(split, p))}
    return dataclasses.replace(split, **scaled), standardizer
