"""Data augmentation for reglab: image batches, 2-D point sets, online and offline.

Every transform separates *drawing* its random parameters from *applying* them::

    params = transform.draw(len(images), rng)   # a small dataclass of per-image arrays
    out = transform.apply(images, params)        # pure; the input is never modified
    out = transform(images, rng)                 # the two together

Images are float batches shaped (N, H, W) or (N, H, W, C) with pixels in a declared
``value_range`` (default (0, 1); scikit-learn's digits need (0, 16)). Networks take rows, so
:func:`augment_batch` and :func:`expand_offline` reshape rows of ``image_shape`` and accept the
engine's (K, batch, features) stacks.
"""

from ._base import ImageTransform, Params, PointTransform, Transform
from .color import ColorJitter, ColorJitterParams
from .compose import Compose, ComposeParams
from .crop import CropParams, RandomCrop
from .flips import FlipParams, HorizontalFlip, VerticalFlip
from .geometric import (
    Rotation,
    RotationParams,
    Translation,
    TranslationParams,
    Zoom,
    ZoomParams,
)
from .intensity import (
    Brightness,
    BrightnessParams,
    Contrast,
    ContrastParams,
    GaussianNoise,
    NoiseParams,
)
from .pipeline import augment_batch, expand_offline
from .placement import Placement, PlacementParams
from .points import SYMMETRIES, Jitter, JitterParams, Symmetry, SymmetryParams

__all__ = [
    "SYMMETRIES",
    "Brightness",
    "BrightnessParams",
    "ColorJitter",
    "ColorJitterParams",
    "Compose",
    "ComposeParams",
    "Contrast",
    "ContrastParams",
    "CropParams",
    "FlipParams",
    "GaussianNoise",
    "HorizontalFlip",
    "ImageTransform",
    "Jitter",
    "JitterParams",
    "NoiseParams",
    "Params",
    "Placement",
    "PlacementParams",
    "PointTransform",
    "RandomCrop",
    "Rotation",
    "RotationParams",
    "Symmetry",
    "SymmetryParams",
    "Transform",
    "Translation",
    "TranslationParams",
    "VerticalFlip",
    "Zoom",
    "ZoomParams",
    "augment_batch",
    "expand_offline",
]
