"""One page's session: its data, its stack, and the one training run it may have.

A session belongs to one WebSocket connection. It trains with :func:`reglab.train.fit` in
a worker thread, driven through a :class:`~reglab.playground.controller.Controller`; the
states it produces go into a :class:`Mailbox` that keeps only the newest unsent one, so a
slow page never makes states queue up. Closing the session stops its training.
"""

from __future__ import annotations

import csv
import io
import pickle
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

from reglab.nn.serialize import save
from reglab.playground.controller import Controller
from reglab.playground.data import build_data, read_upload
from reglab.playground.protocol import LIMITS
from reglab.playground.snapshot import finite, snapshot
from reglab.playground.stack import apply_hyperparameters, build_stack, describe_model
from reglab.train.callbacks import NaNGuard
from reglab.train.fit import fit

__all__ = ["HISTORY_COLUMNS", "Mailbox", "Session"]

HISTORY_COLUMNS = (
    "epoch",
    "model",
    "setting",
    "train_loss",
    "dev_loss",
    "train_accuracy",
    "dev_accuracy",
    "weight_norm",
    "zero_fraction",
    "regularization",
    "lam",
    "keep_prob",
    "learning_rate",
)


class Mailbox:
    """The newest state waiting to be sent; a newer state replaces an unsent older one.

    Curve points (one per epoch) are not replaced but gathered, and leave with the next
    state taken, so the page's loss curves miss no epoch however many states were dropped.
    """

    def __init__(self, notify=lambda: None):
        self._lock = threading.Lock()
        self._notify = notify
        self._state: dict | None = None
        self._points: list[tuple[int, list, list]] = []
        self.replaced = 0  # states dropped unsent because a newer one came

    def put(self, state: dict) -> None:
        with self._lock:
            self.replaced += self._state is not None
            self._state = state
        self._notify()

    def add_point(self, epoch: int, train_loss, dev_loss) -> None:
        with self._lock:
            self._points.append((epoch, finite(train_loss), finite(dev_loss)))

    def take(self) -> dict | None:
        """The newest state with every curve point gathered since the last take, or None."""
        with self._lock:
            state, self._state = self._state, None
            if state is None:
                return None
            points, self._points = self._points, []
        state["curves"] = {
            "epochs": [p[0] for p in points],
            "train_loss": [p[1] for p in points],
            "dev_loss": [p[2] for p in points],
        }
        return state

    def clear(self) -> None:
        with self._lock:
            self._state, self._points = None, []


