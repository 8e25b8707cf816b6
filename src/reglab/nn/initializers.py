"""Weight initializers: zeros, scaled normal, Xavier/Glorot and He.

Each initializer draws one weight matrix of shape ``(n_out, n_in)`` — the tutorial's
``W[l]`` orientation, so a row holds one unit's incoming weights — from a random source
with a ``standard_normal`` method (a ``numpy.random.Generator``, or a legacy
``numpy.random.RandomState`` when reproducing the tutorial: ``RandomState.randn(a, b)`` and
``RandomState.standard_normal((a, b))`` give the same numbers).
"""

from __future__ import annotations

import numpy as np

from reglab._validation import check_choice, check_positive

__all__ = ["INITIALIZERS", "Initializer", "get_initializer"]


class Initializer:
    """Draw ``W`` of shape ``(n_out, n_in)`` as ``standard_normal * scale(n_in, n_out)``.

    Parameters
    ----------
    name : {"zeros", "normal", "xavier", "glorot", "he"}
        ``zeros``: all zero (a classic mistake: every unit stays identical).
        ``normal``: ``randn * scale`` (``scale`` default 0.01).
        ``xavier``/``glorot``: ``randn * sqrt(2 / (n_in + n_out))`` (Glorot & Bengio, 2010).
        ``he``: ``randn * sqrt(2 / n_in)`` (He et al., 2015), the tutorial's choice.
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
        return float(np.sqrt(2.0 / n_in))

    def __call__(self, rng, n_in: int, n_out: int) -> np.ndarray:
        if self.name == "zeros":
            return np.zeros((n_out, n_in))
        return rng.standard_normal((n_out, n_in)) * self.std(n_in, n_out)

    def __repr__(self) -> str:
        extra = f", scale={self.scale}" if self.name == "normal" else ""
        return f"Initializer({self.name!r}{extra})"


INITIALIZERS = ("zeros", "normal", "xavier", "glorot", "he")


def get_initializer(spec) -> Initializer:
    """Accept an :class:`Initializer` or one of the names in ``INITIALIZERS``."""
    if isinstance(spec, Initializer):
        return spec
    return Initializer(spec)
