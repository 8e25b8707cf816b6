"""What the validation curves choose, and the decision boundaries across λ.

The study's L2 and dropout rows use the λ and ``keep_prob`` that its validation curves
select on the dev set (the tutorial's use of a dev set, section 1.1). The boundaries across
λ (none, the chosen value, the grid's largest) show underfitting and overfitting side by
side, each read by the verdict's rules.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reglab.diagnose.curves import Curve
from reglab.diagnose.verdict import Verdict, diagnose
from reglab.train.fit import fit

__all__ = ["Boundaries", "select", "lam_boundaries"]


def select(curve: Curve, weaker: str) -> float:
    """The value with the lowest mean dev error; on a tie, the weaker regularization.

    ``weaker`` is ``"smaller"`` (λ: a smaller value regularizes less) or ``"larger"``
    (``keep_prob``).
    """
    order = np.argsort(curve.values, kind="stable")
    if weaker == "larger":
        order = order[::-1]
    dev = curve.dev_mean[order]
    return float(curve.values[order[int(np.argmin(dev))]])


@dataclass(eq=False)
class Boundaries:
    """One model per value of λ (the first seed), its probability map and its verdict.

    Attributes
    ----------
    values : ndarray, shape (V,)
    roles : tuple of str
        Why each value is shown (``"no penalty"``, ``"chosen by the dev set"``, ...).
    probability : ndarray, shape (V, *grid shape)
    train_accuracy, dev_accuracy : ndarray, shape (V,)
    verdicts : list of Verdict
    """

    values: np.ndarray
    roles: tuple[str, ...]
    probability: np.ndarray
    train_accuracy: np.ndarray
    dev_accuracy: np.ndarray
    verdicts: list[Verdict]


def lam_boundaries(
    build, split, grid, lam_curve: Curve, base_error: float, fit_kwargs
) -> Boundaries:
    """Train λ = 0, the curve's choice and the grid's largest λ (seed 0), in one stack.

    ``build(n_models, seed, lam=...)`` builds the network as the curve did, so each model is
    the curve's model of seed 0 at that λ.
    """
    chosen, largest = select(lam_curve, "smaller"), float(np.max(lam_curve.values))
    picks = {0.0: "no penalty", chosen: "chosen by the dev set", largest: "the grid's largest"}
    values = np.array(list(picks))
    network = build(len(values), [int(lam_curve.seeds[0])] * len(values), lam=values)
    fit(network, split.X_train, split.y_train, **fit_kwargs)
    points = np.column_stack([grid[0].ravel(), grid[1].ravel()])
    probability = network.output(points)[..., 0].reshape(len(values), *grid[0].shape)
    train = network.evaluate(split.X_train, split.y_train)["accuracy"]
    dev = network.evaluate(split.X_dev, split.y_dev)["accuracy"]
    verdicts = [
        diagnose(1 - float(a), 1 - float(b), base_error=base_error)
        for a, b in zip(train, dev, strict=True)
    ]
    return Boundaries(values, tuple(picks.values()), probability, train, dev, verdicts)
