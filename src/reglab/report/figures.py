"""Figures over epochs: the optimizers' costs, each regularizer's losses, early stopping.

Each function draws one figure of the tutorial with matplotlib's Agg backend (headless) and
writes it as a PNG; it returns the path. The other figures of the study live in
:mod:`reglab.report.figures_models` (decision boundaries, weights) and
:mod:`reglab.report.figures_diagnose` (validation and learning curves, bias/variance).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from reglab.report._canvas import DEV_COLOR, TRAIN_COLOR, color_of, plt, save, smooth
from reglab.report.reading import COINCIDE, coincidence

__all__ = ["plot_early_stopping", "plot_loss_curves", "plot_tutorial_costs"]


def plot_tutorial_costs(runs, path) -> Path:
    """The tutorial's cost plot (section 5), one curve per optimizer.

    The cost of each epoch's last mini-batch is noisy (a batch of 44 examples), so it is
    drawn faint with its moving average over 1% of the epochs on top; the dots are the
    costs the tutorial prints every 1,000 epochs. When gd and momentum coincide (their
    smoothed costs within :data:`~reglab.report.reading.COINCIDE` everywhere), a note says so.

    Parameters
    ----------
    runs : sequence of TutorialRun
    path : str or Path
        Where the PNG goes.
    """
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    for run in runs:
        color = color_of(run.optimizer)
        epochs = np.arange(len(run.costs))
        ax.plot(epochs, run.costs, lw=0.5, alpha=0.2, color=color)
    # plain GD and momentum nearly coincide at this learning rate: GD goes last, dashed
    for run in sorted(runs, key=lambda run: run.optimizer == "gd"):
        color = color_of(run.optimizer)
        epochs = np.arange(len(run.costs))
        label = f"{run.optimizer} (train accuracy {run.accuracy:.3f})"
        style = "--" if run.optimizer == "gd" else "-"
        mean = smooth(run.costs, len(run.costs) // 100)
        ax.plot(epochs, mean, style, lw=1.6, color=color, label=label)
        printed = list(run.printed.items())
        ax.plot(*zip(*printed, strict=True), "o", ms=4, color=color, mec="white", mew=0.6)
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
    ax.set_xlabel("epoch")
    ax.set_ylabel("cost of the last mini-batch")
    ax.set_title("The tutorial's optimizers on moons, [2, 5, 2, 1], lr 0.0007")
    ax.legend(title="dots: the printed costs", fontsize=8, title_fontsize=8, loc="upper right")
    ax.grid(alpha=0.3)
    return save(fig, path)


def _loss_panel(ax, run) -> None:
    """Mean train and dev loss over seeds, with their ranges; the dev minimum marked."""
    epochs = np.arange(len(run.train_loss))
    for losses, color, label in (
        (run.train_loss, TRAIN_COLOR, "train"),
        (run.dev_loss, DEV_COLOR, "dev"),
    ):
        ax.fill_between(epochs, losses.min(axis=1), losses.max(axis=1), color=color, alpha=0.2)
        ax.plot(epochs, losses.mean(axis=1), color=color, lw=1.4, label=label)
    dev = run.dev_loss.mean(axis=1)
    best = int(np.argmin(dev))
    ax.plot(epochs[best], dev[best], "v", color="black", ms=5)
    accuracy = f"dev acc {run.mean('dev_accuracy'):.3f}"
    ax.set_title(f"{run.name}: {accuracy}", fontsize=9, color=color_of(run.name))
    ax.grid(alpha=0.3)


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
    for ax, run in zip(axes, runs, strict=False):
        _loss_panel(ax, run)
    axes[0].legend(fontsize=8)
    overlay = axes[len(runs)]
    for run in runs:
        epochs = np.arange(len(run.dev_loss))
        overlay.plot(epochs, run.dev_loss.mean(axis=1), color=color_of(run.name), label=run.name)
    overlay.set_title("dev loss, all regularizers", fontsize=9)
    overlay.legend(fontsize=6.5)
    overlay.grid(alpha=0.3)
    for ax in axes[len(runs) + 1 :]:
        ax.set_visible(False)
    top = np.nanmax([np.nanpercentile(run.dev_loss.mean(axis=1), 99) for run in runs])
    axes[0].set_ylim(0, 1.15 * top if np.isfinite(top) and top > 0 else 1.0)
    for ax in axes[-columns:]:
        ax.set_xlabel("epoch")
    for ax in axes[::columns]:
        ax.set_ylabel("cross-entropy")
    fig.suptitle("Train and dev loss per regularizer (mean over seeds, band: range)")
    fig.tight_layout()
    return save(fig, path)


def _stopping_panel(ax, run, baseline) -> int:
    """Draw the dev losses with the kept and the stop epochs; return the last stop epoch."""
    if baseline is not None:
        ax.plot(baseline.dev_loss, color="0.6", lw=0.9, ls="--")
        ax.plot([], [], color="0.6", ls="--", label=f"{baseline.name}: training goes on")
    kept = np.asarray(run.best_epoch if run.best_epoch is not None else [], dtype=int)
    stopped = np.asarray(run.stopped_epoch if run.stopped_epoch is not None else [], dtype=int)
    seeds = run.dev_loss.shape[1]
    last = 0
    for seed in range(seeds):
        dev = run.dev_loss[:, seed]
        end = stopped[seed] if seed < len(stopped) and stopped[seed] >= 0 else len(dev) - 1
        last = max(last, end)
        color = plt.cm.viridis(0.85 * seed / max(1, seeds - 1))
        ax.plot(np.arange(end + 1), dev[: end + 1], color=color, lw=1.3, label=f"seed {seed}")
        ax.plot(end, dev[end], "x", color=color, ms=7)
        if seed < len(kept) and kept[seed] >= 0:
            ax.axvline(kept[seed], color=color, lw=0.7, ls=":")
            ax.plot(kept[seed], dev[kept[seed]], "*", color=color, ms=12, mec="black", mew=0.5)
    ax.set_xlabel("epoch")
    ax.grid(alpha=0.3)
    return last


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
    last = _stopping_panel(zoom, run, baseline)
    right = min(len(run.dev_loss) - 1, int(1.25 * last) + 5)
    window = run.dev_loss[: right + 1]
    if baseline is not None:
        window = np.concatenate([window, baseline.dev_loss[: right + 1]], axis=1)
    low, high = np.nanmin(window), np.nanmax(window)
    margin = 0.05 * (high - low) or 0.01
    zoom.set_xlim(0, right)
    zoom.set_ylim(low - margin, high + margin)
    zoom.set_title(f"zoom on epochs 0-{right}", fontsize=10)
    full.plot([], [], "*", color="0.3", ms=10, label="kept epoch (lowest dev loss)")
    full.plot([], [], "x", color="0.3", label="training stopped (or ended)")
    full.set_ylabel("dev cross-entropy")
    full.legend(fontsize=8)
    kept = np.atleast_1d(run.best_epoch if run.best_epoch is not None else [])
    kept_text = ", ".join(str(int(k)) for k in kept) or "none recorded"
    fig.suptitle(f"Early stopping ({run.description}): kept epochs {kept_text}")
    fig.tight_layout()
    return save(fig, path)
