"""The bias/variance decomposition of the expected loss, as grouped bars (tutorial 1.2)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from reglab.display._base import Display, expect

__all__ = ["BiasVarianceDisplay"]

_PARTS = (("expected_loss", "expected loss", "0.35"), ("bias", "bias", "tab:purple"))
_PARTS += (("variance", "variance", "tab:olive"),)


class BiasVarianceDisplay(Display):
    """Expected loss, bias and variance of one or several models, one group of bars each.

    Parameters
    ----------
    decompositions : mapping of str to Decomposition
        By the name shown under its group of bars.
    """

    def __init__(self, decompositions: Mapping):
        from reglab.diagnose.decomposition import Decomposition

        expect("decompositions", decompositions, Mapping, "a dict of name to Decomposition")
        if not decompositions:
            raise ValueError("decompositions must hold at least one Decomposition, got none")
        for value in decompositions.values():
            expect("decompositions' values", value, Decomposition)
        self.decompositions = dict(decompositions)

    @classmethod
    def from_results(cls, decompositions):
        """From a :class:`~reglab.diagnose.Decomposition`, or a dict of them by name (the
        study's ``result.decompositions``)."""
        from reglab.diagnose.decomposition import Decomposition

        if isinstance(decompositions, Decomposition):
            decompositions = {"model": decompositions}
        return cls(decompositions)

    @classmethod
    def from_network(
        cls, build, X_train, y_train, X_test, y_test, *, name="network", **decompose_kwargs
    ):
        """Decompose with :func:`~reglab.diagnose.decompose_network` (one stack of bootstrap
        rounds); ``decompose_kwargs`` (``num_rounds``, ``loss``, ``random_state``,
        ``fit_kwargs``) are passed on."""
        from reglab.diagnose.decomposition import decompose_network

        found = decompose_network(build, X_train, y_train, X_test, y_test, **decompose_kwargs)
        return cls({name: found})

    @classmethod
    def from_estimator(
        cls, estimator, X_train, y_train, X_test, y_test, *, name=None, **decompose_kwargs
    ):
        """Decompose a scikit-learn estimator with :func:`~reglab.diagnose.decompose_estimator`
        (the numbers of mlxtend's ``bias_variance_decomp``)."""
        from reglab.diagnose.decomposition import decompose_estimator

        found = decompose_estimator(estimator, X_train, y_train, X_test, y_test, **decompose_kwargs)
        return cls({name or type(estimator).__name__: found})

    def _describe(self) -> str:
        return ", ".join(self.decompositions)

    def plot(self, ax=None, *, values=True, **kwargs):
        """Draw the bars; return the display.

        ``values`` writes each bar's height above it; ``kwargs`` go to every ``Axes.bar``.
        The squared loss's bias is the squared bias, and expected loss = bias + variance;
        the 0-1 loss's are Domingos' (see :mod:`reglab.diagnose.decomposition`).
        """
        (ax,) = self._panels(ax, 1, size=(2.2 * len(self.decompositions) + 3, 4.0))
        names = list(self.decompositions)
        x = np.arange(len(names))
        width = 0.8 / len(_PARTS)
        first = self.decompositions[names[0]]
        for i, (part, label, color) in enumerate(_PARTS):
            if part == "bias" and first.loss == "mse":
                label = "bias²"
            heights = [getattr(self.decompositions[name], part) for name in names]
            style = {"color": color, "label": label} | kwargs
            bars = ax.bar(x + (i - 1) * width, heights, width, **style)
            if values:
                ax.bar_label(bars, fmt="%.3f", fontsize=8)
        ax.set_xticks(x)
        ax.set_xticklabels(names)
        ax.set_ylabel(f"{first.loss.replace('_', ' ')} on the test set")
        ax.set_title(f"Bias/variance decomposition ({first.num_rounds} bootstrap rounds)")
        ax.legend(fontsize=8)
        ax.grid(axis="y", alpha=0.3)
        ax.margins(y=0.15)
        return self._drawn([ax])
