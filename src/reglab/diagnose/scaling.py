"""Are the features on one scale? The tutorial's networks assume normalized inputs.

A feature measured in thousands next to one measured in hundredths dominates the first
layer's products ``W @ x``: training slows or stalls, and the model looks as if it had high
bias (``reglab train --dataset breast_cancer --no-standardize`` gives dev accuracy 0.91 and
"high bias"; the same data standardized give 0.98 and "good"). :func:`feature_scales`
measures each feature's magnitude so that the verdict and the estimators can say so.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = [
    "LARGEST_MAGNITUDE",
    "MAGNITUDE_RATIO",
    "FeatureScaleWarning",
    "FeatureScales",
    "feature_scales",
]

MAGNITUDE_RATIO = 100.0  # two orders of magnitude between the largest and smallest feature
LARGEST_MAGNITUDE = 1e3  # a unit-scale network's pre-activations a thousand times too large
STANDARDIZED_TOLERANCE = 0.05  # how far from mean 0 and standard deviation 1 still counts


class FeatureScaleWarning(UserWarning):
    """Issued by the estimators when the features are not on one scale (see
    :attr:`FeatureScales.unscaled`): standardize them, e.g. with scikit-learn's
    ``StandardScaler`` in a ``Pipeline``."""


@dataclass(frozen=True, eq=False)
class FeatureScales:
    """The magnitude of each feature: the largest ``|x|`` of its column.

    Columns that are 0 everywhere (an unused pixel) have no scale and are left out of
    :attr:`smallest`. Digits on 0..16 have a ratio of 16; breast cancer's features run
    from 0.05 to 4254 (a ratio of 1.4e5), wine's from 0.66 to 1680.

    Attributes
    ----------
    magnitudes : ndarray, shape (n_features,)
    names : tuple of str, or None
        Column names, when known.
    standardized : bool
        Every column has mean 0 and standard deviation 1 (or is constant), within
        ``STANDARDIZED_TOLERANCE``: such features are on one scale, however far out their
        largest ``|z|`` lies (a value seen once among n rows lies near ``sqrt(n)``).
    """

    magnitudes: np.ndarray
    names: tuple[str, ...] | None = None
    standardized: bool = False

    def _nonzero(self) -> np.ndarray:
        return np.flatnonzero(self.magnitudes > 0)

    @property
    def largest(self) -> float:
        return float(self.magnitudes.max())

    @property
    def smallest(self) -> float:
        """The smallest magnitude of a column that is not 0 everywhere (0 if none is)."""
        nonzero = self._nonzero()
        return float(self.magnitudes[nonzero].min()) if nonzero.size else 0.0

    @property
    def ratio(self) -> float:
        return self.largest / self.smallest if self.smallest > 0 else 1.0

    @property
    def unscaled(self) -> bool:
        """Not :attr:`standardized`, and the magnitudes differ by ``MAGNITUDE_RATIO`` or
        more, or reach ``LARGEST_MAGNITUDE``."""
        if self.standardized:
            return False
        return self.ratio >= MAGNITUDE_RATIO or self.largest >= LARGEST_MAGNITUDE

    @property
    def problem(self) -> str:
        """What is wrong, in words: ``"not on one scale"`` or ``"far from a unit scale"``."""
        return "not on one scale" if self.ratio >= MAGNITUDE_RATIO else "far from a unit scale"

    def _name(self, column: int) -> str:
        return repr(self.names[column]) if self.names is not None else f"column {column}"

    def describe(self) -> str:
        """One phrase, e.g. ``magnitudes from 0.0495 (column 9) to 4254 (column 23), ...``."""
        nonzero = self._nonzero()
        if not nonzero.size:
            return "every feature is 0"
        low = nonzero[np.argmin(self.magnitudes[nonzero])]
        high = int(np.argmax(self.magnitudes))
        return (
            f"feature magnitudes (largest |x| of each column) run from {self.smallest:.3g} "
            f"({self._name(low)}) to {self.largest:.4g} ({self._name(high)}), a ratio of "
            f"{self.ratio:.3g}"
        )

    def __repr__(self) -> str:
        return (
            f"FeatureScales(smallest={self.smallest:.3g}, largest={self.largest:.3g}, "
            f"unscaled={self.unscaled})"
        )


def feature_scales(X, names=None) -> FeatureScales:
    """The magnitude of each feature of ``X`` (n_samples, n_features) or of each pixel.

    Parameters
    ----------
    X : array, shape (n_samples, *features)
        Images are read pixel by pixel.
    names : sequence of str, optional
        Column names, quoted in :meth:`FeatureScales.describe`.
    """
    X = np.asarray(X, dtype=float)
    if X.ndim < 2 or X.shape[0] == 0:
        raise ValueError(f"X must have shape (n_samples, n_features), got {X.shape}")
    X = X.reshape(len(X), -1)
    magnitudes = np.abs(X).max(axis=0)
    with np.errstate(over="ignore", invalid="ignore"):  # values near 1e200: not standardized
        mean, std = X.mean(axis=0), X.std(axis=0)
    standardized = bool(
        np.all(np.abs(mean) <= STANDARDIZED_TOLERANCE)
        and np.all((std == 0) | (np.abs(std - 1) <= STANDARDIZED_TOLERANCE))
    )
    if names is not None:
        names = tuple(str(name) for name in names)
        if len(names) != magnitudes.size:
            raise ValueError(
                f"names must hold one name per feature ({magnitudes.size}), got {len(names)}"
            )
    return FeatureScales(magnitudes, names, standardized)
