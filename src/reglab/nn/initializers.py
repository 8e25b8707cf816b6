"""Weight initializers: zeros, scaled normal, Xavier/Glorot, He, LeCun, or your own function.

An initializer draws one weight matrix of shape ``(n_out, n_in)`` — the tutorial's ``W[l]``
orientation, so a row holds one unit's incoming weights — from a random source with a
``standard_normal`` method (a ``numpy.random.Generator``, or a legacy
``numpy.random.RandomState`` when reproducing the tutorial: ``RandomState.randn(a, b)`` and
``RandomState.standard_normal((a, b))`` give the same numbers).

Wherever a layer takes an initializer's name it also takes a function
``(rng, n_in, n_out) -> W``, e.g. ``lambda rng, n_in, n_out: rng.uniform(-0.1, 0.1,
(n_out, n_in))``. Model files do not store functions: a layer loaded from a file keeps its
weights, and has no initializer until one is given.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from reglab._validation import check_choice, check_positive

__all__ = [
    "INITIALIZERS",
    "Initializer",
    "get_initializer",
    "initial_weights",
    "initializer_config",
]


class Initializer:
    """Draw ``W`` of shape ``(n_out, n_in)`` from the standard normal, scaled.

    Parameters
    ----------
    name : {"zeros", "normal", "xavier", "glorot", "he", "lecun"}
        ``zeros``: all zero (a classic mistake: every unit stays identical).
        ``normal``: ``randn * scale`` (``scale`` default 0.01).
        ``xavier``/``glorot``: ``randn * sqrt(2 / (n_in + n_out))`` (Glorot & Bengio, 2010).
        ``he``: ``randn * sqrt(2 / n_in)`` (He et al., 2015), the tutorial's choice.
        ``lecun``: ``randn / sqrt(n_in)`` (LeCun et al., 1998), as course notebooks write it.
    scale : float
        Only for ``normal``.
    """

    def __init__(self, name: str = "he", scale: float = 0.01):
        self.name = check_choice("initializer", name, INITIALIZERS)
        self.scale = float(check_positive("scale", scale))

    def std(self, n_in: int, n_out: int) -> float:
        """The standard deviation this initializer gives a layer of the given size."""
        if self.name == "zeros":
            return 0.0
        if self.name == "normal":
            return self.scale
        if self.name in ("xavier", "glorot"):
            return float(np.sqrt(2.0 / (n_in + n_out)))
        if self.name == "lecun":
            return float(1.0 / np.sqrt(n_in))
        return float(np.sqrt(2.0 / n_in))

    def __call__(self, rng, n_in: int, n_out: int) -> np.ndarray:
        if self.name == "zeros":
            return np.zeros((n_out, n_in))
        if self.name == "lecun":  # divided, not multiplied by 1/sqrt: the notebooks' bits
            return rng.standard_normal((n_out, n_in)) / np.sqrt(n_in)
        return rng.standard_normal((n_out, n_in)) * self.std(n_in, n_out)

    def __repr__(self) -> str:
        extra = f", scale={self.scale}" if self.name == "normal" else ""
        return f"Initializer({self.name!r}{extra})"


INITIALIZERS = ("zeros", "normal", "xavier", "glorot", "he", "lecun")


def get_initializer(spec) -> Callable | None:
    """Accept an :class:`Initializer`, a name in ``INITIALIZERS``, a function
    ``(rng, n_in, n_out) -> W``, or ``None`` (no initializer: the weights will be set)."""
    if spec is None or isinstance(spec, Initializer):
        return spec
    if isinstance(spec, str):
        return Initializer(spec)
    if callable(spec):
        return spec
    names = ", ".join(repr(name) for name in INITIALIZERS)
    raise TypeError(
        f"initializer must be one of {names} or a function (rng, n_in, n_out) -> W, got {spec!r}"
    )


def initializer_config(initializer) -> str | None:
    """What a model file stores: the name of a built-in initializer, ``None`` for a function."""
    return initializer.name if isinstance(initializer, Initializer) else None


def initial_weights(initializer, rng, n_in: int, n_out: int, layer: str) -> np.ndarray:
    """``initializer(rng, n_in, n_out)``, checked: an array of shape ``(n_out, n_in)``."""
    if initializer is None:
        raise ValueError(
            f"{layer} has no initializer (a function initializer is not stored in model "
            "files): train it with warm_start=True, or give it one, e.g. "
            "layer.initializer = Initializer('he')"
        )
    W = np.asarray(initializer(rng, n_in, n_out))
    if W.shape != (n_out, n_in):
        raise ValueError(
            f"initializer must return an array of shape (n_out, n_in) = {(n_out, n_in)}, "
            f"got {W.shape}"
        )
    return W
