"""Inverted dropout: the mean is kept, evaluation is the identity, backward reuses the mask."""

import numpy as np
import pytest

from reglab.nn import Dense, Dropout, Network, mlp
from reglab.nn.network import model_generators


def dropout_layer(keep_prob, K=1, seed=0):
    layer = Dropout(keep_prob)
    layer.build((1000,), K)
    layer.generators = [model_generators(seed + k)[2] for k in range(K)]
    return layer


def test_dropout_keeps_the_mean():
    layer = dropout_layer([0.8, 0.5], K=2)
    A = np.ones((1, 200, 1000))
    out = layer.forward(A, training=True)
    np.testing.assert_allclose(out.mean(axis=(1, 2)), [1.0, 1.0], atol=0.01)
    kept = (out > 0).mean(axis=(1, 2))
    np.testing.assert_allclose(kept, [0.8, 0.5], atol=0.01)
    assert set(np.unique(out[0])) == {0.0, 1 / 0.8}


def test_evaluation_is_the_identity():
    layer = dropout_layer(0.5)
    A = np.random.default_rng(0).standard_normal((1, 4, 1000))
    assert layer.forward(A, training=False) is A


def test_backward_uses_the_forward_mask():
    layer = dropout_layer(0.6)
    A = np.ones((1, 3, 1000))
    out = layer.forward(A, training=True)
    dA = layer.backward(np.ones_like(out))
    np.testing.assert_array_equal(dA, out)  # same mask, same 1/keep_prob scale


def test_keep_prob_one_draws_nothing():
    layer = dropout_layer([1.0, 0.5], K=2)
    state = layer.generators[0].bit_generator.state
    out = layer.forward(np.ones((1, 2, 1000)), training=True)
    assert np.all(out[0] == 1.0)
    assert layer.generators[0].bit_generator.state == state


def test_the_caller_array_is_not_modified():
    layer = dropout_layer(0.5)
    A = np.ones((1, 2, 1000))
    layer.forward(A, training=True)
    assert np.all(A == 1.0)


def test_mlp_places_dropout_after_each_hidden_layer():
    network = mlp([4, 8, 6, 1], keep_prob=[0.5, 0.9])
    kinds = [type(layer).__name__ for layer in network.layers]
    assert kinds == ["Dense", "ReLU", "Dropout", "Dense", "ReLU", "Dropout", "Dense"]


@pytest.mark.parametrize("bad", [0.0, 1.5, -0.2, [0.5, 1.2]])
def test_keep_prob_outside_the_interval(bad):
    with pytest.raises(ValueError, match=r"keep_prob must be in \(0, 1\], got"):
        Dropout(bad)


def test_keep_prob_count_must_match_models():
    network = Network([Dense(3), Dropout([0.5, 0.6, 0.7]), Dense(1)], n_models=2)
    with pytest.raises(
        ValueError, match=r"keep_prob must have one value or one per model \(2\), got 3"
    ):
        network.build((2,))
