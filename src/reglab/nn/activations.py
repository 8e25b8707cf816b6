"""Activation functions and their derivatives, side by side.

Each ``*_backward`` takes the upstream gradient ``dA`` and what the forward pass produced
and returns ``dZ``. All are elementwise except softmax, which works on the last axis.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "leaky_relu",
    "leaky_relu_backward",
    "relu",
    "relu_backward",
    "sigmoid",
    "sigmoid_backward",
    "softmax",
    "softmax_backward",
    "tanh",
    "tanh_backward",
]


def relu(Z):
    """``max(0, Z)``."""
    return np.maximum(Z, 0.0)


def relu_backward(dA, A):
    """``dZ = dA * 1[Z > 0]``; ``A > 0`` exactly when ``Z > 0`` (the tutorial's test)."""
    return np.multiply(dA, A > 0, out=dA if dA.shape == A.shape else None)


def leaky_relu(Z, alpha):
    """``Z`` where positive, ``alpha * Z`` elsewhere."""
    return np.where(Z > 0, Z, alpha * Z)


def leaky_relu_backward(dA, Z, alpha):
    """``dZ = dA`` where ``Z > 0``, ``alpha * dA`` elsewhere."""
    return np.where(Z > 0, dA, alpha * dA)


def sigmoid(Z):
    """``1 / (1 + exp(-Z))``, as SciPy's ``expit``: one ufunc that never overflows."""
    from scipy.special import expit  # here, not at the top: SciPy takes 0.5 s to import

    return expit(Z)


def sigmoid_backward(dA, A):
    """``dZ = dA * A * (1 - A)``."""
    return dA * A * (1.0 - A)


def tanh(Z):
    return np.tanh(Z)


def tanh_backward(dA, A):
    """``dZ = dA * (1 - A**2)``."""
    return dA * (1.0 - A * A)


def softmax(Z):
    """``exp(Z) / sum(exp(Z))`` over the last axis, shifted by the max for stability."""
    E = np.exp(Z - Z.max(axis=-1, keepdims=True))
    return E / E.sum(axis=-1, keepdims=True)


def softmax_backward(dA, A):
    """The Jacobian-vector product ``dZ_i = A_i * (dA_i - sum_j dA_j A_j)``."""
    return A * (dA - np.sum(dA * A, axis=-1, keepdims=True))
