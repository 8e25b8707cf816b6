"""Build a dense network from the tutorial's ``layer_dims`` list."""

from __future__ import annotations

from collections.abc import Sequence

from reglab._validation import check_int
from reglab.nn.layers.activation import activation as make_activation
from reglab.nn.layers.dense import Dense
from reglab.nn.layers.dropout import Dropout, LegacyDropout
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
    legacy_dropout: LegacyDropout | None = None,
    dtype="float64",
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
    initializer : str, Initializer, function, or a list of them, default "he"
        How each Dense layer's ``W`` is drawn: one for all layers, or a list with one per
        Dense layer (``len(layer_dims) - 1``). A function is called as
        ``(rng, n_in, n_out)`` and returns ``W`` of shape ``(n_out, n_in)``.
    n_models, seed, legacy_dropout, dtype
        As for :class:`~reglab.nn.network.Network` (``dtype="float32"``: a network computing
        in float32).
    """
    dims = [check_int("layer_dims", d, minimum=1) for d in layer_dims]
    if len(dims) < 2:
        raise ValueError(f"layer_dims must list the input size and at least one layer, got {dims}")
    hidden = len(dims) - 2
    keep = _per_hidden_layer(keep_prob, hidden)
    initializers = _per_dense_layer(initializer, hidden + 1)
    layers = []
    for units, kp, init in zip(dims[1:-1], keep, initializers, strict=False):
        layers += [Dense(units, init), make_activation(activation)]
        if kp is not None:
            layers.append(Dropout(kp))
    layers.append(Dense(dims[-1], initializers[-1]))
    network = Network(
        layers,
        loss=loss,
        regularizers=regularizers,
        n_models=n_models,
        seed=seed,
        legacy_dropout=legacy_dropout,
        dtype=dtype,
    )
    return network.build((dims[0],))


def _per_dense_layer(initializer, count: int) -> list:
    if not isinstance(initializer, list | tuple):
        return [initializer] * count
    if len(initializer) != count:
        raise ValueError(
            f"initializer must be one initializer or one per Dense layer ({count}), "
            f"got {len(initializer)}"
        )
    return list(initializer)


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
