"""Flatten: per-example feature maps ``(H, W, C)`` to vectors ``(H·W·C,)`` for Dense."""

from __future__ import annotations

import numpy as np

from reglab.nn.layers.base import Layer

__all__ = ["Flatten"]


class Flatten(Layer):
    """``A = A_prev.reshape(K, m, -1)``; backward reshapes ``dA`` back.

    The order is NumPy's row-major order over the per-example axes: for channels-last
    images, feature ``(y·W + x)·C + c`` is pixel ``(y, x)`` of channel ``c``. No data is
    copied when the input is contiguous.
    """

    def build(self, input_shape, n_models):
        self.input_shape = tuple(int(d) for d in input_shape)
        self.output_shape = (int(np.prod(self.input_shape)),)
        return self.output_shape

    def forward(self, A_prev, training):
        return A_prev.reshape(A_prev.shape[:2] + self.output_shape)

    def backward(self, dA):
        return dA.reshape(dA.shape[:2] + self.input_shape)
