"""The tutorial's dropout debugging tip, as a function.

With dropout the cost J is not well defined step to step (each step drops other units),
so a falling J proves nothing. The tip: switch dropout off, train with full-batch gradient
descent, and check that J falls at every epoch; only then switch dropout back on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reglab.data.batches import MiniBatches
from reglab.nn.layers.dropout import Dropout
from reglab.nn.network import Network
from reglab.nn.serialize import network_config, network_from_config
from reglab.optim.sgd import SGD
from reglab.train.fit import fit

__all__ = ["MonotonicityCheck", "check_cost_decreases"]


@dataclass(frozen=True)
class MonotonicityCheck:
    """Per model: the full-batch costs and the epochs at which the cost went up."""

    costs: np.ndarray  # (epochs, K)
    increases: list[list[int]]

    @property
    def monotonic(self) -> np.ndarray:
        """One bool per model: did its cost never rise?"""
        return np.array([not epochs for epochs in self.increases])

    def __str__(self) -> str:
        lines = []
        for k, epochs in enumerate(self.increases):
            if not epochs:
                lines.append(f"model {k}: the cost fell at every epoch")
            else:
                shown = ", ".join(str(e) for e in epochs[:10]) + (
                    " ..." if len(epochs) > 10 else ""
                )
                lines.append(f"model {k}: the cost rose at {len(epochs)} epoch(s): {shown}")
        return "\n".join(lines)


def without_dropout(network: Network) -> Network:
    """A copy of ``network`` (same seeds, so the same initial weights) with no Dropout layer."""
    config = network_config(network)
    config["layers"] = [e for e in config["layers"] if e["type"] != Dropout.__name__]
    return network_from_config(config)


def check_cost_decreases(
    network: Network, X, y, *, epochs: int = 200, optimizer=None, tolerance: float = 0.0
) -> MonotonicityCheck:
    """Train a dropout-free copy of ``network`` full-batch and find where the cost rose.

    Epoch ``e`` is listed when ``cost[e] > cost[e - 1] + tolerance``. ``network`` itself is
    not changed. The default optimizer is plain gradient descent with rate 0.01; a rise
    with a small enough rate points at a bug in a gradient.
    """
    copy = without_dropout(network)
    trainer = fit(
        copy,
        X,
        y,
        optimizer=optimizer or SGD(0.01),
        epochs=epochs,
        batches=MiniBatches(None, shuffle=False),
    )
    costs = trainer.history["cost"]
    rises = np.diff(costs, axis=0) > tolerance
    increases = [[int(e) + 1 for e in np.flatnonzero(rises[:, k])] for k in range(costs.shape[1])]
    return MonotonicityCheck(costs, increases)
