"""The verdict of a finished training run that had a dev set (tutorial, 1.2-1.3)."""

from __future__ import annotations

from reglab.diagnose.scaling import FeatureScales
from reglab.diagnose.verdict import Thresholds, Verdict, diagnose

__all__ = ["diagnose_training"]


def diagnose_training(
    trainer,
    *,
    base_error: float = 0.0,
    thresholds: Thresholds | None = None,
    feature_scales: FeatureScales | None = None,
) -> list[Verdict]:
    """One :class:`Verdict` per model, from the train and dev accuracy of the last epoch.

    A model that diverged (``trainer.diverged``) gets the verdict ``"diverged"`` (rule R1 of
    ``docs/verdict.md``); ``feature_scales`` (of the training features) adds rule R14.

    ``trainer`` is what :func:`~reglab.train.fit.fit` returns; it must have been given a dev
    set of a classification task (the verdict reads error rates, ``1 - accuracy``). A model
    stopped early is read at the epoch it stopped (its history is flat from there); if early
    stopping then restored better weights, evaluate the network again to judge those.
    """
    history = trainer.history
    if "dev_accuracy" not in history:
        raise ValueError(
            "trainer must come from fit(..., dev=(X_dev, y_dev)) on a classification task, "
            f"got a history with {sorted(history.keys())}"
        )
    train, dev = history["train_accuracy"][-1], history["dev_accuracy"][-1]
    return [
        diagnose(
            1 - float(a),
            1 - float(b),
            base_error=base_error,
            thresholds=thresholds,
            diverged=int(diverged),
            feature_scales=feature_scales,
        )
        for a, b, diverged in zip(train, dev, trainer.diverged, strict=True)
    ]
