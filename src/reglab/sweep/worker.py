"""What a worker does with a chunk: load and split the data, train the stack, measure.

:func:`train_chunk` is the function the coordinator submits to its executor (a local
process pool or a Dask cluster); it returns plain data (numbers, text) and writes nothing.
The data are loaded once per worker process and kept for the next chunks.
"""

from __future__ import annotations

import functools
import json
import os
import socket
import sys
import time
import warnings

import numpy as np
from threadpoolctl import threadpool_limits

from reglab.sweep.plan import Chunk
from reglab.sweep.spec import base_error_of

__all__ = ["MODEL_METRICS", "load_split", "train_chunk", "verdict_reading", "worker_name"]

MODEL_METRICS = (
    "epochs_run",
    "stopped_early",
    "diverged",
    "train_loss",
    "train_accuracy",
    "dev_loss",
    "dev_accuracy",
    "test_loss",
    "test_accuracy",
    "weight_norm",
    "zero_fraction",
    "verdict",
)


def worker_name() -> str:
    """The Dask worker's name when run by Dask, else ``host:pid``."""
    if "distributed" in sys.modules:
        try:
            from distributed import get_worker

            worker = get_worker()
            return str(worker.name if worker.name is not None else worker.address)
        except ValueError:  # not inside a Dask task
            pass
    return f"{socket.gethostname()}:{os.getpid()}"


@functools.lru_cache(maxsize=4)
def _load(data_json: str, split_json: str):
    from reglab.data.datasets import GENERATED, load_csv, load_dataset, load_npz
    from reglab.data.splits import split_for_training

    data, split = json.loads(data_json), json.loads(split_json)
    if "csv" in data:
        dataset = load_csv(data["csv"], data["label"])
    elif "npz" in data:
        dataset = load_npz(data["npz"])
    else:
        options = {k: data[k] for k in ("n_samples", "noise") if k in data}
        if data["dataset"] in GENERATED:
            options["random_state"] = data.get("random_state", 0)
        dataset = load_dataset(data["dataset"], **options)
    # a size in the file is a count when it is a whole number of at least 1 (TOML's 100.0)
    sizes = {
        k: int(v) if float(v).is_integer() and v >= 1 else v
        for k in ("dev", "test")
        if (v := split.get(k)) is not None
    }
    _, parts, _ = split_for_training(
        dataset,
        **sizes,
        stratify=split.get("stratify", True),
        standardize=split.get("standardize", True),  # as reglab train: the training rows'
        random_state=split.get("random_state", 0),
    )
    return dataset, parts


def load_split(data: dict, split: dict):
    """The data set and its train/dev/test split, as a chunk names them (cached)."""
    return _load(json.dumps(data, sort_keys=True), json.dumps(split, sort_keys=True))


def verdict_reading(data: dict, split: dict) -> dict:
    """What the verdict weighs besides the error rates, as ``reglab train`` gives it: the
    dev and test set sizes, and the training features' scales unless they are standardized
    (keyword arguments of :func:`~reglab.diagnose.training.diagnose_models`)."""
    from reglab.diagnose.scaling import feature_scales

    dataset, parts = load_split(data, split)
    raw = not split.get("standardize", True)
    return {
        "n_dev": len(parts.y_dev),
        "n_test": len(parts.y_test),
        "feature_scales": feature_scales(parts.X_train, dataset.feature_names) if raw else None,
    }


def _loss(dataset) -> tuple[str, int]:
    if dataset.task == "binary":
        return "binary_crossentropy", 1
    if dataset.task == "multiclass":
        return "softmax_crossentropy", dataset.n_classes
    return "mse", 1


class _EpochsRun:
    """Counts the epochs each model trained (a stopped model stops counting)."""

    def on_train_begin(self, trainer):
        self.trained = np.ones(trainer.network.n_models, dtype=bool)
        self.epochs_run = np.zeros(trainer.network.n_models, dtype=int)

    def on_epoch_end(self, trainer, epoch, logs):
        # runs last, so ``trained`` holds the models active during this epoch
        self.epochs_run[self.trained] = epoch + 1
        self.trained = trainer.active.copy()

    def on_train_end(self, trainer):
        pass


def _network(chunk: Chunk, dataset):
    from reglab.nn.mlp import mlp
    from reglab.regularizers import L1, L2

    models, stack = chunk.models, chunk.stack
    per_model = {key: np.array([m[key] for m in models], dtype=float) for key in ("l2", "l1")}
    regularizers = [
        cls(per_model[key]) for key, cls in (("l2", L2), ("l1", L1)) if per_model[key].any()
    ]
    keep = np.array([m["keep_prob"] for m in models], dtype=float).reshape(len(models), -1)
    keep_prob = [None if np.all(col == 1.0) else col for col in keep.T]
    loss, n_out = _loss(dataset)
    return mlp(
        [dataset.n_features, *stack["layers"], n_out],
        activation=stack["activation"],
        loss=loss,
        keep_prob=keep_prob,
        regularizers=regularizers,
        n_models=len(models),
        seed=[m["seed"] for m in models],
    )


