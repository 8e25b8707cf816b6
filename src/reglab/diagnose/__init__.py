"""Diagnosis: reading a model's error rates (bias, variance, data mismatch)."""

from reglab.diagnose.curves import Curve, learning_curve, validation_curve
from reglab.diagnose.decomposition import (
    Decomposition,
    bootstrap_indices,
    decompose_estimator,
    decompose_network,
    decompose_predictions,
)
from reglab.diagnose.verdict import Thresholds, Verdict, diagnose

__all__ = ["Thresholds", "Verdict", "diagnose"]
__all__ += [
    "Curve",
    "Decomposition",
    "bootstrap_indices",
    "decompose_estimator",
    "decompose_network",
    "decompose_predictions",
    "learning_curve",
    "validation_curve",
]
