"""Gradient checking: backpropagation against central finite differences.

For every parameter θ_i (of every model of the stack at once: the models are independent,
so nudging column i of ``theta`` nudges each model's own θ_i), the numerical gradient is
``(J(θ + ε e_i) − J(θ − ε e_i)) / (2ε)``. The check reports the relative difference
``‖g − ĝ‖ / (‖g‖ + ‖ĝ‖)`` between the analytic gradient ``g`` and the numerical ``ĝ``,
overall and per parameter. Dropout masks are drawn once and then frozen, so the cost is
one fixed function; regularizers contribute their exact (sub)gradient. In float64 a
correct implementation gives about 1e-9 or less; above 1e-7 something is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from reglab._validation import check_positive
from reglab.nn.layers.dropout import Dropout
from reglab.nn.network import Network

__all__ = ["GradientCheck", "gradient_check", "relative_difference"]


def relative_difference(g: np.ndarray, g_hat: np.ndarray) -> float:
    """``‖g − ĝ‖ / (‖g‖ + ‖ĝ‖)``, and 0 when both are zero."""
    denominator = np.linalg.norm(g) + np.linalg.norm(g_hat)
    return 0.0 if denominator == 0 else float(np.linalg.norm(g - g_hat) / denominator)


@dataclass(frozen=True)
class GradientCheck:
    """The outcome: the overall difference, one per parameter, and whether it passed."""

    difference: float
    per_parameter: dict[str, float] = field(default_factory=dict)
    tolerance: float = 1e-7
    analytic: np.ndarray | None = field(default=None, repr=False)
    numerical: np.ndarray | None = field(default=None, repr=False)

    @property
    def passed(self) -> bool:
        return self.difference < self.tolerance

    def __str__(self) -> str:
        verdict = "passed" if self.passed else "FAILED"
        lines = [
            f"gradient check {verdict}: relative difference {self.difference:.3e} "
            f"(tolerance {self.tolerance:.0e})"
        ]
        lines += [f"  {name:>6s}: {value:.3e}" for name, value in self.per_parameter.items()]
        return "\n".join(lines)


def gradient_check(
    network: Network, X, y, *, epsilon: float = 1e-6, tolerance: float = 1e-7
) -> GradientCheck:
    """Compare ``network``'s backpropagated gradient on ``(X, y)`` with finite differences.

    ``network`` must be built; its weights are left exactly as they were. A float32
    network is checked through a float64 copy of it (:meth:`Network.astype`): float32
    rounding (about 1e-7 of the cost) divided by 2ε would swamp the finite differences,
    while the copy runs the very same formulas on the same weights.
    """
    epsilon = float(check_positive("epsilon", epsilon))
    tolerance = float(check_positive("tolerance", tolerance))
    if not network.built:
        network.build(np.shape(X)[1:])
    if network.dtype != np.float64:
        network = network.astype(np.float64)
    X = network.check_X(X)[None]
    Y = network.encode(y, X.shape[1])[None]
    dropouts = [layer for layer in network.layers if isinstance(layer, Dropout)]
    for layer in dropouts:
        layer.frozen, layer.D = True, None
    try:
        network.cost_and_gradients(X, Y, exact=True)
        analytic = network.grad.copy()
        numerical = np.empty_like(analytic)
        theta = network.theta
        for i in range(network.n_params):
            original = theta[:, i].copy()
            theta[:, i] = original + epsilon
            plus = _cost(network, X, Y)
            theta[:, i] = original - epsilon
            minus = _cost(network, X, Y)
            theta[:, i] = original
            numerical[:, i] = (plus - minus) / (2 * epsilon)
    finally:
        for layer in dropouts:
            layer.frozen = False
    per_parameter = {
        name: relative_difference(analytic[:, cols], numerical[:, cols])
        for name, cols in network.slices.items()
    }
    return GradientCheck(
        relative_difference(analytic, numerical), per_parameter, tolerance, analytic, numerical
    )


def _cost(network: Network, X, Y) -> np.ndarray:
    Z = network.forward(X, training=True)
    return network.loss.value(Z, Y) + network.penalty(Z.shape[1])
