"""Horizontal and vertical flips of image batches, the tutorial's first augmentation.

A flip is an exact permutation of pixels: no interpolation, no clipping needed, and the whole
batch is one array operation. Flipping every image once doubles a data set offline
(:func:`~reglab.data.augment.expand_offline` with ``factor=2``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._base import ImageTransform, Params
from ._checks import check_probability, check_value_range

__all__ = ["FlipParams", "HorizontalFlip", "VerticalFlip"]


@dataclass(frozen=True, eq=False, repr=False)
class FlipParams(Params):
    """Parameters of a flip: only ``applied``, shape (n,), says which images are flipped."""


class _Flip(ImageTransform):
    axis: int  # the axis reversed in an (n, H, W, C) batch

    def __init__(self, p: float = 0.5, value_range: tuple[float, float] = (0.0, 1.0)):
        self.p = check_probability("p", p)
        self.value_range = check_value_range(value_range)

    def _draw(self, applied: np.ndarray, rng: np.random.Generator) -> FlipParams:
        return FlipParams(applied=applied)

    def _transform(self, images: np.ndarray, params: FlipParams) -> np.ndarray:
        return np.flip(images, axis=self.axis)


class HorizontalFlip(_Flip):
    """Mirror images left to right (``tf.image.random_flip_left_right``).

    Parameters
    ----------
    p : float, default 0.5
        Probability, in [0, 1], that each image is flipped.
    value_range : (float, float), default (0.0, 1.0)
        Declared pixel range; images outside it are rejected.

    Notes
    -----
    ``out[n, r, c] = images[n, r, W - 1 - c]``. Flipping twice is the identity.

    Examples
    --------
    >>> import numpy as np
    >>> flip = HorizontalFlip(p=1.0)
    >>> flip(np.array([[[0.0, 1.0]]]), np.random.default_rng(0))
    array([[[1., 0.]]])
    """

    axis = 2


class VerticalFlip(_Flip):
    """Mirror images top to bottom.

    Parameters
    ----------
    p : float, default 0.5
        Probability, in [0, 1], that each image is flipped.
    value_range : (float, float), default (0.0, 1.0)
        Declared pixel range; images outside it are rejected.

    Notes
    -----
    ``out[n, r, c] = images[n, H - 1 - r, c]``. The tutorial builds it from the other
    operations: a vertical flip is a 180 degree rotation followed by a horizontal flip, since
    rotating by 180 degrees reverses both axes and the horizontal flip undoes the columns.
    """

    axis = 1
