"""Figures of the trained models: decision boundaries and weight histograms (sections 2-4).

Each function lays out one figure, has :class:`~reglab.display.DecisionBoundaryDisplay` or
:class:`~reglab.display.WeightHistogramDisplay` draw into it and writes it as a PNG with
matplotlib's Agg backend.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from reglab.display import DecisionBoundaryDisplay, WeightHistogramDisplay
from reglab.report._canvas import plt, save

__all__ = ["plot_decision_boundaries", "plot_lam_boundaries", "plot_weight_histograms"]


def _legend(ax, handles, labels) -> None:
    """The points' legend and the boundary's, with how to read the background."""
    handles.append(plt.Line2D([], [], color="black", lw=1.4))
    labels.append("boundary, p = 0.5")
    ax.legend(
        handles,
        labels,
        loc="center",
        fontsize=9,
        title="background: P(class 1)\nblue 1, red 0",
        title_fontsize=9,
    )


def plot_decision_boundaries(result, path) -> Path:
    """The first seed's decision boundary for each regularizer, with the training points.

    Background: the predicted probability of class 1 on the study's grid (blue 1, red 0);
    black line: the boundary p = 0.5; dots: the training examples coloured by label. A
    boundary that winds around single points memorizes noise (high variance); a smooth one
    generalizes.

    Parameters
    ----------
    result : StudyResult
    path : str or Path
    """
    runs = result.regularizers
    columns = 4
    rows = -(-len(runs) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(3.0 * columns, 3.1 * rows))
    axes = np.atleast_1d(axes).ravel()
    display = DecisionBoundaryDisplay.from_results(result)
    display.plot(ax=axes[: len(runs)], show_dev=False, legend=False)
    for ax in axes[len(runs) :]:
        ax.axis("off")
    _legend(
        axes[len(runs)] if len(runs) < len(axes) else axes[-1], *axes[0].get_legend_handles_labels()
    )
    fig.suptitle("Decision boundaries (first seed) and the training points")
    fig.tight_layout()
    return save(fig, path)


def plot_lam_boundaries(boundaries, grid, split, path) -> Path:
    """Decision boundaries across L2's λ, side by side: no penalty, the chosen λ, the largest.

    Each panel's title gives λ, why it is shown, the model's train and dev accuracy and its
    verdict (``docs/verdict.md``): underfitting and overfitting seen at once (tutorial 1.2).

    Parameters
    ----------
    boundaries : Boundaries
        From :func:`reglab.experiments.selection.lam_boundaries`.
    grid : (xx, yy) meshgrid arrays
    split : Split
        Its training points are drawn.
    path : str or Path
    """
    count = len(boundaries.values)
    fig, axes = plt.subplots(1, count + 1, figsize=(3.4 * (count + 1), 3.6))
    display = DecisionBoundaryDisplay(
        *grid, np.asarray(boundaries.probability), split.X_train, split.y_train
    )
    display.plot(ax=axes[:count], show_dev=False, legend=False)
    for i, ax in enumerate(axes[:count]):
        ax.set_title(
            f"λ = {boundaries.values[i]:g} ({boundaries.roles[i]})\n"
            f"train {boundaries.train_accuracy[i]:.3f}, dev {boundaries.dev_accuracy[i]:.3f}: "
            f"{boundaries.verdicts[i].kind}",
            fontsize=9,
        )
    axes[-1].axis("off")
    _legend(axes[-1], *axes[0].get_legend_handles_labels())
    fig.suptitle("Decision boundaries across L2's λ (seed 0), each with its verdict")
    fig.tight_layout()
    return save(fig, path)


def plot_weight_histograms(runs, path, names=("none", "L1", "L2")) -> Path:
    """Histograms of the first seed's weights (biases excluded) for the ``names`` runs.

    Log count axis, the same bins in every panel. The black bar at 0 counts the weights that
    are exactly 0: L1's proximal step sets many to 0 (a sparse model), L2 only shrinks them
    toward 0 (a narrower histogram, a smaller ‖W‖), none does neither (tutorial section 2).

    Parameters
    ----------
    runs : sequence of RegularizerRun
        Those named in ``names`` are drawn, in that order; missing names are skipped.
    path : str or Path
    names : sequence of str, default ("none", "L1", "L2")
    """
    display = WeightHistogramDisplay.from_results(runs, names=names)
    chosen = {run.name: run for run in runs}
    fig, axes = plt.subplots(
        1, len(display.weights), figsize=(4.2 * len(display.weights), 3.6), sharey=True
    )
    display.plot(ax=axes)
    for ax, name in zip(display.axes_, display.names, strict=True):
        ax.set_title(f"{name}: {chosen[name].description}", fontsize=9)
    fig.suptitle("Weights of the first seed: L1 makes exact zeros, L2 shrinks")
    fig.tight_layout()
    return save(fig, path)
