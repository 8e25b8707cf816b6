"""Histograms of the weights of one or several models, side by side (tutorial section 2).

L1's proximal step sets many weights exactly to 0 (a sparse model: the black bar at 0);
L2 only shrinks them toward 0 (a narrower histogram, a smaller ‖W‖); without a penalty they
do neither. Biases are never penalized and are left out.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from reglab._validation import check_int
from reglab.display._base import Display, color_of, expect, expect_fitted_estimator

__all__ = ["WeightHistogramDisplay"]


class WeightHistogramDisplay(Display):
    """One histogram per model, the same bins in every panel, a log count axis.

    Parameters
    ----------
    weights : sequence of 1-D arrays
        Each panel's weights (biases excluded).
    names : sequence of str, optional
        Panel titles; a known regularizer's name gets its colour.
    """

    def __init__(self, weights, *, names=None):
        self.weights = [np.asarray(w, dtype=float).reshape(-1) for w in weights]
        if not self.weights or any(w.size == 0 for w in self.weights):
            raise ValueError("weights must hold at least one non-empty array")
        P = len(self.weights)
        self.names = [f"model {k}" for k in range(P)] if names is None else list(names)
        if len(self.names) != P:
            raise ValueError(f"names must have one entry per panel ({P}), got {len(self.names)}")

    @classmethod
    def from_network(cls, network, *, models=None, names=None):
        """The weights of models of a trained :class:`~reglab.nn.Network` (all by default)."""
        from reglab.nn.network import Network

        expect("network", network, Network)
        if not network.built:
            raise ValueError("network must be built (trained, or built with .build), got unbuilt")
        models = range(network.n_models) if models is None else list(models)
        for k in models:
            check_int("models", k, minimum=0)
            if k >= network.n_models:
                raise ValueError(f"models must index the {network.n_models} models, got {k}")
        weights = [network.theta[k, network.penalized] for k in models]
        return cls(weights, names=names or [f"model {k}" for k in models])

    @classmethod
    def from_estimator(cls, estimator, *, name=None):
        """The weights of a fitted :class:`~reglab.estimator.RegLabClassifier` or regressor."""
        expect_fitted_estimator(estimator, "network_")
        return cls.from_network(estimator.network_, names=[name or type(estimator).__name__])

    @classmethod
    def from_results(cls, runs, *, names=("none", "L1", "L2")):
        """The first seed's weights of the study's runs called ``names`` (missing ones
        skipped); ``runs`` is ``result.regularizers`` or the study's result itself."""
        from reglab.experiments.regularization import RegularizerRun
        from reglab.experiments.study import StudyResult

        if isinstance(runs, StudyResult):
            runs = runs.regularizers
        if not isinstance(runs, Iterable):
            expect("runs", runs, RegularizerRun, "pass the study's result.regularizers")
        runs = list(runs) if not isinstance(runs, RegularizerRun) else [runs]
        for run in runs:
            expect("runs", run, RegularizerRun, "pass the study's result.regularizers")
        by_name = {run.name: run for run in runs}
        chosen = [by_name[name] for name in names if name in by_name]
        if not chosen:
            raise ValueError(f"runs must hold at least one of {list(names)}, got {list(by_name)}")
        return cls([run.weights for run in chosen], names=[run.name for run in chosen])

    def _describe(self) -> str:
        return ", ".join(
            f"{n} ({w.size} weights)" for n, w in zip(self.names, self.weights, strict=True)
        )

    def plot(self, ax=None, *, bins=81, stats=True, **kwargs):
        """Draw the histograms; return the display.

        Parameters
        ----------
        ax : Axes or sequence of Axes, optional
            One per panel; a new row of panels when None.
        bins : int, default 81
            Over ``[-max|w|, max|w|]`` of all panels.
        stats : bool, default True
            Write ‖W‖, the share of exact zeros and of |w| < 0.01, and max |w| in each panel.
        **kwargs
            Passed to ``Axes.hist`` of the nonzero weights.
        """
        axes = self._panels(ax, len(self.weights), size=(4.2, 3.6), sharey=ax is None)
        reach = max(float(np.abs(w).max()) for w in self.weights) or 1.0
        edges = np.linspace(-reach, reach, check_int("bins", bins, minimum=2))
        for ax, weights, name in zip(axes, self.weights, self.names, strict=True):
            zero = weights == 0
            style = {"histtype": "stepfilled", "color": color_of(name, "0.4"), "alpha": 0.8}
            ax.hist(weights[~zero], bins=edges, label="nonzero", **(style | kwargs))
            if zero.any():
                width = 2 * (edges[1] - edges[0])
                ax.bar(0.0, int(zero.sum()), width=width, color="black", label="exactly 0")
            ax.set_yscale("log")
            if stats:
                _stats(ax, weights)
            ax.legend(fontsize=8, loc="upper left")
            ax.set_title(name, fontsize=9)
            ax.set_xlabel("weight")
            ax.grid(alpha=0.3)
        axes[0].set_ylabel("number of weights (log)")
        return self._drawn(axes)


def _stats(ax, weights: np.ndarray) -> None:
    text = (
        f"‖W‖ = {np.linalg.norm(weights):.2f}\nexactly 0: {100 * np.mean(weights == 0):.1f}%\n"
        f"|w| < 0.01: {100 * np.mean(np.abs(weights) < 0.01):.1f}%\n"
        f"max |w| = {np.abs(weights).max():.2f}"
    )
    box = {"boxstyle": "round", "fc": "white", "alpha": 0.85}
    ax.text(0.97, 0.97, text, transform=ax.transAxes, ha="right", va="top", fontsize=8, bbox=box)
