"""Inverted dropout: the mean is kept, evaluation is the identity, backward reuses the mask."""

import numpy as np
import pytest

from reglab.nn import Dense, Dropout, LegacyDropout, Network, mlp
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


def test_masks_are_drawn_in_the_tutorials_orientation():
    # model k's mask is rand(units, m) < keep_prob, the tutorial's orientation, with rand
    # a 32-bit uniform u / 2**32 from the raw output of model k's generator
    layer = dropout_layer(0.7, K=2, seed=4)
    layer.forward(np.ones((1, 6, 1000)), training=True)
    for k in range(2):
        raw = model_generators(4 + k)[2].bit_generator.random_raw(3000)
        u = np.stack([raw & 0xFFFFFFFF, raw >> 32], axis=1).reshape(-1)  # little-endian order
        expected = u.reshape(1000, 6) / 2**32 < 0.7
        np.testing.assert_array_equal(layer.D[k].T, expected)


def tutorial_forward_with_dropout(X, parameters, keep_prob, random_state):
    """A course notebook's forward_propagation_with_dropout, examples in columns."""
    W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    A1 = np.maximum(0, W1 @ X + b1)
    D1 = random_state.rand(A1.shape[0], A1.shape[1])
    D1 = D1 < keep_prob
    A1 = A1 * D1
    A1 = A1 / keep_prob
    A2 = np.maximum(0, W2 @ A1 + b2)
    D2 = random_state.rand(A2.shape[0], A2.shape[1])
    D2 = D2 < keep_prob
    A2 = A2 * D2
    A2 = A2 / keep_prob
    return W3 @ A2 + b3, (D1, D2)


@pytest.mark.parametrize("reseed", [True, False])
def test_legacy_dropout_reproduces_published_numpy_code_bit_for_bit(reseed):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((2, 9))  # (n_x, m), the tutorial's layout
    network = mlp([2, 20, 3, 1], keep_prob=0.86, legacy_dropout=LegacyDropout(1, reseed=reseed))
    parameters = network.get_weights()
    state = np.random.RandomState(1)  # the notebook's np.random.seed(1)
    for _ in range(3):  # three forward passes: reseeded each time, or one stream
        if reseed:
            state.seed(1)
        Z3, masks = tutorial_forward_with_dropout(X, parameters, 0.86, state)
        Z = network.forward(X.T[None], training=True)
        dropouts = [layer for layer in network.layers if isinstance(layer, Dropout)]
        for layer, D in zip(dropouts, masks, strict=True):
            np.testing.assert_array_equal(layer.D[0].T, D)
        np.testing.assert_array_equal(Z[0].T, Z3)


def test_legacy_dropout_shares_the_draws_across_models_and_is_seeded_at_initialization():
    network = mlp(
        [3, 50, 1], keep_prob=[[1.0, 0.5, 0.8]], n_models=3, legacy_dropout=LegacyDropout(5)
    )
    X = np.ones((1, 40, 3))
    network.forward(X, training=True)
    D = network.layers[2].D
    uniform = np.random.RandomState(5).rand(50, 40)
    for k, p in enumerate([1.0, 0.5, 0.8]):
        np.testing.assert_array_equal(D[k].T, uniform < p)
    network.forward(X, training=True)
    assert not np.array_equal(network.layers[2].D, D)  # not reseeded: the stream goes on
    network.initialize()
    network.forward(X, training=True)
    np.testing.assert_array_equal(network.layers[2].D, D)
    assert "legacy_dropout=LegacyDropout(seed=5, reseed=False)" in repr(network)
    with pytest.raises(TypeError, match="legacy_dropout must be a LegacyDropout, got int"):
        Network([Dense(1)], legacy_dropout=1)
