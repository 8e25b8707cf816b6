"""The sweep report's figures: heat maps, validation curves, the train/dev gap, the history.

Every figure reads :class:`~reglab.sweep.results.ConfigSummary` objects (one configuration
over its seeds). An axis with many distinct values (a random or sampler search) is cut
into at most :data:`MAX_BINS` bins (on a log scale when its values span more than a factor
of 10); a cell or a point then shows the best configuration that falls into it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from reglab.report._canvas import DEV_COLOR, TRAIN_COLOR, plt, save
from reglab.sweep.results import ConfigSummary, axis_value

__all__ = [
    "MAX_BINS",
    "bins",
    "plot_gap",
    "plot_heatmaps",
    "plot_history",
    "plot_validation",
    "strength",
]

MAX_BINS = 6
ERROR = "error (1 - accuracy)"


def _numeric(values) -> bool:
    return all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)


def _fmt(value) -> str:
    return f"{value:.3g}" if isinstance(value, float) else str(value)


def bins(values: list) -> tuple[list[str], list[int]]:
    """Labels of an axis's categories and each value's category.

    Up to :data:`MAX_BINS` distinct values are their own categories (in order); more
    numbers are cut into bins of equal width, on a log scale if they are positive and
    span more than a factor of 10.
    """
    distinct = sorted(set(values)) if _numeric(set(values)) else sorted(set(values), key=str)
    if len(distinct) <= MAX_BINS or not _numeric(distinct):
        return [_fmt(v) for v in distinct], [distinct.index(v) for v in values]
    array = np.asarray(values, dtype=float)
    low, high = array.min(), array.max()
    log = low > 0 and high / low > 10
    scale = np.log10(array) if log else array
    edges = np.linspace(scale.min(), scale.max(), MAX_BINS + 1)
    index = np.clip(np.searchsorted(edges, scale, side="right") - 1, 0, MAX_BINS - 1)
    shown = 10**edges if log else edges
    labels = [f"{shown[i]:.2g}-{shown[i + 1]:.2g}" for i in range(MAX_BINS)]
    return labels, [int(i) for i in index]


def _best_per_cell(summaries, keys) -> dict:
    """The best (lowest mean dev score) configuration for each cell key."""
    best: dict = {}
    for summary, key in zip(summaries, keys, strict=True):
        if key not in best or summary.score < best[key].score:
            best[key] = summary
    return best


def plot_heatmaps(summaries: list[ConfigSummary], pairs: list[tuple[str, str]], path) -> Path:
    """Mean dev error over two swept axes per panel, each cell the best configuration of
    the cell (over the other axes), annotated with its mean ± standard deviation over seeds."""
    fig, panels = plt.subplots(1, len(pairs), figsize=(5.2 * len(pairs), 4.4), squeeze=False)
    for ax, (x_axis, y_axis) in zip(panels[0], pairs, strict=True):
        x_labels, x_index = bins([axis_value(s.config, x_axis) for s in summaries])
        y_labels, y_index = bins([axis_value(s.config, y_axis) for s in summaries])
        best = _best_per_cell(summaries, list(zip(y_index, x_index, strict=True)))
        grid = np.full((len(y_labels), len(x_labels)), np.nan)
        for (i, j), summary in best.items():
            grid[i, j] = summary.score
        image = ax.imshow(grid, cmap="viridis_r", origin="lower", aspect="auto")
        for (i, j), summary in best.items():
            ax.text(
                j,
                i,
                f"{summary.score:.3f}\n±{summary.spread:.3f}",
                ha="center",
                va="center",
                fontsize=7,
                color="white" if summary.score > np.nanmean(grid) else "black",
            )
        ax.set_xticks(range(len(x_labels)), x_labels, rotation=30, fontsize=8)
        ax.set_yticks(range(len(y_labels)), y_labels, fontsize=8)
        ax.set_xlabel(x_axis)
        ax.set_ylabel(y_axis)
        fig.colorbar(image, ax=ax, label="mean dev error")
    fig.suptitle("Mean dev error (± std over seeds); each cell: its best configuration")
    fig.tight_layout()
    return save(fig, path)


def plot_validation(summaries: list[ConfigSummary], axes: list[str], path) -> Path:
    """Train and dev error along each swept axis: at each value, the best configuration
    there (over the other axes), ± one standard deviation of its dev error over seeds."""
    fig, panels = plt.subplots(1, len(axes), figsize=(4.6 * len(axes), 3.8), squeeze=False)
    for ax, axis in zip(panels[0], axes, strict=True):
        labels, index = bins([axis_value(s.config, axis) for s in summaries])
        best = _best_per_cell(summaries, index)
        x = np.array(sorted(best))
        dev = np.array([best[i].score for i in x])
        spread = np.array([best[i].spread for i in x])
        train = np.array(
            [np.nan if best[i].train_error is None else best[i].train_error for i in x]
        )
        ax.fill_between(x, dev - spread, dev + spread, color=DEV_COLOR, alpha=0.2, lw=0)
        ax.plot(x, dev, "o-", color=DEV_COLOR, ms=4, label="dev error")
        ax.plot(x, train, "o-", color=TRAIN_COLOR, ms=4, label="train error")
        ax.set_xticks(x, [labels[i] for i in x], rotation=30, fontsize=8)
        ax.set_xlabel(axis)
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
    panels[0][0].set_ylabel(ERROR)
    panels[0][0].legend(fontsize=8)
    fig.suptitle("Validation curves: the best configuration at each value (band: ± std)")
    fig.tight_layout()
    return save(fig, path)


REGULARIZERS = (("l2", "L2 λ"), ("l1", "L1 λ"), ("keep_prob", "1 - keep_prob (dropout rate)"))


def strength(summary: ConfigSummary, key: str) -> float:
    if key == "keep_prob":
        keep = [v for k, v in summary.config.items() if k.startswith("keep_prob") and v]
        return 1.0 - float(np.mean(keep)) if keep else 0.0
    return float(summary.config[key])


def plot_gap(summaries: list[ConfigSummary], keys: list[str], path) -> Path:
    """Dev error minus train error of every configuration against each regularizer's
    strength: variance shrinks as regularization grows, until bias takes over."""
    names = dict(REGULARIZERS)
    fig, panels = plt.subplots(1, len(keys), figsize=(4.6 * len(keys), 3.8), squeeze=False)
    usable = [s for s in summaries if s.train_error is not None and s.dev_error is not None]
    for ax, key in zip(panels[0], keys, strict=True):
        x = np.array([strength(s, key) for s in usable])
        gap = np.array([s.dev_error - s.train_error for s in usable])
        points = ax.scatter(x, gap, s=14, c=[s.dev_error for s in usable], cmap="viridis_r")
        fig.colorbar(points, ax=ax, label="dev error")
        if key != "keep_prob" and np.any(x > 0) and x[x > 0].max() / x[x > 0].min() > 10:
            ax.set_xscale("symlog", linthresh=float(x[x > 0].min()))
        ax.axhline(0, color="gray", lw=0.8)
        ax.set_xlabel(names[key])
        ax.grid(alpha=0.3)
    panels[0][0].set_ylabel("dev error - train error")
    fig.suptitle("Train/dev gap against regularization strength")
    fig.tight_layout()
    return save(fig, path)


def plot_history(trial_scores: list[tuple[int, float]], path) -> Path:
    """A sampler's search: each trial's mean dev error, and the best found so far."""
    numbers = np.array([n for n, _ in trial_scores])
    scores = np.array([s for _, s in trial_scores])
    fig, ax = plt.subplots(figsize=(8, 3.8))
    ax.plot(numbers, scores, "o", ms=4, color=DEV_COLOR, alpha=0.7, label="trial")
    ax.step(
        numbers, np.minimum.accumulate(scores), where="post", color="black", label="best so far"
    )
    ax.set_xlabel("trial")
    ax.set_ylabel("mean dev error over seeds")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    ax.set_title("Search history")
    fig.tight_layout()
    return save(fig, path)
