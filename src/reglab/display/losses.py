"""Loss (or accuracy) against epoch for the models of a stack, with early stopping's marks.

A dev loss that rises while the train loss keeps falling is overfitting (tutorial 1.2);
early stopping (4.1) keeps the weights of the epoch with the lowest dev loss (the star) and
stops training ``patience`` epochs later (the cross).
"""

from __future__ import annotations

import numpy as np

from reglab._validation import check_choice
from reglab.display._base import (
    DEV_COLOR,
    TRAIN_COLOR,
    Display,
    expect,
    expect_fitted_estimator,
    line_style,
)

__all__ = ["LossCurveDisplay"]

_KINDS = ("train", "dev")
_QUANTITIES = ("loss", "accuracy")
_BANDS = (True, False, "range", "std")


def _history_of(history):
    from reglab.train.callbacks import History
    from reglab.train.fit import Trainer

    expect("history", history, (History, Trainer), "fit() returns a Trainer")
    return history.history if isinstance(history, Trainer) else history


def _epochs(name: str, values, n_models: int) -> np.ndarray | None:
    if values is None:
        return None
    values = np.asarray(values, dtype=int).reshape(-1)
    if len(values) != n_models:
        raise ValueError(f"{name} must have one entry per model ({n_models}), got {len(values)}")
    return values


