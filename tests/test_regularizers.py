"""Closed-form penalties and their effects: shrinkage, exact zeros, the max-norm bound."""

import numpy as np
import pytest

from reglab.data.datasets import make_moons
from reglab.nn import mlp
from reglab.optim import SGD, Adam
from reglab.regularizers import L1, L2, ElasticNet, MaxNorm
from reglab.train import fit

W = np.array([[[1.0, -2.0], [0.5, 0.0]], [[3.0, 0.0], [0.0, -1.0]]])  # K = 2 models


def test_l2_is_the_tutorials_formula():
    reg = L2(0.6)
    np.testing.assert_allclose(reg.penalty(W, m=3), 0.6 / (2 * 3) * np.array([5.25, 10.0]))
    np.testing.assert_allclose(reg.gradient(W, m=3), 0.6 / 3 * W)


def test_l1_penalty_and_subgradient_with_zero_at_zero():
    reg = L1(0.3)
    np.testing.assert_allclose(reg.penalty(W, m=2), 0.3 / 2 * np.array([3.5, 4.0]))
    np.testing.assert_allclose(reg.gradient(W, m=2), 0.15 * np.sign(W))
    assert reg.gradient(W, m=2)[0, 1, 1] == 0.0


def test_per_model_lambda():
    reg = L2([0.0, 1.0])
    np.testing.assert_allclose(reg.penalty(W, m=1), [0.0, 5.0])
    assert np.all(reg.gradient(W, m=1)[0] == 0)


def test_elastic_net_is_the_sum():
    reg = ElasticNet(0.3, 0.6)
    np.testing.assert_allclose(reg.penalty(W, 2), L1(0.3).penalty(W, 2) + L2(0.6).penalty(W, 2))


def test_proximal_l1_soft_thresholds():
    reg = L1(1.0)
    V = np.array([[[0.05, -0.3, 2.0]]])
    reg.project(V, step=np.array([0.1]), m=1)
    np.testing.assert_allclose(V, [[[0.0, -0.2, 1.9]]])


def test_max_norm_bounds_each_units_incoming_weights():
    V = np.array([[[3.0, 4.0], [0.3, 0.4]]])
    MaxNorm(1.0).project(V, step=np.array([0.1]), m=1)
    np.testing.assert_allclose(V, [[[0.6, 0.8], [0.3, 0.4]]])


def moons():
    data = make_moons(200, noise=0.3, random_state=0)
    return data.X, data.y


def test_larger_lambda_gives_smaller_weights():
    X, y = moons()
    lams = [0.0, 0.1, 1.0, 10.0]
    network = mlp([2, 20, 20, 1], regularizers=L2(lams), n_models=4, seed=[5, 5, 5, 5])
    fit(network, X, y, optimizer=Adam(0.01), epochs=150)
    norms = network.weight_norms()
    assert np.all(np.diff(norms) < 0), norms


def test_l1_gives_exact_zeros_and_l2_does_not():
    X, y = moons()
    network = mlp([2, 30, 30, 1], regularizers=L1([0.0, 2.0]), n_models=2, seed=[1, 1])
    fit(network, X, y, optimizer=SGD(0.1), epochs=150)
    zeros = network.zero_fraction()
    assert zeros[0] == 0.0 and zeros[1] > 0.5, zeros
    shrunk = mlp([2, 30, 30, 1], regularizers=L2(2.0), seed=1)
    fit(shrunk, X, y, optimizer=SGD(0.1), epochs=150)
    assert shrunk.zero_fraction()[0] == 0.0


def test_subgradient_l1_oscillates_instead_of_reaching_zero():
    X, y = moons()
    network = mlp([2, 30, 30, 1], regularizers=L1(2.0, proximal=False), seed=1)
    fit(network, X, y, optimizer=SGD(0.1), epochs=150)
    assert network.zero_fraction()[0] < 0.05


def test_max_norm_holds_during_training():
    X, y = moons()
    network = mlp([2, 20, 1], regularizers=MaxNorm(0.5), seed=2)
    fit(network, X, y, optimizer=Adam(0.05), epochs=50)
    W = network.parameters()["W1"]
    assert np.all(np.linalg.norm(W, axis=-1) <= 0.5 + 1e-12)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: L2(-0.1), r"lam must be >= 0, got -0.1"),
        (lambda: L1([0.1, -2.0]), r"lam must be >= 0, got -2.0"),
        (lambda: MaxNorm(0), r"max_norm must be > 0, got 0"),
    ],
)
def test_bad_regularizer_arguments(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_lambda_count_must_match_models():
    with pytest.raises(ValueError, match=r"lam must have one value or one per model \(3\), got 2"):
        mlp([2, 3, 1], regularizers=L2([0.1, 0.2]), n_models=3)
