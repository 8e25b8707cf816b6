"""The 2-D convolution, ``Z = conv(A_prev, W) + b``, for a stack of K models, by im2col.

Images are channels-last: one example has shape ``(H, W, C)``, so activations flow as
``(K or 1, m, H, W, C)``. A convolution is a matrix product once every receptive field is
laid out as a row (*im2col*): with ``cols`` of shape ``(K or 1, m·H_out·W_out, kh·kw·C_in)``
and ``W`` of shape ``(K, C_out, kh, kw, C_in)`` read as ``(K, C_out, kh·kw·C_in)``::

    Z = cols @ W.T + b              dW = dZ.T @ cols,   db = Σ_rows dZ
                                    dA_prev = col2im(dZ @ W)

*col2im* adds each window's gradient back onto the pixels the window was cut from. It runs
one kernel offset ``(i, j)`` at a time,

    dA_prev[:, :, i + sh·y, j + sw·x, :] += dZ[:, :, y, x, :] @ W[:, :, i, j, :]

for all ``(y, x)`` at once, so ``dZ @ W``, as large as ``cols``, is never materialized.
:func:`sliding_windows` and :func:`window_slices` serve the pooling layers too.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from reglab._validation import check_choice, check_int
from reglab.nn.initializers import get_initializer, initial_weights, initializer_config
from reglab.nn.layers.base import Layer, ParamSpec

__all__ = ["Conv2D", "conv_output_size", "same_padding", "sliding_windows", "window_slices"]

PADDINGS = ("valid", "same")


def pair(name: str, value, *, minimum: int) -> tuple[int, int]:
    """An int ``n`` as ``(n, n)``, or a sequence of two ints, each at least ``minimum``."""
    if isinstance(value, Sequence) and not isinstance(value, str):
        if len(value) != 2:
            raise ValueError(f"{name} must be an int or a pair of ints, got {tuple(value)}")
        return tuple(check_int(name, v, minimum=minimum) for v in value)
    n = check_int(name, value, minimum=minimum)
    return (n, n)


def check_image_shape(layer: str, input_shape) -> tuple[int, int, int]:
    """Check a per-example shape ``(H, W, C)``; say how to pass one-channel images."""
    if len(input_shape) != 3:
        raise ValueError(
            f"{layer} expects per-example inputs of shape (H, W, C), got {tuple(input_shape)}; "
            f"pass one-channel images as (n, H, W, 1), e.g. X[..., None]"
        )
    return tuple(int(d) for d in input_shape)


def same_padding(size: int, kernel: int, stride: int) -> tuple[int, int]:
    """Padding ``(before, after)`` so that ``size_out = ceil(size / stride)``.

    The odd pixel, if any, goes after (bottom or right), as in TensorFlow and PyTorch.
    """
    total = max((-(-size // stride) - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


def conv_output_size(size: int, kernel: int, stride: int) -> int:
    """``floor((size - kernel) / stride) + 1`` for an already padded ``size``."""
    return (size - kernel) // stride + 1


def sliding_windows(A: np.ndarray, kernel_size, stride) -> np.ndarray:
    """Every ``kh x kw`` window of ``A`` (K, m, H, W, C), as a view (nothing is copied).

    Returns shape ``(K, m, H_out, W_out, kh, kw, C)``: ``[..., y, x, i, j, c]`` is
    ``A[..., y·sh + i, x·sw + j, c]``.
    """
    (sh, sw) = stride
    view = sliding_window_view(A, kernel_size, axis=(2, 3))  # (K, m, H-kh+1, W-kw+1, C, kh, kw)
    return view[:, :, ::sh, ::sw].transpose(0, 1, 2, 3, 5, 6, 4)


def window_slices(i: int, j: int, out_size: tuple[int, int], stride) -> tuple[slice, ...]:
    """Index of the pixels that kernel offset ``(i, j)`` reads, in ``(K, m, H, W, C)``.

    ``A[window_slices(i, j, ...)]`` is ``A[:, :, i + sh·y, j + sw·x]`` for every output
    position ``(y, x)``: shape ``(K, m, H_out, W_out, C)``. Adding each offset's gradient
    back through these slices is *col2im*, the adjoint of :func:`sliding_windows`;
    overlapping windows accumulate.
    """
    (H_out, W_out), (sh, sw) = out_size, stride
    rows = slice(i, i + sh * (H_out - 1) + 1, sh)
    columns = slice(j, j + sw * (W_out - 1) + 1, sw)
    return (slice(None), slice(None), rows, columns)


def _flat_view(array: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """``array.reshape(shape)``, guaranteed to share memory (a copy would go stale)."""
    view = array.reshape(shape)
    if not np.shares_memory(view, array):
        raise RuntimeError("parameter views must reshape without copying")
    return view


class Conv2D(Layer):
    """A 2-D convolution over channels-last images: ``Z = conv(A_prev, W) + b``.

    ``W`` has shape ``(K, C_out, kh, kw, C_in)``: ``W[k, o]`` is model k's filter ``o``,
    so a max-norm constraint (norm over all axes after the first two) bounds each filter.
    ``b`` has shape ``(K, C_out)``. Like every deep-learning library, this computes a
    cross-correlation (the kernel is not flipped):

        Z[y, x, o] = b[o] + Σ_{i, j, c} A_pad[y·sh + i, x·sw + j, c] · W[o, i, j, c]

    Parameters
    ----------
    filters : int
        ``C_out``, the number of filters (output channels).
    kernel_size : int or (int, int)
        ``(kh, kw)``; an int ``n`` means ``(n, n)``.
    stride : int or (int, int), default 1
        ``(sh, sw)``, the step between windows.
    padding : {"valid", "same"} or int, default "valid"
        ``"valid"``: no padding, ``H_out = floor((H - kh) / sh) + 1``. ``"same"``: zeros so
        that ``H_out = ceil(H / sh)`` (an odd pixel of padding goes to the bottom/right).
        An int ``p``: ``p`` rows or columns of zeros on every side.
    initializer : str, Initializer or function, default "he"
        Draws ``W`` as a ``(C_out, kh·kw·C_in)`` matrix (a function is called as
        ``(rng, kh·kw·C_in, C_out)``), i.e. with ``fan_in = kh·kw·C_in``
        (He: ``std = sqrt(2 / fan_in)``) and ``n_out = C_out``; ``b`` starts at zero.
    regularizer : Regularizer or list of them, optional
        Overrides the network's regularizers for this layer's ``W`` (``[]`` means none).

    Notes
    -----
    Inputs must have per-example shape ``(H, W, C)``: give one-channel images as
    ``(n, H, W, 1)`` (``X[..., None]``); an ``(n, H, W)`` array is refused when the network
    is built, rather than guessed.
    """

    def __init__(
        self,
        filters: int,
        kernel_size,
        stride=1,
        padding="valid",
        initializer="he",
        regularizer=None,
    ):
        super().__init__()
        self.filters = check_int("filters", filters, minimum=1)
        self.kernel_size = pair("kernel_size", kernel_size, minimum=1)
        self.stride = pair("stride", stride, minimum=1)
        if isinstance(padding, str):
            self.padding = check_choice("padding", padding, PADDINGS)
        else:
            self.padding = check_int("padding", padding, minimum=0)
        self.initializer = get_initializer(initializer)
        self.regularizer = regularizer

    def _pads(self, H: int, W: int) -> tuple[tuple[int, int], tuple[int, int]]:
        if self.padding == "valid":
            return (0, 0), (0, 0)
        if self.padding == "same":
            return tuple(
                same_padding(n, k, s)
                for n, k, s in zip((H, W), self.kernel_size, self.stride, strict=True)
            )
        return (self.padding, self.padding), (self.padding, self.padding)

    def build(self, input_shape, n_models):
        H, W, C_in = check_image_shape("Conv2D", input_shape)
        self.pads = self._pads(H, W)
        self.padded_size = (H + sum(self.pads[0]), W + sum(self.pads[1]))
        if any(k > n for k, n in zip(self.kernel_size, self.padded_size, strict=True)):
            raise ValueError(
                f"kernel_size must fit in the padded input {self.padded_size}, "
                f"got {self.kernel_size}"
            )
        H_out, W_out = (
            conv_output_size(n, k, s)
            for n, k, s in zip(self.padded_size, self.kernel_size, self.stride, strict=True)
        )
        self.input_shape = (H, W, C_in)
        self.output_shape = (H_out, W_out, self.filters)
        return self.output_shape

    def param_specs(self):
        kh, kw = self.kernel_size
        C_in = self.input_shape[-1]
        return [
            ParamSpec("W", (self.filters, kh, kw, C_in), True),
            ParamSpec("b", (self.filters,), False),
        ]

    def initialize(self, rng, k):
        kh, kw = self.kernel_size
        C_in = self.input_shape[-1]
        fan_in = kh * kw * C_in
        W = initial_weights(self.initializer, rng, fan_in, self.filters, repr(self))
        self.params["W"][k] = W.reshape(self.filters, kh, kw, C_in)
        self.params["b"][k] = 0.0

    def bind(self, values, grads):
        super().bind(values, grads)
        K = values["W"].shape[0]
        # views, fixed once: theta is updated in place and never reallocated
        self.W_mat = _flat_view(values["W"], (K, self.filters, -1))  # (K, C_out, kh·kw·C_in)
        self.dW_mat = _flat_view(grads["W"], (K, self.filters, -1))
        self.b_row = values["b"][:, None, :]  # (K, 1, C_out)
        self.db_row = grads["b"][:, None, :]
        self.ones: dict[int, np.ndarray] = {}  # a row of N ones for each number of rows N

    def forward(self, A_prev, training):
        (top, bottom), (left, right) = self.pads
        if top or bottom or left or right:
            A_prev = np.pad(A_prev, ((0, 0), (0, 0), (top, bottom), (left, right), (0, 0)))
        K_in, m = A_prev.shape[:2]
        H_out, W_out, C_out = self.output_shape
        windows = sliding_windows(A_prev, self.kernel_size, self.stride)
        self.cols = windows.reshape(K_in, m * H_out * W_out, -1)  # im2col: a copy
        Z = np.matmul(self.cols, self.W_mat.transpose(0, 2, 1))  # (K, m·H_out·W_out, C_out)
        Z += self.b_row
        return Z.reshape(-1, m, H_out, W_out, C_out)

    def backward(self, dZ):
        K, m = dZ.shape[:2]
        dZ_mat = dZ.reshape(K, -1, self.filters)  # (K, N, C_out), N = m·H_out·W_out
        np.matmul(dZ_mat.transpose(0, 2, 1), self.cols, out=self.dW_mat)  # dW = dZ.T @ cols
        N = dZ_mat.shape[1]
        ones = self.ones.get(N)
        if ones is None:
            ones = self.ones[N] = np.ones((1, 1, N), dtype=dZ.dtype)
        np.matmul(ones, dZ_mat, out=self.db_row)  # db = Σ_rows dZ
        if not self.needs_input_grad:
            return None
        W, (H_out, W_out, _) = self.params["W"], self.output_shape
        dA_pad = np.zeros((K, m, *self.padded_size, self.input_shape[-1]), dtype=dZ.dtype)
        for i, j in np.ndindex(*self.kernel_size):  # col2im, one kernel offset at a time
            dcols_ij = np.matmul(dZ_mat, W[:, :, i, j])  # dZ @ W[:, i, j, :], (K, N, C_in)
            window = window_slices(i, j, (H_out, W_out), self.stride)
            dA_pad[window] += dcols_ij.reshape(K, m, H_out, W_out, -1)
        (top, _), (left, _) = self.pads
        H, W_in, _ = self.input_shape
        return dA_pad[:, :, top : top + H, left : left + W_in]

    def get_config(self):
        return {
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "stride": self.stride,
            "padding": self.padding,
            "initializer": initializer_config(self.initializer),
        }
