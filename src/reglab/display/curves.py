"""Validation and learning curves: train and dev error against a knob or the data size.

Both draw a :class:`~reglab.diagnose.Curve`: the mean error over seeds (or folds) as a
line, ± one standard deviation as a band, optionally whiskers of two standard errors of each
mean, and the base error (the noise floor no model beats, e.g. the Bayes error) as a dashed
line. Seeds whose training diverged are left out of means (``Curve.kept``). Reading them
(tutorial 1.2-1.3): a gap between the curves is variance, both curves far above the base
error is bias.
"""

from __future__ import annotations

import numpy as np

from reglab._validation import check_in_range
from reglab.display._base import DEV_COLOR, TRAIN_COLOR, Display, expect, line_style, standard_error

__all__ = ["LearningCurveDisplay", "ValidationCurveDisplay"]

_PARAM_NAMES = {"lam": "λ"}  # how a curve's ``param`` is written on the axis


def _sklearn_errors(estimator, train_scores, dev_scores) -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's scores as errors: 1 - accuracy, or the mean squared error."""
    from sklearn.base import is_classifier

    if is_classifier(estimator):
        return 1.0 - train_scores, 1.0 - dev_scores
    return -train_scores, -dev_scores


def _scoring(estimator) -> str:
    from sklearn.base import is_classifier

    return "accuracy" if is_classifier(estimator) else "neg_mean_squared_error"


class _CurveDisplay(Display):
    """What both curve displays share: the curve, its check, and drawing the two errors."""

    def __init__(self, curve, *, base_error=None):
        from reglab.diagnose.curves import Curve

        self.curve = expect("curve", curve, Curve)
        self._check_kind(curve)
        self.base_error = None
        if base_error is not None:
            self.base_error = float(check_in_range("base_error", base_error, 0, 1))

    @classmethod
    def from_results(cls, curve, *, base_error=None):
        """From a :class:`~reglab.diagnose.Curve` (``validation_curve``, ``learning_curve``)."""
        return cls(curve, base_error=base_error)

    def _describe(self) -> str:
        values = ", ".join(f"{v:g}" for v in np.asarray(self.curve.values, dtype=float))
        return f"{self.curve.param} = [{values}], {len(self.curve.seeds)} run(s) each"

    def _errors(self, ax, x, mark_best, band, whiskers, base_label, kwargs: dict) -> None:
        curve = self.curve
        for name, color in (("train", TRAIN_COLOR), ("dev", DEV_COLOR)):
            mean, std = getattr(curve, f"{name}_mean"), getattr(curve, f"{name}_std")
            if band:
                ax.fill_between(x, mean - std, mean + std, color=color, alpha=0.2, lw=0)
            style = {"marker": "o", "ms": 4, "color": color, "label": f"{name} error"}
            ax.plot(x, mean, **line_style(style, kwargs))
            if whiskers:
                errors, kept = getattr(curve, f"{name}_error"), curve.kept()
                se = [standard_error(row[k]) for row, k in zip(errors, kept, strict=True)]
                ax.errorbar(x, mean, yerr=2 * np.asarray(se), fmt="none", ecolor=color, capsize=3)
        if mark_best:
            best = int(np.argmin(curve.dev_mean))
            best_style = {"color": "black", "ms": 12, "label": "lowest dev error"}
            ax.plot(x[best], curve.dev_mean[best], "*", **best_style)
        if self.base_error is not None:
            label = f"{base_label} {self.base_error:.3f}"
            ax.axhline(self.base_error, color="0.25", ls="--", lw=1, label=label)
        ax.set_ylabel("error")
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)


