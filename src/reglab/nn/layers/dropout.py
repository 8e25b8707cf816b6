"""Inverted dropout with a keep probability per model, as the tutorial writes it."""

from __future__ import annotations

import numpy as np

from reglab._validation import check_in_range
from reglab.nn.layers.base import Layer

__all__ = ["Dropout"]


class Dropout(Layer):
    """Inverted dropout: ``D = rand < keep_prob; A = A_prev * D / keep_prob``.

    Dividing by ``keep_prob`` keeps the expected activation unchanged, so evaluation
    (``training=False``) is the identity. Backward reuses the mask the forward pass drew:
    ``dA_prev = dA * D / keep_prob``.

    Parameters
    ----------
    keep_prob : float or sequence of K floats in (0, 1]
        The probability of keeping a unit; 1.0 switches dropout off. One value per model of
        the stack is allowed. A model whose ``keep_prob`` is 1 draws no random numbers, so
        its stream of dropout draws stays the one it would have alone.

    Notes
    -----
    Each model draws its masks from its own generator (given by the network), so model k of
    a stack draws the same masks as the same model trained alone. ``frozen = True`` makes
    the layer reuse its last mask: gradient checking needs a fixed function.
    """

    def __init__(self, keep_prob=0.8):
        super().__init__()
        self.keep_prob = check_in_range("keep_prob", keep_prob, 0.0, 1.0, low_open=True)
        if self.keep_prob.ndim > 1:
            raise ValueError(f"keep_prob must be a number or a 1-D sequence, got {keep_prob!r}")
        self.generators: list = []
        self.frozen = False
        self.D = None

    def build(self, input_shape, n_models):
        size = self.keep_prob.size
        if self.keep_prob.ndim == 1 and size not in (1, n_models):
            raise ValueError(
                f"keep_prob must have one value or one per model ({n_models}), got {size}"
            )
        return super().build(input_shape, n_models)

    def _per_model(self, n_models: int) -> np.ndarray:
        return np.broadcast_to(self.keep_prob.reshape(-1), (n_models,))

    def draw_mask(self, shape) -> np.ndarray:
        """Draw ``D`` of ``shape = (K, m, *features)``, model k from ``generators[k]``."""
        keep_prob = self._per_model(shape[0])
        D = np.ones(shape, dtype=bool)
        for k, (rng, p) in enumerate(zip(self.generators, keep_prob, strict=True)):
            if p < 1.0:
                D[k] = rng.random(shape[1:]) < p
        return D

    def forward(self, A_prev, training):
        if not training or np.all(self.keep_prob == 1.0):
            self.D = None
            return A_prev
        K = len(self.generators)
        shape = (K,) + A_prev.shape[1:]
        if not (self.frozen and self.D is not None and self.D.shape == shape):
            self.D = self.draw_mask(shape)
        self.scale = self._per_model(K).reshape((K,) + (1,) * (A_prev.ndim - 1))
        return A_prev * self.D / self.scale

    def backward(self, dA):
        if self.D is None:
            return dA
        return dA * self.D / self.scale

    def get_config(self):
        value = self.keep_prob
        return {"keep_prob": value.item() if value.ndim == 0 else value.tolist()}
