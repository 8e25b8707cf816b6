"""Rotation, translation and zoom of image batches, each an affine map resampled by scipy.

Coordinates are (row, column) with row 0 at the top, as images are displayed. Each transform
builds one matrix per image and the whole batch is resampled together (see ``_warp``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reglab._validation import check_choice

from ._base import Params
from ._checks import check_interval, check_probability, check_value_range
from ._warp import GeometricTransform, about_centre

__all__ = [
    "Rotation",
    "RotationParams",
    "Translation",
    "TranslationParams",
    "Zoom",
    "ZoomParams",
]


@dataclass(frozen=True, eq=False, repr=False)
class RotationParams(Params):
    """``applied`` (n,) and ``angle`` (n,), in degrees, counter-clockwise."""

    angle: np.ndarray


class Rotation(GeometricTransform):
    """Rotate each image about its centre by an angle drawn uniformly from ``degrees``.

    Parameters
    ----------
    degrees : (float, float), default (-15.0, 15.0)
        Range ``(low, high)`` of angles in degrees, ``low <= high``. Positive angles turn the
        image counter-clockwise as displayed (row 0 at the top), so 90 degrees equals
        ``np.rot90(image)`` on a square image, as in ``scipy.ndimage.rotate``, Keras and
        torchvision.
    p : float, default 1.0
        Probability, in [0, 1], that each image is rotated.
    value_range : (float, float), default (0.0, 1.0)
        Declared pixel range; results are clipped into it.
    fill_mode : {"constant", "nearest", "reflect", "mirror"}, default "constant"
        What fills the corners that come from outside; "constant" uses ``value_range[0]``.
    order : int, default 1
        Spline order of the interpolation (0 to 5).

    Notes
    -----
    With ``d = output - centre`` in (row, column) and ``t`` the angle,
    ``input - centre = [[cos t, sin t], [-sin t, cos t]] @ d``.
    """

    def __init__(
        self,
        degrees: tuple[float, float] = (-15.0, 15.0),
        p: float = 1.0,
        value_range: tuple[float, float] = (0.0, 1.0),
        fill_mode: str = "constant",
        order: int = 1,
    ):
        self.degrees = check_interval("degrees", degrees)
        self.p = check_probability("p", p)
        self.value_range = check_value_range(value_range)
        self._set_geometry(fill_mode, order)

    def _draw(self, applied: np.ndarray, rng: np.random.Generator) -> RotationParams:
        return RotationParams(applied=applied, angle=rng.uniform(*self.degrees, len(applied)))

    def _affine(self, params: RotationParams, shape):
        t = np.deg2rad(params.angle)
        cos, sin = np.cos(t), np.sin(t)
        linear = np.stack([np.stack([cos, sin], -1), np.stack([-sin, cos], -1)], -2)
        return about_centre(linear, shape)


@dataclass(frozen=True, eq=False, repr=False)
class TranslationParams(Params):
    """``applied`` (n,) and ``shift`` (n, 2): (down, right), in the transform's ``unit``."""

    shift: np.ndarray


class Translation(GeometricTransform):
    """Shift each image by a random offset in y (down) and x (right).

    Parameters
    ----------
    height_shift, width_shift : (float, float), default (-0.1, 0.1)
        Ranges ``(low, high)`` of the downward and rightward shift. Positive values move the
        content down and to the right.
    unit : {"fraction", "pixels"}, default "fraction"
        ``"fraction"``: shifts are fractions of the height and width, in [-1, 1];
        ``"pixels"``: shifts are in pixels (whole numbers move pixels exactly).
    p : float, default 1.0
        Probability, in [0, 1], that each image is shifted.
    value_range : (float, float), default (0.0, 1.0)
        Declared pixel range; results are clipped into it.
    fill_mode : {"constant", "nearest", "reflect", "mirror"}, default "constant"
        What enters from outside; "constant" uses ``value_range[0]``.
    order : int, default 1
        Spline order of the interpolation (0 to 5).

    Notes
    -----
    ``input = output - shift``: the pixel at (r, c) moves to (r + dy, c + dx).
    """

    def __init__(
        self,
        height_shift: tuple[float, float] = (-0.1, 0.1),
        width_shift: tuple[float, float] = (-0.1, 0.1),
        unit: str = "fraction",
        p: float = 1.0,
        value_range: tuple[float, float] = (0.0, 1.0),
        fill_mode: str = "constant",
        order: int = 1,
    ):
        self.unit = check_choice("unit", unit, ("fraction", "pixels"))
        bound = 1.0 if unit == "fraction" else np.inf
        self.height_shift = check_interval("height_shift", height_shift, -bound, bound)
        self.width_shift = check_interval("width_shift", width_shift, -bound, bound)
        self.p = check_probability("p", p)
        self.value_range = check_value_range(value_range)
        self._set_geometry(fill_mode, order)

    def _draw(self, applied: np.ndarray, rng: np.random.Generator) -> TranslationParams:
        n = len(applied)
        shift = np.stack(
            [rng.uniform(*self.height_shift, n), rng.uniform(*self.width_shift, n)], axis=-1
        )
        return TranslationParams(applied=applied, shift=shift)

    def _affine(self, params: TranslationParams, shape):
        pixels = params.shift * np.asarray(shape) if self.unit == "fraction" else params.shift
        identity = np.broadcast_to(np.eye(2), (len(pixels), 2, 2))
        return identity, -pixels


@dataclass(frozen=True, eq=False, repr=False)
class ZoomParams(Params):
    """``applied`` (n,) and ``scale`` (n,): magnification of each image."""

    scale: np.ndarray


class Zoom(GeometricTransform):
    """Zoom each image about its centre by a factor drawn uniformly from ``scale``.

    Parameters
    ----------
    scale : (float, float), default (0.9, 1.1)
        Range ``(low, high)`` of magnifications, both > 0. A factor above 1 zooms in (the
        content grows and its border is cut off); below 1 zooms out (the content shrinks and
        the border is filled by ``fill_mode``).
    p : float, default 1.0
        Probability, in [0, 1], that each image is zoomed.
    value_range : (float, float), default (0.0, 1.0)
        Declared pixel range; results are clipped into it.
    fill_mode : {"constant", "nearest", "reflect", "mirror"}, default "constant"
        What enters from outside; "constant" uses ``value_range[0]``.
    order : int, default 1
        Spline order of the interpolation (0 to 5).

    Notes
    -----
    ``input - centre = (output - centre) / scale``, the same factor on both axes.
    """

    def __init__(
        self,
        scale: tuple[float, float] = (0.9, 1.1),
        p: float = 1.0,
        value_range: tuple[float, float] = (0.0, 1.0),
        fill_mode: str = "constant",
        order: int = 1,
    ):
        self.scale = check_interval("scale", scale, 0.0, np.inf)
        if self.scale[0] == 0:
            raise ValueError(f"scale must be > 0, got {scale!r}")
        self.p = check_probability("p", p)
        self.value_range = check_value_range(value_range)
        self._set_geometry(fill_mode, order)

    def _draw(self, applied: np.ndarray, rng: np.random.Generator) -> ZoomParams:
        return ZoomParams(applied=applied, scale=rng.uniform(*self.scale, len(applied)))

    def _affine(self, params: ZoomParams, shape):
        linear = np.eye(2) / params.scale[:, np.newaxis, np.newaxis]
        return about_centre(linear, shape)
