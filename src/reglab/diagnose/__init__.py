"""Diagnosis: reading a model's error rates (bias, variance, data mismatch)."""

from reglab.diagnose.verdict import Thresholds, Verdict, diagnose

__all__ = ["Thresholds", "Verdict", "diagnose"]
