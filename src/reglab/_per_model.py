"""Hyperparameters that hold one value for the whole stack or one value per model.

λ, ``keep_prob``, the learning rate, momentum's β and AdamW's weight decay may each be a
number (shared by the K models of a stack) or a sequence of K numbers. These helpers give
them one rule everywhere: checked as 0-D or 1-D, counted against K with one message, and
written to configs (model files, ``repr``) as a scalar when shared and as a list of K when
per model.
"""

from __future__ import annotations

import numpy as np

__all__ = ["check_count", "column", "config_value", "per_model_values"]


def per_model_values(name: str, values) -> float | np.ndarray:
    """Already validated ``values``: a shared value (a number, or a sequence of one) as a
    Python float, per-model values as a 1-D float array."""
    values = np.asarray(values, dtype=float)
    if values.ndim > 1:
        raise ValueError(f"{name} must be a number or a 1-D sequence, got shape {values.shape}")
    return float(values.reshape(-1)[0]) if values.size == 1 else values


def check_count(name: str, values, n_models: int) -> None:
    """Raise unless ``values`` holds one value or one per model."""
    size = np.size(values)
    if size not in (1, n_models):
        raise ValueError(f"{name} must have one value or one per model ({n_models}), got {size}")


def config_value(values) -> float | list[float]:
    """A scalar when the value is shared by the whole stack, else a list of K floats."""
    flat = np.asarray(values, dtype=float).reshape(-1)
    return flat.item() if flat.size == 1 else flat.tolist()


def column(values, ndim: int, dtype=np.float64):
    """``values`` ready to broadcast against a (K, ...) array of ``ndim`` dimensions.

    A shared value becomes a Python float (scalar arithmetic is cheaper than broadcasting
    a one-element array, and never changes a float32 array's dtype); per-model values a
    (K, 1, ..., 1) array of ``dtype``.
    """
    if isinstance(values, float):
        return values
    flat = np.asarray(values).reshape(-1)
    if flat.size == 1:
        return float(flat[0])
    return flat.astype(dtype).reshape((-1,) + (1,) * (ndim - 1))
