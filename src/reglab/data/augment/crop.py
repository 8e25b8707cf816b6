"""Random crop, resized back to the original size (the tutorial's "sample a part, resize it").

The crop box is whole pixels; resizing maps the crop's corner pixels onto the image's corner
pixels (``align_corners``, as ``scipy.ndimage.zoom``), so every sample lies inside the crop
and no boundary mode is needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Integral

import numpy as np

from reglab._validation import check_int

from ._base import Params
from ._checks import check_interval, check_probability, check_value_range
from ._warp import GeometricTransform

__all__ = ["CropParams", "RandomCrop"]


@dataclass(frozen=True, eq=False, repr=False)
class CropParams(Params):
    """Parameters of a random crop.

    Attributes
    ----------
    applied : ndarray of bool, shape (n,)
    position : ndarray, shape (n, 2)
        Where the crop sits, as (top, left) fractions in [0, 1] of the free room
        ``(H - h, W - w)``: 0 is the top / left edge, 1 the bottom / right edge.
    scale : ndarray, shape (n,), or None
        Side of the crop as a fraction of the image side; None for a fixed ``size``.
    """

    position: np.ndarray
    scale: np.ndarray | None = None


class RandomCrop(GeometricTransform):
    """Crop a random part of each image and resize it back to the image size.

    Give exactly one of ``size`` and ``scale``.

    Parameters
    ----------
    size : int or (int, int), optional
        Fixed crop ``(height, width)`` in pixels; an int means a square. Must fit in the
        images it is applied to (checked when applied).
    scale : (float, float), optional
        Range, within (0, 1], of the crop side as a fraction of the image side; both sides use
        the same fraction, keeping the aspect ratio. (torchvision's ``scale`` is an area.)
    p : float, default 1.0
        Probability, in [0, 1], that each image is cropped.
    value_range : (float, float), default (0.0, 1.0)
        Declared pixel range; results are clipped into it.
    order : int, default 1
        Spline order of the resize (0 to 5).

    Notes
    -----
    For a crop of ``h`` rows from row ``top`` of an image of ``H`` rows, output row ``r``
    reads input row ``top + r (h - 1) / (H - 1)``; columns likewise. Crop sides are
    ``round(scale * H)``, at least 1, and the corner is ``round(position * (H - h))``.
    """

    def __init__(
        self,
        size: int | tuple[int, int] | None = None,
        scale: tuple[float, float] | None = None,
        p: float = 1.0,
        value_range: tuple[float, float] = (0.0, 1.0),
        order: int = 1,
    ):
        if (size is None) == (scale is None):
            raise ValueError(
                f"RandomCrop needs exactly one of size and scale, got size={size!r}, "
                f"scale={scale!r}"
            )
        self.size = None if size is None else _check_size(size)
        self.scale = None if scale is None else check_interval("scale", scale, 0.0, 1.0)
        if self.scale is not None and self.scale[0] == 0:
            raise ValueError(f"scale must be in (0, 1], got {scale!r}")
        self.p = check_probability("p", p)
        self.value_range = check_value_range(value_range)
        # Samples never leave the crop, so the boundary mode never matters.
        self._set_geometry("nearest", order)

    def _draw(self, applied: np.ndarray, rng: np.random.Generator) -> CropParams:
        n = len(applied)
        position = rng.random((n, 2))
        scale = None if self.scale is None else rng.uniform(*self.scale, n)
        return CropParams(applied=applied, position=position, scale=scale)

    def _affine(self, params: CropParams, shape):
        image = np.asarray(shape)
        crop = self._crop_sizes(params, image)  # (n, 2): (h, w)
        corner = np.round(params.position * (image - crop))  # (n, 2): (top, left)
        stretch = (crop - 1) / np.maximum(image - 1, 1)  # (n, 2)
        matrix = stretch[:, :, np.newaxis] * np.eye(2)
        return matrix, corner

    def _check(self, data) -> np.ndarray:
        images = super()._check(data)
        if self.size is not None and (
            self.size[0] > images.shape[1] or self.size[1] > images.shape[2]
        ):
            raise ValueError(
                f"size must fit in the images of shape {images.shape[1:3]}, got {self.size}"
            )
        return images

    def _crop_sizes(self, params: CropParams, image: np.ndarray) -> np.ndarray:
        if self.scale is None:
            return np.broadcast_to(np.asarray(self.size, dtype=float), (len(params), 2))
        sides = params.scale[:, np.newaxis] * image
        return np.clip(np.round(sides), 1, image)


def _check_size(size) -> tuple[int, int]:
    if isinstance(size, Integral) and not isinstance(size, bool):
        size = (size, size)
    if np.ndim(size) != 1 or len(size) != 2:
        raise ValueError(f"size must be an int or a (height, width) pair, got {size!r}")
    return tuple(check_int("size", side, minimum=1) for side in size)
