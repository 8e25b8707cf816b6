"""The tutorial's cost plot (section 5): the cost per epoch of each optimizer.

The tutorial prints and plots the cost of each epoch's last mini-batch, which is noisy (a
batch of 44 examples on its 300 points); the display draws it faint, with its moving
average on top and, where known, the costs the tutorial prints every 1,000 epochs as dots.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from reglab.display._base import Display, color_of, expect, line_style, smooth

__all__ = ["COINCIDE", "OptimizerCostDisplay", "coincidence"]

COINCIDE = 0.01  # two smoothed cost curves closer than this everywhere are drawn as one


def coincidence(first, second) -> float:
    """The largest gap between two cost curves, each smoothed over 1% of its epochs."""
    first, second = np.asarray(first, dtype=float), np.asarray(second, dtype=float)
    if first.shape != second.shape:
        return float("inf")
    window = max(1, len(first) // 100)
    return float(np.max(np.abs(smooth(first, window) - smooth(second, window))))


class OptimizerCostDisplay(Display):
    """Cost against epoch, one curve per optimizer (or per model).

    Parameters
    ----------
    costs : mapping of str to ndarray of shape (epochs,)
        The cost of every epoch, by name.
    printed : mapping of str to (mapping of int to float), optional
        Costs to mark with dots, by name and epoch (the tutorial's printed lines).
    accuracy : mapping of str to float, optional
        Training accuracy, shown in the legend.
    """

    def __init__(self, costs: Mapping, *, printed=None, accuracy=None):
        self.costs = {str(k): np.asarray(v, dtype=float).reshape(-1) for k, v in costs.items()}
        if not self.costs:
            raise ValueError("costs must hold at least one curve, got none")
        self.printed = dict(printed or {})
        self.accuracy = dict(accuracy or {})

    @classmethod
    def from_results(cls, runs):
        """From the :class:`~reglab.experiments.tutorial.TutorialRun` list of
        ``reproduce_many`` (or the study's ``result.optimizers``)."""
        from reglab.experiments.tutorial import TutorialRun

        hint = "reproduce() and reproduce_many() return them"
        if not isinstance(runs, Iterable):
            expect("runs", runs, TutorialRun, hint)
        runs = [runs] if isinstance(runs, TutorialRun) else list(runs)
        for run in runs:
            expect("runs", run, TutorialRun, hint)
        return cls(
            {run.optimizer: run.costs for run in runs},
            printed={run.optimizer: run.printed for run in runs},
            accuracy={run.optimizer: run.accuracy for run in runs},
        )

    @classmethod
    def from_history(cls, histories: Mapping, *, key: str = "batch_cost"):
        """From ``{name: trainer or history}``: one curve per model of each run.

        ``key`` is the history entry drawn: ``"batch_cost"`` (the last mini-batch's cost,
        as the tutorial prints it) or ``"cost"`` (the epoch's mean). A run of K > 1 models
        gives curves named ``"name [k]"``.
        """
        from reglab.display.losses import _history_of

        expect("histories", histories, Mapping, "a dict of name to the Trainer fit() returns")
        costs = {}
        for name, history in histories.items():
            values = _history_of(history)[key]  # (epochs, K)
            K = values.shape[1]
            for k in range(K):
                costs[name if K == 1 else f"{name} [{k}]"] = values[:, k]
        return cls(costs)

    def _describe(self) -> str:
        return f"{', '.join(self.costs)}"

    def plot(self, ax=None, *, window: float = 0.01, raw: bool = True, **kwargs):
        """Draw every curve; return the display.

        A curve that coincides with one drawn before it (smoothed over 1% of the epochs,
        never more than :data:`COINCIDE` apart) is drawn dashed over it, and its legend
        entry says so: one curve never hides another unsaid.

        Parameters
        ----------
        ax : matplotlib Axes, optional
        window : float in [0, 1), default 0.01
            The moving average's width as a share of the epochs; 0 draws the costs as they
            are.
        raw : bool, default True
            Also draw the unsmoothed costs, faint.
        **kwargs
            Passed to ``Axes.plot`` for every (smoothed) line.
        """
        (ax,) = self._panels(ax, 1, size=(7.5, 4.2))
        drawn = {}
        for name, costs in self.costs.items():
            epochs = np.arange(len(costs))
            mean = smooth(costs, max(1, int(window * len(costs))))
            label = name
            if name in self.accuracy:
                label += f" (train accuracy {self.accuracy[name]:.3f})"
            style = {"lw": 1.6, "color": color_of(name, None), "label": label}
            twin = next((o for o, c in drawn.items() if coincidence(c, costs) <= COINCIDE), None)
            if twin is not None:  # drawn dashed over the curve it would hide
                style |= {"ls": "--", "label": f"{label}, the same curve as {twin}"}
            drawn[name] = costs
            line = ax.plot(epochs, mean, **line_style(style, kwargs))[0]
            if raw and window > 0:
                ax.plot(epochs, costs, lw=0.5, alpha=0.2, color=line.get_color(), zorder=1)
            if self.printed.get(name):
                printed = sorted(self.printed[name].items())
                ax.plot(*zip(*printed, strict=True), "o", ms=4, color=line.get_color(), mec="white")
        ax.set_xlabel("epoch")
        ax.set_ylabel("cost")
        ax.grid(alpha=0.3)
        title = "dots: the printed costs" if self.printed else None
        ax.legend(title=title, fontsize=8, title_fontsize=8, loc="upper right")
        return self._drawn([ax])
