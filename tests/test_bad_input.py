"""Bad input: each raises an error that names the argument and the value received."""

import numpy as np
import pytest

from reglab.data.batches import MiniBatches
from reglab.nn import Dense, Network, activation, mlp
from reglab.optim import SGD
from reglab.train import fit

X = np.random.default_rng(0).standard_normal((20, 2))
y = np.arange(20) % 2


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda: fit(mlp([2, 3, 1]), X, y[:10]),
            ValueError,
            r"X and y must have the same number of rows, got 20 and 10",
        ),
        (
            lambda: fit(mlp([3, 3, 1]), X, y),
            ValueError,
            r"X must have per-example shape \(3,\), got \(2,\)",
        ),
        (
            lambda: fit(mlp([2, 3, 1]), X, np.where(y == 1, 2, 0)),
            ValueError,
            r"y must hold labels 0 and 1 for binary_crossentropy, got 2",
        ),
        (
            lambda: fit(mlp([2, 3, 3], loss="softmax_crossentropy"), X, y + 3),
            ValueError,
            r"y must hold class labels 0..2 for softmax_crossentropy, got 3",
        ),
        (
            lambda: fit(mlp([2, 3, 1]), np.where(X > 1, np.nan, X), y),
            ValueError,
            r"X must contain only finite values, got \d+ NaN or infinite",
        ),
        (
            lambda: fit(mlp([2, 3, 1]), np.where(X > 1, np.inf, X), y),
            ValueError,
            r"X must contain only finite values",
        ),
        (
            lambda: fit(mlp([2, 3, 1]), X[:0], y[:0]),
            ValueError,
            r"X must not be empty, got shape \(0, 2\)",
        ),
        (
            lambda: fit(mlp([2, 3, 1]), X[:, 0], y),
            ValueError,
            r"X must have shape \(n_samples, n_features\), got \(20,\)",
        ),
        (lambda: fit(mlp([2, 3, 1]), X, y, epochs=0), ValueError, r"epochs must be >= 1, got 0"),
        (
            lambda: fit(mlp([2, 3, 1]), X, y, dev=(X, y[:5])),
            ValueError,
            r"X_dev and y_dev must have the same number of rows, got 20 and 5",
        ),
        (
            lambda: fit(mlp([2, 3, 1]), X, y, rows=np.zeros((2, 5), int)),
            ValueError,
            r"rows must be an integer array of shape \(1, n_rows\), got \(2, 5\)",
        ),
        (lambda: MiniBatches(0), ValueError, r"batch_size must be >= 1, got 0"),
        (lambda: MiniBatches(2.5), TypeError, r"batch_size must be an integer, got 2.5"),
        (lambda: SGD(0), ValueError, r"learning_rate must be > 0, got 0"),
        (
            lambda: activation("swish"),
            ValueError,
            r"activation must be one of 'relu', .*, got 'swish'",
        ),
        (lambda: mlp([2, 3, 1], activation="swish"), ValueError, r"activation must be one of"),
        (
            lambda: mlp([2, 3, 1], loss="hinge"),
            ValueError,
            r"loss must be one of 'binary_crossentropy', 'softmax_crossentropy', 'mse', "
            r"got 'hinge'",
        ),
        (
            lambda: mlp([2, 3, 1], keep_prob=[0.5, 0.5]),
            ValueError,
            r"keep_prob must have one entry per hidden layer \(1\), got 2",
        ),
        (lambda: mlp([2, 0, 1]), ValueError, r"layer_dims must be >= 1, got 0"),
        (
            lambda: mlp([2]),
            ValueError,
            r"layer_dims must list the input size and at least one layer",
        ),
        (lambda: Network([Dense(2)], n_models=0), ValueError, r"n_models must be >= 1, got 0"),
        (
            lambda: Network([Dense(2)], n_models=2, seed=[1]),
            ValueError,
            r"seed must have one value per model \(2\), got 1",
        ),
        (
            lambda: Network([activation("relu")]),
            ValueError,
            r"layers must contain at least one layer with weights",
        ),
        (lambda: Network(["dense"]), TypeError, r"layers must hold Layer objects, got str"),
        (
            lambda: Dense(3, initializer="uniform"),
            ValueError,
            r"initializer must be one of 'zeros', 'normal', 'xavier', 'glorot', 'he', 'lecun', "
            r"got 'uniform'",
        ),
    ],
)
def test_bad_input_messages(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_predict_validates_inputs():
    network = mlp([2, 3, 1])
    with pytest.raises(ValueError, match=r"X must have per-example shape \(2,\), got \(5,\)"):
        network.predict(np.zeros((4, 5)))


def test_predict_on_a_network_without_weights_says_so():
    # it used to fail with "'Dense' object has no attribute 'W'"
    network = Network([Dense(3), activation("relu"), Dense(1)])
    for call in (network.predict, network.output, lambda X: network.evaluate(X, y[:4])):
        with pytest.raises(ValueError, match=r"network has no weights yet: train it with fit"):
            call(np.zeros((4, 2)))
