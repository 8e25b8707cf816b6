"""Learning and validation curves: train and dev error against data size or a hyperparameter.

The tutorial (1.2, 1.3) reads a model from two numbers, its train and dev errors: both
high and close is high bias, a low train error with a high dev error is high variance.
These curves show how the two move

* with the training-set size (:func:`learning_curve`): a high-variance model's dev error
  keeps falling as data are added, a high-bias model's curves meet early at a high error;
* with a regularization knob (:func:`validation_curve`): λ of L2, ``keep_prob`` of dropout,
  or the number of epochs (early stopping's knob). Too little regularization overfits (a
  gap between the curves), too much underfits (both high).

Every point is measured for several seeds and the models are trained as stacks: a
validation curve over λ is one stack with one model per (value, seed), each with its own λ;
a learning curve is one stack per size, one model per seed. Both take a builder::

    def build(n_models, seed, lam=0.0):
        return mlp([2, 32, 32, 1], regularizers=L2(lam), n_models=n_models, seed=seed)

    curve = validation_curve(build, X_train, y_train, X_dev, y_dev, param="lam",
                             values=[0.0, 0.1, 1.0, 10.0], seeds=[0, 1, 2],
                             fit_kwargs={"epochs": 200})
    print(curve)                      # a table: value, train and dev error (mean ± std)
    diagnose(curve.train_mean[0], curve.dev_mean[0])   # reglab.diagnose's verdict

``seed`` is then a sequence with one seed per model, which :func:`~reglab.nn.mlp.mlp`
accepts as it is. Error is ``1 - accuracy`` for a classifier and the mean squared error
for a regression network.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from reglab._validation import check_int
from reglab.nn.network import Network
from reglab.train.fit import check_rows, fit

__all__ = ["Curve", "learning_curve", "validation_curve"]


@dataclass(frozen=True, eq=False)
class Curve:
    """Train and dev errors for each value of a parameter and each seed.

    Attributes
    ----------
    param : str
        ``"size"`` for a learning curve, else the parameter varied (``"lam"``, ...).
    values : ndarray, shape (V,)
    seeds : ndarray of int, shape (S,)
    train_error, dev_error : ndarray, shape (V, S)
        ``[i, j]``: the model with ``values[i]`` and ``seeds[j]``.
    diverged : ndarray of bool, shape (V, S), or None
        Models whose training diverged. Means and standard deviations leave them out (at
        a value where every seed diverged, they keep them all, so that there is a point).
    """

    param: str
    values: np.ndarray
    seeds: np.ndarray
    train_error: np.ndarray
    dev_error: np.ndarray
    diverged: np.ndarray | None = None

    def kept(self) -> np.ndarray:
        """The models that count in the means, shape (V, S)."""
        if self.diverged is None:
            return np.ones(self.train_error.shape, dtype=bool)
        return np.where(self.diverged.all(axis=1, keepdims=True), True, ~self.diverged)

    def _over_seeds(self, errors: np.ndarray, statistic) -> np.ndarray:
        return np.array([statistic(row[k]) for row, k in zip(errors, self.kept(), strict=True)])

    @property
    def train_mean(self) -> np.ndarray:
        """Mean train error over seeds, shape (V,)."""
        return self._over_seeds(self.train_error, np.mean)

    @property
    def train_std(self) -> np.ndarray:
        """Standard deviation of the train error over seeds, shape (V,)."""
        return self._over_seeds(self.train_error, np.std)

    @property
    def dev_mean(self) -> np.ndarray:
        """Mean dev error over seeds, shape (V,)."""
        return self._over_seeds(self.dev_error, np.mean)

    @property
    def dev_std(self) -> np.ndarray:
        """Standard deviation of the dev error over seeds, shape (V,)."""
        return self._over_seeds(self.dev_error, np.std)

    def __str__(self) -> str:
        lines = [f"{self.param:>10}  {'train error':>17}  {'dev error':>17}"]
        for i, value in enumerate(self.values):
            lines.append(
                f"{value:>10.4g}  {self.train_mean[i]:>8.4f} ± {self.train_std[i]:<6.4f}"
                f"  {self.dev_mean[i]:>8.4f} ± {self.dev_std[i]:<6.4f}"
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"Curve(param={self.param!r}, values={self.values.tolist()}, "
            f"seeds={self.seeds.tolist()})"
        )


def learning_curve(
    build: Callable[..., Network],
    X_train,
    y_train,
    X_dev,
    y_dev,
    sizes: Sequence[int],
    seeds: Sequence[int] = (0,),
    fit_kwargs: dict | None = None,
    pools=None,
) -> Curve:
    """Train and dev error against the number of training examples.

    For each seed, a permutation of the training rows is drawn from
    ``np.random.default_rng(seed)``; the model of size ``s`` and that seed trains on its
    first ``s`` rows (nested subsets, as scikit-learn's ``learning_curve``), through
    ``fit(..., rows=...)``. One stack of ``len(seeds)`` models per size. With ``pools``,
    seed ``j`` draws from its own rows ``pools[j]`` instead: give each seed a training set
    of its own (say, fresh draws from a data generator) and the curve averages over
    training sets, not only over subsets of one.

    Parameters
    ----------
    build : callable ``(n_models, seed) -> Network``
        ``seed`` is a sequence with one seed per model.
    X_train, y_train, X_dev, y_dev : arrays
        Labels as the network's loss wants them.
    sizes : sequence of int
        Training-set sizes, each in [1, n_train].
    seeds : sequence of int, default (0,)
        One model per seed at every size: its initialization and its subset.
    fit_kwargs : dict, optional
        Passed to :func:`~reglab.train.fit.fit`, all but ``rows``.
    pools : int array (len(seeds), n_pool), optional
        Seed ``j``'s rows of ``X_train``; sizes must then be <= n_pool.

    Returns
    -------
    Curve
        ``param="size"``; the train error of a model is measured on the rows it trained on.
    """
    fit_kwargs = _fit_kwargs(fit_kwargs, forbidden=("rows",))
    seeds = _seeds(seeds)
    pools = _pools(pools, len(seeds), len(X_train))
    n_train = pools.shape[1]
    sizes = [check_int("sizes", s, minimum=1) for s in sizes]
    if not sizes or max(sizes) > n_train:
        raise ValueError(
            f"sizes must be a non-empty list of sizes <= n_train={n_train}, got {sizes}"
        )
    orders = np.stack(
        [
            pool[np.random.default_rng(int(seed)).permutation(n_train)]
            for seed, pool in zip(seeds, pools, strict=True)
        ]
    )
    train_error, dev_error, diverged = [], [], []
    for size in sizes:
        rows = orders[:, :size]
        network = _build(build, len(seeds), seeds)
        trainer = fit(network, X_train, y_train, rows=rows, **fit_kwargs)
        train_error.append(_errors(network, X_train, y_train, rows))
        dev_error.append(_errors(network, X_dev, y_dev))
        diverged.append(trainer.diverged)
    return Curve(
        "size",
        np.asarray(sizes),
        seeds,
        np.stack(train_error),
        np.stack(dev_error),
        np.stack(diverged),
    )


def validation_curve(
    build: Callable[..., Network],
    X_train,
    y_train,
    X_dev,
    y_dev,
    param: str,
    values: Sequence,
    seeds: Sequence[int] = (0,),
    fit_kwargs: dict | None = None,
) -> Curve:
    """Train and dev error against one hyperparameter, every (value, seed) in one stack.

    Parameters
    ----------
    build : callable ``(n_models, seed, **{param: per_model_values}) -> Network``
        For ``param="epochs"`` it is called as ``build(n_models, seed)``. Otherwise it
        receives the keyword ``param`` with one value per model (an array of length
        ``n_models``) and must pass it on, e.g. ``L2(lam)`` or ``keep_prob=[keep_prob] *
        n_hidden`` for :func:`~reglab.nn.mlp.mlp` (whose ``keep_prob`` sequence is read
        per hidden layer).
    X_train, y_train, X_dev, y_dev : arrays
    param : str
        ``"lam"``, ``"keep_prob"``, any other per-model keyword of ``build``, or
        ``"epochs"``: one stack trained ``max(values)`` epochs, read at each value from
        the history (the models trained for fewer epochs are those same models, stopped
        earlier).
    values : sequence
        The parameter's values.
    seeds : sequence of int, default (0,)
        Model ``(i, j)`` has ``values[i]`` and seed ``seeds[j]``: for every value the same
        initializations and batch orders, so the value alone changes.
    fit_kwargs : dict, optional
        Passed to :func:`~reglab.train.fit.fit`.

    Returns
    -------
    Curve
    """
    if not isinstance(param, str):
        raise TypeError(f"param must be a string, got {param!r}")
    values = np.asarray(values)
    if values.ndim != 1 or values.size == 0:
        raise ValueError(f"values must be a non-empty 1-D sequence, got {values.tolist()}")
    seeds = _seeds(seeds)
    if param == "epochs":
        return _epochs_curve(build, X_train, y_train, X_dev, y_dev, values, seeds, fit_kwargs)
    fit_kwargs = _fit_kwargs(fit_kwargs, forbidden=())
    V, S = len(values), len(seeds)
    network = _build(build, V * S, np.tile(seeds, V), **{param: np.repeat(values, S)})
    trainer = fit(network, X_train, y_train, **fit_kwargs)
    train_error = _errors(network, X_train, y_train).reshape(V, S)
    dev_error = _errors(network, X_dev, y_dev).reshape(V, S)
    return Curve(param, values, seeds, train_error, dev_error, trainer.diverged.reshape(V, S))


def _epochs_curve(build, X_train, y_train, X_dev, y_dev, values, seeds, fit_kwargs) -> Curve:
    fit_kwargs = _fit_kwargs(fit_kwargs, forbidden=("epochs", "dev"))
    epochs = [check_int("values", v, minimum=1) for v in values.tolist()]
    network = _build(build, len(seeds), seeds)
    trainer = fit(network, X_train, y_train, epochs=max(epochs), dev=(X_dev, y_dev), **fit_kwargs)
    history = trainer.history
    if len(history.epochs) < max(epochs):
        raise ValueError(
            f"values must be <= the epochs trained ({len(history.epochs)}: a callback stopped "
            f"every model), got {max(epochs)}"
        )
    key = "loss" if network.loss.task == "regression" else "accuracy"
    train, dev = history[f"train_{key}"], history[f"dev_{key}"]  # (epochs, S)
    index = np.asarray(epochs) - 1
    if key == "accuracy":
        train, dev = 1.0 - train, 1.0 - dev
    diverged = np.broadcast_to(trainer.diverged, (len(epochs), len(seeds))).copy()
    return Curve("epochs", np.asarray(epochs), seeds, train[index], dev[index], diverged)


def _build(build, n_models: int, seeds: np.ndarray, **per_model) -> Network:
    network = build(n_models, [int(s) for s in seeds], **per_model)
    if not isinstance(network, Network) or network.n_models != n_models:
        got = network.n_models if isinstance(network, Network) else type(network).__name__
        raise ValueError(f"build must return a Network of {n_models} models, got {got}")
    return network


def _errors(network: Network, X, y, rows: np.ndarray | None = None) -> np.ndarray:
    """Each model's error on ``(X, y)``, or on its own ``rows`` of them, shape (K,)."""
    pred = network.predict(X)  # (K, n[, n_out])
    y = np.asarray(y)
    if rows is not None:
        pred, y = pred[np.arange(len(rows))[:, None], rows], y[rows]
    if network.loss.task == "regression":
        squared = (pred - y) ** 2
        return squared.reshape(len(squared), -1).mean(axis=1)
    return np.mean(pred != y, axis=1)


def _pools(pools, n_seeds: int, n: int) -> np.ndarray:
    """Each seed's rows of the training set: all of them, or the ``pools`` given."""
    if pools is None:
        return np.tile(np.arange(n), (n_seeds, 1))
    return check_rows("pools", pools, n_seeds, n)


def _seeds(seeds) -> np.ndarray:
    seeds = [check_int("seeds", s, minimum=0) for s in seeds]
    if not seeds:
        raise ValueError("seeds must hold at least one seed, got []")
    return np.asarray(seeds)


def _fit_kwargs(fit_kwargs, forbidden: tuple[str, ...]) -> dict:
    fit_kwargs = dict(fit_kwargs or {})
    for key in forbidden:
        if key in fit_kwargs:
            keys = sorted(fit_kwargs)
            raise ValueError(
                f"fit_kwargs must not set {key!r}, which the curve sets, got keys {keys}"
            )
    return fit_kwargs
