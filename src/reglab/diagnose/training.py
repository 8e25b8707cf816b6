"""The verdict of trained models: from their accuracies, or from a training run's history.

:func:`diagnose_models` is the one path from measured accuracies to a :class:`Verdict`:
``reglab train``, the study, a sweep's models and configurations and the playground all
call it, so the same numbers get the same reading everywhere (which models count, what a
divergence does to the means, which set sizes weigh the gaps).
"""

from __future__ import annotations

import numpy as np

from reglab.diagnose.scaling import FeatureScales
from reglab.diagnose.verdict import Thresholds, Verdict, diagnose

__all__ = ["diagnose_models", "diagnose_training"]


def _accuracies(name: str, values, n_models: int | None) -> np.ndarray:
    values = np.asarray(values, dtype=float).reshape(-1)
    if values.size == 0 or (n_models is not None and values.size != n_models):
        want = "" if n_models is None else f" ({n_models})"
        raise ValueError(f"{name} must hold one value per model{want}, got {values.size}")
    return values


def diagnose_models(
    train_accuracy,
    dev_accuracy,
    test_accuracy=None,
    *,
    diverged=None,
    base_error: float = 0.0,
    n_dev: int | None = None,
    n_test: int | None = None,
    feature_scales: FeatureScales | None = None,
    thresholds: Thresholds | None = None,
    regularization: tuple[str, ...] | None = None,
    still_learning: str | None = None,
) -> Verdict:
    """One :class:`Verdict` for models trained alike (the seeds of one setting, or one model).

    The error rates read are ``1 - mean accuracy`` over the models that did not diverge;
    when every model diverged, over all of them (rule R1 of ``docs/verdict.md`` then reads
    none of them, and only quotes them).

    Parameters
    ----------
    train_accuracy, dev_accuracy : array-like of shape (n_models,)
        Each model's accuracy on the training and dev sets (a float for one model).
    test_accuracy : array-like of shape (n_models,), optional
    diverged : array-like of bool, shape (n_models,), optional
        Which models the NaN guard stopped (``trainer.diverged``); none by default.
    base_error, n_dev, n_test, feature_scales, thresholds, regularization, still_learning :
        As for :func:`~reglab.diagnose.verdict.diagnose`. ``feature_scales`` describes the
        features as the network saw them: leave it out for standardized features.

    Returns
    -------
    Verdict

    Examples
    --------
    >>> diagnose_models([1.0, 0.5], [0.9, 0.5], diverged=[False, True]).kind
    'diverged and high variance'
    """
    train = _accuracies("train_accuracy", train_accuracy, None)
    n_models = train.size
    dev = _accuracies("dev_accuracy", dev_accuracy, n_models)
    test = None if test_accuracy is None else _accuracies("test_accuracy", test_accuracy, n_models)
    bad = np.zeros(n_models, bool) if diverged is None else np.asarray(diverged, bool).reshape(-1)
    if bad.size != n_models:
        raise ValueError(f"diverged must hold one value per model ({n_models}), got {bad.size}")
    kept = ~bad if not bad.all() else bad  # every model diverged: nothing to leave out

    def error(accuracy):
        return None if accuracy is None else 1.0 - float(np.mean(accuracy[kept]))

    return diagnose(
        error(train),
        error(dev),
        test_error=error(test),
        base_error=base_error,
        thresholds=thresholds,
        n_dev=n_dev,
        n_test=n_test,
        diverged=int(bad.sum()),
        n_models=n_models,
        feature_scales=feature_scales,
        regularization=regularization,
        still_learning=still_learning,
    )


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
    stopping then restored better weights, evaluate the network again and call
    :func:`diagnose_models` to judge those.
    """
    history = trainer.history
    if "dev_accuracy" not in history:
        raise ValueError(
            "trainer must come from fit(..., dev=(X_dev, y_dev)) on a classification task, "
            f"got a history with {sorted(history.keys())}"
        )
    train, dev = history["train_accuracy"][-1], history["dev_accuracy"][-1]
    return [
        diagnose_models(
            a,
            b,
            diverged=[diverged],
            base_error=base_error,
            thresholds=thresholds,
            feature_scales=feature_scales,
        )
        for a, b, diverged in zip(train, dev, trainer.diverged, strict=True)
    ]
