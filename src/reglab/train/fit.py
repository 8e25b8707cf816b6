"""The training loop: mini-batches, cost and gradients, an optimizer step, callbacks.

One loop trains a whole stack. Each epoch: every model's rows are put in that epoch's
order, cut into mini-batches, and for each batch the network computes the cost and the
gradients of every model at once, the optimizer updates every model still training, and
the regularizers' constraints act. At the end of the epoch the callbacks see the epoch's
logs (one value per model) and may stop models.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence

import numpy as np

from reglab._validation import check_finite_array, check_int, largest_magnitude
from reglab.data.batches import MiniBatches
from reglab.nn.network import Network
from reglab.optim.adaptive import Adam
from reglab.optim.base import Optimizer
from reglab.train.callbacks import Callback, DivergenceWarning, History, NaNGuard
from reglab.train.threads import blas_threads_for

__all__ = ["Trainer", "check_magnitude", "divergence_message", "fit", "largest_input"]


class Trainer:
    """The state of one training run that callbacks see and act on.

    Attributes
    ----------
    network, optimizer, batches, epochs
        What is being trained and how.
    active : ndarray of bool, shape (K,)
        Models still training; a stopped model's weights no longer change.
    stop_reasons : list of str or None
        Why each model stopped (``None``: it ran all its epochs).
    diverged : ndarray of bool, shape (K,)
        Models the :class:`~reglab.train.callbacks.NaNGuard` stopped because they diverged
        (their weights are those of their last epoch before); their accuracies and losses
        say nothing about bias or variance.
    initial_cost : ndarray, shape (K,), or None
        Each model's cost on its first mini-batch, before its first update (None before
        the first batch and after a warm start).
    history : History
        The epoch logs.
    """

    def __init__(self, network: Network, optimizer: Optimizer, batches: MiniBatches, epochs: int):
        self.network = network
        self.optimizer = optimizer
        self.batches = batches
        self.epochs = epochs
        self.active = np.ones(network.n_models, dtype=bool)
        self.stop_reasons: list[str | None] = [None] * network.n_models
        self.diverged = np.zeros(network.n_models, dtype=bool)
        self.initial_cost: np.ndarray | None = None
        self.history = History()

    @property
    def stop_training(self) -> bool:
        return not self.active.any()

    def stop_model(self, k: int, reason: str) -> None:
        """Freeze model ``k`` from now on, recording why."""
        self.active[k] = False
        self.stop_reasons[k] = reason

    def _repr_html_(self) -> str:
        from reglab._rich import trainer_html

        return trainer_html(self)

    def __repr__(self) -> str:
        return (
            f"Trainer(epochs={self.epochs}, active={int(self.active.sum())}/"
            f"{self.network.n_models}, diverged={int(self.diverged.sum())}, "
            f"optimizer={self.optimizer!r})"
        )


def check_rows(name: str, rows, n_models: int, n: int) -> np.ndarray:
    """Check an integer array of shape (n_models, n_rows) indexing ``n`` training examples."""
    rows = np.asarray(rows)
    if rows.ndim != 2 or rows.shape[0] != n_models or not np.issubdtype(rows.dtype, np.integer):
        raise ValueError(
            f"{name} must be an integer array of shape ({n_models}, n_rows), got {rows.shape}"
        )
    if rows.size == 0 or rows.min() < 0 or rows.max() >= n:
        raise ValueError(f"{name} must index the {n} training examples, got values out of range")
    return rows


def fit(
    network: Network,
    X,
    y,
    *,
    optimizer: Optimizer | None = None,
    epochs: int = 100,
    batch_size: int | None = 64,
    batches: MiniBatches | None = None,
    dev: tuple | None = None,
    rows=None,
    augment: Callable | None = None,
    callbacks: Sequence[Callback] = (),
    init_generators=None,
    warm_start: bool = False,
    blas_threads: int | None = None,
) -> Trainer:
    """Train every model of ``network`` on ``(X, y)``; return the :class:`Trainer`.

    Parameters
    ----------
    network : Network
        Built on first use from ``X``'s per-example shape; re-initialized from its seeds
        on each call unless ``warm_start``.
    X : array, shape (n, *input_shape); y : array, shape (n,)
    optimizer : Optimizer, default ``Adam()``
    epochs : int
    batch_size : int or None
        Used when ``batches`` is not given; ``None`` is full-batch descent.
    batches : MiniBatches, optional
        Batch size, shuffling, or the tutorial's legacy order.
    dev : (X_dev, y_dev), optional
        Adds ``train_loss``, ``dev_loss`` (and accuracies) to the logs each epoch.
    rows : int array (K, n_rows), optional
        Model k trains on ``X[rows[k]]`` (e.g. bootstrap resamples).
    augment : callable ``(X_batch, rng) -> X_batch``, optional
        Online augmentation: applied to each model's training batch every time it is fed.
    callbacks : sequence of Callback
        A :class:`NaNGuard` is always added unless one is given; the history is
        ``trainer.history``.
    init_generators : list, optional
        Passed to :meth:`Network.initialize` (e.g. the tutorial's ``RandomState(3)``).
    warm_start : bool, default False
        Continue from the network's current weights.
    blas_threads : int, optional
        Threads for NumPy's matrix products; by default one, or every core when the
        network's largest product is large enough to gain (see :mod:`reglab.train.threads`).

    Warns
    -----
    DivergenceWarning
        When models diverged (see :class:`NaNGuard`); ``trainer.diverged`` says which.

    Raises
    ------
    ValueError
        When ``X`` holds values whose square overflows the network's dtype (above about
        1.34e154 in float64, 1.84e19 in float32; see :func:`largest_input`): no network can
        be trained on them; scale the features first.
    """
    epochs = check_int("epochs", epochs, minimum=1)
    batches = batches if batches is not None else MiniBatches(batch_size)
    optimizer = optimizer if optimizer is not None else Adam()
    X = check_finite_array("X", check_magnitude("X", X, network.dtype), dtype=network.dtype)
    if X.ndim < 2:
        raise ValueError(f"X must have shape (n_samples, n_features), got {X.shape}")
    if not network.built:
        network.build(X.shape[1:], init_generators)
    elif not warm_start:
        network.initialize(init_generators)
    X = network.check_X(X)
    Y = network.encode(y, len(X))
    rows = None if rows is None else check_rows("rows", rows, network.n_models, len(X))
    dev_data = None
    if dev is not None:
        X_dev = network.check_X(check_magnitude("X_dev", dev[0], network.dtype), "X_dev")
        Y_dev = network.encode(dev[1], len(X_dev), "y_dev", "X_dev")
        dev_data = (X_dev, Y_dev, np.asarray(dev[1]))
        train_data = (X, Y, np.asarray(y))
    optimizer.reset(network.theta, network.penalized)
    trainer = Trainer(network, optimizer, batches, epochs)
    guard = [] if any(isinstance(c, NaNGuard) for c in callbacks) else [NaNGuard()]
    callbacks = [trainer.history, *guard, *callbacks]
    for callback in callbacks:
        callback.on_train_begin(trainer)
    augment_generators = None
    if augment is not None:
        augment_generators = [
            np.random.default_rng(np.random.SeedSequence(int(s)).spawn(4)[3]) for s in network.seeds
        ]
    from threadpoolctl import threadpool_limits

    threads = blas_threads_for(network, batches.batch_size or len(X), blas_threads)
    # a diverging model overflows to inf/NaN on its own rows only; the NaNGuard stops it and
    # says so, so NumPy's warnings would only repeat that, once per operation
    with (
        threadpool_limits(limits=threads, user_api="blas"),
        np.errstate(over="ignore", invalid="ignore", divide="ignore"),
    ):
        for epoch in range(epochs):
            optimizer.set_epoch(epoch)
            logs = _run_epoch(trainer, X, Y, rows, epoch, augment, augment_generators, warm_start)
            if dev_data is not None:
                logs.update(_evaluate(network, train_data, dev_data))
            for callback in callbacks:
                callback.on_epoch_end(trainer, epoch, logs)
            if trainer.stop_training:
                break
    for callback in callbacks:
        callback.on_train_end(trainer)
    if trainer.diverged.any():
        warnings.warn(DivergenceWarning(divergence_message(trainer)), stacklevel=2)
    return trainer


def divergence_message(trainer: Trainer) -> str:
    """One sentence on the models of ``trainer`` that diverged: how many, why, what to do."""
    models = np.flatnonzero(trainer.diverged)
    first = models[0]
    lr = np.reshape(trainer.optimizer.learning_rate, -1)
    rate = f" (now {lr[first] if lr.size > 1 else lr[0]:g})"
    why = trainer.stop_reasons[first].removeprefix("diverged: ")
    return (
        f"{len(models)} of {trainer.network.n_models} models diverged (model {first}: {why}); "
        f"lower the learning rate{rate}, and scale the features if they are large"
    )


def largest_input(dtype) -> float:
    """The largest input size whose square ``dtype`` holds, ``sqrt(finfo(dtype).max)``:
    about 1.34e154 for float64 and 1.84e19 for float32. Larger inputs overflow the first
    layer's products (and a value beyond float32's range casts to inf)."""
    return math.sqrt(float(np.finfo(dtype).max))


def check_magnitude(name: str, X, dtype) -> np.ndarray:
    """``X`` as an array, refused when it holds values whose squares ``dtype`` cannot hold.

    Checked before ``X`` is cast to ``dtype``: a float32 network would otherwise see inputs
    beyond float32's range as inf. NaN, inf and non-numeric inputs pass through for the
    finiteness check to name.
    """
    X = np.asarray(X)
    if X.size == 0 or X.dtype.kind not in "fiu":
        return X
    largest = largest_magnitude(X)
    limit = largest_input(dtype)
    if math.isfinite(largest) and largest > limit:
        dtype = np.dtype(dtype).name
        wider = f", or train in float64 (below {largest_input(np.float64):.3g})"
        raise ValueError(
            f"{name} must hold values below {limit:.3g} in size, whose squares {dtype} can "
            f"hold, got {largest:g}: scale the features first (divide by a power of ten, "
            f"then standardize){wider if dtype != 'float64' else ''}"
        )
    return X


def _run_epoch(trainer, X, Y, rows, epoch, augment, augment_generators, warm_start) -> dict:
    network, optimizer = trainer.network, trainer.optimizer
    n = len(X) if rows is None else rows.shape[1]
    order = trainer.batches.order(epoch, n, network.batch_generators)
    if rows is not None:
        order = rows[:, order[0]] if order.shape[0] == 1 else np.take_along_axis(rows, order, 1)
    active = None if trainer.active.all() else trainer.active
    costs, sizes = [], []
    for window in trainer.batches.slices(n):
        # (K or 1, batch, ...), gathered batch by batch: no copy of the whole training set
        # (188 MB for 60,000 float32 images of 784 pixels); np.take is 15x faster than X[rows]
        rows_batch = order[:, window]
        X_batch, Y_batch = np.take(X, rows_batch, axis=0), np.take(Y, rows_batch, axis=0)
        if augment is not None:
            X_batch = _augment(X_batch, network.n_models, augment, augment_generators)
        costs.append(network.cost_and_gradients(X_batch, Y_batch))
        if epoch == 0 and len(costs) == 1 and not warm_start:
            trainer.initial_cost = np.array(costs[0], dtype=float)
        sizes.append(X_batch.shape[1])
        optimizer.step(network.theta, network.grad, active)
        if network.has_constraints:
            step = np.reshape(optimizer.lr, -1) * (1.0 if active is None else active)
            network.apply_constraints(step, X_batch.shape[1])
    mean_cost = np.asarray(sizes, dtype=network.dtype) @ np.asarray(costs) / n
    return {"cost": mean_cost, "batch_cost": costs[-1]}


def _augment(X_batch, n_models, augment, generators) -> np.ndarray:
    """Each model's batch transformed by its own augmentation generator."""
    X_batch = np.broadcast_to(X_batch, (n_models,) + X_batch.shape[1:])
    augmented = np.stack([augment(X_batch[k], generators[k]) for k in range(n_models)])
    return augmented.astype(
        X_batch.dtype, copy=False
    )  # the network's dtype, whatever augment gives


def _evaluate(network, train_data, dev_data) -> dict:
    logs = {}
    for prefix, data in (("train", train_data), ("dev", dev_data)):
        for key, value in network.scores(*data).items():
            logs[f"{prefix}_{key}"] = value
    return logs
