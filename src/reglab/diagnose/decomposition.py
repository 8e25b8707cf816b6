"""Bias-variance decomposition of the expected loss, estimated by bootstrap (tutorial 1.2).

The tutorial defines *bias* as how far the expected prediction is from the truth and
*variance* as how much the prediction moves when the training set (of the same size)
changes. Both are estimated here the way mlxtend's ``bias_variance_decomp`` does
(Raschka, mlxtend, ``mlxtend/evaluate/bias_variance_decomp.py``; user guide
https://rasbt.github.io/mlxtend/user_guide/evaluate/bias_variance_decomp/): draw
``num_rounds`` bootstrap resamples of the training set (same size, with replacement),
train one model on each, predict the test set, and with ``pred[r, i]`` the prediction of
round ``r`` for test example ``i``:

* **0-1 loss** (Domingos, "A Unified Bias-Variance Decomposition", ICML 2000). The main
  prediction of example ``i`` is the mode of ``pred[:, i]`` (ties: the smallest label)::

      expected_loss = mean_r mean_i 1[pred[r, i] != y[i]]
      bias          = mean_i 1[main[i] != y[i]]
      variance      = mean_i mean_r 1[pred[r, i] != main[i]]

  Here ``expected_loss != bias + variance`` in general: where the main prediction is
  wrong, disagreeing with it can only help (Domingos' "net variance").

* **squared loss** (``"mse"``). The main prediction is the mean ``main[i] = mean_r
  pred[r, i]``; ``bias`` is mlxtend's ``avg_bias``, the *squared* bias::

      expected_loss = mean_r mean_i (pred[r, i] - y[i])**2
      bias          = mean_i (main[i] - y[i])**2
      variance      = mean_r mean_i (pred[r, i] - main[i])**2

  and ``expected_loss = bias + variance`` exactly (up to rounding).

The bootstrap rows are drawn exactly as mlxtend draws them (a ``np.random.RandomState``
seeded with ``random_state``, one ``choice(n, n, replace=True)`` per round), and the
averages are taken in the same order, so :func:`decompose_estimator` returns the very
numbers mlxtend returns for the same seed. :func:`decompose_network` trains all rounds of a
reglab network as one stack of ``num_rounds`` models, model ``r`` on bootstrap sample ``r``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sklearn.base import clone

from reglab._validation import check_choice, check_int
from reglab.nn.network import Network
from reglab.train.fit import fit

__all__ = [
    "LOSSES",
    "Decomposition",
    "bootstrap_indices",
    "decompose_estimator",
    "decompose_network",
    "decompose_predictions",
]

LOSSES = ("0-1_loss", "mse")


@dataclass(frozen=True)
class Decomposition:
    """Expected loss, bias and variance on a test set, averaged over its examples.

    Attributes
    ----------
    expected_loss : float
        The loss of a model trained on a random training set, averaged over rounds.
    bias : float
        0-1 loss: error rate of the main (majority) prediction. ``mse``: squared bias.
    variance : float
        0-1 loss: how often a round disagrees with the main prediction. ``mse``: the
        spread of the predictions around their mean.
    loss : {"0-1_loss", "mse"}
    num_rounds : int
        Bootstrap rounds (models trained).
    loss_std : float
        Standard deviation over rounds of a round's loss: ``loss_std / sqrt(num_rounds)``
        is the standard error of ``expected_loss``.
    """

    expected_loss: float
    bias: float
    variance: float
    loss: str
    num_rounds: int
    loss_std: float = 0.0

    def __str__(self) -> str:
        bias = "bias^2" if self.loss == "mse" else "bias"
        return (
            f"{self.loss} over {self.num_rounds} bootstrap rounds: "
            f"expected loss {self.expected_loss:.4g}, {bias} {self.bias:.4g}, "
            f"variance {self.variance:.4g}"
        )


def _legacy_rng(random_state) -> np.random.RandomState:
    """mlxtend's generator: ``RandomState(random_state)``, or the RandomState given."""
    if isinstance(random_state, np.random.RandomState):
        return random_state
    if random_state is not None:
        check_int("random_state", random_state, minimum=0)
    return np.random.RandomState(random_state)


