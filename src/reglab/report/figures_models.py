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

__all__ = ["plot_decision_boundaries", "plot_weight_histograms"]


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
    handles, labels = axes[0].get_legend_handles_labels()
    handles.append(plt.Line2D([], [], color="black", lw=1.4))
    labels.append("boundary, p = 0.5")
    legend_ax = axes[len(runs)] if len(runs) < len(axes) else axes[-1]
    legend_ax.legend(
        handles,
        labels,
        loc="center",
        fontsize=9,
        title="background: P(class 1)\nblue 1, red 0",
        title_fontsize=9,
    )
    fig.suptitle("Decision boundaries (first seed) and the training points")
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
