"""The optimizer base class: it owns ``step()`` and the bookkeeping; subclasses only update.

An optimizer works on the network's flat buffers ``theta`` and ``grad``, both (K, P), so
one update serves every parameter of every model. Learning rates (and other per-model
hyperparameters) may be one number or one value per model.
"""

from __future__ import annotations

import numpy as np

from reglab._per_model import check_count, column, config_value, per_model_values
from reglab._validation import check_positive
from reglab.optim.schedules import get_schedule

__all__ = ["Optimizer"]


def per_model(name: str, value, *, strict=True) -> np.ndarray:
    """A positive hyperparameter: one value for the stack or one per model."""
    return per_model_values(name, check_positive(name, value, strict=strict))


class Optimizer:
    """Base class: ``theta -= update(grad)`` for the models still training.

    Parameters
    ----------
    learning_rate : float or sequence of K floats
        ``lr0``; must be > 0.
    schedule : Schedule or str, optional
        Multiplies ``lr0`` each epoch (see :mod:`reglab.optim.schedules`).
    """

    def __init__(self, learning_rate=0.01, schedule=None):
        self.learning_rate = per_model("learning_rate", learning_rate)
        self.schedule = get_schedule(schedule)

    def reset(self, theta: np.ndarray, penalized: np.ndarray | None = None) -> None:
        """Start afresh for parameters shaped like ``theta`` (K, P), in ``theta``'s dtype."""
        check_count("learning_rate", self.learning_rate, theta.shape[0])
        self.dtype = theta.dtype
        self.t = 0
        self.penalized = penalized
        self.state = {name: np.zeros_like(theta) for name in self.state_names()}
        # scratch space for update(): a step then allocates no array as large as theta
        self.buffer = np.empty_like(theta)
        self.set_epoch(0)

    def state_names(self) -> tuple[str, ...]:
        """Names of the per-parameter state arrays (e.g. ``("velocity",)``)."""
        return ()

    def set_epoch(self, epoch: int) -> None:
        """Apply the schedule: ``lr = lr0 * schedule(epoch)``, a float or a (K, 1) column.

        A learning rate shared by all models is kept as a Python float: scalar arithmetic
        is cheaper than broadcasting a (1, 1) array, and gives the same numbers.
        """
        self.lr = column(self.learning_rate * self.schedule(epoch), 2, self.dtype)

    def step(self, theta: np.ndarray, grad: np.ndarray, active: np.ndarray | None = None):
        """One update of ``theta`` in place; models with ``active[k] = False`` do not move."""
        self.t += 1
        delta = self.update(grad, theta)
        if active is not None:
            delta[~active] = 0.0
        theta -= delta

    def update(self, grad: np.ndarray, theta: np.ndarray) -> np.ndarray:
        """Return the amount to subtract from ``theta``; subclasses write their rule here.

        It may compute in, and return, ``self.buffer``: ``step`` uses the result at once.
        """
        raise NotImplementedError

    def get_config(self) -> dict:
        return {"learning_rate": config_value(self.learning_rate)}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        schedule = (
            "" if type(self.schedule).__name__ == "Constant" else f", schedule={self.schedule!r}"
        )
        return f"{type(self).__name__}({args}{schedule})"