def bootstrap_indices(n_train: int, num_rounds: int = 200, random_state=None) -> np.ndarray:
    """The rows of each bootstrap round, shape (num_rounds, n_train), drawn as mlxtend does.

    Round ``r`` is ``rng.choice(n_train, size=n_train, replace=True)``, the r-th draw of
    ``rng = np.random.RandomState(random_state)`` (a legacy generator on purpose: it makes
    the rows those of mlxtend's ``bias_variance_decomp(..., random_seed=random_state)``).
    ``random_state`` may also be a ``RandomState``, which is advanced.
    """
    n_train = check_int("n_train", n_train, minimum=1)
    num_rounds = check_int("num_rounds", num_rounds, minimum=1)
    rng = _legacy_rng(random_state)
    return np.stack([rng.choice(n_train, size=n_train, replace=True) for _ in range(num_rounds)])


def _check_rows(name_X: str, X, name_y: str, y) -> None:
    if len(X) != len(y):
        raise ValueError(
            f"{name_X} and {name_y} must have the same number of rows, got {len(X)} and {len(y)}"
        )


def _take(X, rows: np.ndarray):
    """Rows of an array or a DataFrame."""
    return X.iloc[rows] if hasattr(X, "iloc") else np.asarray(X)[rows]


def decompose_predictions(predictions, y_test, loss: str = "0-1_loss") -> Decomposition:
    """Decompose the loss of ``predictions`` (num_rounds, n_test[, n_targets]) on ``y_test``.

    The formulas are in the module docstring; labels for the 0-1 loss may be of any kind.
    """
    check_choice("loss", loss, LOSSES)
    pred = np.asarray(predictions)
    y = np.asarray(y_test)
    if pred.ndim < 2 or pred.shape[1:] != y.shape:
        raise ValueError(
            f"predictions must have shape (num_rounds, *y_test.shape) = (R, {y.shape}), "
            f"got {pred.shape}"
        )
    num_rounds = pred.shape[0]
    if loss == "0-1_loss":
        parts = _zero_one(pred, y)
    else:
        parts = _squared(pred.astype(np.float64), y.astype(np.float64))
    *parts, round_losses = parts
    return Decomposition(
        *(float(p) for p in parts),
        loss=loss,
        num_rounds=num_rounds,
        loss_std=float(np.std(round_losses)),
    )


def _zero_one(pred: np.ndarray, y: np.ndarray) -> tuple:
    labels, codes = np.unique(np.concatenate([pred.ravel(), y.ravel()]), return_inverse=True)
    pred_codes, y_codes = codes[: pred.size].reshape(pred.shape), codes[pred.size :]
    votes = (pred_codes[..., None] == np.arange(len(labels))).sum(axis=0)  # (n_test, n_labels)
    main = votes.argmax(axis=-1)  # the mode; ties go to the smallest label, as bincount's
    round_losses = np.mean(pred_codes != y_codes, axis=1)
    bias = np.sum(main != y_codes) / y_codes.size
    variance = (np.sum(pred_codes != main, axis=0) / len(pred)).sum() / y_codes.size
    return round_losses.mean(), bias, variance, round_losses


def _squared(pred: np.ndarray, y: np.ndarray) -> tuple:
    round_losses = np.array([((p - y) ** 2).mean() for p in pred])
    main = np.mean(pred, axis=0)
    bias = np.sum((main - y) ** 2) / y.size
    variance = np.sum((main - pred) ** 2) / pred.size
    return round_losses.mean(), bias, variance, round_losses


def decompose_estimator(
    estimator,
    X_train,
    y_train,
    X_test,
    y_test,
    loss: str = "0-1_loss",
    num_rounds: int = 200,
    random_state=None,
) -> Decomposition:
    """Bias-variance decomposition of any scikit-learn estimator, mlxtend's way.

    Each round fits a fresh ``clone(estimator)`` on a bootstrap sample of the training set
    and predicts ``X_test``. With the same ``random_state`` the result equals
    ``mlxtend.evaluate.bias_variance_decomp(estimator, ..., random_seed=random_state)``
    for an estimator that is deterministic given its parameters.

    Parameters
    ----------
    estimator : scikit-learn estimator
        Cloned for every round; fix its own ``random_state`` to make rounds differ only by
        their data.
    X_train, y_train : arrays, shapes (n_train, ...) and (n_train,)
    X_test, y_test : arrays, shapes (n_test, ...) and (n_test,)
    loss : {"0-1_loss", "mse"}, default "0-1_loss"
    num_rounds : int, default 200
    random_state : None, int or RandomState
        Seeds the bootstrap draws (see :func:`bootstrap_indices`).

    Returns
    -------
    Decomposition
    """
    check_choice("loss", loss, LOSSES)
    _check_rows("X_train", X_train, "y_train", y_train)
    _check_rows("X_test", X_test, "y_test", y_test)
    rows = bootstrap_indices(len(X_train), num_rounds, random_state)
    predictions = [
        clone(estimator).fit(_take(X_train, r), _take(y_train, r)).predict(X_test) for r in rows
    ]
    return decompose_predictions(predictions, y_test, loss)


