"""What every display shares: the ``plot`` contract, panels, colours, type checks.

A display follows scikit-learn's convention (``LearningCurveDisplay``,
``DecisionBoundaryDisplay``): ``from_*`` class methods compute or collect the numbers,
``__init__`` only stores them, and ``plot(ax=None, **kwargs)`` draws them and returns the
display with ``figure_``, ``ax_`` and ``axes_`` set. matplotlib is imported when a display
draws, never when this package is imported, and no backend is chosen here: in a notebook
the figures show inline, and the report picks the headless Agg backend itself.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "DEV_COLOR",
    "TRAIN_COLOR",
    "Display",
    "color_of",
    "expect",
    "line_style",
    "smooth",
    "standard_error",
]

TRAIN_COLOR = "tab:blue"
DEV_COLOR = "tab:orange"
_COLORS = {
    "none": "tab:red",
    "L2": "tab:blue",
    "L1": "tab:purple",
    "dropout": "tab:green",
    "early stopping": "tab:orange",
    "L2 + dropout": "tab:cyan",
    "augmentation": "tab:brown",
    "gd": "black",
    "momentum": "tab:blue",
    "adam": "tab:red",
}


def color_of(name: str, default: str | None = "black") -> str | None:
    """The colour of a regularizer or optimizer, the same in every figure; ``default`` else."""
    return _COLORS.get(name, default)


def smooth(values: np.ndarray, window: int) -> np.ndarray:
    """Moving average of a 1-D array over ``window`` points (shorter at the start)."""
    values = np.asarray(values, dtype=float)
    window = max(1, min(int(window), len(values)))
    cumulative = np.concatenate([[0.0], np.cumsum(values)])
    ends = np.arange(1, len(values) + 1)
    starts = np.maximum(ends - window, 0)
    return (cumulative[ends] - cumulative[starts]) / (ends - starts)


def standard_error(values) -> float:
    """Standard error of the mean of ``values`` (sample standard deviation / √n); 0 for one."""
    values = np.asarray(values, dtype=float).ravel()
    if values.size < 2:
        return 0.0
    return float(np.std(values, ddof=1) / math.sqrt(values.size))


def line_style(style: dict, kwargs: dict) -> dict:
    """A display's ``style`` for ``Axes.plot``, overridden by the user's ``kwargs``.

    matplotlib's aliases are resolved on both sides first, so ``linestyle=":"`` replaces a
    default ``ls`` (and ``linewidth`` an ``lw``) instead of meeting it as a second key.
    """
    from matplotlib.cbook import normalize_kwargs
    from matplotlib.lines import Line2D

    return normalize_kwargs(style, Line2D) | normalize_kwargs(kwargs, Line2D)


def expect(name: str, value, types: type | tuple[type, ...], hint: str = ""):
    """Return ``value`` if it is one of ``types``, else raise a TypeError naming both.

    ``expect("curve", run, Curve)`` raises ``curve must be a Curve, got RegularizerRun``;
    ``hint`` is appended after a semicolon (e.g. where that object does belong).
    """
    types = types if isinstance(types, tuple) else (types,)
    if isinstance(value, types):
        return value
    wanted = " or ".join(t.__name__ for t in types)
    more = f"; {hint}" if hint else ""
    raise TypeError(f"{name} must be a {wanted}, got {type(value).__name__}{more}")


def expect_fitted_estimator(estimator, attribute: str):
    """Return ``estimator`` if it is a reglab estimator fitted so far as to have
    ``attribute``; else a TypeError (another object) or a ValueError (not fitted).

    The classes are recognized by name in the method resolution order, subclasses too: the
    displays sit below the estimators' floor and do not import them.
    """
    classes = {(c.__module__, c.__name__) for c in type(estimator).__mro__}
    if not classes & {
        ("reglab.estimator", "RegLabClassifier"),
        ("reglab.estimator", "RegLabRegressor"),
    }:
        raise TypeError(
            f"estimator must be a RegLabClassifier or RegLabRegressor, "
            f"got {type(estimator).__name__}"
        )
    if not hasattr(estimator, attribute):
        raise ValueError(f"estimator must be fitted first, got an unfitted {estimator!r}")
    return estimator


class Display:
    """Base class of reglab's displays.

    Attributes, set by :meth:`plot`
    -------------------------------
    figure_ : matplotlib Figure
    ax_ : matplotlib Axes, or ndarray of Axes
        The axes drawn on: one Axes for a one-panel display, else the array ``axes_``.
    axes_ : ndarray of Axes, shape (n_panels,)
        Always an array, one entry per panel.
    """

    figure_ = None
    ax_ = None
    axes_ = None

    def plot(self, ax=None, **kwargs):  # pragma: no cover - every display overrides it
        raise NotImplementedError

    def _panels(self, ax, n: int, *, ncols: int | None = None, size=(4.0, 3.2), **subplots):
        """``n`` axes to draw on: ``ax`` checked, or a new figure with ``n`` panels."""
        from matplotlib.axes import Axes

        if ax is None:
            import matplotlib.pyplot as plt

            ncols = max(1, min(n, ncols or n))
            nrows = -(-n // ncols)
            _, axes = plt.subplots(
                nrows,
                ncols,
                figsize=(size[0] * ncols, size[1] * nrows),
                squeeze=False,
                **subplots,
            )
            axes = axes.ravel()
            for extra in axes[n:]:
                extra.set_visible(False)
            return axes[:n]
        axes = np.empty(1, dtype=object)
        axes[0] = ax
        if not isinstance(ax, Axes):
            axes = np.asarray(ax, dtype=object).ravel()
        if len(axes) != n or not all(isinstance(a, Axes) for a in axes):
            kinds = sorted({type(a).__name__ for a in axes})
            raise ValueError(
                f"ax must be {'an Axes' if n == 1 else f'{n} Axes'} (one per panel), "
                f"got {len(axes)} object(s) of type {', '.join(kinds)}"
            )
        return axes

    def _drawn(self, axes):
        """Record the axes drawn on and return the display."""
        self.axes_ = np.asarray(axes, dtype=object)
        self.ax_ = self.axes_[0] if len(self.axes_) == 1 else self.axes_
        self.figure_ = self.axes_[0].figure
        return self

    def __repr__(self) -> str:
        drawn = "drawn" if self.figure_ is not None else "not drawn yet"
        return f"<{type(self).__name__}: {self._describe()}, {drawn}>"

    def _describe(self) -> str:
        return ""
