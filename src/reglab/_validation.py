"""One place for argument and data checks, so every message has the same shape.

Every check raises ``ValueError`` (or ``TypeError`` for a wrong kind of object) with a
message that names the argument and the value received, e.g.
``keep_prob must be in (0, 1], got 1.5``.
"""

from __future__ import annotations

from collections.abc import Iterable
from numbers import Integral, Real

import numpy as np

__all__ = [
    "check_choice",
    "check_finite_array",
    "check_in_range",
    "check_int",
    "check_positive",
    "check_real",
    "largest_magnitude",
]


def _fmt(value) -> str:
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def check_in_range(
    name: str, value, low: float, high: float, *, low_open=False, high_open=False
) -> np.ndarray:
    """Check that ``value`` (a number or array) lies in an interval; return it as an array.

    Raises ``ValueError`` like ``keep_prob must be in (0, 1], got 1.5``.
    """
    array = np.asarray(value, dtype=float)
    if array.size == 0:
        raise ValueError(f"{name} must not be empty, got {_fmt(value)}")
    too_low = array <= low if low_open else array < low
    too_high = array >= high if high_open else array > high
    bad = too_low | too_high | np.isnan(array)
    if np.any(bad):
        left = "(" if low_open else "["
        right = ")" if high_open else "]"
        shown = array[bad].flat[0] if array.ndim else array.item()
        raise ValueError(f"{name} must be in {left}{_fmt(low)}, {_fmt(high)}{right}, got {shown:g}")
    return array


def check_positive(name: str, value, *, strict: bool = True) -> np.ndarray:
    """Check ``value > 0`` (or ``>= 0`` when ``strict=False``) elementwise."""
    array = np.asarray(value, dtype=float)
    bad = ~(array > 0) if strict else ~(array >= 0)
    if array.size == 0 or np.any(bad):
        shown = array[bad].flat[0] if array.size and array.ndim else value
        word = "> 0" if strict else ">= 0"
        raise ValueError(f"{name} must be {word}, got {shown}")
    return array


def check_int(name: str, value, *, minimum: int | None = None) -> int:
    """Check that ``value`` is an integer (not a bool) at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def check_real(name: str, value) -> float:
    """Check that ``value`` is a real number (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a number, got {value!r}")
    return float(value)


def check_choice(name: str, value, choices: Iterable[str]):
    """Check that ``value`` is one of ``choices``; the message lists them."""
    options = list(choices)
    if value not in options:
        listed = ", ".join(repr(c) for c in options)
        raise ValueError(f"{name} must be one of {listed}, got {_fmt(value)}")
    return value


def largest_magnitude(array: np.ndarray) -> float:
    """``max |array|`` from its largest and smallest values, without an ``|array|`` copy."""
    return max(abs(float(np.max(array))), abs(float(np.min(array))))


def _check_range(name: str, value, dtype) -> None:
    """Raise when ``value`` is finite but holds values beyond ``dtype``'s range (which the
    cast to ``dtype`` turned into inf)."""
    source = np.asarray(value)
    if source.dtype.kind in "fiu" and np.all(np.isfinite(source)):
        largest = largest_magnitude(source)
        raise ValueError(
            f"{name} must hold values within {np.dtype(dtype).name}'s range (up to "
            f"{float(np.finfo(dtype).max):.3g} in size), got {largest:g}: scale the "
            "features first"
        )


def check_finite_array(
    name: str, value, *, ndim: int | tuple[int, ...] | None = None, dtype=np.float64
):
    """Convert to a float array (float64 unless ``dtype`` says otherwise) and check its
    dimensions, size and finiteness; an array already of ``dtype`` is not copied."""
    try:
        with np.errstate(over="ignore"):  # a value beyond float32's range: said below
            array = np.asarray(value, dtype=dtype)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be numeric, got {type(value).__name__}: {error}") from None
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else ndim
        if array.ndim not in allowed:
            want = " or ".join(str(d) for d in allowed)
            raise ValueError(f"{name} must have {want} dimensions, got shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {array.shape}")
    # finite when its smallest and largest values are (NaN propagates through both): no
    # boolean array as large as the data (47 MB for 60,000 images of 784 pixels)
    if not (np.isfinite(np.min(array)) and np.isfinite(np.max(array))):
        _check_range(name, value, array.dtype)
        count = int(np.size(array) - np.count_nonzero(np.isfinite(array)))
        raise ValueError(f"{name} must contain only finite values, got {count} NaN or infinite")
    return array
