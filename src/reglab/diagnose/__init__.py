"""Diagnosis: gradient checks, the bias/variance verdict, decompositions, curves.

Imported on first use (see :mod:`reglab._lazy`): the decompositions need scikit-learn.
"""

from reglab._lazy import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(
    __name__,
    {
        "reglab.diagnose.curves": ["Curve", "learning_curve", "validation_curve"],
        "reglab.diagnose.decomposition": [
            "Decomposition",
            "bootstrap_indices",
            "decompose_estimator",
            "decompose_network",
            "decompose_predictions",
        ],
        "reglab.diagnose.dropout_check": ["MonotonicityCheck", "check_cost_decreases"],
        "reglab.diagnose.gradcheck": ["GradientCheck", "gradient_check"],
        "reglab.diagnose.scaling": ["FeatureScaleWarning", "FeatureScales", "feature_scales"],
        "reglab.diagnose.training": ["diagnose_models", "diagnose_training"],
        "reglab.diagnose.verdict": ["Thresholds", "Verdict", "diagnose"],
    },
)