def decompose_network(
    build: Callable[[int, int], Network],
    X_train,
    y_train,
    X_test,
    y_test,
    *,
    loss: str | None = None,
    num_rounds: int = 200,
    random_state=None,
    fit_kwargs: dict | None = None,
) -> Decomposition:
    """Bias-variance decomposition of a reglab network, all rounds trained as one stack.

    ``build(num_rounds, seed)`` returns a stack of ``num_rounds`` models (model ``r`` has
    seed ``seed + r``); :func:`~reglab.train.fit.fit` trains model ``r`` on bootstrap
    sample ``r`` through ``rows``. The rows are those of :func:`bootstrap_indices` and of
    mlxtend for the same ``random_state``; ``seed`` is then drawn from the same generator,
    so one ``random_state`` fixes the data and the models' initializations, which differ
    from round to round (so ``variance`` includes the initialization's share)::

        def build(n_models, seed):
            return mlp([2, 16, 1], keep_prob=0.8, n_models=n_models, seed=seed)

        result = decompose_network(build, X_train, y_train, X_test, y_test,
                                   num_rounds=100, random_state=0, fit_kwargs={"epochs": 50})
        print(result)  # 0-1_loss over 100 bootstrap rounds: expected loss ..., bias ...

    Parameters
    ----------
    build : callable ``(n_models, seed) -> Network``
        Returns a network of ``n_models`` models; ``functools.partial`` of a builder or a
        ``lambda n, s: mlp([2, 16, 1], n_models=n, seed=s)`` will do.
    X_train, y_train, X_test, y_test : arrays
        Labels as the network's loss wants them (0/1, 0..C-1, or values).
    loss : {"0-1_loss", "mse"}, optional
        Default: ``"mse"`` for a regression network, ``"0-1_loss"`` for a classifier.
    num_rounds : int, default 200
    random_state : None, int or RandomState
    fit_kwargs : dict, optional
        Passed to :func:`~reglab.train.fit.fit` (``optimizer``, ``epochs``,
        ``batch_size``, ``callbacks``, ...), all but ``rows``.

    Returns
    -------
    Decomposition
    """
    fit_kwargs = dict(fit_kwargs or {})
    if "rows" in fit_kwargs:
        keys = sorted(fit_kwargs)
        raise ValueError(
            f"fit_kwargs must not set 'rows', which the bootstrap draws, got keys {keys}"
        )
    _check_rows("X_train", X_train, "y_train", y_train)
    _check_rows("X_test", X_test, "y_test", y_test)
    num_rounds = check_int("num_rounds", num_rounds, minimum=1)
    rng = _legacy_rng(random_state)
    rows = bootstrap_indices(len(X_train), num_rounds, rng)
    seed = int(rng.randint(np.iinfo(np.int32).max - num_rounds))
    network = build(num_rounds, seed)
    if not isinstance(network, Network) or network.n_models != num_rounds:
        got = network.n_models if isinstance(network, Network) else type(network).__name__
        raise ValueError(
            f"build must return a Network of num_rounds={num_rounds} models, got {got}"
        )
    regression = network.loss.task == "regression"
    if loss is None:
        loss = "mse" if regression else "0-1_loss"
    check_choice("loss", loss, LOSSES)
    if regression and loss != "mse":
        raise ValueError(f"loss must be 'mse' for a regression network, got {loss!r}")
    fit(network, X_train, y_train, rows=rows, **fit_kwargs)
    return decompose_predictions(network.predict(X_test), y_test, loss)
