"""The rules behind the captions' words: a difference counts only beyond its noise.

A caption may say that something "raised", "lowered", "falls" or "coincides" only when a rule
here says so from the run's numbers. A difference between two sets of per-seed values counts
when it exceeds both a threshold (how much matters, in the quantity's own units) and two
standard errors of the difference of the means over seeds (how much the seeds alone move it);
otherwise the caption says there is no clear difference. With one seed there is no spread to
measure, and the threshold alone decides.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

# the display that draws the curves decides when two coincide; the standard error is shared
from reglab.display._base import standard_error
from reglab.display.costs import COINCIDE, coincidence

__all__ = [
    "ACCURACY_THRESHOLD",
    "COINCIDE",
    "Difference",
    "coincidence",
    "difference",
    "first_below",
    "regions",
    "standard_error",
]

ACCURACY_THRESHOLD = 0.01  # one point of accuracy (or error)


@dataclass(frozen=True)
class Difference:
    """``after - before`` of two means over seeds, and whether it is more than noise.

    Attributes
    ----------
    before, after : float
        The two means.
    noise : float
        Two standard errors of the difference of the means.
    threshold : float
        The smallest difference that matters.
    """

    before: float
    after: float
    noise: float
    threshold: float

    @property
    def change(self) -> float:
        return self.after - self.before

    @property
    def margin(self) -> float:
        """What a difference must exceed to count: the threshold or the noise, the larger."""
        return max(self.threshold, self.noise)

    @property
    def direction(self) -> int:
        """+1 (clearly up), -1 (clearly down) or 0 (no clear difference)."""
        if abs(self.change) <= self.margin:
            return 0
        return 1 if self.change > 0 else -1

    def word(self, up: str, down: str, same: str) -> str:
        return {1: up, -1: down, 0: same}[self.direction]

    def __str__(self) -> str:
        return (
            f"{self.before:.3f} to {self.after:.3f}, {self.change:+.3f} (margin {self.margin:.3f})"
        )


def difference(before, after, threshold: float) -> Difference:
    """Compare two sets of per-seed values (or single numbers) by their means."""
    noise = 2 * math.hypot(standard_error(before), standard_error(after))
    return Difference(float(np.mean(before)), float(np.mean(after)), noise, float(threshold))


def first_below(values, level: float) -> int | None:
    """The first index at which ``values`` is at or below ``level``; None if never."""
    below = np.flatnonzero(np.asarray(values) <= level)
    return int(below[0]) if below.size else None


def regions(probability: np.ndarray) -> int:
    """How many connected regions the boundary p = 0.5 cuts a probability map into.

    Two for a boundary that splits the plane once; every island of one class inside the
    other adds one. Neighbours are the 4 adjacent grid cells.
    """
    from scipy import ndimage

    probability = np.asarray(probability)
    return sum(ndimage.label(mask)[1] for mask in (probability > 0.5, probability <= 0.5))
