"""Inverted dropout with a keep probability per model, as the tutorial writes it."""

from __future__ import annotations

import math

import numpy as np

from reglab._per_model import check_count, column, config_value, per_model_values
from reglab._validation import check_in_range, check_int
from reglab.nn.layers.base import Layer

__all__ = ["Dropout", "LegacyDropout"]


def uniform_32_bits(rng: np.random.Generator, shape) -> np.ndarray:
    """Raw 32-bit integers ``u`` of ``rng``'s bit generator, shape ``shape``; ``u / 2**32``
    is uniform on [0, 1). Two come from each 64-bit draw."""
    size = math.prod(shape)
    raw = rng.bit_generator.random_raw((size + 1) // 2).view(np.uint32)
    return raw[:size].reshape(shape)


class LegacyDropout:
    """The tutorial's dropout randomness, to reproduce published NumPy dropout code exactly.

    Every :class:`Dropout` layer of the network draws its mask as the tutorial's code does,
    ``D = np.random.rand(units, m) < keep_prob`` (units by examples), layer after layer from
    one ``np.random.RandomState(seed)``, seeded when the network is initialized; with
    ``reseed=True`` it is seeded again before every training forward pass, as course
    notebooks that call ``np.random.seed(1)`` at the top of ``forward_propagation_with_dropout``
    do. NumPy's global state is never touched. All models of a stack share the draws (each
    compares them with its own ``keep_prob``), as :class:`~reglab.data.batches.MiniBatches`
    shares its legacy order.

    Parameters
    ----------
    seed : int
        The ``np.random.seed`` value of the code being reproduced.
    reseed : bool, default False
        Seed again before every forward pass (the same masks at every step).
    """

    def __init__(self, seed: int, reseed: bool = False):
        self.seed = check_int("seed", seed, minimum=0)
        self.reseed = bool(reseed)
        self.random_state = np.random.RandomState(self.seed)

    def start(self) -> None:
        """Seed the generator: called when the network is initialized."""
        self.random_state.seed(self.seed)

    def before_forward(self) -> None:
        """Called before every training forward pass; seeds again when ``reseed``."""
        if self.reseed:
            self.random_state.seed(self.seed)

    def rand(self, units: int, m: int) -> np.ndarray:
        """``np.random.rand(units, m)`` from the private generator."""
        return self.random_state.rand(units, m)

    def get_config(self) -> dict:
        return {"seed": self.seed, "reseed": self.reseed}

    def __repr__(self) -> str:
        return f"LegacyDropout(seed={self.seed}, reseed={self.reseed})"


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
    a stack draws the same masks as the same model trained alone; with a
    :class:`LegacyDropout` on the network, all draw from the tutorial's ``RandomState``.
    A mask is drawn in the tutorial's orientation, ``rand(units, m)``, which is also how
    the activations lie in memory (see :class:`~reglab.nn.layers.dense.Dense`).
    ``frozen = True`` makes the layer reuse its last mask: gradient checking needs a fixed
    function.
    """

    def __init__(self, keep_prob=0.8):
        super().__init__()
        keep_prob = check_in_range("keep_prob", keep_prob, 0.0, 1.0, low_open=True)
        self.keep_prob = per_model_values("keep_prob", keep_prob)
        self.generators: list = []
        self.legacy: LegacyDropout | None = None
        self.frozen = False
        self.D = None

    def build(self, input_shape, n_models):
        check_count("keep_prob", self.keep_prob, n_models)
        self.keep_per_model = np.broadcast_to(np.reshape(self.keep_prob, -1), (n_models,))
        return super().build(input_shape, n_models)

    def draw_mask(self, shape) -> np.ndarray:
        """Draw ``D`` of ``shape = (K, m, *features)``, model k from ``generators[k]``.

        Drawn as ``rand(units, m) < keep_prob`` per model (the tutorial's orientation,
        ``units = prod(features)``) and returned as a (K, m, *features) view. ``rand`` is a
        32-bit uniform, ``u / 2**32`` for raw 32-bit integers ``u`` of the generator, so
        the test reads ``u < keep_prob · 2**32``: ``keep_prob`` is resolved to 2e-10, and
        the draw costs a third of ``rng.random`` (the legacy mode draws the tutorial's
        float64 ``rand``).
        """
        K, m = shape[0], shape[1]
        units = math.prod(shape[2:])
        keep_prob = self.keep_per_model
        if self.legacy is not None:  # one draw, compared with each model's keep_prob
            D_T = self.legacy.rand(units, m)[None] < keep_prob[:, None, None]
        else:
            D_T = np.empty((K, units, m), dtype=bool)
            for k, (rng, p) in enumerate(zip(self.generators, keep_prob, strict=True)):
                if p < 1.0:
                    np.less(uniform_32_bits(rng, (units, m)), math.ceil(p * 2**32), out=D_T[k])
                else:
                    D_T[k] = True
        return D_T.transpose(0, 2, 1).reshape(shape)

    def forward(self, A_prev, training):
        if not training or np.all(self.keep_prob == 1.0):
            self.D = None
            return A_prev
        K = len(self.generators)
        shape = (K,) + A_prev.shape[1:]
        if not (self.frozen and self.D is not None and self.D.shape == shape):
            self.D = self.draw_mask(shape)
        self.scale = column(self.keep_prob, A_prev.ndim, A_prev.dtype)
        A = A_prev * self.D
        A /= self.scale
        return A

    def backward(self, dA):
        if self.D is None:
            return dA
        dA_prev = dA * self.D
        dA_prev /= self.scale
        return dA_prev

    def get_config(self):
        return {"keep_prob": config_value(self.keep_prob)}
