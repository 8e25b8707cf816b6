"""Finite-difference gradient checks (float64) of every layer, activation, loss and regularizer."""

import numpy as np
import pytest

from reglab.cli import main
from reglab.diagnose.gradcheck import gradient_check, relative_difference
from reglab.nn import Dense, Dropout, LeakyReLU, Linear, Network, ReLU, Sigmoid, Softmax, Tanh, mlp
from reglab.nn import activations as F
from reglab.regularizers import L1, L2, ElasticNet

TOL = 1e-7


def numeric_elementwise(f, Z, eps=1e-6):
    return (f(Z + eps) - f(Z - eps)) / (2 * eps)


def away_from_zero(rng, shape, margin=0.1):
    Z = rng.standard_normal(shape)
    return np.where(np.abs(Z) < margin, np.sign(Z + 1e-12) * margin, Z)


@pytest.mark.parametrize(
    "forward, backward, uses_output",
    [
        (F.relu, F.relu_backward, True),
        (F.sigmoid, F.sigmoid_backward, True),
        (F.tanh, F.tanh_backward, True),
        (lambda Z: F.leaky_relu(Z, 0.05), lambda dA, Z: F.leaky_relu_backward(dA, Z, 0.05), False),
    ],
)
def test_elementwise_activation_derivatives(rng, forward, backward, uses_output):
    Z = away_from_zero(rng, (3, 4, 5))
    dA = np.ones_like(Z)
    analytic = backward(dA.copy(), forward(Z) if uses_output else Z)
    assert relative_difference(analytic, numeric_elementwise(forward, Z)) < TOL


def test_softmax_jacobian_vector_product(rng):
    Z = rng.standard_normal((2, 3, 4))
    dA = rng.standard_normal(Z.shape)
    analytic = F.softmax_backward(dA, F.softmax(Z))
    numeric = np.zeros_like(Z)
    eps = 1e-6
    for index in np.ndindex(Z.shape):
        Zp, Zm = Z.copy(), Z.copy()
        Zp[index] += eps
        Zm[index] -= eps
        numeric[index] = np.sum(dA * (F.softmax(Zp) - F.softmax(Zm))) / (2 * eps)
    assert relative_difference(analytic, numeric) < TOL


def data(rng, n=12, d=3, loss="binary_crossentropy", n_out=1):
    X = rng.standard_normal((n, d))
    if loss == "binary_crossentropy":
        y = rng.integers(0, 2, n)
    elif loss == "softmax_crossentropy":
        y = rng.integers(0, n_out, n)
    else:
        y = rng.standard_normal(n) if n_out == 1 else rng.standard_normal((n, n_out))
    return X, y


@pytest.mark.parametrize("layer", [Tanh(), Sigmoid(), Softmax(), Linear(), LeakyReLU(0.1), ReLU()])
def test_each_activation_layer_inside_a_network(rng, layer):
    network = Network([Dense(4, "xavier"), layer, Dense(1, "xavier")], n_models=2, seed=3)
    X, y = data(rng)
    network.build((3,))
    network.theta[:] += 0.05  # moves ReLU units off their kink at 0 for this data
    result = gradient_check(network, X, y)
    assert result.passed, str(result)


@pytest.mark.parametrize(
    "loss, n_out", [("binary_crossentropy", 1), ("softmax_crossentropy", 4), ("mse", 1), ("mse", 2)]
)
def test_each_loss(rng, loss, n_out):
    network = mlp([3, 5, n_out], activation="tanh", loss=loss, n_models=3)
    X, y = data(rng, loss=loss, n_out=n_out)
    assert gradient_check(network, X, y).difference < TOL


@pytest.mark.parametrize(
    "regularizer", [L2(0.7), L1(0.3), ElasticNet(0.2, 0.5), L2([0.1, 1.0, 3.0])]
)
def test_each_regularizer(rng, regularizer):
    network = mlp([3, 6, 4, 1], activation="tanh", regularizers=regularizer, n_models=3, seed=7)
    X, y = data(rng)
    result = gradient_check(network, X, y)
    assert result.passed, str(result)
    assert set(result.per_parameter) == {"W1", "b1", "W2", "b2", "W3", "b3"}


