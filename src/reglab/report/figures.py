"""Figures over epochs: the optimizers' costs, each regularizer's losses, early stopping.

Each function lays out one figure of the tutorial, has the display objects of
:mod:`reglab.display` draw into its axes (:class:`~reglab.display.OptimizerCostDisplay`,
:class:`~reglab.display.LossCurveDisplay`) and writes it as a PNG with matplotlib's Agg
backend; it returns the path. The other figures of the study live in
:mod:`reglab.report.figures_models` (decision boundaries, weights) and
:mod:`reglab.report.figures_diagnose` (validation and learning curves, bias/variance).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from reglab.display import LossCurveDisplay, OptimizerCostDisplay
from reglab.display.costs import COINCIDE, coincidence
from reglab.report._canvas import color_of, plt, save

__all__ = ["draw_tutorial_costs", "plot_early_stopping", "plot_loss_curves", "plot_tutorial_costs"]


def draw_tutorial_costs(ax, runs) -> None:
    """The tutorial's cost plot (section 5) on ``ax``, one curve per optimizer.

    The cost of each epoch's last mini-batch is noisy (a batch of 44 examples), so it is
    drawn faint with its moving average over 1% of the epochs on top; the dots are the
    costs the tutorial prints every 1,000 epochs. gd goes last: when it coincides with
    momentum (their smoothed costs within :data:`~reglab.display.costs.COINCIDE`
    everywhere), it is drawn dashed over momentum and a note says so.

    Parameters
    ----------
    ax : matplotlib Axes
    runs : sequence of TutorialRun
    """
    ordered = sorted(runs, key=lambda run: run.optimizer == "gd")
    OptimizerCostDisplay.from_results(ordered).plot(ax=ax)
    by_name = {run.optimizer: run for run in runs}
    if "gd" in by_name and "momentum" in by_name:
        gap = coincidence(by_name["gd"].costs, by_name["momentum"].costs)
        if gap <= COINCIDE:
            ax.text(
                0.02,
                0.03,
                f"gd and momentum coincide (largest gap {gap:.4f}):\n"
                "gd's dashed line lies on momentum's",
                transform=ax.transAxes,
                fontsize=8,
                bbox={"boxstyle": "round", "fc": "white", "alpha": 0.85},
            )
    ax.set_ylabel("cost of the last mini-batch")
    ax.set_title("The tutorial's optimizers on moons, [2, 5, 2, 1], lr 0.0007")


def plot_tutorial_costs(runs, path) -> Path:
    """:func:`draw_tutorial_costs` as a PNG at ``path``; returns the path."""
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    draw_tutorial_costs(ax, runs)
    return save(fig, path)


def plot_loss_curves(runs, path) -> Path:
    """Train and dev loss against epoch, one panel per regularizer, and all dev losses overlaid.

    Losses are the data loss (cross-entropy, no penalty) measured with dropout off; lines
    are means over seeds, bands the range over seeds, the triangle the lowest mean dev loss.
    A rising dev loss under a falling train loss is overfitting (tutorial 1.2 and 4.1).

    Parameters
    ----------
    runs : sequence of RegularizerRun
    path : str or Path
    """
    columns = 4
    rows = -(-(len(runs) + 1) // columns)
    fig, axes = plt.subplots(
        rows, columns, figsize=(3.2 * columns, 2.6 * rows), sharex=True, sharey=True
    )
    axes = np.atleast_1d(axes).ravel()
    overlay = axes[len(runs)]
    for ax, run in zip(axes, runs, strict=False):
        LossCurveDisplay.from_results(run).plot(ax=ax, mean=True, legend=ax is axes[0])
        title = f"{run.name}: dev acc {run.mean('dev_accuracy'):.3f}"
        ax.set_title(title, fontsize=9, color=color_of(run.name))
        LossCurveDisplay.from_results(run).plot(
            ax=overlay,
            which=["dev"],
            mean=True,
            band=False,
            marks=False,
            legend=False,
            color=color_of(run.name),
            label=run.name,
        )
    overlay.set_title("dev loss, all regularizers", fontsize=9)
    overlay.legend(fontsize=6.5)
    for ax in axes[len(runs) + 1 :]:
        ax.set_visible(False)
    top = np.nanmax([np.nanpercentile(run.dev_loss.mean(axis=1), 99) for run in runs])
    axes[0].set_ylim(0, 1.15 * top if np.isfinite(top) and top > 0 else 1.0)
    for ax in axes:
        ax.set_xlabel("")
        ax.set_ylabel("")
    for ax in axes[-columns:]:
        ax.set_xlabel("epoch")
    for ax in axes[::columns]:
        ax.set_ylabel("cross-entropy")
    fig.suptitle("Train and dev loss per regularizer (mean over seeds, band: range)")
    fig.tight_layout()
    return save(fig, path)


def _stopping_panel(ax, run, baseline) -> None:
    """The dev losses with the kept and the stop epochs; the baseline's in grey, dashed."""
    if baseline is not None:
        LossCurveDisplay.from_results(baseline).plot(
            ax=ax,
            which=["dev"],
            marks=False,
            legend=False,
            color="0.6",
            lw=0.9,
            ls="--",
            label=f"{baseline.name}: training goes on",
        )
    LossCurveDisplay.from_results(run).plot(ax=ax, which=["dev"], legend=False)
    ax.set_title("")


def plot_early_stopping(run, path, baseline=None) -> Path:
    """Dev loss against epoch for the early-stopping run, the kept epoch marked (section 4.1).

    Each seed's dev loss is drawn up to the epoch its model stopped (the history is flat
    afterwards); a star marks the epoch whose weights were kept (``run.best_epoch``), a
    cross where training stopped (``run.stopped_epoch``). ``baseline``, the run without
    regularization from the same initializations, shows in grey how the dev loss goes on
    without stopping. The right panel zooms on the epochs where the models stopped.

    Parameters
    ----------
    run : RegularizerRun
        With ``best_epoch`` and ``stopped_epoch`` set.
    path : str or Path
    baseline : RegularizerRun, optional
    """
    fig, (full, zoom) = plt.subplots(1, 2, figsize=(12, 4.2), width_ratios=(1.2, 1))
    _stopping_panel(full, run, baseline)
    _stopping_panel(zoom, run, baseline)
    epochs = len(run.dev_loss)
    stopped = np.asarray(run.stopped_epoch if run.stopped_epoch is not None else [], dtype=int)
    last = int(np.where(stopped >= 0, stopped, epochs - 1).max()) if stopped.size else epochs - 1
    right = min(epochs - 1, int(1.25 * last) + 5)
    window = run.dev_loss[: right + 1]
    if baseline is not None:
        window = np.concatenate([window, baseline.dev_loss[: right + 1]], axis=1)
    low, high = np.nanmin(window), np.nanmax(window)
    margin = 0.05 * (high - low) or 0.01
    zoom.set_xlim(0, right)
    zoom.set_ylim(low - margin, high + margin)
    zoom.set_title(f"zoom on epochs 0-{right}", fontsize=10)
    zoom.set_ylabel("")
    full.set_ylabel("dev cross-entropy")
    full.legend(fontsize=8)
    kept = np.atleast_1d(run.best_epoch if run.best_epoch is not None else [])
    kept_text = ", ".join(str(int(k)) for k in kept) or "none recorded"
    fig.suptitle(f"Early stopping ({run.description}): kept epochs {kept_text}")
    fig.tight_layout()
    return save(fig, path)
