"""Build a dense network from the tutorial's ``layer_dims`` list."""

from __future__ import annotations

from collections.abc import Sequence

from reglab._validation import check_int
from reglab.nn.layers.activation import activation as make_activation
from reglab.nn.layers.dense import Dense
from reglab.nn.layers.dropout import Dropout
from reglab.nn.network import Network

__all__ = ["mlp"]


def mlp(
    layer_dims: Sequence[int],
    *,
    activation: str = "relu",
    loss: str = "binary_crossentropy",
    keep_prob=None,
    initializer="he",
    regularizers=None,
    n_models: int = 1,
    seed=0,
) -> Network:
    """A dense network ``layer_dims = [n_x, n_1, ..., n_L]`` as the tutorial writes it.

    Each hidden layer is ``Dense -> activation [-> Dropout]``; the last ``Dense`` feeds the
    loss, which applies the output activation (sigmoid, softmax or identity) itself.
    ``[2, 5, 2, 1]`` with the defaults is the tutorial's LINEAR -> RELU -> LINEAR -> RELU
    -> LINEAR -> SIGMOID.

    Parameters
    ----------
    keep_prob : None, float or sequence
        Dropout after hidden layers: one value for all of them, or one per hidden layer
        (each a number or one value per model). ``None`` or 1.0: no dropout.
    """
    dims = [check_int("layer_dims", d, minimum=1) for d in layer_dims]
    if len(dims) < 2:
        raise ValueError(f"layer_dims must list the input size and at least one layer, got {dims}")
    hidden = len(dims) - 2
    keep = _per_hidden_layer(keep_prob, hidden)
    layers = []
    for units, kp in zip(dims[1:-1], keep, strict=True):
        layers += [Dense(units, initializer), make_activation(activation)]
        if kp is not None:
            layers.append(Dropout(kp))
    layers.append(Dense(dims[-1], initializer))
    network = Network(layers, loss=loss, regularizers=regularizers, n_models=n_models, seed=seed)
    return network.build((dims[0],))


def _per_hidden_layer(keep_prob, hidden: int) -> list:
    if keep_prob is None:
        return [None] * hidden
    if isinstance(keep_prob, int | float):
        return [None if keep_prob == 1 else keep_prob] * hidden
    values = list(keep_prob)
    if len(values) != hidden:
        raise ValueError(
            f"keep_prob must have one entry per hidden layer ({hidden}), got {len(values)}"
        )
    return values
