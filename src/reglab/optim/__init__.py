"""Optimizers (base class steps, subclasses update) and learning-rate schedules."""

from reglab.optim.adaptive import Adam, AdamW, RMSprop
from reglab.optim.base import Optimizer
from reglab.optim.schedules import (
    Constant,
    CosineDecay,
    ExponentialDecay,
    InverseTimeDecay,
    StaircaseDecay,
)
from reglab.optim.sgd import SGD, Momentum, Nesterov

OPTIMIZERS = {
    "gd": SGD,
    "sgd": SGD,
    "momentum": Momentum,
    "nesterov": Nesterov,
    "rmsprop": RMSprop,
    "adam": Adam,
    "adamw": AdamW,
}


def get_optimizer(name: str, **kwargs) -> Optimizer:
    """Build an optimizer from its name (one of ``OPTIMIZERS``) and keyword arguments."""
    from reglab._validation import check_choice

    check_choice("optimizer", name, OPTIMIZERS)
    return OPTIMIZERS[name](**kwargs)


__all__ = [
    "OPTIMIZERS",
    "SGD",
    "Adam",
    "AdamW",
    "Constant",
    "CosineDecay",
    "ExponentialDecay",
    "InverseTimeDecay",
    "Momentum",
    "Nesterov",
    "Optimizer",
    "RMSprop",
    "StaircaseDecay",
    "get_optimizer",
]
