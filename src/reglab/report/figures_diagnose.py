"""Figures of the bias/variance diagnosis (sections 1.2-1.3): curves and the decomposition.

Each function lays out one figure, has :class:`~reglab.display.ValidationCurveDisplay`,
:class:`~reglab.display.LearningCurveDisplay` or :class:`~reglab.display.BiasVarianceDisplay`
draw into it and writes it as a PNG with matplotlib's Agg backend. Error is
``1 - accuracy``; lines are means over seeds (diverged seeds left out), bands ± one standard
deviation; the Bayes error, when known, is the dashed line.
"""

from __future__ import annotations

from pathlib import Path

from reglab.display import BiasVarianceDisplay, LearningCurveDisplay, ValidationCurveDisplay
from reglab.report._canvas import plt, save

__all__ = ["plot_decomposition", "plot_learning_curve", "plot_validation_curves"]

_BAYES = "Bayes error"


def _base(base_error: float) -> float | None:
    return base_error if base_error > 0 else None


def plot_validation_curves(lam_curve, keep_prob_curve, path, base_error: float = 0.0) -> Path:
    """Train and dev error over L2's λ (log axis, 0 kept) and over dropout's ``keep_prob``.

    Regularization grows to the right in both panels (``keep_prob`` axis reversed): on the
    left the train error is low and the dev error higher (high variance); on the right both
    rise together (high bias); the star marks the lowest dev error (tutorial 1.2, 2, 3).

    Parameters
    ----------
    lam_curve, keep_prob_curve : Curve
    path : str or Path
    base_error : float, default 0.0
        The Bayes error, drawn as a dashed line when > 0.
    """
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4), sharey=True)
    base = _base(base_error)
    ValidationCurveDisplay(lam_curve, base_error=base).plot(ax=left, base_label=_BAYES)
    left.set_xlabel("L2 λ (log scale; 0 = no penalty)")
    ValidationCurveDisplay(keep_prob_curve, base_error=base).plot(ax=right, base_label=_BAYES)
    right.tick_params(axis="x", labelsize=8)
    scale = "log scale, " if right.get_xscale() == "log" else ""
    right.set_xlabel(f"keep_prob ({scale}reversed: 1 = no dropout)")
    right.get_legend().remove()
    right.set_ylabel("")
    left.set_ylabel("error (1 - accuracy)")
    fig.suptitle("More regularization → (mean over seeds, band: ± std)")
    fig.tight_layout()
    return save(fig, path)


def plot_learning_curve(curve, path, base_error: float = 0.0) -> Path:
    """Train and dev error against the number of training examples (tutorial 1.2, 1.3).

    A dev error that keeps falling as examples are added says more data would help (high
    variance); curves that meet early at a high error say it would not (high bias).

    Parameters
    ----------
    curve : Curve
        ``param == "size"``.
    path : str or Path
    base_error : float, default 0.0
        The Bayes error, drawn as a dashed line when > 0.

    Whiskers are two standard errors of each mean over seeds: where neighbouring whiskers
    overlap, the step between them is within the noise of this many seeds.
    """
    fig, ax = plt.subplots(figsize=(7, 4))
    display = LearningCurveDisplay(curve, base_error=_base(base_error))
    display.plot(ax=ax, whiskers=True, base_label=_BAYES)
    ax.set_xlabel("training examples (log scale)" if ax.get_xscale() == "log" else ax.get_xlabel())
    ax.set_ylabel("error (1 - accuracy)")
    ax.set_title(
        f"Learning curve, no regularization (mean over {len(curve.seeds)} seeds, "
        "band: ± std, whiskers: ± 2 SE)"
    )
    return save(fig, path)


def plot_decomposition(decompositions, path) -> Path:
    """Expected loss, bias and variance of each decomposition, as grouped bars (tutorial 1.2).

    Parameters
    ----------
    decompositions : dict of str to Decomposition
        One group of bars per entry, labelled by its key.
    path : str or Path
    """
    fig, ax = plt.subplots(figsize=(2.2 * len(decompositions) + 3, 4))
    BiasVarianceDisplay.from_results(decompositions).plot(ax=ax)
    return save(fig, path)
