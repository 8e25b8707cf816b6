"""What every figure shares: the headless Agg backend, one colour per regularizer, saving.

Importing this module selects matplotlib's Agg backend, so that figures draw without a
display (on a server, in CI, in tests); every figure module imports ``plt`` from here.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

from reglab._atomic import atomic_file

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

__all__ = ["TRAIN_COLOR", "DEV_COLOR", "color_of", "plt", "save", "smooth"]

TRAIN_COLOR = "tab:blue"
DEV_COLOR = "tab:orange"
_COLORS = {
    "none": "tab:red",
    "L2": "tab:blue",
    "L1": "tab:purple",
    "dropout": "tab:green",
    "early stopping": "tab:orange",
    "L2 + dropout": "tab:cyan",
    "augmentation": "tab:brown",
    "gd": "black",
    "momentum": "tab:blue",
    "adam": "tab:red",
}


def color_of(name: str) -> str:
    """The colour of a regularizer or optimizer, the same in every figure."""
    return _COLORS.get(name, "black")


def smooth(values: np.ndarray, window: int) -> np.ndarray:
    """Moving average of a 1-D array over ``window`` points (shorter at the start)."""
    values = np.asarray(values, dtype=float)
    window = max(1, min(int(window), len(values)))
    cumulative = np.concatenate([[0.0], np.cumsum(values)])
    ends = np.arange(1, len(values) + 1)
    starts = np.maximum(ends - window, 0)
    return (cumulative[ends] - cumulative[starts]) / (ends - starts)


def save(fig, path) -> Path:
    """Write ``fig`` as a PNG at ``path`` (atomically, parents created), close it; the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with atomic_file(path) as handle:
            fig.savefig(handle, format="png", dpi=110, bbox_inches="tight")
    finally:
        plt.close(fig)
    return path
