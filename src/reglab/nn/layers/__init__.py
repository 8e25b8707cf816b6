"""Layers; ``LAYER_TYPES`` maps each class name to its class, for saved models."""

from reglab.nn.layers.activation import LeakyReLU, Linear, ReLU, Sigmoid, Softmax, Tanh
from reglab.nn.layers.base import Layer, ParamSpec
from reglab.nn.layers.conv import Conv2D
from reglab.nn.layers.dense import Dense
from reglab.nn.layers.dropout import Dropout, LegacyDropout
from reglab.nn.layers.flatten import Flatten
from reglab.nn.layers.pooling import AvgPool2D, MaxPool2D

LAYER_TYPES: dict[str, type[Layer]] = {
    cls.__name__: cls for cls in (Dense, Dropout, ReLU, LeakyReLU, Tanh, Sigmoid, Softmax, Linear)
}
LAYER_TYPES.update({cls.__name__: cls for cls in (Conv2D, MaxPool2D, AvgPool2D, Flatten)})


def register_layer(cls: type[Layer]) -> type[Layer]:
    """Make a layer class known to saved-model loading (usable as a decorator)."""
    LAYER_TYPES[cls.__name__] = cls
    return cls


__all__ = [
    "LAYER_TYPES",
    "AvgPool2D",
    "Conv2D",
    "Dense",
    "Dropout",
    "Flatten",
    "Layer",
    "LegacyDropout",
    "LeakyReLU",
    "Linear",
    "MaxPool2D",
    "ParamSpec",
    "ReLU",
    "Sigmoid",
    "Softmax",
    "Tanh",
    "register_layer",
]
