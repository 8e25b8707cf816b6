"""Parameters as the tutorial names and holds them: W1, b1, ... per weighted layer,
get_weights/set_weights per model, initializers by name or as functions."""

import numpy as np
import pytest

from reglab.nn import Conv2D, Dense, Dropout, Flatten, MaxPool2D, Network, ReLU, mlp
from reglab.nn.initializers import Initializer
from reglab.nn.serialize import load, save
from reglab.train import fit


def test_names_count_weighted_layers_only():
    network = mlp([2, 20, 3, 1], keep_prob=0.8)  # Dense ReLU Dropout Dense ReLU Dropout Dense
    assert list(network.parameters()) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert [name for name, *_ in network.weights] == ["W1", "W2", "W3"]
    assert list(network.slices) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    cnn = Network([Conv2D(2, 3), ReLU(), MaxPool2D(), Flatten(), Dense(1)]).build((6, 6, 1))
    assert list(cnn.parameters()) == ["W1", "b1", "W2", "b2"]


def test_get_weights_in_the_tutorials_orientation():
    network = mlp([2, 5, 3, 1], n_models=3, seed=7)
    weights = network.get_weights(model=2)
    assert {name: w.shape for name, w in weights.items()} == {
        "W1": (5, 2),
        "b1": (5, 1),
        "W2": (3, 5),
        "b2": (3, 1),
        "W3": (1, 3),
        "b3": (1, 1),
    }
    np.testing.assert_array_equal(weights["W2"], network.parameters()["W2"][2])
    weights["W1"][:] = 0.0  # a copy: the network is unchanged
    assert np.all(network.parameters()["W1"][2] != 0.0)


def test_set_weights_of_get_weights_round_trips_and_touches_one_model():
    network = mlp([2, 5, 3, 1], n_models=3, seed=7)
    before = network.theta.copy()
    network.set_weights(network.get_weights(0), model=1)
    np.testing.assert_array_equal(network.theta[1], before[0])
    np.testing.assert_array_equal(network.theta[[0, 2]], before[[0, 2]])
    network.set_weights(network.get_weights(1), model=1)
    np.testing.assert_array_equal(network.theta[1], before[0])


def test_set_weights_takes_weights_made_elsewhere():
    # e.g. the tutorial's initialize_parameters_he, with np.random.seed(3)
    rng = np.random.RandomState(3)
    dims = [2, 5, 2, 1]
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"] = rng.randn(dims[l], dims[l - 1]) * np.sqrt(2 / dims[l - 1])
        parameters[f"b{l}"] = np.zeros((dims[l], 1))
    network = mlp(dims)
    network.set_weights(parameters)
    # the same weights as reglab's own He draw from RandomState(3)
    tutorial = mlp(dims).initialize([np.random.RandomState(3)])
    np.testing.assert_array_equal(network.theta, tutorial.theta)
    network.set_weights({**parameters, "b3": np.array([0.5])})  # a flat bias is fine too
    assert network.get_weights()["b3"].tolist() == [[0.5]]


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda w: w.pop("b2"), r"weights must have exactly the keys .* \['b2'\] missing"),
        (lambda w: w.update(W9=np.ones(2)), r"\['W9'\] unknown"),
        (lambda w: w.update(W1=np.ones((2, 5))), r"weights\['W1'\] must have shape \(5, 2\)"),
        (lambda w: w.update(b1=np.full((5, 1), np.nan)), r"weights\['b1'\] must contain only"),
    ],
)
def test_set_weights_refuses_bad_weights_and_changes_nothing(change, message):
    network = mlp([2, 5, 3, 1])
    before = network.theta.copy()
    weights = {name: w + 1.0 for name, w in network.get_weights().items()}
    change(weights)
    with pytest.raises(ValueError, match=message):
        network.set_weights(weights)
    np.testing.assert_array_equal(network.theta, before)


def test_model_index_is_checked():
    with pytest.raises(ValueError, match=r"model must be < n_models \(2\), got 2"):
        mlp([2, 1], n_models=2).get_weights(model=2)
    with pytest.raises(ValueError, match="must be built"):
        Network([Dense(1)]).get_weights()


def uniform(rng, n_in, n_out):
    return rng.uniform(-0.1, 0.1, (n_out, n_in))


def test_a_function_initializer_and_one_per_layer():
    network = mlp([3, 4, 2], initializer=[uniform, "zeros"], seed=1)
    W1, W2 = network.parameters()["W1"], network.parameters()["W2"]
    assert np.all(np.abs(W1) <= 0.1) and np.all(W1 != 0) and np.all(W2 == 0)
    with pytest.raises(ValueError, match=r"one initializer or one per Dense layer \(2\), got 3"):
        mlp([3, 4, 2], initializer=["he", "he", "he"])
    with pytest.raises(TypeError, match=r"or a function \(rng, n_in, n_out\) -> W, got 3"):
        Dense(2, initializer=3)
    with pytest.raises(ValueError, match=r"shape \(n_out, n_in\) = \(4, 3\), got \(3, 4\)"):
        mlp([3, 4, 2], initializer=lambda rng, n_in, n_out: np.ones((n_in, n_out)))
    conv = Network([Conv2D(2, 3, initializer=uniform), Flatten(), Dense(1)]).build((5, 5, 1))
    assert np.all(np.abs(conv.parameters()["W1"]) <= 0.1)


def test_lecun_normal_is_randn_over_sqrt_n_in():
    W = Initializer("lecun")(np.random.RandomState(0), 50, 7)
    np.testing.assert_array_equal(W, np.random.RandomState(0).randn(7, 50) / np.sqrt(50))
    assert Initializer("lecun").std(50, 7) == pytest.approx(1 / np.sqrt(50))


def test_a_function_initializer_is_not_saved_but_the_weights_are(tmp_path):
    network = mlp([3, 4, 1], initializer=uniform)
    loaded = load(save(network, tmp_path / "m.npz"))
    np.testing.assert_array_equal(loaded.theta, network.theta)
    X, y = np.zeros((4, 3)), [0, 1, 0, 1]
    fit(loaded, X, y, epochs=1, warm_start=True)
    with pytest.raises(ValueError, match="has no initializer .* warm_start=True"):
        fit(loaded, X, y, epochs=1)
    assert "initializer=None" in repr(loaded.layers[0])


def test_dropout_layers_do_not_count_in_names():
    network = Network([Dense(3), Dropout(0.5), Dense(1)]).build((2,))
    assert list(network.parameters()) == ["W1", "b1", "W2", "b2"]
