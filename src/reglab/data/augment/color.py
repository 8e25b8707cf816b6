"""Colour jitter for RGB batches: saturation and a hue rotation.

Both are linear maps of each pixel's (r, g, b) that keep grey pixels grey, so one 3x3 matrix
per image does both and the batch is a single ``einsum``. Grayscale batches are rejected:
with one channel there is no colour to change (use :class:`Contrast` or
:class:`Brightness`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._base import ImageTransform, Params
from ._checks import check_interval, check_probability, check_value_range

__all__ = ["ColorJitter", "ColorJitterParams", "hue_rotation", "saturation_matrix"]

#: ITU-R 601 luma weights, as in ``tf.image.rgb_to_grayscale`` and PIL.
LUMA = np.array([0.299, 0.587, 0.114])


def saturation_matrix(factor: np.ndarray) -> np.ndarray:
    """Matrices (n, 3, 3) blending each pixel with its grey: ``grey + s (rgb - grey)``."""
    s = np.asarray(factor, dtype=float)[:, np.newaxis, np.newaxis]
    return s * np.eye(3) + (1.0 - s) * np.outer(np.ones(3), LUMA)


def hue_rotation(turns: np.ndarray) -> np.ndarray:
    """Matrices (n, 3, 3) rotating the colour cube about its grey diagonal by ``turns``.

    Rodrigues' formula about ``u = (1, 1, 1) / sqrt(3)``:
    ``R = cos t I + sin t [u]x + (1 - cos t) u u^T`` with ``t = 2 pi turns``.
    """
    t = 2.0 * np.pi * np.asarray(turns, dtype=float)[:, np.newaxis, np.newaxis]
    cross = np.array([[0.0, -1.0, 1.0], [1.0, 0.0, -1.0], [-1.0, 1.0, 0.0]]) / np.sqrt(3.0)
    return np.cos(t) * np.eye(3) + np.sin(t) * cross + (1.0 - np.cos(t)) * np.full((3, 3), 1 / 3)


@dataclass(frozen=True, eq=False, repr=False)
class ColorJitterParams(Params):
    """``applied`` (n,), ``saturation`` (n,) factors and ``hue`` (n,) shifts in turns."""

    saturation: np.ndarray
    hue: np.ndarray


class ColorJitter(ImageTransform):
    """Randomly change the saturation and hue of RGB images, shaped (N, H, W, 3).

    Parameters
    ----------
    saturation : (float, float), default (0.8, 1.2)
        Range of saturation factors, >= 0: 0 turns the image grey, 1 keeps it.
    hue : (float, float), default (-0.05, 0.05)
        Range, within [-0.5, 0.5], of hue shifts in turns of the colour wheel
        (torchvision's convention; 0.5 is half a turn). A third of a turn sends red to
        green, green to blue and blue to red, as a hue shift of 120 degrees does.
    p : float, default 1.0
        Probability, in [0, 1], that each image is changed.
    value_range : (float, float), default (0.0, 1.0)
        Declared pixel range; results are clipped into it.

    Notes
    -----
    ``out = R(hue) @ S(saturation) @ rgb`` per pixel (see :func:`saturation_matrix`,
    :func:`hue_rotation`). Both fix grey pixels, so the result does not depend on where
    ``value_range`` starts. The hue rotation is the linear version of a hue shift: it keeps
    ``(r + g + b) / 3`` rather than HSV's value, so it is close to, not equal to,
    torchvision's ``adjust_hue``. Grayscale images raise ``ValueError``.
    """

    def __init__(
        self,
        saturation: tuple[float, float] = (0.8, 1.2),
        hue: tuple[float, float] = (-0.05, 0.05),
        p: float = 1.0,
        value_range: tuple[float, float] = (0.0, 1.0),
    ):
        self.saturation = check_interval("saturation", saturation, 0.0, np.inf)
        self.hue = check_interval("hue", hue, -0.5, 0.5)
        self.p = check_probability("p", p)
        self.value_range = check_value_range(value_range)

    def _check(self, data) -> np.ndarray:
        images = super()._check(data)
        if images.ndim != 4 or images.shape[-1] != 3:
            raise ValueError(
                f"images must be RGB, shaped (N, H, W, 3), for ColorJitter, got shape "
                f"{images.shape}; grayscale has no colour to jitter"
            )
        return images

    def _draw(self, applied: np.ndarray, rng: np.random.Generator) -> ColorJitterParams:
        n = len(applied)
        saturation = rng.uniform(*self.saturation, n)
        return ColorJitterParams(
            applied=applied, saturation=saturation, hue=rng.uniform(*self.hue, n)
        )

    def _transform(self, images: np.ndarray, params: ColorJitterParams) -> np.ndarray:
        matrix = hue_rotation(params.hue) @ saturation_matrix(params.saturation)  # (n, 3, 3)
        return np.einsum("nij,nhwj->nhwi", matrix, images)
