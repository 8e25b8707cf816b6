"""Training policies as callbacks: history, early stopping, a NaN guard, a progress bar.

A callback sees the :class:`~reglab.train.fit.Trainer` (network, optimizer, which models
are still training) at three moments: ``on_train_begin``, ``on_epoch_end`` (with the
epoch's ``logs``, each entry an array with one value per model) and ``on_train_end``.
It stops a model with ``trainer.stop_model(k, reason)``; training ends when no model is
left. Every callback resets itself in ``on_train_begin``, so one object can serve many fits.
"""

from __future__ import annotations

import sys

import numpy as np

from reglab._validation import check_choice, check_in_range, check_int, check_positive, check_real

__all__ = ["Callback", "DivergenceWarning", "EarlyStopping", "History", "NaNGuard", "ProgressBar"]


class Callback:
    """Base class: every hook does nothing."""

    def on_train_begin(self, trainer) -> None:
        pass

    def on_epoch_end(self, trainer, epoch: int, logs: dict[str, np.ndarray]) -> None:
        pass

    def on_train_end(self, trainer) -> None:
        pass

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class History(Callback):
    """Records every epoch's logs; ``history[key]`` is an array of shape (epochs, K).

    Keys: ``cost`` (mean over the epoch's batches of loss + penalty), ``batch_cost`` (the
    last batch's, which the tutorial prints), and, when a dev set is given,
    ``train_loss``, ``dev_loss``, ``train_accuracy``, ``dev_accuracy``.
    """

    def on_train_begin(self, trainer):
        self.epochs: list[int] = []
        self._logs: dict[str, list[np.ndarray]] = {}

    def on_epoch_end(self, trainer, epoch, logs):
        self.epochs.append(epoch)
        for key, value in logs.items():
            self._logs.setdefault(key, []).append(np.array(value, dtype=float))

    def __getitem__(self, key: str) -> np.ndarray:
        if key not in self._logs:
            raise KeyError(f"history has no {key!r}; it has {sorted(self._logs)}")
        return np.stack(self._logs[key])

    def __contains__(self, key: str) -> bool:
        return key in self._logs

    def keys(self) -> list[str]:
        return list(self._logs)

    def _repr_html_(self) -> str:
        from reglab._rich import history_html

        return history_html(self)

    def __repr__(self) -> str:
        epochs = len(getattr(self, "epochs", []))
        keys = self.keys() if hasattr(self, "_logs") else []
        return f"History(epochs={epochs}, keys={keys})"


class EarlyStopping(Callback):
    """Stop each model when its monitored quantity stops improving (Keras' semantics).

    Parameters
    ----------
    monitor : str, default "dev_loss"
        A key of the epoch logs.
    patience : int, default 10
        Epochs without improvement before a model stops.
    min_delta : float, default 0.0
        An improvement smaller than this does not count.
    mode : {"auto", "min", "max"}
        ``auto`` maximizes keys containing ``accuracy`` and minimizes the rest.
    restore_best_weights : bool, default True
        At the end, each model gets back the weights of its own best epoch.
    models : sequence of int or bool mask, optional
        Only these models of the stack are watched and stopped (default: all), so one stack
        can hold models with and without early stopping.

    After training: ``best_epoch`` and ``stopped_epoch`` (-1: never stopped), one per model.
    """

    def __init__(
        self,
        monitor="dev_loss",
        patience=10,
        min_delta=0.0,
        mode="auto",
        restore_best_weights=True,
        models=None,
    ):
        self.monitor = monitor
        self.models = models
        self.patience = check_int("patience", patience, minimum=0)
        self.min_delta = float(check_positive("min_delta", min_delta, strict=False))
        self.mode = check_choice("mode", mode, ("auto", "min", "max"))
        self.restore_best_weights = bool(restore_best_weights)

    @property
    def sign(self) -> float:
        maximize = self.mode == "max" or (self.mode == "auto" and "accuracy" in self.monitor)
        return -1.0 if maximize else 1.0

    def on_train_begin(self, trainer):
        K = trainer.network.n_models
        self.watched = np.ones(K, dtype=bool)
        if self.models is not None:
            self.watched = np.zeros(K, dtype=bool)
            try:
                self.watched[np.asarray(self.models)] = True
            except IndexError:
                raise ValueError(f"models must index the {K} models, got {self.models!r}") from None
        self.best = np.full(K, np.inf)
        self.best_epoch = np.full(K, -1)
        self.stopped_epoch = np.full(K, -1)
        self.wait = np.zeros(K, dtype=int)
        self.best_theta = trainer.network.theta.copy()

    def on_epoch_end(self, trainer, epoch, logs):
        if self.monitor not in logs:
            raise KeyError(
                f"EarlyStopping monitors {self.monitor!r}, which the logs lack: {sorted(logs)}; "
                "pass a dev set to fit() to get dev_loss"
            )
        value = self.sign * np.asarray(logs[self.monitor], dtype=float)
        improved = (value < self.best - self.min_delta) & trainer.active & self.watched
        self.best[improved] = value[improved]
        self.best_epoch[improved] = epoch
        self.best_theta[improved] = trainer.network.theta[improved]
        self.wait[improved] = 0
        self.wait[~improved & trainer.active & self.watched] += 1
        for k in np.flatnonzero(trainer.active & (self.wait > self.patience)):
            self.stopped_epoch[k] = epoch
            trainer.stop_model(
                k,
                f"early stopping: no {self.monitor} improvement in "
                f"{self.patience} epochs (best at epoch {self.best_epoch[k]})",
            )

    def on_train_end(self, trainer):
        if self.restore_best_weights:
            seen = self.best_epoch >= 0
            trainer.network.theta[seen] = self.best_theta[seen]

    def __repr__(self):
        return (
            f"EarlyStopping(monitor={self.monitor!r}, patience={self.patience}, "
            f"min_delta={self.min_delta}, mode={self.mode!r}, "
            f"restore_best_weights={self.restore_best_weights})"
        )


