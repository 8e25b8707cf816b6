"""The draw / apply split shared by every augmentation transform.

As in Keras' image preprocessing layers, a transform first *draws* the random parameters of a
batch (which examples it touches, by how much) and then *applies* them, a pure function of the
data and the parameters. Drawing and applying separately lets a test fix the parameters by hand,
and lets the same draw be replayed on other data; ``transform(data, rng)`` does both.

The base classes own the bookkeeping: argument checks, the per-example probability ``p``, the
selection of the examples a draw applies to, clipping to the pixel range, and the channel axis.
A subclass writes only ``_draw`` (its own random numbers) and ``_transform`` (the math).
"""

from __future__ import annotations

import inspect
from abc import ABC, abstractmethod
from dataclasses import dataclass, fields, replace
from typing import Self

import numpy as np

from reglab._validation import check_int

from ._checks import check_images, check_params_length, check_points, check_rng

__all__ = ["ImageTransform", "Params", "PointTransform", "Transform"]


@dataclass(frozen=True, eq=False, repr=False)
class Params:
    """Random parameters drawn for a batch of ``n`` examples.

    Attributes
    ----------
    applied : ndarray of bool, shape (n,)
        Whether the transform acts on each example (drawn with probability ``p``).

    Subclasses add per-example arrays of shape (n,) or (n, 2) and, rarely, per-batch values
    (such as a noise seed) that are not indexed by example.
    """

    applied: np.ndarray

    def __post_init__(self) -> None:
        # Accept lists when parameters are written by hand, as tests do.
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, list | tuple | np.ndarray):
                object.__setattr__(self, field.name, np.asarray(value))
        object.__setattr__(self, "applied", np.asarray(self.applied, dtype=bool))

    def __len__(self) -> int:
        return len(self.applied)

    def select(self, mask: np.ndarray) -> Self:
        """Return the parameters of the examples where ``mask`` is true."""
        values = {field.name: getattr(self, field.name) for field in fields(self)}
        per_example = {
            name: value[mask]
            for name, value in values.items()
            if isinstance(value, np.ndarray) and value.shape[:1] == (len(self),)
        }
        return replace(self, **per_example)

    def __repr__(self) -> str:
        parts = [f"n={len(self)}", f"applied={int(np.count_nonzero(self.applied))}"]
        for field in fields(self)[1:]:
            value = getattr(self, field.name)
            shown = f"<{value.shape} {value.dtype}>" if isinstance(value, np.ndarray) else value
            parts.append(f"{field.name}={shown}")
        return f"{type(self).__name__}({', '.join(parts)})"


class Transform(ABC):
    """A random transform of a batch: ``draw(n, rng)`` then ``apply(data, params)``."""

    #: ``"image"`` for batches of images, ``"points"`` for 2-D point clouds.
    kind: str

    @abstractmethod
    def draw(self, n: int, rng: np.random.Generator) -> Params:
        """Draw the random parameters for a batch of ``n`` examples."""

    @abstractmethod
    def _check(self, data) -> np.ndarray:
        """Validate ``data`` on entry and return it as a float64 array."""

    @abstractmethod
    def _apply_checked(self, data: np.ndarray, params: Params) -> np.ndarray:
        """Apply ``params`` to data already checked; return a new array."""

    def apply(self, data, params: Params) -> np.ndarray:
        """Apply drawn parameters to ``data``; a pure function, the input is never modified.

        Parameters
        ----------
        data : array_like
            The batch, shaped as the transform's ``kind`` requires.
        params : Params
            Parameters from :meth:`draw` for exactly ``len(data)`` examples.

        Returns
        -------
        ndarray of float64, same shape as ``data``
        """
        return self._apply_checked(self._check(data), params)

    def __call__(self, data, rng: np.random.Generator, *, training: bool = True) -> np.ndarray:
        """Draw parameters for ``data`` and apply them; the identity when not ``training``."""
        data = self._check(data)
        if not training:
            return data.copy()
        return self._apply_checked(data, self.draw(len(data), rng))

    def __repr__(self) -> str:
        names = list(inspect.signature(type(self).__init__).parameters)[1:]
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{type(self).__name__}({shown})"


class _RandomTransform(Transform):
    """A transform that acts on each example with probability ``p``."""

    p: float

    def draw(self, n: int, rng: np.random.Generator) -> Params:
        """Draw the random parameters for a batch of ``n`` examples.

        Parameters
        ----------
        n : int
            Number of examples in the batch.
        rng : numpy.random.Generator
            The only source of randomness.

        Returns
        -------
        Params
            ``applied`` (probability ``p`` per example) plus the transform's own values.
        """
        n = check_int("n", n, minimum=0)
        check_rng(rng)
        applied = rng.random(n) < self.p
        return self._draw(applied, rng)

    @abstractmethod
    def _draw(self, applied: np.ndarray, rng: np.random.Generator) -> Params:
        """Draw this transform's values for ``len(applied)`` examples."""

    @abstractmethod
    def _transform(self, data: np.ndarray, params: Params) -> np.ndarray:
        """The math, on the selected examples only; must not write into ``data``."""


class ImageTransform(_RandomTransform):
    """Base of the image transforms: batches shaped (N, H, W) or (N, H, W, C).

    Pixels are floats in the declared ``value_range`` (checked on entry); results are clipped
    back into it. ``_transform`` always receives (n, H, W, C) arrays, C = 1 for grayscale.
    """

    kind = "image"
    value_range: tuple[float, float]

    def _check(self, data) -> np.ndarray:
        return check_images(data, self.value_range)

    def _apply_checked(self, data: np.ndarray, params: Params) -> np.ndarray:
        check_params_length(params, len(data))
        images = data if data.ndim == 4 else data[..., np.newaxis]
        mask = params.applied
        if np.all(mask):  # the usual case, p = 1: nothing to select
            out = self._transform(images, params)
        else:
            out = images.copy()
            if np.any(mask):
                out[mask] = self._transform(images[mask], params.select(mask))
        return np.clip(out, *self.value_range).reshape(data.shape)  # always a new array


class PointTransform(_RandomTransform):
    """Base of the point-cloud transforms: data sets of 2-D points shaped (n, 2)."""

    kind = "points"

    def _check(self, data) -> np.ndarray:
        return check_points(data)

    def _apply_checked(self, data: np.ndarray, params: Params) -> np.ndarray:
        check_params_length(params, len(data))
        mask = params.applied
        if np.all(mask):  # the usual case, p = 1: nothing to select (_transform copies)
            return self._transform(data, params)
        out = data.copy()
        if np.any(mask):
            out[mask] = self._transform(data[mask], params.select(mask))
        return out