def test_whole_network_with_dropout_l1_and_l2_per_model(rng):
    layers = [Dense(8), Tanh(), Dropout([0.5, 0.8]), Dense(6), ReLU(), Dropout(0.7), Dense(3)]
    network = Network(
        layers,
        loss="softmax_crossentropy",
        regularizers=[L2([0.5, 0.1]), L1(0.05)],
        n_models=2,
        seed=11,
    )
    X, y = data(rng, n=20, d=4, loss="softmax_crossentropy", n_out=3)
    network.build((4,))
    result = gradient_check(network, X, y)
    assert result.passed, str(result)
    assert all(value < TOL for value in result.per_parameter.values())


def test_layer_own_regularizer_overrides_the_network(rng):
    layers = [Dense(4, regularizer=L2(5.0)), Tanh(), Dense(1, regularizer=[])]
    network = Network(layers, regularizers=L1(1.0)).build((3,))
    X, y = data(rng)
    assert gradient_check(network, X, y).passed
    penalties = [regs for *_, regs in network.weights]
    assert isinstance(penalties[0][0], L2) and penalties[1] == []


def test_gradient_check_catches_a_wrong_gradient(rng):
    network = mlp([3, 4, 1], activation="tanh")
    X, y = data(rng)
    dense = network.layers[0]
    original = dense.backward

    def broken(dZ):
        dA = original(dZ)
        dense.grads["W"][...] *= 1.01
        return dA

    dense.backward = broken
    result = gradient_check(network, X, y)
    assert not result.passed
    assert result.per_parameter["W1"] > 1e-3 and result.per_parameter["b1"] < TOL


def test_gradient_check_leaves_weights_unchanged(rng):
    network = mlp([3, 4, 1], keep_prob=0.5)
    before = network.theta.copy()
    gradient_check(network, *data(rng))
    assert np.array_equal(before, network.theta)


def test_binary_crossentropy_fused_value_equals_the_stable_formula(rng):
    from reglab.nn.losses import BinaryCrossEntropy

    loss = BinaryCrossEntropy()
    for scale in (1.0, 30.0, 800.0):  # 800: the sigmoid underflows to 0, logaddexp takes over
        Z = rng.standard_normal((30, 50, 1)) * scale  # > 1024 values: the log path
        Y = rng.integers(0, 2, (1, 50, 1)).astype(float)
        value, dZ = loss.value_and_gradient(Z, Y)
        np.testing.assert_allclose(value, loss.value(Z, Y), rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(dZ, loss.gradient(Z, Y), rtol=1e-15)
        assert np.all(np.isfinite(value))


def test_sum_of_logs_by_chunk_products_equals_the_sum_of_each_log(rng):
    from reglab.nn.losses import sum_of_logs

    A = rng.uniform(0.01, 1.0, (4, 70, 1))  # 70 examples: chunks of 32, 32 and 6
    np.testing.assert_allclose(sum_of_logs(A), np.log(A).sum(axis=(1, 2)), rtol=1e-13)
    A[2, 40:45] = 1e-70  # a chunk whose product, 1e-350 and less, underflows
    assert sum_of_logs(A) is None


def test_a_check_failed_on_relu_kinks_says_so_and_passes_off_them(capsys):
    # `reglab gradcheck --activation relu --keep-prob 0.7` printed "gradient check FAILED:
    # relative difference 4.311e-02" and nothing else on a correct backpropagation: rows
    # whose first-layer units are all dead or dropped put the second ReLU at exactly b2 = 0
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((16, 4)), rng.integers(0, 2, 16)
    network = mlp([4, 5, 3, 1], activation="relu", keep_prob=0.7, seed=0)
    result = gradient_check(network, X, y)
    assert not result.passed and result.kinks > 0
    assert result.per_parameter["b2"] > 1e-3 and result.per_parameter["W2"] < TOL
    assert "of a ReLU lie within epsilon's reach of its kink at 0" in str(result)
    # the same network with its biases off 0 is checked without a kink, and passes
    for name, columns in network.slices.items():
        if name.startswith("b"):
            network.theta[:, columns] = 0.05
    moved = gradient_check(network, X, y)
    assert moved.passed and moved.kinks == 0 and "kink" not in str(moved)
    assert main(["gradcheck", "--activation", "relu", "--keep-prob", "0.7"]) == 1
    assert "kink at 0, where the cost has no derivative" in capsys.readouterr().out
