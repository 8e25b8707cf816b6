"""Gradient checking: backpropagation against central finite differences.

For every parameter θ_i (of every model of the stack at once: the models are independent,
so nudging column i of ``theta`` nudges each model's own θ_i), the numerical gradient is
``(J(θ + ε e_i) − J(θ − ε e_i)) / (2ε)``. The check reports the relative difference
``‖g − ĝ‖ / (‖g‖ + ‖ĝ‖)`` between the analytic gradient ``g`` and the numerical ``ĝ``,
overall and per parameter. Dropout masks are drawn once and then frozen, so the cost is
one fixed function; regularizers contribute their exact (sub)gradient. In float64 a
correct implementation gives about 1e-9 or less; above 1e-7 something is wrong, unless an
input of a ReLU lies within reach of its kink at 0, where the cost has no derivative and
the finite difference straddles two slopes (with zero biases, a row of a layer's input that
is all zeros, every unit dead or dropped, puts the next ReLU exactly there): a failed check
says how many such inputs it met.

Each coordinate costs two forward passes, so a large network (``[2000, 2000, 1]`` has four
million weights) would take hours. With ``max_coordinates`` the check draws that many
coordinates at random, shared equally between the parameter arrays (all of a small one),
and compares the gradient on those alone; the result says how many it checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from reglab._validation import check_int, check_positive
from reglab.nn.layers.activation import LeakyReLU, ReLU
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
    checked: int | None = None  # coordinates compared, when a sample (numerical: NaN elsewhere)
    n_params: int | None = None
    kinks: int = 0  # inputs of ReLUs within a finite difference's reach of 0

    @property
    def passed(self) -> bool:
        return self.difference < self.tolerance

    def __str__(self) -> str:
        verdict = "passed" if self.passed else "FAILED"
        lines = [
            f"gradient check {verdict}: relative difference {self.difference:.3e} "
            f"(tolerance {self.tolerance:.0e})"
        ]
        if self.checked is not None:
            lines.append(
                f"  on {self.checked:,} of the {self.n_params:,} parameters, drawn at random"
            )
        if self.kinks and not self.passed:
            lines.append(
                f"  {self.kinks:,} input(s) of a ReLU lie within epsilon's reach of its kink at "
                "0, where the cost has no derivative: finite differences there do not test "
                "backpropagation; check at other weights (another seed, nonzero biases)"
            )
        lines += [f"  {name:>6s}: {value:.3e}" for name, value in self.per_parameter.items()]
        return "\n".join(lines)


def _sample(slices: dict[str, slice], budget: int, rng) -> dict[str, np.ndarray]:
    """``budget`` columns shared equally between the parameter arrays, smallest first (all
    of an array smaller than its share, the rest to the others); sorted in each array."""
    chosen, left = {}, budget
    by_size = sorted(slices.items(), key=lambda item: item[1].stop - item[1].start)
    for arrays_left, (name, cols) in zip(range(len(slices), 0, -1), by_size, strict=True):
        columns = np.arange(cols.start, cols.stop)
        share = left // arrays_left
        if len(columns) > share:
            columns = np.sort(rng.choice(columns, size=max(share, 1), replace=False))
        chosen[name] = columns
        left -= len(columns)
    return {name: chosen[name] for name in slices}


def gradient_check(
    network: Network,
    X,
    y,
    *,
    epsilon: float = 1e-6,
    tolerance: float = 1e-7,
    max_coordinates: int | None = None,
    random_state=None,
) -> GradientCheck:
    """Compare ``network``'s backpropagated gradient on ``(X, y)`` with finite differences.

    ``network`` must be built; its weights are left exactly as they were. A float32
    network is checked through a float64 copy of it (:meth:`Network.astype`): float32
    rounding (about 1e-7 of the cost) divided by 2ε would swamp the finite differences,
    while the copy runs the very same formulas on the same weights.

    Parameters
    ----------
    max_coordinates : int, optional
        Check this many parameters when the network has more, drawn at random (with
        ``random_state``) and shared equally between the parameter arrays (all of an array
        smaller than its share); by default all of them.
    """
    epsilon = float(check_positive("epsilon", epsilon))
    tolerance = float(check_positive("tolerance", tolerance))
    if max_coordinates is not None:
        max_coordinates = check_int("max_coordinates", max_coordinates, minimum=1)
    if not network.built:
        network.build(np.shape(X)[1:])
    if network.dtype != np.float64:
        network = network.astype(np.float64)
    X = network.check_X(X)[None]
    Y = network.encode(y, X.shape[1])[None]
    dropouts = [layer for layer in network.layers if isinstance(layer, Dropout)]
    for layer in dropouts:
        layer.frozen, layer.D = True, None
    columns = {name: np.arange(c.start, c.stop) for name, c in network.slices.items()}
    sampled = max_coordinates is not None and max_coordinates < network.n_params
    if sampled:
        columns = _sample(network.slices, max_coordinates, np.random.default_rng(random_state))
    try:
        network.cost_and_gradients(X, Y, exact=True)
        analytic = network.grad.copy()
        numerical = np.full_like(analytic, np.nan)
        theta = network.theta
        for i in np.concatenate(list(columns.values())):
            original = theta[:, i].copy()
            theta[:, i] = original + epsilon
            plus = _cost(network, X, Y)
            theta[:, i] = original - epsilon
            minus = _cost(network, X, Y)
            theta[:, i] = original
            numerical[:, i] = (plus - minus) / (2 * epsilon)
        kinks = _kinks(network, X, epsilon)
    finally:
        for layer in dropouts:
            layer.frozen = False
    per_parameter = {
        name: relative_difference(analytic[:, cols], numerical[:, cols])
        for name, cols in columns.items()
    }
    every = np.concatenate(list(columns.values()))
    return GradientCheck(
        relative_difference(analytic[:, every], numerical[:, every]),
        per_parameter,
        tolerance,
        analytic,
        numerical,
        checked=len(every) if sampled else None,
        n_params=network.n_params,
        kinks=kinks,
    )


def _kinks(network: Network, X, epsilon: float) -> int:
    """Inputs of ReLU and leaky ReLU layers within ``epsilon * (1 + max |A|)`` of 0, ``A``
    the input of the layer before: how far nudging one of its parameters by ε moves them."""
    count, reach, A = 0, epsilon, X
    for layer in network.layers:
        if isinstance(layer, ReLU | LeakyReLU):
            count += int(np.count_nonzero(np.abs(A) <= reach))
        reach = epsilon * (1 + float(np.max(np.abs(A), initial=0.0)))
        A = layer.forward(A, training=True)
    return count


def _cost(network: Network, X, Y) -> np.ndarray:
    Z = network.forward(X, training=True)
    return network.loss.value(Z, Y) + network.penalty(Z.shape[1])
