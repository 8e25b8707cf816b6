"""Activation layers: each wraps one function of :mod:`reglab.nn.activations`."""

from __future__ import annotations

from reglab._validation import check_choice, check_positive
from reglab.nn import activations as F
from reglab.nn.layers.base import Layer

__all__ = ["ACTIVATIONS", "LeakyReLU", "Linear", "ReLU", "Sigmoid", "Softmax", "Tanh", "activation"]


class ReLU(Layer):
    """``A = max(0, Z)``; backward ``dZ = dA * 1[Z > 0]``."""

    def forward(self, Z, training):
        self.A = F.relu(Z)
        return self.A

    def backward(self, dA):
        return F.relu_backward(dA, self.A)


class LeakyReLU(Layer):
    """``A = Z if Z > 0 else alpha * Z``; ``alpha`` default 0.01."""

    def __init__(self, alpha: float = 0.01):
        super().__init__()
        self.alpha = float(check_positive("alpha", alpha, strict=False))

    def forward(self, Z, training):
        self.Z = Z
        return F.leaky_relu(Z, self.alpha)

    def backward(self, dA):
        return F.leaky_relu_backward(dA, self.Z, self.alpha)

    def get_config(self):
        return {"alpha": self.alpha}


class Tanh(Layer):
    """``A = tanh(Z)``; backward ``dZ = dA * (1 - A**2)``."""

    def forward(self, Z, training):
        self.A = F.tanh(Z)
        return self.A

    def backward(self, dA):
        return F.tanh_backward(dA, self.A)


class Sigmoid(Layer):
    """``A = 1 / (1 + exp(-Z))``; backward ``dZ = dA * A * (1 - A)``.

    For the output of a binary classifier use the loss ``"binary_crossentropy"`` instead,
    which applies the sigmoid itself and never takes ``log(0)``.
    """

    def forward(self, Z, training):
        self.A = F.sigmoid(Z)
        return self.A

    def backward(self, dA):
        return F.sigmoid_backward(dA, self.A)


class Softmax(Layer):
    """``A = softmax(Z)`` over the units; backward is the Jacobian-vector product.

    For the output of a classifier use the loss ``"softmax_crossentropy"`` instead.
    """

    def forward(self, Z, training):
        self.A = F.softmax(Z)
        return self.A

    def backward(self, dA):
        return F.softmax_backward(dA, self.A)


class Linear(Layer):
    """The identity activation, ``A = Z``."""

    def forward(self, Z, training):
        return Z

    def backward(self, dA):
        return dA


ACTIVATIONS = {
    "relu": ReLU,
    "leaky_relu": LeakyReLU,
    "tanh": Tanh,
    "sigmoid": Sigmoid,
    "softmax": Softmax,
    "linear": Linear,
}


def activation(name: str) -> Layer:
    """Build an activation layer from its name (one of ``ACTIVATIONS``)."""
    check_choice("activation", name, ACTIVATIONS)
    return ACTIVATIONS[name]()
