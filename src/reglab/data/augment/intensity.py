"""Pixel-value transforms: contrast, brightness and Gaussian noise.

They change values, not positions, so each is one array expression over the whole batch.
Amounts that add to pixels (brightness ``delta``, noise ``std``) are fractions of the width
of ``value_range``, so the same settings suit images in [0, 1] and digits in [0, 16].
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reglab._validation import check_positive, check_real

from ._base import ImageTransform, Params
from ._checks import check_interval, check_probability, check_value_range

__all__ = [
    "Brightness",
    "BrightnessParams",
    "Contrast",
    "ContrastParams",
    "GaussianNoise",
    "NoiseParams",
]

_PER_IMAGE = (slice(None), np.newaxis, np.newaxis, np.newaxis)  # (n,) -> (n, 1, 1, 1)


@dataclass(frozen=True, eq=False, repr=False)
class ContrastParams(Params):
    """``applied`` (n,) and ``factor`` (n,): contrast factor of each image."""

    factor: np.ndarray


class Contrast(ImageTransform):
    """Scale each image's deviations from its mean by a factor drawn from ``factor``.

    Parameters
    ----------
    factor : (float, float), default (0.8, 1.2)
        Range ``(low, high)`` of factors, both >= 0: 1 keeps the image, 0 makes it flat,
        above 1 raises the contrast.
    p : float, default 1.0
        Probability, in [0, 1], that each image is changed.
    value_range : (float, float), default (0.0, 1.0)
        Declared pixel range; results are clipped into it.

    Notes
    -----
    ``out = mean + factor * (x - mean)``, the mean taken over each image's pixels, channel by
    channel (``tf.image.adjust_contrast``).
    """

    def __init__(
        self,
        factor: tuple[float, float] = (0.8, 1.2),
        p: float = 1.0,
        value_range: tuple[float, float] = (0.0, 1.0),
    ):
        self.factor = check_interval("factor", factor, 0.0, np.inf)
        self.p = check_probability("p", p)
        self.value_range = check_value_range(value_range)

    def _draw(self, applied: np.ndarray, rng: np.random.Generator) -> ContrastParams:
        return ContrastParams(applied=applied, factor=rng.uniform(*self.factor, len(applied)))

    def _transform(self, images: np.ndarray, params: ContrastParams) -> np.ndarray:
        mean = images.mean(axis=(1, 2), keepdims=True)  # (n, 1, 1, C)
        return mean + params.factor[_PER_IMAGE] * (images - mean)


@dataclass(frozen=True, eq=False, repr=False)
class BrightnessParams(Params):
    """``applied`` (n,) and ``delta`` (n,): shift of each image, as a fraction of the range."""

    delta: np.ndarray


class Brightness(ImageTransform):
    """Add to every pixel of an image a delta drawn from ``delta``.

    Parameters
    ----------
    delta : (float, float), default (-0.1, 0.1)
        Range ``(low, high)``, within [-1, 1], of the shift as a fraction of the width of
        ``value_range``: 0.25 adds 0.25 to images in [0, 1] and 4 to digits in [0, 16].
    p : float, default 1.0
        Probability, in [0, 1], that each image is changed.
    value_range : (float, float), default (0.0, 1.0)
        Declared pixel range; results are clipped into it.

    Notes
    -----
    ``out = clip(x + delta * (high - low), low, high)`` with ``(low, high) = value_range``.
    """

    def __init__(
        self,
        delta: tuple[float, float] = (-0.1, 0.1),
        p: float = 1.0,
        value_range: tuple[float, float] = (0.0, 1.0),
    ):
        self.delta = check_interval("delta", delta, -1.0, 1.0)
        self.p = check_probability("p", p)
        self.value_range = check_value_range(value_range)

    def _draw(self, applied: np.ndarray, rng: np.random.Generator) -> BrightnessParams:
        return BrightnessParams(applied=applied, delta=rng.uniform(*self.delta, len(applied)))

    def _transform(self, images: np.ndarray, params: BrightnessParams) -> np.ndarray:
        low, high = self.value_range
        return images + params.delta[_PER_IMAGE] * (high - low)


@dataclass(frozen=True, eq=False, repr=False)
class NoiseParams(Params):
    """``applied`` (n,) and ``seed``, one integer for the batch's noise field.

    The noise has one value per pixel, so its size is known only when applied; the draw
    stores the seed of the generator that makes it, which keeps ``apply`` deterministic.
    """

    seed: int


class GaussianNoise(ImageTransform):
    """Add independent Gaussian noise to every pixel.

    Parameters
    ----------
    std : float, default 0.05
        Standard deviation, >= 0, as a fraction of the width of ``value_range``; 0 is the
        identity.
    p : float, default 1.0
        Probability, in [0, 1], that each image gets noise.
    value_range : (float, float), default (0.0, 1.0)
        Declared pixel range; results are clipped into it.

    Notes
    -----
    ``out = clip(x + std * (high - low) * z, low, high)`` with ``z ~ N(0, 1)`` per pixel.
    """

    def __init__(
        self,
        std: float = 0.05,
        p: float = 1.0,
        value_range: tuple[float, float] = (0.0, 1.0),
    ):
        self.std = float(check_positive("std", check_real("std", std), strict=False))
        self.p = check_probability("p", p)
        self.value_range = check_value_range(value_range)

    def _draw(self, applied: np.ndarray, rng: np.random.Generator) -> NoiseParams:
        return NoiseParams(applied=applied, seed=int(rng.integers(2**63)))

    def _transform(self, images: np.ndarray, params: NoiseParams) -> np.ndarray:
        low, high = self.value_range
        z = np.random.default_rng(params.seed).standard_normal(images.shape)
        return images + self.std * (high - low) * z
