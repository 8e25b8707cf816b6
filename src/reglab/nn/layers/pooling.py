"""Max and average pooling over channels-last images, for a stack of K models.

Both read every ``ph x pw`` window of ``A_prev`` (K or 1, m, H, W, C) through
:func:`~reglab.nn.layers.conv.sliding_windows` (a view) and give back gradients through
:func:`~reglab.nn.layers.conv.col2im`, so overlapping windows (``stride < pool_size``)
accumulate their gradients and non-overlapping ones (the default) simply scatter them.
There is no padding: rows and columns that do not fill a last window are dropped,
``H_out = floor((H - ph) / sh) + 1``.
"""

from __future__ import annotations

import numpy as np

from reglab.nn.layers.base import Layer
from reglab.nn.layers.conv import (
    check_image_shape,
    col2im,
    conv_output_size,
    pair,
    sliding_windows,
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
        K, m = A_prev.shape[:2]
        H_out, W_out, C = self.output_shape
        windows = sliding_windows(A_prev, self.pool_size, self.stride)
        flat = windows.reshape(K, m, H_out, W_out, ph * pw, C)  # one window per column
        argmax = flat.argmax(axis=4)[:, :, :, :, None]  # (K, m, H_out, W_out, 1, C)
        self.mask = argmax == np.arange(ph * pw)[:, None]  # D: the one input each window passes
        return np.take_along_axis(flat, argmax, axis=4)[:, :, :, :, 0]

    def backward(self, dA):
        ph, pw = self.pool_size
        dcols = self.mask * dA[:, :, :, :, None]  # (K, m, H_out, W_out, ph·pw, C)
        dcols = dcols.reshape(dcols.shape[:4] + (ph, pw, -1))
        return col2im(dcols, self.input_shape[:2], self.stride)


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
        ph, pw = self.pool_size
        share = dA[:, :, :, :, None, None, :] / (ph * pw)  # (K, m, H_out, W_out, 1, 1, C)
        dcols = np.broadcast_to(share, dA.shape[:4] + (ph, pw, dA.shape[4]))
        return col2im(dcols, self.input_shape[:2], self.stride)