class Session:
    """The data, stack and training run of one page.

    Parameters
    ----------
    notify : callable
        Called (from any thread) when a new state is in ``mailbox``.
    limits : dict
        The caps of :data:`~reglab.playground.protocol.LIMITS`.
    """

    def __init__(self, notify=lambda: None, limits: dict = LIMITS):
        self.mailbox = Mailbox(notify)
        self.limits = limits
        self.settings = None
        self.data = None
        self.upload = None
        self.trainings = 0  # training runs started, for the one-at-a-time guarantee
        self.run = 0  # which configuration or reset a state belongs to
        self._thread: threading.Thread | None = None
        self._controller: Controller | None = None
        self._finished = False
        self._min_interval = 1.0 / limits["max_updates_per_second"]
        self._last_state = 0.0

    # -- configuration -------------------------------------------------------------------------
    def configure(self, settings) -> dict:
        """Use new settings: their data, a new stack, training from scratch."""
        self.stop()
        self.data = build_data(settings, self.upload)
        self.settings = settings
        self._build()
        return {
            "type": "configured",
            "run": self.run,
            "settings": settings.model_dump(),
            "data": self.data.describe(),
            "labels": [describe_model(m) for m in settings.models],
        }

    def read_upload(self, name: str, text: str) -> None:
        """Keep an uploaded CSV as the data set ``upload`` (it replaces any earlier one)."""
        self.upload = read_upload(
            name,
            text,
            max_bytes=self.limits["max_upload_bytes"],
            max_rows=self.limits["max_upload_rows"],
        )

    def _build(self) -> None:
        self.run += 1
        self.stack = build_stack(self.settings)
        self.network = self.stack["network"]
        self.records: list[list] = []
        self._applied = list(self.settings.models)  # the models' settings training now uses
        self._finished = False  # set by the training thread before it shows "finished"
        self.mailbox.clear()
        state = snapshot(self.network, self.data, 0, "ready")
        state["run"] = self.run
        self.mailbox.put(state)

    def _require_configured(self) -> None:
        if self.settings is None:
            raise ValueError("the session must be configured first: send a configure message")

    # -- running -------------------------------------------------------------------------------
    def play(self) -> dict | None:
        """Run; after a finished run, first start again (and return the ``reset`` message)."""
        restarted = self._restart_if_finished()
        self._training().play()
        return restarted

    def step(self) -> dict | None:
        restarted = self._restart_if_finished()
        self._training().step()
        return restarted

    def pause(self) -> None:
        if self._controller is not None:
            self._controller.pause()

    def reset(self) -> dict:
        """Start again from the initial weights; the page learns the new run's number."""
        self._require_configured()
        self.stop()
        self._build()
        return {"type": "reset", "run": self.run}

    def _restart_if_finished(self) -> dict | None:
        # the flag, not the thread's end: the page may press play after seeing "finished"
        # while the thread is still returning from fit
        return self.reset() if self._finished else None

    def set_speed(self, speed: int) -> None:
        self._require_configured()
        self.settings.speed = speed
        if self._controller is not None:
            self._controller.set_speed(speed)

    def set_hyperparameters(self, message) -> dict:
        """Change one model's λ, regularization, keep_prob or learning rate, live."""
        self._require_configured()
        models = self.settings.models
        if message.model >= len(models):
            raise ValueError(
                f"model must be < {len(models)}, the number of settings, got {message.model}"
            )
        fields = ("regularization", "lam", "keep_prob", "learning_rate")
        update = {f: getattr(message, f) for f in fields if getattr(message, f) is not None}
        hidden = len(self.settings.hidden)
        if "keep_prob" in update and len(update["keep_prob"]) != hidden:
            raise ValueError(
                f"keep_prob must have one value per hidden layer ({hidden}), "
                f"got {len(update['keep_prob'])}"
            )
        models[message.model] = models[message.model].model_copy(update=update)
        network, optimizer, chosen = self.network, self.stack["optimizer"], list(models)

        def change():
            apply_hyperparameters(network, optimizer, chosen)
            self._applied = chosen

        self._at_epoch_boundary(change, wait=False)
        label = describe_model(chosen[message.model])
        return {"type": "updated", "model": message.model, "label": label}

    def _training(self) -> Controller:
        """The controller of the running training, starting one if there is none."""
        self._require_configured()
        if self._thread is None:
            self._controller = Controller(
                self._on_epoch, self._on_hold, self._on_end, self.settings.speed
            )
            self._thread = threading.Thread(
                target=self._run, args=(self._controller,), name="reglab-playground", daemon=True
            )
            self.trainings += 1
            self._thread.start()
        return self._controller

    def _run(self, controller: Controller) -> None:
        stack, split = self.stack, self.data.split
        # λ may rise while training runs, and the cost (loss + penalty) with it: only NaN
        # and infinite values count as divergence here, not a rise over the starting cost
        guard = NaNGuard(rise_factor=None)
        callbacks = [c for c in (guard, stack["stopper"], controller) if c is not None]
        # a diverging model overflows on its way to NaN: the guard stops it, the page and one
        # DivergenceWarning say so; NumPy's warnings would only fill the server's console
        # (the error state is this thread's; warnings filters are global, so left alone)
        with np.errstate(over="ignore", invalid="ignore"):
            fit(
                stack["network"],
                split.X_train,
                split.y_train,
                optimizer=stack["optimizer"],
                epochs=self.settings.epochs,
                batches=stack["batches"],
                dev=(split.X_dev, split.y_dev),
                augment=stack["augment"],
                callbacks=callbacks,
            )

    def _on_epoch(self, trainer, epoch: int, logs: dict) -> None:
        """Record the epoch; publish a state when one is due (``max_updates_per_second``)."""
        self._record(trainer, epoch, logs)
        self.mailbox.add_point(epoch + 1, logs["train_loss"], logs["dev_loss"])
        now = time.monotonic()
        if now - self._last_state >= self._min_interval:
            self._last_state = now
            self._publish(trainer, epoch + 1, "running", logs)

    def _on_hold(self, trainer, epoch: int, logs: dict) -> None:
        self._publish(trainer, epoch + 1, "paused", logs)

    def _on_end(self, trainer, stopped: bool) -> None:
        if not stopped:
            self._finished = True
            self._publish(trainer, len(trainer.history.epochs), "finished", None)

    def _publish(self, trainer, epoch: int, status: str, logs) -> None:
        stopper = self.stack["stopper"]
        state = snapshot(self.network, self.data, epoch, status, logs, stopper, trainer.diverged)
        state["run"] = self.run
        for k, model in enumerate(state["models"]):
            model["active"] = bool(trainer.active[k])
            model["stop_reason"] = trainer.stop_reasons[k]
        self.mailbox.put(state)

    def _record(self, trainer, epoch: int, logs: dict) -> None:
        norms, zeros = self.network.weight_norms(), self.network.zero_fraction()
        for k, model in enumerate(self._applied):
            self.records.append(
                [
                    epoch + 1,
                    k + 1,
                    describe_model(model),
                    *(float(logs[key][k]) for key in HISTORY_COLUMNS[3:7]),
                    float(norms[k]),
                    float(zeros[k]),
                    model.regularization,
                    model.lam,
                    ";".join(f"{p:g}" for p in model.keep_prob),
                    model.learning_rate,
                ]
            )

    def _at_epoch_boundary(self, action, wait: bool = True):
        """Run ``action`` where training cannot be mid-epoch (at once if none runs).

        With ``wait``, block until it has run and return its result.
        """
        if self._thread is None or not self._thread.is_alive():
            return action()
        done, result = threading.Event(), {}

        def run():
            result["value"] = action()
            done.set()

        thread = self._thread
        self._controller.submit(run)
        while wait and not done.wait(0.05):
            if not thread.is_alive():  # it ended before reaching the change
                return result["value"] if done.is_set() else action()
        return result.get("value")

    # -- files for the page ----------------------------------------------------------------------
    def model_file(self) -> bytes:
        """The stack as a reglab model file (``reglab.load`` reads it; for an upload it keeps
        the standardization, which ``reglab.nn.serialize.load_model`` and ``reglab predict``
        apply)."""
        self._require_configured()
        network = self._at_epoch_boundary(lambda: pickle.loads(pickle.dumps(self.network)))
        with tempfile.TemporaryDirectory(prefix="reglab-playground-") as folder:
            path = save(
                network,
                Path(folder) / "playground.npz",
                standardizer=self.data.standardizer,  # an upload's, or None
                feature_names=self.data.feature_names or None,
                target_names=self.data.target_names,
            )
            return path.read_bytes()

    def history_csv(self) -> str:
        """Every epoch of every model so far, one row each (``HISTORY_COLUMNS``)."""
        self._require_configured()
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(HISTORY_COLUMNS)
        writer.writerows(list(self.records))
        return out.getvalue()

    # -- ending ------------------------------------------------------------------------------
    @property
    def training(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def cancel(self) -> None:
        """Tell the training run, if any, to stop at the next epoch boundary; do not wait."""
        if self._controller is not None:
            self._controller.stop()

    def stop(self, timeout: float = 60.0) -> None:
        """Stop the training run, if any, and wait for its thread to end."""
        if self._controller is not None:
            self._controller.stop()
        if self._thread is not None:
            self._thread.join(timeout)
        self._thread, self._controller = None, None

    close = stop