class ValidationCurveDisplay(_CurveDisplay):
    """Train and dev error against a hyperparameter (λ, ``keep_prob``, epochs...).

    Parameters
    ----------
    curve : Curve
        Of any ``param`` but ``"size"`` (a learning curve).
    base_error : float in [0, 1], optional
        Drawn as a dotted line.
    """

    @staticmethod
    def _check_kind(curve) -> None:
        if curve.param == "size":
            raise ValueError(
                "curve must be a validation curve, got a learning curve (param 'size'); "
                "draw it with LearningCurveDisplay"
            )

    @classmethod
    def from_network(
        cls,
        build,
        X_train,
        y_train,
        X_dev,
        y_dev,
        *,
        param,
        values,
        seeds=(0,),
        fit_kwargs=None,
        base_error=None,
    ):
        """Train the curve with :func:`~reglab.diagnose.validation_curve` (one stack) and
        wrap it; ``build(n_models, seed, **{param: per_model_values})`` makes the network."""
        from reglab.diagnose.curves import validation_curve

        curve = validation_curve(
            build, X_train, y_train, X_dev, y_dev, param, values, seeds, fit_kwargs
        )
        return cls(curve, base_error=base_error)

    @classmethod
    def from_estimator(cls, estimator, X, y, *, param_name, param_range, cv=5):
        """Cross-validate an estimator with ``sklearn.model_selection.validation_curve``.

        Error is ``1 - accuracy`` for a classifier and the mean squared error otherwise; the
        curve has one column per fold where reglab's have one per seed.
        """
        from sklearn.model_selection import validation_curve

        from reglab.diagnose.curves import Curve

        train, dev = validation_curve(
            estimator,
            X,
            y,
            param_name=param_name,
            param_range=param_range,
            cv=cv,
            scoring=_scoring(estimator),
        )
        train, dev = _sklearn_errors(estimator, train, dev)
        folds = np.arange(train.shape[1])
        return cls(Curve(param_name, np.asarray(param_range), folds, train, dev))

    def plot(
        self,
        ax=None,
        *,
        mark_best=True,
        band=True,
        whiskers=False,
        reverse=None,
        base_label="base error",
        **kwargs,
    ):
        """Draw the curve; return the display.

        Parameters
        ----------
        ax : Axes, optional
        mark_best : bool, default True
            A star at the lowest mean dev error.
        band : bool, default True
            ± one standard deviation over seeds.
        whiskers : bool, default False
            Error bars of two standard errors of each mean: where neighbouring whiskers
            overlap, the step between them is within the noise of this many seeds.
        reverse : bool, optional
            Reverse the x axis; by default for ``keep_prob``, so that regularization grows
            to the right as it does for λ.
        base_label : str, default "base error"
            The legend's name for the base error's line (e.g. "Bayes error").
        **kwargs
            Passed to ``Axes.plot`` of both error lines.
        """
        (ax,) = self._panels(ax, 1, size=(5.5, 4.0))
        x = np.asarray(self.curve.values, dtype=float)
        self._errors(ax, x, mark_best, band, whiskers, base_label, kwargs)
        _value_axis(ax, x)
        reverse = self.curve.param == "keep_prob" if reverse is None else reverse
        if reverse:
            ax.invert_xaxis()
        name = _PARAM_NAMES.get(self.curve.param, self.curve.param)
        ax.set_xlabel(f"{name} (reversed)" if reverse else name)
        ax.set_title(f"Validation curve over {name}")
        ax.legend(fontsize=8)
        return self._drawn([ax])


def _value_axis(ax, values: np.ndarray) -> None:
    """A log axis for values spanning a decade or more, linear to 0 when 0 is one of them."""
    positive = values[values > 0]
    if positive.size and positive.max() / positive.min() >= 10 and (values >= 0).all():
        if positive.size < values.size:
            linthresh = float(positive.min())
            ax.set_xscale("symlog", linthresh=linthresh, linscale=0.5)
            ax.set_xlim(-0.15 * linthresh, 1.3 * float(positive.max()))
        else:
            ax.set_xscale("log")
    ax.set_xticks(values)
    ax.set_xticklabels([f"{v:g}" for v in values])
    ax.minorticks_off()


class LearningCurveDisplay(_CurveDisplay):
    """Train and dev error against the number of training examples.

    Parameters
    ----------
    curve : Curve
        With ``param == "size"``.
    base_error : float in [0, 1], optional
        Drawn as a dotted line.
    """

    @staticmethod
    def _check_kind(curve) -> None:
        if curve.param != "size":
            raise ValueError(
                f"curve must be a learning curve (param 'size'), got a validation curve over "
                f"{curve.param!r}; draw it with ValidationCurveDisplay"
            )

    @classmethod
    def from_network(
        cls,
        build,
        X_train,
        y_train,
        X_dev,
        y_dev,
        *,
        sizes,
        seeds=(0,),
        fit_kwargs=None,
        base_error=None,
    ):
        """Train the curve with :func:`~reglab.diagnose.learning_curve` and wrap it;
        ``build(n_models, seed)`` makes the network (one stack per size)."""
        from reglab.diagnose.curves import learning_curve

        curve = learning_curve(build, X_train, y_train, X_dev, y_dev, sizes, seeds, fit_kwargs)
        return cls(curve, base_error=base_error)

    @classmethod
    def from_estimator(cls, estimator, X, y, *, train_sizes=(0.1, 0.33, 0.55, 0.78, 1.0), cv=5):
        """Cross-validate with ``sklearn.model_selection.learning_curve``; errors as in
        :meth:`ValidationCurveDisplay.from_estimator`."""
        from sklearn.model_selection import learning_curve

        from reglab.diagnose.curves import Curve

        sizes, train, dev = learning_curve(
            estimator, X, y, train_sizes=train_sizes, cv=cv, scoring=_scoring(estimator)
        )
        train, dev = _sklearn_errors(estimator, train, dev)
        return cls(Curve("size", sizes, np.arange(train.shape[1]), train, dev))

    def plot(self, ax=None, *, band=True, whiskers=False, base_label="base error", **kwargs):
        """Draw the curve; return the display.

        ``band``, ``whiskers`` and ``base_label`` as for :meth:`ValidationCurveDisplay.plot`;
        ``kwargs`` go to ``Axes.plot`` of both lines. Sizes spanning a decade or more go on
        a log axis.
        """
        (ax,) = self._panels(ax, 1, size=(5.5, 4.0))
        sizes = np.asarray(self.curve.values, dtype=float)
        self._errors(ax, sizes, False, band, whiskers, base_label, kwargs)
        _value_axis(ax, sizes)
        ax.set_xlabel("training examples")
        ax.set_title("Learning curve")
        ax.legend(fontsize=8)
        return self._drawn([ax])
