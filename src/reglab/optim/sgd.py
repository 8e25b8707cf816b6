"""Gradient descent and its momentum variants."""

from __future__ import annotations

import numpy as np

from reglab._per_model import column, config_value, per_model_values
from reglab._validation import check_choice, check_in_range
from reglab.optim.base import Optimizer
from reglab.optim.moments import update_moment

__all__ = ["SGD", "Momentum", "Nesterov"]


class SGD(Optimizer):
    """Gradient descent: ``theta -= lr * grad``.

    Full-batch gradient descent and mini-batch SGD are the same rule; they differ in the
    ``batch_size`` the training loop uses (``None`` means the whole training set).
    """

    def update(self, grad, theta):
        return np.multiply(grad, self.lr, out=self.buffer)  # lr * grad


class Momentum(Optimizer):
    """Gradient descent with momentum, in either of its two common forms.

    ``form="average"`` — the tutorial's exponentially weighted average::

        velocity = beta * velocity + (1 - beta) * grad
        theta   -= lr * velocity

    ``form="heavy_ball"`` — the classic (Polyak) form, as in PyTorch's SGD::

        velocity = beta * velocity + grad
        theta   -= lr * velocity

    The two trace the same path when the heavy-ball rate is ``(1 - beta)`` times the
    average form's: the average form keeps the step size of plain gradient descent,
    the heavy-ball form grows it by ``1 / (1 - beta)`` on a steady slope.

    ``nesterov=True`` looks ahead (Sutskever et al., 2013, in PyTorch's formulation):
    ``theta -= lr * (g + beta * velocity)`` for the heavy-ball form and
    ``theta -= lr * ((1 - beta) * g + beta * velocity)`` for the average form.

    ``beta`` may hold one value per model of a stack; in the average form ``beta = 0`` is
    exactly plain gradient descent (``velocity = grad``), so one stack can compare both.
    """

    def __init__(self, learning_rate=0.01, beta=0.9, form="average", nesterov=False, schedule=None):
        super().__init__(learning_rate, schedule)
        # one value per model is allowed; beta = 0 in the average form is plain descent
        self.beta = per_model_values("beta", check_in_range("beta", beta, 0.0, 1.0, high_open=True))
        self.form = check_choice("form", form, ("average", "heavy_ball"))
        self.nesterov = bool(nesterov)

    def state_names(self):
        return ("velocity",)

    def reset(self, theta, penalized=None):
        super().reset(theta, penalized)
        self._beta = column(self.beta, 2, theta.dtype)  # a float, or (K, 1) per model

    def update(self, grad, theta):
        velocity, beta = self.state["velocity"], self._beta
        if self.form == "average":
            update_moment(velocity, grad, beta, self.buffer)
            step = (1.0 - beta) * grad + beta * velocity if self.nesterov else velocity
        else:
            velocity *= beta
            velocity += grad
            step = grad + beta * velocity if self.nesterov else velocity
        return np.multiply(step, self.lr, out=self.buffer)  # lr * step

    def get_config(self):
        return {
            **super().get_config(),
            "beta": config_value(self.beta),
            "form": self.form,
            "nesterov": self.nesterov,
        }


class Nesterov(Momentum):
    """:class:`Momentum` with ``nesterov=True`` and the heavy-ball form by default."""

    def __init__(self, learning_rate=0.01, beta=0.9, form="heavy_ball", schedule=None):
        super().__init__(learning_rate, beta, form=form, nesterov=True, schedule=schedule)

    def get_config(self):
        config = super().get_config()
        del config["nesterov"]
        return config
