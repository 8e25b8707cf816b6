"""A training callback that lets the page drive a ``fit``: play, pause, step, stop, pace.

The playground trains with the library's own :func:`reglab.train.fit` in a worker thread;
this callback is how the page reaches into that loop. Before each epoch it waits at a
gate until the page allows the epoch (play: every epoch, step: one, pause: none) and
applies the hyperparameter changes the page asked for in the meantime, so a change never
lands in the middle of an epoch. After each epoch it reports the logs, paces the run to
the chosen number of epochs per second, and stops every model when the page closes.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from reglab.train.callbacks import Callback

__all__ = ["Controller"]


class Controller(Callback):
    """Gatekeeper between the page (any thread) and the training loop (the worker thread).

    Parameters
    ----------
    on_epoch : callable ``(trainer, epoch, logs) -> None``
        Called in the training thread after each epoch.
    on_hold : callable ``(trainer, epoch, logs) -> None``
        Called when training is about to wait for the page after an epoch (paused, or a
        step done), so that the page is shown the state it waits in.
    on_end : callable ``(trainer, stopped) -> None``
        Called when training ends; ``stopped`` is True when the page stopped it.
    speed : float
        Epochs per second at most; 0 runs as fast as the machine allows.
    """

    def __init__(self, on_epoch: Callable, on_hold: Callable, on_end: Callable, speed: float = 0.0):
        self.on_epoch = on_epoch
        self.on_hold = on_hold
        self.on_end = on_end
        self.speed = float(speed)
        self._condition = threading.Condition()
        self._allowance = 0.0  # epochs the page allows; math.inf while playing
        self._stopped = False
        self._changes: list[Callable[[], None]] = []
        self._last_epoch_end = 0.0

    # -- the page's side (event loop thread) ------------------------------------------------
    def play(self) -> None:
        self._set_allowance(math.inf)

    def pause(self) -> None:
        self._set_allowance(0.0)

    def step(self) -> None:
        with self._condition:
            if self._allowance != math.inf:
                self._allowance += 1
            self._condition.notify_all()

    def stop(self) -> None:
        """Stop every model at the next epoch boundary (or at once, if waiting)."""
        with self._condition:
            self._stopped = True
            self._condition.notify_all()

    def submit(self, change: Callable[[], None]) -> None:
        """Run ``change`` in the training thread before the next epoch begins."""
        with self._condition:
            self._changes.append(change)
            self._condition.notify_all()

    def set_speed(self, speed: float) -> None:
        with self._condition:
            self.speed = float(speed)
            self._condition.notify_all()

    @property
    def playing(self) -> bool:
        return self._allowance == math.inf and not self._stopped

    def _set_allowance(self, value: float) -> None:
        with self._condition:
            self._allowance = value
            self._condition.notify_all()

    # -- the training loop's side (worker thread) ---------------------------------------------
    def on_train_begin(self, trainer):
        self._wait_for_page(lambda: None)
        self._last_epoch_end = time.monotonic()

    def on_epoch_end(self, trainer, epoch, logs):
        self.on_epoch(trainer, epoch, logs)
        if epoch + 1 >= trainer.epochs or trainer.stop_training:
            return  # fit ends here: on_end shows the final state
        self._pace()
        if not self._wait_for_page(lambda: self.on_hold(trainer, epoch, logs)):
            for k in range(trainer.network.n_models):
                if trainer.active[k]:
                    trainer.stop_model(k, "stopped by the page")

    def on_train_end(self, trainer):
        self.on_end(trainer, self._stopped)

    def _pace(self) -> None:
        """Sleep (interruptibly) so that an epoch takes at least ``1 / speed`` seconds."""
        with self._condition:
            while self.speed > 0 and not self._stopped and self._allowance == math.inf:
                left = self._last_epoch_end + 1.0 / self.speed - time.monotonic()
                if left <= 0:
                    break
                self._condition.wait(left)
        self._last_epoch_end = time.monotonic()

    def _wait_for_page(self, hold: Callable[[], None]) -> bool:
        """Block until the next epoch is allowed; False when the page stopped training.

        ``hold`` runs (once, outside the lock) before the first wait.
        """
        held = False
        while True:
            with self._condition:
                changes, self._changes = self._changes, []
                for change in changes:
                    change()
                if self._stopped:
                    return False
                if self._allowance >= 1:
                    self._allowance -= 1
                    return True
                if held:
                    self._condition.wait()
                    continue
            hold()
            held = True

    def __repr__(self) -> str:
        return f"Controller(speed={self.speed:g}, playing={self.playing})"
