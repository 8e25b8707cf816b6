"""Optimizers with per-parameter step sizes: RMSprop, Adam and AdamW."""

from __future__ import annotations

import math

import numpy as np

from reglab._per_model import column, config_value
from reglab._validation import check_in_range, check_positive
from reglab.optim.base import Optimizer, per_model
from reglab.optim.moments import bias_correction, update_moment

__all__ = ["RMSprop", "Adam", "AdamW"]


class RMSprop(Optimizer):
    """RMSprop (Hinton, lecture 6e)::

    exp_avg_sq = rho * exp_avg_sq + (1 - rho) * grad**2
    theta     -= lr * grad / (sqrt(exp_avg_sq) + epsilon)
    """

    def __init__(self, learning_rate=0.001, rho=0.9, epsilon=1e-8, schedule=None):
        super().__init__(learning_rate, schedule)
        self.rho = float(check_in_range("rho", rho, 0.0, 1.0, high_open=True))
        self.epsilon = float(check_positive("epsilon", epsilon))

    def state_names(self):
        return ("exp_avg_sq",)

    def update(self, grad, theta):
        grad_sq = np.multiply(grad, grad, out=self.buffer)
        exp_avg_sq = update_moment(self.state["exp_avg_sq"], grad_sq, self.rho, self.buffer)
        denominator = np.sqrt(exp_avg_sq, out=self.buffer)
        denominator += self.epsilon
        step = np.divide(grad, denominator, out=denominator)
        step *= self.lr
        return step

    def get_config(self):
        return {**super().get_config(), "rho": self.rho, "epsilon": self.epsilon}


class Adam(Optimizer):
    """Adam with bias correction (Kingma & Ba, 2015)::

        exp_avg    = beta1 * exp_avg    + (1 - beta1) * grad        # v in the tutorial
        exp_avg_sq = beta2 * exp_avg_sq + (1 - beta2) * grad**2     # s in the tutorial
        m_hat = exp_avg / (1 - beta1**t);   v_hat = exp_avg_sq / (1 - beta2**t)
        theta -= lr * m_hat / (sqrt(v_hat) + epsilon)

    ``epsilon_inside_sqrt=True`` uses the tutorial's ``sqrt(v_hat + epsilon)`` instead;
    with ``epsilon = 1e-8`` that bounds the step by ``lr * |m_hat| / 1e-4`` rather than
    ``/ 1e-8``, so early steps of rarely moving parameters are smaller.
    """

    def __init__(
        self,
        learning_rate=0.001,
        beta1=0.9,
        beta2=0.999,
        epsilon=1e-8,
        epsilon_inside_sqrt=False,
        schedule=None,
    ):
        super().__init__(learning_rate, schedule)
        self.beta1 = float(check_in_range("beta1", beta1, 0.0, 1.0, high_open=True))
        self.beta2 = float(check_in_range("beta2", beta2, 0.0, 1.0, high_open=True))
        self.epsilon = float(check_positive("epsilon", epsilon))
        self.epsilon_inside_sqrt = bool(epsilon_inside_sqrt)

    def state_names(self):
        return ("exp_avg", "exp_avg_sq")

    def update(self, grad, theta):
        buffer = self.buffer  # scratch: (1 - beta1) * grad, then grad**2, then the step
        exp_avg = update_moment(self.state["exp_avg"], grad, self.beta1, buffer)
        grad_sq = np.multiply(grad, grad, out=buffer)
        exp_avg_sq = update_moment(self.state["exp_avg_sq"], grad_sq, self.beta2, buffer)
        # with c1 = 1 - beta1**t and c2 = 1 - beta2**t, the step lr * m_hat / (sqrt(v_hat) + eps)
        # equals (lr * sqrt(c2) / c1) * exp_avg / (sqrt(exp_avg_sq) + eps * sqrt(c2)), and
        # sqrt(v_hat + eps) is sqrt(exp_avg_sq + eps * c2) / sqrt(c2): the corrections become
        # scalars, applied without the two bias-corrected arrays
        c1, c2 = bias_correction(self.beta1, self.t), bias_correction(self.beta2, self.t)
        if self.epsilon_inside_sqrt:
            denominator = np.add(exp_avg_sq, self.epsilon * c2, out=buffer)
            np.sqrt(denominator, out=denominator)
        else:
            denominator = np.sqrt(exp_avg_sq, out=buffer)
            denominator += self.epsilon * math.sqrt(c2)
        step = np.divide(exp_avg, denominator, out=denominator)
        step *= self.lr * (math.sqrt(c2) / c1)
        return step

    def get_config(self):
        return {
            **super().get_config(),
            "beta1": self.beta1,
            "beta2": self.beta2,
            "epsilon": self.epsilon,
            "epsilon_inside_sqrt": self.epsilon_inside_sqrt,
        }


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter, 2019).

    Before the Adam step, weights (not biases) shrink: ``W -= lr * weight_decay * W``. Unlike
    an L2 penalty, the decay does not pass through Adam's per-parameter scaling.
    """

    def __init__(
        self,
        learning_rate=0.001,
        weight_decay=0.01,
        beta1=0.9,
        beta2=0.999,
        epsilon=1e-8,
        schedule=None,
    ):
        super().__init__(learning_rate, beta1, beta2, epsilon, schedule=schedule)
        self.weight_decay = per_model("weight_decay", weight_decay, strict=False)

    def reset(self, theta, penalized=None):
        super().reset(theta, penalized)
        self._weight_decay = column(self.weight_decay, 2, theta.dtype)  # float or (K, 1)

    def update(self, grad, theta):
        delta = super().update(grad, theta)
        decay = self.lr * self._weight_decay * theta
        if self.penalized is not None:
            decay *= self.penalized
        delta += decay
        return delta

    def get_config(self):
        config = super().get_config()
        del config["epsilon_inside_sqrt"]
        return {**config, "weight_decay": config_value(self.weight_decay)}
