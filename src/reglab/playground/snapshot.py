"""What the page draws, measured on a stack: losses, ‖W‖, zeros, verdicts, surfaces, weights.

A snapshot is built in the training thread (so that it sees one consistent set of
weights) at most ``max_updates_per_second`` times a second. The decision surface is each
model's probability of class 1 on the data's grid, quantized to one byte a point and sent
as base64 (4 KiB for a 64 x 64 grid); the weights go as float32, also base64, when a
model has few enough of them to be drawn.
"""

from __future__ import annotations

import base64
import time

import numpy as np

from reglab.diagnose.training import diagnose_models

__all__ = ["MAX_DRAWN_WEIGHTS", "encode", "finite", "measure", "snapshot"]

MAX_DRAWN_WEIGHTS = 4096


def finite(values) -> float | list | None:
    """Numbers for JSON, which has no NaN or infinity: those become ``None`` (null).

    A diverging model's loss is infinite or NaN for the epoch in which it diverged.
    """
    array = np.asarray(values, dtype=float)
    if array.ndim == 0:
        return float(array) if np.isfinite(array) else None
    return [float(v) if np.isfinite(v) else None for v in np.round(array, 6)]


def encode(array: np.ndarray) -> str:
    """An array's bytes as base64 text (the page decodes it into a typed array)."""
    return base64.b64encode(np.ascontiguousarray(array).tobytes()).decode("ascii")


def measure(network, data) -> dict[str, np.ndarray]:
    """Train and dev loss and accuracy of every model, as the epoch logs of ``fit`` have them."""
    s = data.split
    logs = {}
    for prefix, X, y in (("train", s.X_train, s.y_train), ("dev", s.X_dev, s.y_dev)):
        for key, value in network.evaluate(X, y).items():
            logs[f"{prefix}_{key}"] = value
    return logs


def _weights(network) -> list[np.ndarray]:
    """Each dense layer's weights, (K, n_out, n_in), in order."""
    return [W for name, W in network.parameters().items() if name.startswith("W")]


def _model_state(k: int, logs: dict, data, measured: dict, stopper, diverged) -> dict:
    split = data.split
    verdict = diagnose_models(  # as reglab train reads it: divergence, the dev set's size
        logs["train_accuracy"][k],
        logs["dev_accuracy"][k],
        diverged=None if diverged is None else diverged[k : k + 1],
        base_error=data.base_error,
        n_dev=len(split.y_dev),
        n_test=len(split.y_test),
    )
    weights = measured["weights"]
    state = {
        "train_loss": finite(logs["train_loss"][k]),
        "dev_loss": finite(logs["dev_loss"][k]),
        "train_accuracy": finite(logs["train_accuracy"][k]),
        "dev_accuracy": finite(logs["dev_accuracy"][k]),
        "norm": finite(measured["norms"][k]),
        "zeros": finite(measured["zeros"][k]),
        "verdict": {
            "kind": verdict.kind,
            "remedies": list(verdict.remedies),
            "explanation": verdict.explanation,
        },
        "surface": encode(measured["surfaces"][k]),
        "weights": None if weights is None else encode(weights[k]),
        "best_epoch": None,
        "stopped_epoch": None,
    }
    if stopper is not None and stopper.watched[k]:
        state["best_epoch"] = int(stopper.best_epoch[k]) + 1 if stopper.best_epoch[k] >= 0 else None
        stopped = stopper.stopped_epoch[k]
        state["stopped_epoch"] = int(stopped) + 1 if stopped >= 0 else None
    return state


def snapshot(
    network, data, epoch: int, status: str, logs=None, stopper=None, diverged=None
) -> dict:
    """The state message of ``network`` after ``epoch`` epochs (without its curve points).

    ``logs`` are the epoch's logs from ``fit``; without them (before training, or after
    early stopping restored the best weights) the losses are measured afresh. ``diverged``
    (``trainer.diverged``) marks the models the NaN guard stopped: their verdict is
    "diverged", not a reading of the weights it restored.
    """
    if logs is None or "train_accuracy" not in logs:
        logs = measure(network, data)
    probability = network.output(data.grid)[..., 0]  # (K, G*G)
    surfaces = np.round(np.clip(probability, 0.0, 1.0) * 255).astype(np.uint8)
    layers = _weights(network)
    weights = None
    if sum(W[0].size for W in layers) <= MAX_DRAWN_WEIGHTS:
        flat = [W.reshape(network.n_models, -1) for W in layers]
        weights = np.concatenate(flat, axis=1).astype("<f4")
    measured = {
        "norms": network.weight_norms(),
        "zeros": network.zero_fraction(),
        "surfaces": surfaces,
        "weights": weights,
    }
    return {
        "type": "state",
        "epoch": int(epoch),
        "status": status,
        "t_server": time.time() * 1000.0,
        "models": [
            _model_state(k, logs, data, measured, stopper, diverged)
            for k in range(network.n_models)
        ],
    }
