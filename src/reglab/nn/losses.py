"""Losses computed from the network's last linear output ``Z`` (the logits).

Each loss owns the output activation that belongs to it (sigmoid, softmax, identity), so
the pair can be computed stably: the cross-entropies never take ``log(0)``, and the
gradient with respect to ``Z`` takes the short form ``(A - Y) / m`` of the tutorial's
``dz3 = 1./m * (a3 - Y)``.

Shapes: ``Z`` is ``(K, m, n_out)``; ``Y`` is ``(K or 1, m, n_out)``; a loss returns one
value per model, shape ``(K,)``, averaged over the ``m`` examples.
"""

from __future__ import annotations

import numpy as np

from reglab._validation import check_choice
from reglab.nn.activations import sigmoid, softmax

__all__ = ["LOSSES", "BinaryCrossEntropy", "Loss", "MeanSquaredError", "SoftmaxCrossEntropy"]


_CHUNK = 32  # examples per product in sum_of_logs


def sum_of_logs(A: np.ndarray) -> np.ndarray | None:
    """``Σ_i log a_i`` over each model's examples, for ``A`` of shape (K, m, 1) in (0, 1].

    Computed as ``Σ_chunks log(Π_{i in chunk} a_i)`` over chunks of 32 examples: a product
    of 32 numbers carries a relative rounding error of at most 32 ulp, so each chunk's log
    is off by at most ~4e-15 in float64 (~2e-6 in float32), as good as 32 separate logs;
    and ``log`` is the costliest step of the loss. ``None`` when a product underflows below
    the normal range (a chunk whose examples average a loss above ~22 in float64, ~2.7 in
    float32), for the caller to sum logs another way.
    """
    K, m = A.shape[0], A.shape[1]
    products = np.multiply.reduceat(A.reshape(K, m), np.arange(0, m, _CHUNK), axis=1)
    if products.min() < np.finfo(A.dtype).tiny:
        return None
    return np.log(products).sum(axis=1)


class Loss:
    """Base class: ``output(Z)``, ``value(Z, Y)`` per model and ``gradient(Z, Y) = dJ/dZ``."""

    name = ""
    task = ""

    def output(self, Z):
        raise NotImplementedError

    def value(self, Z, Y):
        raise NotImplementedError

    def gradient(self, Z, Y):
        raise NotImplementedError

    def value_and_gradient(self, Z, Y):
        """Both at once; losses that can share work between them override this."""
        return self.value(Z, Y), self.gradient(Z, Y)

    def encode(self, y: np.ndarray, n_out: int) -> np.ndarray:
        """Turn public labels ``y`` of shape (n,) into targets ``Y`` of shape (n, n_out)."""
        raise NotImplementedError

    def __repr__(self):
        return f"{type(self).__name__}()"


class BinaryCrossEntropy(Loss):
    """``J = -(1/m) Σ [y log a + (1 - y) log(1 - a)]`` with ``a = sigmoid(z)``.

    Computed as ``log(1 + exp(z)) - z y`` (NumPy's ``logaddexp(0, z)``), equal to the
    tutorial's formula but finite for any ``z``. Gradient: ``dZ = (a - y) / m``.
    """

    name = "binary_crossentropy"
    task = "binary"

    def output(self, Z):
        return sigmoid(Z)

    def value(self, Z, Y):
        losses = np.logaddexp(0.0, Z) - Z * Y
        return losses.sum(axis=(1, 2)) / Z.shape[1]

    def gradient(self, Z, Y):
        return (sigmoid(Z) - Y) / Z.shape[1]

    def value_and_gradient(self, Z, Y):
        """Both from one sigmoid. On large stacks the cost is taken as
        ``Σ_i [z_i (1 - y_i) - log a_i]`` (since ``log(1 + e^z) = z - log a``), and the sum
        of logs as the log of products (see :func:`sum_of_logs`): one ``log`` per 32
        examples instead of ``logaddexp``'s ``exp`` and ``log1p`` per example, 2-3x faster.
        On small arrays, where each extra NumPy call costs more than the arithmetic, and
        whenever a product would underflow, ``logaddexp`` computes it."""
        m = Z.shape[1]
        A = sigmoid(Z)
        log_a = sum_of_logs(A) if Z.size > 1024 else None
        if log_a is not None:
            cost = ((Z - Z * Y).sum(axis=(1, 2)) - log_a) / m
        else:
            cost = self.value(Z, Y)
        A -= Y
        A /= m
        return cost, A

    def encode(self, y, n_out):
        if n_out != 1:
            raise ValueError(f"binary_crossentropy needs 1 output unit, got {n_out}")
        labels = np.unique(y)
        if not np.all(np.isin(labels, (0, 1))):
            bad = labels[~np.isin(labels, (0, 1))][0]
            raise ValueError(f"y must hold labels 0 and 1 for binary_crossentropy, got {bad:g}")
        return y.reshape(-1, 1).astype(np.float64)


