"""The stack that a :class:`~reglab.playground.protocol.Settings` describes.

Every setting of compare mode is one model of a single stack: the same architecture, data,
initial weights (one seed for all), batch order and optimizer kind, each with its own
regularization, λ, ``keep_prob`` per hidden layer and learning rate. The network always
carries an L2 and an L1 regularizer and a dropout layer after each hidden layer (λ = 0 and
``keep_prob`` = 1 switch them off), so that each of these may change while training runs.
"""

from __future__ import annotations

import numpy as np

from reglab.data.augment import Jitter
from reglab.data.batches import MiniBatches
from reglab.nn.layers.dropout import Dropout
from reglab.nn.mlp import mlp
from reglab.optim import SGD, Adam, Momentum
from reglab.optim.base import per_model
from reglab.regularizers import L1, L2
from reglab.train.callbacks import EarlyStopping

__all__ = ["apply_hyperparameters", "build_stack", "describe_model"]

OPTIMIZERS = {"gd": SGD, "minibatch": SGD, "momentum": Momentum, "adam": Adam}


def _lams(models, kind: str) -> np.ndarray:
    return np.array([m.lam if m.regularization == kind else 0.0 for m in models])


def build_stack(settings) -> dict:
    """The network, optimizer, batches, early stopping and augmentation of ``settings``."""
    models = settings.models
    K = len(models)
    keep = [[m.keep_prob[i] for m in models] for i in range(len(settings.hidden))]
    network = mlp(
        [2, *settings.hidden, 1],
        activation=settings.activation,
        initializer=settings.initializer,
        keep_prob=keep,
        regularizers=[L2(_lams(models, "L2")), L1(_lams(models, "L1"))],
        n_models=K,
        seed=[settings.seed] * K,  # one seed: the same initial weights and batches for all
    )
    learning_rates = [m.learning_rate for m in models]
    optimizer = OPTIMIZERS[settings.optimizer](learning_rate=learning_rates)
    batch_size = None if settings.optimizer == "gd" else settings.batch_size
    watched = [k for k, m in enumerate(models) if m.early_stopping]
    stopper = EarlyStopping(patience=settings.patience, models=watched) if watched else None
    augment = None
    if settings.jitter > 0:
        jitter = Jitter(settings.jitter)

        def augment(X, rng):
            return jitter(X, rng)

    return {
        "network": network,
        "optimizer": optimizer,
        "batches": MiniBatches(batch_size),
        "stopper": stopper,
        "augment": augment,
    }


def apply_hyperparameters(network, optimizer, models) -> None:
    """Give each model of the stack its regularization, λ, keep_prob and learning rate."""
    l2, l1 = network.regularizers
    l2.lam, l1.lam = _lams(models, "L2"), _lams(models, "L1")
    dropouts = [layer for layer in network.layers if isinstance(layer, Dropout)]
    for i, layer in enumerate(dropouts):
        layer.keep_prob = np.array([m.keep_prob[i] for m in models])
    optimizer.learning_rate = per_model("learning_rate", [m.learning_rate for m in models])


def describe_model(model) -> str:
    """A short label for a setting, e.g. ``L2 λ=1, keep 0.8/1, lr 0.01``."""
    parts = ["no penalty" if model.regularization == "none" else f"{model.regularization} "]
    if model.regularization != "none":
        parts[0] += f"λ={model.lam:g}"
    if any(p < 1 for p in model.keep_prob):
        parts.append("keep " + "/".join(f"{p:g}" for p in model.keep_prob))
    parts.append(f"lr {model.learning_rate:g}")
    if model.early_stopping:
        parts.append("early stopping")
    return ", ".join(parts)
