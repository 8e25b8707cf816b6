"""The fully connected layer, ``Z = A_prev @ W.T + b``, for a stack of K models."""

from __future__ import annotations

import numpy as np

from reglab._validation import check_int
from reglab.nn.initializers import get_initializer, initial_weights, initializer_config
from reglab.nn.layers.base import Layer, ParamSpec

__all__ = ["Dense"]


class Dense(Layer):
    """A linear layer: ``Z = A_prev @ W.T + b``.

    ``W`` has shape ``(K, n_out, n_in)``: model k's matrix is the tutorial's ``W[l]`` (one
    row per unit, holding that unit's incoming weights), applied to examples in rows.
    ``b`` has shape ``(K, n_out)``.

    Parameters
    ----------
    units : int
        ``n_out``, the number of units.
    initializer : str, Initializer or function, default "he"
        How ``W`` is drawn: a name of :data:`~reglab.nn.initializers.INITIALIZERS` or a
        function ``(rng, n_in, n_out) -> W`` of shape ``(n_out, n_in)``; ``b`` starts at zero.
    regularizer : Regularizer or list of them, optional
        Overrides the network's regularizers for this layer's ``W`` (``[]`` means none), so
        λ may differ per layer. Biases are never penalized.
    """

    def __init__(self, units: int, initializer="he", regularizer=None):
        super().__init__()
        self.units = check_int("units", units, minimum=1)
        self.initializer = get_initializer(initializer)
        self.regularizer = regularizer

    def build(self, input_shape, n_models):
        if len(input_shape) != 1:
            raise ValueError(
                f"Dense expects flat inputs (n_features,), got per-example shape "
                f"{tuple(input_shape)}; put a Flatten layer before it"
            )
        self.input_shape = tuple(input_shape)
        self.output_shape = (self.units,)
        return self.output_shape

    def param_specs(self):
        (n_in,) = self.input_shape
        return [ParamSpec("W", (self.units, n_in), True), ParamSpec("b", (self.units,), False)]

    def initialize(self, rng, k):
        (n_in,) = self.input_shape
        self.params["W"][k] = initial_weights(self.initializer, rng, n_in, self.units, repr(self))
        self.params["b"][k] = 0.0

    def bind(self, values, grads):
        super().bind(values, grads)
        # views, fixed once: theta is updated in place and never reallocated
        self.W, self.dW = values["W"], grads["W"]  # (K, n_out, n_in)
        self.W_T = self.W.transpose(0, 2, 1)  # (K, n_in, n_out)
        self.b_column = values["b"][:, :, None]  # (K, n_out, 1)
        self.db_row = grads["b"][:, None, :]  # (K, 1, n_out)
        self.ones: dict[int, np.ndarray] = {}  # a row of m ones for each batch size m

    def forward(self, A_prev, training):
        self.A_prev = A_prev  # (K or 1, m, n_in)
        K, m = self.W.shape[0], A_prev.shape[1]
        # Z.T = W @ A_prev.T + b, the tutorial's own orientation: Z's memory then runs along
        # the batch, so adding b and every elementwise operation after it work on long
        # contiguous rows (3x faster on a stack of 64 than across a 5-long last axis)
        if A_prev.shape[0] < K:
            # every model sees the same examples (a shared batch order): one product for
            # the whole stack, (K·n_out, n_in) @ (n_in, m), instead of K small ones
            W_stacked = self.W.reshape(K * self.units, -1)
            Z_T = (W_stacked @ A_prev[0].T).reshape(K, self.units, m)
        else:
            Z_T = np.matmul(self.W, A_prev.transpose(0, 2, 1))  # (K, n_out, m)
        Z_T += self.b_column
        return Z_T.transpose(0, 2, 1)  # Z, (K, m, n_out): a view

    def backward(self, dZ):
        K, m = dZ.shape[0], dZ.shape[1]
        dZ_T = dZ.transpose(0, 2, 1)  # (K, n_out, m)
        if self.A_prev.shape[0] < K:  # dW = dZ.T @ A_prev as one product, as in forward
            dW_stacked = dZ_T.reshape(K * self.units, m) @ self.A_prev[0]
            self.dW[...] = dW_stacked.reshape(self.dW.shape)
        else:
            np.matmul(dZ_T, self.A_prev, out=self.dW)  # dW = dZ.T @ A_prev
        # db = Σ_i dZ_i, as a product with a row of ones: faster than np.sum on small arrays
        ones = self.ones.get(m)
        if ones is None:
            ones = self.ones[m] = np.ones((1, 1, m), dtype=dZ.dtype)
        np.matmul(ones, dZ, out=self.db_row)
        if not self.needs_input_grad:
            return None
        # dA_prev = dZ @ W, computed as (W.T @ dZ.T).T: laid out in memory like A_prev
        return np.matmul(self.W_T, dZ_T).transpose(0, 2, 1)  # (K, m, n_in)

    def get_config(self):
        return {"units": self.units, "initializer": initializer_config(self.initializer)}