class SoftmaxCrossEntropy(Loss):
    """``J = -(1/m) Σ_i log a_{i, y_i}`` with ``a = softmax(z)``; ``dZ = (a - Y) / m``."""

    name = "softmax_crossentropy"
    task = "multiclass"

    def output(self, Z):
        return softmax(Z)

    def value(self, Z, Y):
        shifted = Z - Z.max(axis=-1, keepdims=True)
        log_a = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
        return -(Y * log_a).sum(axis=(1, 2)) / Z.shape[1]

    def gradient(self, Z, Y):
        return (softmax(Z) - Y) / Z.shape[1]

    def value_and_gradient(self, Z, Y):
        """Both from one exponential: ``log a = shifted - log Σ exp(shifted)`` for the
        cost, and ``a = exp(shifted) / Σ exp(shifted)`` for ``dZ = (a - Y) / m``."""
        m = Z.shape[1]
        shifted = Z - Z.max(axis=-1, keepdims=True)
        E = np.exp(shifted)
        total = E.sum(axis=-1, keepdims=True)
        cost = -(Y * (shifted - np.log(total))).sum(axis=(1, 2)) / m
        E /= total  # A = softmax(Z)
        E -= Y
        E /= m
        return cost, E

    def encode(self, y, n_out):
        classes = np.arange(n_out)
        if not np.all(np.isin(y, classes)) or np.any(y != np.round(y)):
            bad = y[~np.isin(y, classes)][0]
            raise ValueError(
                f"y must hold class labels 0..{n_out - 1} for softmax_crossentropy, got {bad:g}"
            )
        return (y.reshape(-1, 1) == classes).astype(np.float64)


class MeanSquaredError(Loss):
    """``J = (1 / (m n_out)) Σ (z - y)²`` with the identity output.

    Gradient: ``dZ = 2 (z - y) / (m n_out)``.
    """

    name = "mse"
    task = "regression"

    def output(self, Z):
        return Z

    def value(self, Z, Y):
        return ((Z - Y) ** 2).mean(axis=(1, 2))

    def gradient(self, Z, Y):
        return 2.0 * (Z - Y) / (Z.shape[1] * Z.shape[2])

    def encode(self, y, n_out):
        Y = y.reshape(len(y), -1).astype(np.float64)
        if Y.shape[1] != n_out:
            raise ValueError(f"y must have {n_out} target column(s) for mse, got {Y.shape[1]}")
        return Y


LOSSES = {
    "binary_crossentropy": BinaryCrossEntropy,
    "softmax_crossentropy": SoftmaxCrossEntropy,
    "mse": MeanSquaredError,
}


def get_loss(spec) -> Loss:
    """Accept a :class:`Loss` or one of the names in ``LOSSES``."""
    if isinstance(spec, Loss):
        return spec
    check_choice("loss", spec, LOSSES)
    return LOSSES[spec]()
