"""Max and average pooling over channels-last images, for a stack of K models.

Both read every ``ph x pw`` window of ``A_prev`` (K or 1, m, H, W, C) through
:func:`~reglab.nn.layers.conv.sliding_windows` (a view) and give gradients back one window
offset ``(i, j)`` at a time through :func:`~reglab.nn.layers.conv.window_slices` (col2im),
so overlapping windows (``stride < pool_size``) accumulate their gradients and
non-overlapping ones (the default) simply scatter them.
There is no padding: rows and columns that do not fill a last window are dropped,
``H_out = floor((H - ph) / sh) + 1``.
"""

from __future__ import annotations

import numpy as np

from reglab.nn.layers.base import Layer
from reglab.nn.layers.conv import (
    check_image_shape,
    conv_output_size,
    pair,
    sliding_windows,
    window_slices,
)

__all__ = ["AvgPool2D", "MaxPool2D"]


class _Pool2D(Layer):
    """Shared shape logic: ``pool_size``, ``stride`` (default ``pool_size``), no padding."""

    def __init__(self, pool_size=2, stride=None):
        super().__init__()
        self.pool_size = pair("pool_size", pool_size, minimum=1)
        self.stride = self.pool_size if stride is None else pair("stride", stride, minimum=1)

    def build(self, input_shape, n_models):
        H, W, C = check_image_shape(type(self).__name__, input_shape)
        if any(p > n for p, n in zip(self.pool_size, (H, W), strict=True)):
            raise ValueError(f"pool_size must fit in the input {(H, W)}, got {self.pool_size}")
        H_out, W_out = (
            conv_output_size(n, p, s)
            for n, p, s in zip((H, W), self.pool_size, self.stride, strict=True)
        )
        self.input_shape = (H, W, C)
        self.output_shape = (H_out, W_out, C)
        return self.output_shape

    def get_config(self):
        return {"pool_size": self.pool_size, "stride": self.stride}


class MaxPool2D(_Pool2D):
    """``A[y, x, c] = max_{i, j} A_prev[y·sh + i, x·sw + j, c]``.

    Backward routes each window's gradient to the input that held its maximum:
    ``dA_prev[argmax] += dA``. Ties go to the first maximum in row-major order within
    the window (the top-most, then left-most), as ``np.argmax`` and PyTorch's CPU kernel
    choose; a pixel that is the maximum of several overlapping windows collects the
    gradient of each.

    Parameters
    ----------
    pool_size : int or (int, int), default 2
        ``(ph, pw)``.
    stride : int or (int, int), optional
        ``(sh, sw)``; defaults to ``pool_size`` (non-overlapping windows).
    """

    def forward(self, A_prev, training):
        ph, pw = self.pool_size
        # windows: (K, m, H_out, W_out, ph, pw, C)
        windows = sliding_windows(A_prev, self.pool_size, self.stride)
        A = windows[:, :, :, :, 0, 0].copy()
        # argmax: the offset o = i·pw + j of each window's maximum
        self.argmax = np.zeros(A.shape, dtype=np.min_scalar_type(ph * pw - 1))
        for o, (i, j) in enumerate(np.ndindex(ph, pw)):
            candidate = windows[:, :, :, :, i, j]
            self.argmax[candidate > A] = o  # strictly larger: a tie keeps the first maximum
            np.maximum(A, candidate, out=A)
        return A

    def backward(self, dA):
        K, m = dA.shape[:2]
        dA_prev = np.zeros((K, m, *self.input_shape), dtype=dA.dtype)
        for o, (i, j) in enumerate(np.ndindex(*self.pool_size)):
            window = window_slices(i, j, self.output_shape[:2], self.stride)
            dA_prev[window] += dA * (self.argmax == o)
        return dA_prev


class AvgPool2D(_Pool2D):
    """``A[y, x, c] = mean_{i, j} A_prev[y·sh + i, x·sw + j, c]``.

    Backward spreads each window's gradient evenly: every input of the window receives
    ``dA / (ph·pw)``, summed over the overlapping windows that contain it.

    Parameters
    ----------
    pool_size : int or (int, int), default 2
        ``(ph, pw)``.
    stride : int or (int, int), optional
        ``(sh, sw)``; defaults to ``pool_size`` (non-overlapping windows).
    """

    def forward(self, A_prev, training):
        windows = sliding_windows(A_prev, self.pool_size, self.stride)
        return windows.mean(axis=(4, 5))

    def backward(self, dA):
        K, m = dA.shape[:2]
        share = dA / (self.pool_size[0] * self.pool_size[1])
        dA_prev = np.zeros((K, m, *self.input_shape), dtype=dA.dtype)
        for i, j in np.ndindex(*self.pool_size):
            dA_prev[window_slices(i, j, self.output_shape[:2], self.stride)] += share
        return dA_prev
