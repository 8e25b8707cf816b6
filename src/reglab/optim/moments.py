"""Tiny pure helpers shared by the adaptive optimizers, named as in the papers."""

from __future__ import annotations

import numpy as np

__all__ = ["bias_correction", "update_moment"]


def update_moment(moment: np.ndarray, value: np.ndarray, decay, scratch=None) -> np.ndarray:
    """In place: ``moment = decay * moment + (1 - decay) * value``; returns ``moment``.

    ``scratch``, an array shaped like ``moment`` (it may be ``value`` itself), holds
    ``(1 - decay) * value`` instead of a new array.
    """
    moment *= decay
    moment += np.multiply(value, 1.0 - decay, out=scratch)
    return moment


def bias_correction(decay: float, t: int) -> float:
    """``1 - decay**t``: a moment divided by it loses its pull toward the zero start
    (Adam, §3)."""
    return 1.0 - decay**t