class LossCurveDisplay(Display):
    """Train and dev loss (or accuracy) per epoch of each model of a stack.

    Parameters
    ----------
    train, dev : ndarray of shape (epochs, K), or None
        At least one of them. ``train`` may be the training cost (loss + penalty, dropout
        on) when no dev set was given: ``train_name`` then says so.
    quantity : {"loss", "accuracy"}, default "loss"
        What the values are: the axis label, and which way is best (lowest loss, highest
        accuracy).
    x : ndarray of shape (epochs,), optional
        Where each row goes on the x axis; the epoch, 0, 1, ..., by default (e.g. scale it
        to count gradient steps of runs on data sets of different sizes).
    xlabel : str, default "epoch"
    labels : sequence of K str, optional
        One per model; ``"model k"`` by default.
    best_epoch, stopped_epoch : sequence of K int, optional
        Early stopping's kept epoch and the epoch training stopped (-1: none), as rows.
    name : str, optional
        The title.
    train_name : str, default "train"
    """

    def __init__(
        self,
        train=None,
        dev=None,
        *,
        quantity="loss",
        x=None,
        xlabel="epoch",
        labels=None,
        best_epoch=None,
        stopped_epoch=None,
        name=None,
        train_name="train",
    ):
        curves = {"train": train, "dev": dev}
        self.curves = {k: np.asarray(v, dtype=float) for k, v in curves.items() if v is not None}
        if not self.curves:
            raise ValueError("train and dev must not both be None")
        shapes = {v.shape for v in self.curves.values()}
        first = next(iter(self.curves.values()))
        if len(shapes) > 1 or first.ndim != 2:
            raise ValueError(f"train and dev must have one shape (epochs, K), got {sorted(shapes)}")
        epochs, K = first.shape
        self.quantity = check_choice("quantity", quantity, _QUANTITIES)
        self.x = np.arange(epochs) if x is None else np.asarray(x, dtype=float).reshape(-1)
        if len(self.x) != epochs:
            raise ValueError(f"x must have one value per epoch ({epochs}), got {len(self.x)}")
        self.xlabel = xlabel
        self.labels = [f"model {k}" for k in range(K)] if labels is None else list(labels)
        if len(self.labels) != K:
            raise ValueError(f"labels must have one entry per model ({K}), got {len(self.labels)}")
        self.best_epoch = _epochs("best_epoch", best_epoch, K)
        self.stopped_epoch = _epochs("stopped_epoch", stopped_epoch, K)
        self.name = name
        self.train_name = train_name

    @classmethod
    def from_history(
        cls, history, *, quantity="loss", early_stopping=None, models=None, labels=None, name=None
    ):
        """From a :class:`~reglab.train.History` or the :class:`~reglab.train.Trainer` of ``fit``.

        With a dev set (``fit(..., dev=...)``) the curves are ``train_loss`` and
        ``dev_loss`` (the data loss with dropout off), or the accuracies; without one, the
        training ``cost``. ``early_stopping``, the :class:`~reglab.train.EarlyStopping`
        given to that ``fit``, adds its kept and stop epochs. ``models`` picks models of
        the stack (all by default); ``labels`` names them (``"model k"`` by default).
        """
        history = _history_of(history)
        check_choice("quantity", quantity, _QUANTITIES)
        if f"train_{quantity}" in history:
            train, dev = history[f"train_{quantity}"], history[f"dev_{quantity}"]
            train_name = "train"
        elif quantity == "loss":
            train, dev, train_name = history["cost"], None, "train cost (with penalty)"
        else:
            raise ValueError(
                "history must come from fit(..., dev=(X_dev, y_dev)) of a classifier to draw "
                f"accuracy, got a history with {sorted(history.keys())}"
            )
        marks = {}
        if early_stopping is not None:
            from reglab.train.callbacks import EarlyStopping

            expect("early_stopping", early_stopping, EarlyStopping)
            if not hasattr(early_stopping, "best_epoch"):
                raise ValueError("early_stopping must have been given to fit() before, got unused")
            marks = {
                "best_epoch": early_stopping.best_epoch,
                "stopped_epoch": early_stopping.stopped_epoch,
            }
        K = train.shape[1]
        models = np.arange(K) if models is None else np.asarray(models, dtype=int).reshape(-1)
        if models.size == 0 or models.min() < 0 or models.max() >= K:
            raise ValueError(f"models must index the {K} models, got {models.tolist()}")
        pick = {key: None if v is None else np.asarray(v)[models] for key, v in marks.items()}
        labels = [f"model {k}" for k in models] if labels is None else labels
        dev = None if dev is None else dev[:, models]
        return cls(
            train[:, models],
            dev,
            quantity=quantity,
            labels=labels,
            name=name,
            train_name=train_name,
            **pick,
        )

    @classmethod
    def from_estimator(cls, estimator, *, quantity="loss", name=None):
        """From a fitted :class:`~reglab.estimator.RegLabClassifier` or ``RegLabRegressor``.

        With ``early_stopping=True`` the kept epoch is the one of the lowest dev loss (the
        weights the estimator restored) and the stop epoch the last one trained, if it
        stopped before ``epochs``.
        """
        expect_fitted_estimator(estimator, "history_")
        history = estimator.history_
        name = name or type(estimator).__name__
        display = cls.from_history(history, quantity=quantity, name=name)
        if estimator.early_stopping and "dev_loss" in history:
            epochs = len(history.epochs)
            display.best_epoch = np.argmin(history["dev_loss"], axis=0)
            display.stopped_epoch = np.array([epochs - 1 if epochs < estimator.epochs else -1])
        return display

    @classmethod
    def from_results(cls, run, *, quantity="loss", x=None, xlabel="epoch", name=None):
        """From one :class:`~reglab.experiments.regularization.RegularizerRun` of the study,
        one model per seed, or a ``ConditionRun`` of the augmentation experiment (``x`` and
        ``xlabel`` as for the class)."""
        from reglab.experiments.augmentation import ConditionRun
        from reglab.experiments.regularization import RegularizerRun

        expect("run", run, (RegularizerRun, ConditionRun), "pass one run, not a list")
        check_choice("quantity", quantity, _QUANTITIES)
        if isinstance(run, ConditionRun):
            default = f"{run.model}, {run.condition}"
            best = stopped = None
        else:
            if quantity != "loss":
                raise ValueError(f"quantity must be 'loss' for a RegularizerRun, got {quantity!r}")
            default, best, stopped = run.name, run.best_epoch, run.stopped_epoch
        train, dev = getattr(run, f"train_{quantity}"), getattr(run, f"dev_{quantity}")
        return cls(
            train,
            dev,
            quantity=quantity,
            x=x,
            xlabel=xlabel,
            labels=[f"seed {s}" for s in range(dev.shape[1])],
            best_epoch=best,
            stopped_epoch=stopped,
            name=name or default,
        )

    def _describe(self) -> str:
        epochs, K = next(iter(self.curves.values())).shape
        return f"{'/'.join(self.curves)} {self.quantity}, {epochs} epochs, {K} model(s)"

    def plot(
        self, ax=None, *, which=None, mean=False, band=True, marks=True, legend=True, **kwargs
    ):
        """Draw the curves; return the display.

        Parameters
        ----------
        ax : matplotlib Axes, optional
            A new figure when None.
        which : sequence of {"train", "dev"}, optional
            The curves to draw; all there are by default.
        mean : bool, default False
            One line per curve kind, the mean over models, with a band (``band``) and a
            triangle at the best mean dev value. Otherwise one line per model (dev solid,
            train dashed), each ending at the epoch its model stopped, with early
            stopping's marks (``marks``): a star and a dotted line at the kept epoch, a
            cross where training stopped.
        band : {True, "range", "std", False}, default True
            With ``mean``: the range over models (True, "range") or ± one standard
            deviation ("std") around each mean line, or none.
        legend : bool, default True
        **kwargs
            Passed to ``Axes.plot`` for every line (``color``, ``lw``, ``ls``...); a
            ``label`` names the first line only.
        """
        which = list(self.curves) if which is None else list(which)
        for kind in which:
            check_choice("which", kind, [k for k in _KINDS if k in self.curves])
        check_choice("band", band, _BANDS)
        (ax,) = self._panels(ax, 1, size=(6.0, 4.0))
        label = kwargs.pop("label", None)
        if mean:
            lines = self._means(ax, which, band, marks, kwargs.get("color"))
        else:
            lines = self._models(ax, which, marks)
        for i, (x, y, style) in enumerate(lines):
            style = line_style(style, kwargs)
            if label is not None:
                style["label"] = label if i == 0 else "_nolegend_"
            ax.plot(x, y, **style)
        ax.set_xlabel(self.xlabel)
        ax.set_ylabel(self.quantity if self.train_name == "train" else "cost")
        if self.name:
            ax.set_title(self.name)
        ax.grid(alpha=0.3)
        if legend and ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=8)
        return self._drawn([ax])

    def _kind_name(self, kind: str) -> str:
        return self.train_name if kind == "train" else "dev"

    def _best(self, values: np.ndarray) -> int:
        return int(np.nanargmax(values) if self.quantity == "accuracy" else np.nanargmin(values))

    def _means(self, ax, which, band, marks: bool, color=None) -> list:
        """Mean lines (drawn by the caller), with their bands and the best mean dev value."""
        lines = []
        for kind in which:
            values = self.curves[kind]
            shade = color or (TRAIN_COLOR if kind == "train" else DEV_COLOR)
            mean = np.nanmean(values, axis=1)
            if band == "std":
                spread = np.nanstd(values, axis=1)
                low, high = mean - spread, mean + spread
            else:
                low, high = np.nanmin(values, axis=1), np.nanmax(values, axis=1)
            if band:
                ax.fill_between(self.x, low, high, color=shade, alpha=0.2, lw=0)
            style = {"color": shade, "lw": 1.4, "label": self._kind_name(kind)}
            lines.append((self.x, mean, style))
            if marks and kind == "dev" and np.isfinite(mean).any():
                best = self._best(mean)
                ax.plot(self.x[best], mean[best], "v", color="black", ms=5, zorder=4)
        return lines

    def _models(self, ax, which, marks: bool) -> list:
        lines = []
        epochs, K = next(iter(self.curves.values())).shape
        for k in range(K):
            end = epochs - 1
            if self.stopped_epoch is not None and self.stopped_epoch[k] >= 0:
                end = int(self.stopped_epoch[k])
            color = f"C{k % 10}" if K > 1 else None
            for kind in which:
                y = self.curves[kind][: end + 1, k]
                name = self._kind_name(kind) if K == 1 else f"{self.labels[k]}, {kind}"
                style = {
                    "color": color or (TRAIN_COLOR if kind == "train" else DEV_COLOR),
                    "ls": "--" if kind == "train" and len(which) > 1 else "-",
                    "lw": 1.3,
                    "label": name,
                }
                lines.append((self.x[: end + 1], y, style))
            if marks:
                self._marks(ax, k, end, which[-1], color or "black")
        if marks and self.best_epoch is not None and (self.best_epoch >= 0).any():
            ax.plot([], [], "*", color="0.4", ms=10, label=f"kept epoch (best dev {self.quantity})")
        if marks and self.stopped_epoch is not None and (self.stopped_epoch >= 0).any():
            ax.plot([], [], "x", color="0.4", label="training stopped")
        return lines

    def _marks(self, ax, k: int, end: int, kind: str, color) -> None:
        """The kept epoch (star, dotted line) and the stop epoch (cross) of model ``k``."""
        y = self.curves[kind][:, k]
        if self.best_epoch is not None and self.best_epoch[k] >= 0:
            best = int(self.best_epoch[k])
            ax.axvline(self.x[best], color=color, lw=0.7, ls=":")
            ax.plot(self.x[best], y[best], "*", color=color, ms=12, mec="black", mew=0.5, zorder=4)
        if self.stopped_epoch is not None and self.stopped_epoch[k] >= 0:
            ax.plot(self.x[end], y[end], "x", color=color, ms=7, zorder=4)