class DivergenceWarning(RuntimeWarning):
    """Issued by :func:`~reglab.train.fit.fit` when models of the stack diverged.

    A diverged model's numbers (accuracy, loss) say nothing about bias or variance: the
    remedy is a smaller learning rate (or scaled inputs), not a bigger network.
    """


class NaNGuard(Callback):
    """Stop a model that diverges: its cost or weights become NaN or infinite, or its cost
    rises above ``rise_factor`` times its starting cost.

    The starting cost is the cost of a model's first mini-batch, computed before its first
    update (``trainer.initial_cost``; after a warm start only non-finite values count, since
    a converged model's tiny cost can rise tenfold without anything being wrong). The check
    runs at the end of every epoch. A model that diverged gets back its weights from the end
    of the last epoch that passed the check (its initial weights if none did), is marked in
    ``trainer.diverged``, and ``trainer.stop_reasons[k]`` says at which epoch and why;
    ``fit`` then issues a :class:`DivergenceWarning`.

    Parameters
    ----------
    rise_factor : float > 1 or None, default 10.0
        How many times its starting cost a model's epoch cost may reach; ``None`` counts
        only NaN and infinite values. A cost ten times the start is far beyond the noise of
        a healthy run: for the cross-entropy of two classes it means a start at chance
        (0.69) turned into confident mistakes (6.9).
    """

    def __init__(self, rise_factor: float | None = 10.0):
        if rise_factor is not None:
            check_in_range(
                "rise_factor", check_real("rise_factor", rise_factor), 1, np.inf, low_open=True
            )
        self.rise_factor = rise_factor

    def on_train_begin(self, trainer):
        self.last_good = trainer.network.theta.copy()
        self.diverged_epoch = np.full(trainer.network.n_models, -1)

    def _limit(self, trainer) -> np.ndarray | None:
        start = getattr(trainer, "initial_cost", None)
        if self.rise_factor is None or start is None:
            return None
        return self.rise_factor * np.asarray(start, dtype=float)

    def on_epoch_end(self, trainer, epoch, logs):
        theta, cost = trainer.network.theta, np.asarray(logs["cost"], dtype=float)
        limit = self._limit(trainer)
        within = np.ones_like(cost, dtype=bool) if limit is None else cost <= limit
        if np.isfinite(theta).all() and np.isfinite(cost).all() and within.all():
            np.copyto(self.last_good, theta)  # the common case, in one copy
            return
        finite = np.isfinite(cost) & np.all(np.isfinite(theta), axis=1)
        bad = trainer.active & ~(finite & within)
        for k in np.flatnonzero(bad):
            theta[k] = self.last_good[k]
            self.diverged_epoch[k] = epoch
            if np.isfinite(cost[k]) and not within[k]:
                why = (
                    f"cost rose to {cost[k]:.3g} at epoch {epoch}, more than "
                    f"{self.rise_factor:g}x its starting cost {trainer.initial_cost[k]:.3g}"
                )
            else:
                why = f"cost became {cost[k]} at epoch {epoch}"
            restored = (
                "its initial weights" if epoch == 0 else "the weights of epoch " + str(epoch - 1)
            )
            trainer.stop_model(k, f"diverged: {why}; weights restored to {restored}")
            trainer.diverged[k] = True
        good = trainer.active & finite & within
        self.last_good[good] = theta[good]

    def __repr__(self):
        return f"NaNGuard(rise_factor={self.rise_factor})"


class ProgressBar(Callback):
    """A tqdm progress bar over the epochs, on a terminal only.

    It shows the epochs done, the rate, the time left, and as a postfix the mean cost and
    how many models of the stack are still training (``active=3/8``). When ``stream`` is
    not a terminal (a pipe, a file, a CI log) it writes nothing.

    Parameters
    ----------
    stream : file, default ``sys.stderr``
    label : str
        The bar's description, e.g. the name of the run.
    min_interval : float, default 0.1
        Seconds between redraws (tqdm's ``mininterval``).
    """

    def __init__(self, stream=None, label="training", min_interval=0.1):
        self.stream = stream
        self.label = label
        self.min_interval = float(check_positive("min_interval", min_interval, strict=False))

    def on_train_begin(self, trainer):
        from tqdm import tqdm  # here, not at the top: the engine never needs it

        out = self.stream if self.stream is not None else sys.stderr
        enabled = bool(getattr(out, "isatty", lambda: False)())
        self.bar = tqdm(
            total=trainer.epochs,
            desc=self.label,
            unit="epoch",
            file=out,
            mininterval=self.min_interval,
            disable=not enabled,
            dynamic_ncols=True,
        )

    def on_epoch_end(self, trainer, epoch, logs):
        if not self.bar.disable:
            cost = f"{np.nanmean(logs['cost']):.4f}"
            active = f"{int(np.sum(trainer.active))}/{trainer.network.n_models}"
            self.bar.set_postfix(cost=cost, active=active, refresh=False)
        self.bar.update(1)

    def on_train_end(self, trainer):
        self.bar.close()

    def __repr__(self):
        return f"ProgressBar(label={self.label!r})"
