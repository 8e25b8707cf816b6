"""Figures, drawn headless with matplotlib's Agg backend; each function writes one PNG."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

__all__ = ["plot_tutorial_costs"]


def _save(fig, path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)
    return path


def plot_tutorial_costs(runs, path) -> Path:
    """The tutorial's cost plot, one curve per optimizer: the last mini-batch's cost per epoch."""
    fig, ax = plt.subplots(figsize=(7, 4))
    for run in runs:
        ax.plot(run.costs, lw=0.8, label=f"{run.optimizer} (train accuracy {run.accuracy:.3f})")
    ax.set_xlabel("epoch")
    ax.set_ylabel("cost of the last mini-batch")
    ax.set_title("The tutorial's optimizers on moons, [2, 5, 2, 1], lr 0.0007")
    ax.legend()
    return _save(fig, path)
