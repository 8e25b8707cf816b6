"""Argument and data checks shared by the augmentation transforms.

They build on :mod:`reglab._validation`, so every message has the shape
``name must be ..., got VALUE``.
"""

from __future__ import annotations

import numpy as np

from reglab._validation import check_finite_array, check_in_range, check_real

__all__ = [
    "check_images",
    "check_interval",
    "check_points",
    "check_params_length",
    "check_probability",
    "check_rng",
    "check_value_range",
]


def check_probability(name: str, value) -> float:
    """Check that ``value`` is a probability in [0, 1]; return it as a float."""
    check_real(name, value)
    return float(check_in_range(name, value, 0, 1))


def check_interval(name: str, value, low: float = -np.inf, high: float = np.inf) -> tuple:
    """Check a ``(low, high)`` pair with ``low <= high`` whose ends lie in [low, high].

    Raises ``ValueError`` like ``degrees must be (low, high) with low <= high, got (20, 10)``.
    """
    if np.ndim(value) != 1 or len(value) != 2:
        raise ValueError(f"{name} must be a (low, high) pair, got {value!r}")
    first, second = (check_real(name, end) for end in value)
    if not (np.isfinite(first) and np.isfinite(second)):
        raise ValueError(f"{name} must have finite ends, got {value!r}")
    for end in (first, second):
        if not low <= end <= high:
            raise ValueError(f"{name} must be {_bounds(low, high)}, got {end:g}")
    if first > second:
        raise ValueError(f"{name} must be (low, high) with low <= high, got {value!r}")
    return (first, second)


def _bounds(low: float, high: float) -> str:
    if high == np.inf:
        return f">= {low:g}"
    if low == -np.inf:
        return f"<= {high:g}"
    return f"in [{low:g}, {high:g}]"


def check_value_range(value) -> tuple[float, float]:
    """Check the declared pixel range ``(minimum, maximum)``, with minimum < maximum."""
    low, high = check_interval("value_range", value)
    if low == high:
        raise ValueError(f"value_range must have minimum < maximum, got {value!r}")
    return (low, high)


def check_images(images, value_range: tuple[float, float]) -> np.ndarray:
    """Return ``images`` as float64 of shape (N, H, W) or (N, H, W, C), inside ``value_range``.

    Raises ``ValueError`` on a wrong number of dimensions, NaN or infinite pixels, or pixels
    outside the declared range (digits from scikit-learn run 0..16, so they need
    ``value_range=(0, 16)``).
    """
    array = check_finite_array("images", images, ndim=(3, 4))
    low, high = value_range
    smallest, largest = array.min(), array.max()
    if smallest < low or largest > high:
        raise ValueError(
            f"images must lie within value_range [{low:g}, {high:g}], "
            f"got values in [{smallest:g}, {largest:g}]"
        )
    return array


def check_points(X) -> np.ndarray:
    """Return ``X`` as a finite float64 array of 2-D points, shape (n, 2)."""
    array = check_finite_array("X", X, ndim=2)
    if array.shape[1] != 2:
        raise ValueError(f"X must have 2 columns (x, y), got shape {array.shape}")
    return array


def check_params_length(params, n: int) -> None:
    """Check that ``params`` was drawn for ``n`` examples."""
    if len(params) != n:
        raise ValueError(f"params must be drawn for {n} examples, got {len(params)}")


def check_rng(rng) -> np.random.Generator:
    """Check that ``rng`` is a ``numpy.random.Generator`` (never the global state)."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
    return rng
