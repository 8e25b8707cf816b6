"""Weight penalties and constraints, each one object holding its cost and its gradient.

Every regularizer acts on a weight array ``W`` of shape ``(K, n_out, ...)`` (one matrix per
model of the stack) and the number ``m`` of examples in the current batch, and returns one
penalty per model. λ may be a number or one value per model. Biases are never penalized:
the network hands regularizers weight matrices only.

The interface:

* ``penalty(W, m)`` — the term added to the cost, shape ``(K,)``;
* ``gradient(W, m)`` — its derivative with respect to ``W`` (a subgradient for L1);
* ``training_gradient(W, m)`` — what the training loop adds to ``dW`` (the gradient, except
  for proximal L1, which acts through ``project`` instead);
* ``project(W, step, m)`` — applied in place after each optimizer step (proximal L1's
  soft-thresholding, max-norm's rescaling); ``step`` is each model's learning rate.
"""

from __future__ import annotations

import numpy as np

from reglab._per_model import check_count, column, config_value, per_model_values
from reglab._validation import check_choice, check_positive

__all__ = ["L1", "L2", "ElasticNet", "MaxNorm", "Regularizer"]


def _per_model(value: np.ndarray, W: np.ndarray):
    """λ (one value or K) as a number or a (K, 1, ...) array of ``W``'s dtype."""
    return column(value, W.ndim, W.dtype)


def _sum_per_model(X: np.ndarray) -> np.ndarray:
    return X.reshape(X.shape[0], -1).sum(axis=1)


def _sum_of_squares(W: np.ndarray) -> np.ndarray:
    """``Σ W²`` per model, as one dot product per model: no ``W * W`` array is made."""
    flat = W.reshape(W.shape[0], 1, -1)  # (K, 1, size)
    return np.matmul(flat, flat.transpose(0, 2, 1)).reshape(-1)


class Regularizer:
    """Base class: no penalty, no gradient, no projection."""

    def penalty(self, W, m):
        return np.zeros(W.shape[0], dtype=W.dtype)

    def gradient(self, W, m):
        return np.zeros_like(W)

    def training_gradient(self, W, m):
        return self.gradient(W, m)

    def project(self, W, step, m) -> None:
        """Change ``W`` in place after an optimizer step; nothing by default."""

    def check_models(self, n_models: int) -> None:
        """Raise if a per-model hyperparameter does not have 1 or ``n_models`` values."""
        for name, value in self.get_config().items():
            if not isinstance(value, bool | str):
                check_count(name, value, n_models)

    def get_config(self) -> dict:
        return {}

    def __repr__(self) -> str:
        args = ", ".join(f"{key}={value!r}" for key, value in self.get_config().items())
        return f"{type(self).__name__}({args})"


def _lam(value) -> np.ndarray:
    return per_model_values("lam", check_positive("lam", value, strict=False))


class L2(Regularizer):
    """The tutorial's L2 penalty ("weight decay").

    Cost: ``+ λ/(2m) · ‖W‖_F²``; gradient: ``+ (λ/m) · W``. The ``/2`` cancels in the
    derivative; ``m`` is the number of examples in the batch.
    """

    def __init__(self, lam=0.01):
        self.lam = _lam(lam)

    def penalty(self, W, m):
        return column(self.lam, 1, W.dtype) / (2 * m) * _sum_of_squares(W)

    def gradient(self, W, m):
        return _per_model(self.lam, W) / m * W

    def get_config(self):
        return {"lam": config_value(self.lam)}


class L1(Regularizer):
    """The L1 penalty: cost ``+ (λ/m) · Σ|W|``; subgradient ``(λ/m) · sign(W)``.

    At ``W = 0`` the subgradient used is 0 (``np.sign(0) = 0``), the one that keeps a zero
    weight at zero.

    Exact zeros. A subgradient step almost never lands on 0: it makes a weight oscillate
    around it. With ``proximal=True`` (the default) the penalty acts instead through its
    proximal operator after each optimizer step (the proximal-gradient, or ISTA, update):
    ``W ← sign(W) · max(|W| − step · λ/m, 0)`` with ``step`` the model's learning rate.
    Any weight whose magnitude is below ``step · λ/m`` becomes exactly 0, so a large
    enough λ gives exact zeros. For plain (stochastic) gradient descent this is exactly
    proximal gradient descent; with momentum or Adam it is the common heuristic of applying
    the proximal step with the base learning rate. ``proximal=False`` adds the subgradient
    to ``dW`` instead.
    """

    def __init__(self, lam=0.01, proximal: bool = True):
        self.lam = _lam(lam)
        self.proximal = bool(proximal)

    def penalty(self, W, m):
        return column(self.lam, 1, W.dtype) / m * _sum_per_model(np.abs(W))

    def gradient(self, W, m):
        return _per_model(self.lam, W) / m * np.sign(W)

    def training_gradient(self, W, m):
        return np.zeros_like(W) if self.proximal else self.gradient(W, m)

    def project(self, W, step, m):
        if self.proximal:
            threshold = _per_model(np.reshape(step, -1) * np.reshape(self.lam, -1) / m, W)
            np.multiply(np.sign(W), np.maximum(np.abs(W) - threshold, 0.0), out=W)

    def get_config(self):
        return {"lam": config_value(self.lam), "proximal": self.proximal}


class ElasticNet(Regularizer):
    """L1 plus L2: cost ``+ (l1/m) Σ|W| + l2/(2m) ‖W‖_F²``.

    Each part behaves as in :class:`L1` (proximal by default) and :class:`L2`.
    """

    def __init__(self, l1=0.01, l2=0.01, proximal: bool = True):
        self.l1 = L1(l1, proximal=proximal)
        self.l2 = L2(l2)

    def penalty(self, W, m):
        return self.l1.penalty(W, m) + self.l2.penalty(W, m)

    def gradient(self, W, m):
        return self.l1.gradient(W, m) + self.l2.gradient(W, m)

    def training_gradient(self, W, m):
        return self.l1.training_gradient(W, m) + self.l2.gradient(W, m)

    def project(self, W, step, m):
        self.l1.project(W, step, m)

    def get_config(self):
        return {
            "l1": config_value(self.l1.lam),
            "l2": config_value(self.l2.lam),
            "proximal": self.l1.proximal,
        }


class MaxNorm(Regularizer):
    """A constraint, not a penalty: each unit's incoming weights keep ``‖w‖₂ ≤ max_norm``.

    After each optimizer step, any row of ``W`` (one unit's incoming weights; for a
    convolution, one filter) whose norm exceeds ``max_norm`` is rescaled onto the ball
    (Srebro & Shraibman, 2005; used with dropout by Srivastava et al., 2014).
    """

    def __init__(self, max_norm=3.0):
        self.max_norm = per_model_values("max_norm", check_positive("max_norm", max_norm))

    def project(self, W, step, m):
        axes = tuple(range(2, W.ndim))
        norms = np.sqrt(np.sum(W * W, axis=axes, keepdims=True))
        limit = _per_model(self.max_norm, W)
        np.multiply(W, np.minimum(1.0, limit / np.maximum(norms, np.finfo(W.dtype).tiny)), out=W)

    def get_config(self):
        return {"max_norm": config_value(self.max_norm)}


REGULARIZER_TYPES = {cls.__name__: cls for cls in (L1, L2, ElasticNet, MaxNorm)}


def regularizer_from_config(name: str, config: dict) -> Regularizer:
    """Rebuild a regularizer saved by its class name and ``get_config()``."""
    check_choice("regularizer", name, REGULARIZER_TYPES)
    return REGULARIZER_TYPES[name](**config)
