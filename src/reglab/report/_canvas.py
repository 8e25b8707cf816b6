"""What every figure of the report shares: the headless Agg backend, and saving.

Importing this module selects matplotlib's Agg backend, so that figures draw without a
display (on a server, in CI, in tests); every figure module imports ``plt`` from here. The
figures are drawn by the display objects of :mod:`reglab.display` (one drawing code path for
the report and for notebooks); their colours and smoothing are re-exported here.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

from reglab._atomic import atomic_file

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from reglab.display._base import DEV_COLOR, TRAIN_COLOR, color_of, smooth  # noqa: E402

__all__ = ["TRAIN_COLOR", "DEV_COLOR", "color_of", "plt", "save", "smooth"]


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
