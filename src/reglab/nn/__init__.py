"""Networks as stacks of K models: layers, activations, initializers, losses."""

from reglab.nn.initializers import Initializer
from reglab.nn.layers.activation import LeakyReLU, Linear, ReLU, Sigmoid, Softmax, Tanh, activation
from reglab.nn.layers.base import Layer
from reglab.nn.layers.conv import Conv2D
from reglab.nn.layers.dense import Dense
from reglab.nn.layers.dropout import Dropout, LegacyDropout
from reglab.nn.layers.flatten import Flatten
from reglab.nn.layers.pooling import AvgPool2D, MaxPool2D
from reglab.nn.losses import BinaryCrossEntropy, MeanSquaredError, SoftmaxCrossEntropy
from reglab.nn.mlp import mlp
from reglab.nn.network import Network

__all__ = [
    "AvgPool2D",
    "BinaryCrossEntropy",
    "Conv2D",
    "Dense",
    "Dropout",
    "Flatten",
    "Initializer",
    "Layer",
    "LegacyDropout",
    "LeakyReLU",
    "Linear",
    "MaxPool2D",
    "MeanSquaredError",
    "Network",
    "ReLU",
    "Sigmoid",
    "Softmax",
    "SoftmaxCrossEntropy",
    "Tanh",
    "activation",
    "mlp",
]
