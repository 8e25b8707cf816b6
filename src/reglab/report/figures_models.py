"""Figures of the trained models: decision boundaries and weight histograms (sections 2-4).

Each function draws one figure with matplotlib's Agg backend and writes it as a PNG.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from reglab.report._canvas import color_of, plt, save

__all__ = ["plot_decision_boundaries", "plot_weight_histograms"]

_CLASS_COLORS = ("tab:red", "tab:blue")


def _boundary_panel(ax, run, grid, X, y) -> None:
    xx, yy = grid
    ax.contourf(xx, yy, run.probability, levels=np.linspace(0, 1, 11), cmap="RdBu", alpha=0.4)
    ax.contour(xx, yy, run.probability, levels=[0.5], colors="black", linewidths=1.4)
    for label, color in enumerate(_CLASS_COLORS):
        points = X[y == label]
        ax.scatter(
            points[:, 0],
            points[:, 1],
            s=12,
            color=color,
            edgecolors="black",
            lw=0.4,
            label=f"class {label} (train)",
        )
    train, dev = run.mean("train_accuracy"), run.mean("dev_accuracy")
    ax.set_title(
        f"{run.name}\ntrain {train:.3f}, dev {dev:.3f}", fontsize=9, color=color_of(run.name)
    )
    ax.set_xticks([])
    ax.set_yticks([])


def plot_decision_boundaries(runs, grid, split, path) -> Path:
    """The first seed's decision boundary for each regularizer, with the training points.

    Background: the predicted probability of class 1 on ``grid`` (blue 1, red 0); black
    line: the boundary p = 0.5; dots: the training examples coloured by label. A boundary
    that winds around single points memorizes noise (high variance); a smooth one generalizes.

    Parameters
    ----------
    runs : sequence of RegularizerRun
    grid : (xx, yy) meshgrid arrays, each of the shape of ``run.probability``
    split : Split
        Its ``X_train`` (n, 2) and ``y_train`` (n,) are drawn.
    path : str or Path
    """
    columns = 4
    rows = -(-len(runs) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(3.0 * columns, 3.1 * rows))
    axes = np.atleast_1d(axes).ravel()
    X, y = np.asarray(split.X_train), np.asarray(split.y_train)
    for ax, run in zip(axes, runs, strict=False):
        _boundary_panel(ax, run, grid, X, y)
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


def _weights_panel(ax, run, bins) -> None:
    weights = np.asarray(run.weights, dtype=float)
    zero = weights == 0
    ax.hist(
        weights[~zero],
        bins=bins,
        histtype="stepfilled",
        color=color_of(run.name),
        alpha=0.8,
        label="nonzero",
    )
    if zero.any():
        ax.bar(
            0.0, int(zero.sum()), width=2 * (bins[1] - bins[0]), color="black", label="exactly 0"
        )
    share = zero.mean()
    small = np.mean(np.abs(weights) < 0.01)
    ax.set_yscale("log")
    text = (
        f"‖W‖ = {np.linalg.norm(weights):.2f}\nexactly 0: {100 * share:.1f}%\n"
        f"|w| < 0.01: {100 * small:.1f}%\nmax |w| = {np.abs(weights).max():.2f}"
    )
    ax.text(
        0.97,
        0.97,
        text,
        transform=ax.transAxes,
        ha="right",
        va="top",
        fontsize=8,
        bbox={"boxstyle": "round", "fc": "white", "alpha": 0.85},
    )
    ax.legend(fontsize=8, loc="upper left")
    ax.set_title(f"{run.name}: {run.description}", fontsize=9)
    ax.set_xlabel("weight")
    ax.grid(alpha=0.3)


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
    by_name = {run.name: run for run in runs}
    chosen = [by_name[name] for name in names if name in by_name]
    if not chosen:
        raise ValueError(f"runs must hold at least one of {list(names)}, got {list(by_name)}")
    reach = max(float(np.abs(run.weights).max()) for run in chosen) or 1.0
    bins = np.linspace(-reach, reach, 81)
    fig, axes = plt.subplots(
        1, len(chosen), figsize=(4.2 * len(chosen), 3.6), sharey=True, squeeze=False
    )
    for ax, run in zip(axes[0], chosen, strict=True):
        _weights_panel(ax, run, bins)
    axes[0, 0].set_ylabel("number of weights (log)")
    fig.suptitle("Weights of the first seed: L1 makes exact zeros, L2 shrinks")
    fig.tight_layout()
    return save(fig, path)