def _optimizer(chunk: Chunk):
    from reglab.optim import get_optimizer

    options = {"learning_rate": np.array([m["learning_rate"] for m in chunk.models])}
    if chunk.models[0]["beta"] is not None:
        options["beta"] = np.array([m["beta"] for m in chunk.models])
    return get_optimizer(chunk.stack["optimizer"], **options)


def _verdicts(chunk: Chunk, scores: dict, diverged) -> list[str | None]:
    """Each model's verdict (``"diverged"`` for a model the NaN guard stopped; None for a
    regression's models, which have no error rates)."""
    from reglab.diagnose.training import diagnose_models

    if "accuracy" not in scores["train"]:
        return ["diverged" if bad else None for bad in diverged]
    reading = verdict_reading(chunk.data, chunk.split)
    base_error, _ = base_error_of(chunk.data)
    accuracy = {name: s["accuracy"] for name, s in scores.items()}
    return [
        diagnose_models(
            *(accuracy[name][k : k + 1] for name in ("train", "dev", "test")),
            diverged=diverged[k : k + 1],
            base_error=base_error,
            **reading,
        ).kind
        for k in range(len(diverged))
    ]


def _fit(chunk: Chunk, network, parts, callbacks):
    from reglab.train.fit import fit

    return fit(
        network,
        parts.X_train,
        parts.y_train,
        optimizer=_optimizer(chunk),
        epochs=chunk.stack["epochs"],
        batch_size=chunk.stack["batch_size"] or None,
        # the dev set every epoch only for early stopping: evaluating it (and the training
        # set) each epoch costs a quarter of a small network's training time
        dev=(parts.X_dev, parts.y_dev) if chunk.stack["early_stopping"] is not None else None,
        callbacks=callbacks,
    )


def _train(chunk: Chunk) -> list[dict]:
    from reglab.train.callbacks import DivergenceWarning, EarlyStopping

    dataset, parts = load_split(chunk.data, chunk.split)
    network = _network(chunk, dataset)
    counter = _EpochsRun()
    patience = chunk.stack["early_stopping"]
    stopping = EarlyStopping(patience=patience) if patience is not None else None
    with warnings.catch_warnings():  # a diverged model is stored as such, not warned about
        warnings.simplefilter("ignore", DivergenceWarning)
        trainer = _fit(chunk, network, parts, [c for c in (stopping, counter) if c is not None])
    # a diverged model's weights may be huge: its losses are stored as they come (inf, NaN)
    with np.errstate(over="ignore", invalid="ignore"):
        scores = {
            name: network.evaluate(X, y)
            for name, X, y in (
                ("train", parts.X_train, parts.y_train),
                ("dev", parts.X_dev, parts.y_dev),
                ("test", parts.X_test, parts.y_test),
            )
        }
        norms, zeros = network.weight_norms(), network.zero_fraction()
    diverged = trainer.diverged
    classify = "accuracy" in scores["train"]
    verdicts = _verdicts(chunk, scores, diverged)
    rows = []
    for k in range(chunk.n_models):
        row = {
            "epochs_run": int(counter.epochs_run[k]),
            "stopped_early": bool(stopping is not None and stopping.stopped_epoch[k] >= 0),
            "diverged": bool(diverged[k]),
            "weight_norm": float(norms[k]),
            "zero_fraction": float(zeros[k]),
            "verdict": verdicts[k],
        }
        for name, s in scores.items():
            row[f"{name}_loss"] = float(s["loss"][k])
            row[f"{name}_accuracy"] = float(s["accuracy"][k]) if classify else None
        rows.append(row)
    return rows


def train_chunk(chunk: Chunk) -> dict:
    """Train every model of ``chunk`` as one stack; return its results as plain data.

    Returns
    -------
    dict
        ``id``, ``worker`` (its name), ``reglab_version``, ``started`` and ``finished``
        (Unix times), ``seconds`` (training time) and ``models``: one dict of
        :data:`MODEL_METRICS` per model, in the chunk's order.
    """
    import reglab

    started, clock = time.time(), time.perf_counter()
    # one BLAS thread per worker: the matrices are small, the workers are the parallelism
    with threadpool_limits(limits=1):
        rows = _train(chunk)
    return {
        "id": chunk.id,
        "worker": worker_name(),
        "reglab_version": reglab.__version__,
        "started": started,
        "finished": time.time(),
        "seconds": time.perf_counter() - clock,
        "models": rows,
    }
