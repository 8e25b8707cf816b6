"""Move what an image shows to a random place: the content's bounding box, kept whole.

For small objects on a larger blank canvas (a digit somewhere on a page), the label-preserving
change is "the same object elsewhere". A translation by a fixed range can push an object near
the edge partly off the canvas; :class:`Placement` instead moves each image's content (its
pixels above the background) to a position drawn uniformly among those that keep it whole.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._base import ImageTransform, Params
from ._checks import check_probability, check_value_range

__all__ = ["Placement", "PlacementParams"]


@dataclass(frozen=True, eq=False, repr=False)
class PlacementParams(Params):
    """``applied`` (n,) and ``position`` (n, 2) in [0, 1): where, between the top (left) and
    the bottom (right) of the free room, each content's box goes."""

    position: np.ndarray


class Placement(ImageTransform):
    """Move each image's content, whole, to a random place on the image.

    The content is the bounding box of the pixels above ``value_range[0]`` (the background);
    a drawn ``position`` (u, v) in [0, 1)² puts its top-left corner at row
    ``floor(u * (H - box_height + 1))`` and column ``floor(v * (W - box_width + 1))``, so every
    position that keeps the box inside the image is equally likely. Pixels move exactly
    (whole-pixel shifts, no interpolation); a blank image is left as it is.

    Parameters
    ----------
    p : float, default 1.0
        Probability, in [0, 1], that each image is moved.
    value_range : (float, float), default (0.0, 1.0)
        Declared pixel range; ``value_range[0]`` is the background.
    """

    def __init__(self, p: float = 1.0, value_range: tuple[float, float] = (0.0, 1.0)):
        self.p = check_probability("p", p)
        self.value_range = check_value_range(value_range)

    def _draw(self, applied: np.ndarray, rng: np.random.Generator) -> PlacementParams:
        return PlacementParams(applied=applied, position=rng.random((len(applied), 2)))

    def _transform(self, images: np.ndarray, params: PlacementParams) -> np.ndarray:
        out = np.full_like(images, self.value_range[0])
        content = np.any(images > self.value_range[0], axis=-1)  # (n, H, W)
        height, width = content.shape[1:]
        for i, mask in enumerate(content):
            rows, columns = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
            if rows.size == 0:
                out[i] = images[i]
                continue
            top, bottom, left, right = rows[0], rows[-1] + 1, columns[0], columns[-1] + 1
            room = np.array([height - (bottom - top) + 1, width - (right - left) + 1])
            row, column = (params.position[i] * room).astype(int)
            out[i, row : row + bottom - top, column : column + right - left] = images[
                i, top:bottom, left:right
            ]
        return out
