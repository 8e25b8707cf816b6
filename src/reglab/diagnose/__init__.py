"""Diagnosis: gradient checks, the bias/variance verdict, decompositions, curves."""

from reglab.diagnose.curves import Curve, learning_curve, validation_curve
from reglab.diagnose.decomposition import (
    Decomposition,
    bootstrap_indices,
    decompose_estimator,
    decompose_network,
    decompose_predictions,
)
from reglab.diagnose.dropout_check import MonotonicityCheck, check_cost_decreases
from reglab.diagnose.gradcheck import GradientCheck, gradient_check
from reglab.diagnose.scaling import FeatureScales, FeatureScaleWarning, feature_scales
from reglab.diagnose.training import diagnose_training
from reglab.diagnose.verdict import Thresholds, Verdict, diagnose

__all__ = [
    "Curve",
    "Decomposition",
    "FeatureScaleWarning",
    "FeatureScales",
    "GradientCheck",
    "MonotonicityCheck",
    "Thresholds",
    "Verdict",
    "bootstrap_indices",
    "check_cost_decreases",
    "decompose_estimator",
    "decompose_network",
    "decompose_predictions",
    "diagnose",
    "diagnose_training",
    "feature_scales",
    "gradient_check",
    "learning_curve",
    "validation_curve",
]
