"""Figures of the bias/variance diagnosis (sections 1.2-1.3): curves and the decomposition.

Each function draws one figure with matplotlib's Agg backend and writes it as a PNG.
Error is ``1 - accuracy``; lines are means over seeds, bands ± one standard deviation.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from reglab.report._canvas import DEV_COLOR, TRAIN_COLOR, plt, save
from reglab.report.reading import standard_error

__all__ = ["plot_decomposition", "plot_errors", "plot_learning_curve", "plot_validation_curves"]


def plot_errors(
    ax, x, curve, *, base_error: float = 0.0, mark_best: bool = True, whiskers: bool = False
) -> None:
    """Draw a :class:`~reglab.diagnose.curves.Curve` on ``ax``: train and dev error against ``x``.

    Mean lines with ± one standard deviation bands; with ``whiskers``, error bars of two
    standard errors of the mean (the noise a mean over these seeds carries); the lowest dev
    error starred; the Bayes error, when known (``base_error > 0``), as a dashed line.
    """
    for name, color, label in (
        ("train", TRAIN_COLOR, "train error"),
        ("dev", DEV_COLOR, "dev error"),
    ):
        mean, std = getattr(curve, f"{name}_mean"), getattr(curve, f"{name}_std")
        ax.fill_between(x, mean - std, mean + std, color=color, alpha=0.2, lw=0)
        ax.plot(x, mean, "o-", color=color, ms=4, label=label)
        if whiskers:
            errors = getattr(curve, f"{name}_error")
            kept = curve.kept()
            se = np.array([standard_error(row[k]) for row, k in zip(errors, kept, strict=True)])
            ax.errorbar(x, mean, yerr=2 * se, fmt="none", ecolor=color, capsize=3, lw=1)
    if base_error > 0:
        ax.axhline(base_error, color="0.25", ls="--", lw=1, label=f"Bayes error {base_error:.3f}")
    if mark_best:
        best = int(np.argmin(curve.dev_mean))
        ax.plot(x[best], curve.dev_mean[best], "*", color="black", ms=12, label="lowest dev error")
    ax.set_ylabel("error (1 - accuracy)")
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)


def _lam_axis(ax, values: np.ndarray) -> None:
    """A log axis for λ that keeps λ = 0: linear between 0 and the smallest positive λ."""
    positive = values[values > 0]
    if positive.size and positive.size < values.size:
        linthresh = float(positive.min())
        ax.set_xscale("symlog", linthresh=linthresh, linscale=0.5)
        ax.set_xlim(-0.15 * linthresh, 1.3 * float(positive.max()))
    elif positive.size:
        ax.set_xscale("log")
    ax.set_xticks(values)
    ax.set_xticklabels([f"{v:g}" for v in values])
    ax.minorticks_off()


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
    lams = np.asarray(lam_curve.values, dtype=float)
    plot_errors(left, lams, lam_curve, base_error=base_error)
    _lam_axis(left, lams)
    left.set_xlabel("L2 λ (log scale; 0 = no penalty)")
    left.set_title("Validation curve over λ")
    keep = np.asarray(keep_prob_curve.values, dtype=float)
    plot_errors(right, keep, keep_prob_curve, base_error=base_error)
    right.set_xticks(keep)
    right.set_xlim(max(keep.max(), 1.0) + 0.05, min(keep.min(), 1.0) - 0.05)
    right.set_xlabel("keep_prob (reversed: 1 = no dropout)")
    right.set_title("Validation curve over keep_prob")
    left.legend(fontsize=8)
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
    sizes = np.asarray(curve.values, dtype=float)
    plot_errors(ax, sizes, curve, base_error=base_error, mark_best=False, whiskers=True)
    ax.set_xticks(sizes)
    ax.set_xticklabels([f"{int(s)}" for s in sizes])
    ax.set_xlabel("training examples")
    ax.set_title(
        f"Learning curve, no regularization (mean over {len(curve.seeds)} seeds, "
        "band: ± std, whiskers: ± 2 SE)"
    )
    ax.legend(fontsize=8)
    return save(fig, path)


def plot_decomposition(decompositions, path) -> Path:
    """Expected loss, bias and variance of each decomposition, as grouped bars (tutorial 1.2).

    Parameters
    ----------
    decompositions : dict of str to Decomposition
        One group of bars per entry, labelled by its key.
    path : str or Path
    """
    parts = ("expected_loss", "bias", "variance")
    colors = ("0.35", "tab:purple", "tab:olive")
    names = list(decompositions)
    x = np.arange(len(names))
    width = 0.8 / len(parts)
    fig, ax = plt.subplots(figsize=(2.2 * len(names) + 3, 4))
    for i, (part, color) in enumerate(zip(parts, colors, strict=True)):
        values = [getattr(decompositions[name], part) for name in names]
        bars = ax.bar(x + (i - 1) * width, values, width, color=color, label=part.replace("_", " "))
        ax.bar_label(bars, fmt="%.3f", fontsize=8)
    ax.set_xticks(x)
    ax.set_xticklabels(names)
    first = decompositions[names[0]] if names else None
    loss = first.loss if first else ""
    rounds = first.num_rounds if first else 0
    ax.set_ylabel(f"{loss.replace('_', ' ')} on the test set")
    ax.set_title(f"Bias/variance decomposition ({rounds} bootstrap rounds)")
    ax.legend(fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    ax.margins(y=0.15)
    return save(fig, path)
