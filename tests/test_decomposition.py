"""Tests of reglab.diagnose.decomposition: known answers, mlxtend's numbers, the stacked path."""

import numpy as np
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.datasets import make_moons, make_regression
from sklearn.dummy import DummyClassifier, DummyRegressor
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

from reglab import mlp
from reglab.diagnose import (
    Decomposition,
    bootstrap_indices,
    decompose_estimator,
    decompose_network,
    decompose_predictions,
)
from reglab.estimator import RegLabClassifier


@pytest.fixture(scope="module")
def moons():
    X, y = make_moons(90, noise=0.3, random_state=0)
    return X[:60], y[:60], X[60:], y[60:]


@pytest.fixture(scope="module")
def regression():
    X, y = make_regression(90, 4, noise=10.0, random_state=0)
    return X[:60], y[:60], X[60:], y[60:]


def astuple(d: Decomposition):
    return (d.expected_loss, d.bias, d.variance)


class FirstFeatureSign(ClassifierMixin, BaseEstimator):
    """Ignores its training data: predicts 1 where the first feature is positive."""

    def fit(self, X, y):
        return self

    def predict(self, X):
        return (np.asarray(X)[:, 0] > 0).astype(int)


# -- known answers -----------------------------------------------------------------------
def test_zero_one_loss_by_hand():
    # rounds in rows, test examples in columns; main prediction = column mode = [0, 0, 1]
    predictions = [[0, 1, 1], [0, 0, 1], [1, 0, 1]]
    result = decompose_predictions(predictions, [0, 1, 0])
    assert result.bias == pytest.approx(2 / 3)  # main is wrong on examples 1 and 2
    assert result.expected_loss == pytest.approx((1 / 3 + 2 / 3 + 3 / 3) / 3)
    assert result.variance == pytest.approx(2 / 9)  # 2 disagreements among 9 predictions
    assert (result.loss, result.num_rounds) == ("0-1_loss", 3)
    labels = np.array(["a", "b"])
    assert decompose_predictions(labels[predictions], labels[[0, 1, 0]]) == result


def test_zero_one_ties_go_to_the_smallest_label_as_in_mlxtend():
    result = decompose_predictions([[1], [0]], [1])  # a tie between 0 and 1: main is 0
    assert (result.bias, result.variance, result.expected_loss) == (1.0, 0.5, 0.5)


def test_squared_loss_by_hand():
    result = decompose_predictions([[1.0, 2.0], [3.0, 4.0]], [2.0, 2.0], loss="mse")
    # main = [2, 3]; bias^2 = (0 + 1) / 2; variance = (1 + 1 + 1 + 1) / 4
    assert astuple(result) == (1.5, 0.5, 1.0)
    assert str(result) == "mse over 2 bootstrap rounds: expected loss 1.5, bias^2 0.5, variance 1"


def test_constant_predictors_have_no_variance(moons, regression):
    X_train, y_train, X_test, y_test = moons
    constant = DummyClassifier(strategy="constant", constant=1)
    result = decompose_estimator(constant, X_train, y_train, X_test, y_test, num_rounds=5)
    assert result.variance == 0.0
    assert result.bias == np.mean(y_test != 1)
    assert result.expected_loss == pytest.approx(result.bias, rel=1e-12)  # a mean of 5 means
    X_train, y_train, X_test, y_test = regression
    constant = DummyRegressor(strategy="constant", constant=2.0)
    result = decompose_estimator(constant, X_train, y_train, X_test, y_test, "mse", num_rounds=5)
    assert result.variance == 0.0
    assert result.bias == pytest.approx(np.mean((2.0 - y_test) ** 2), rel=1e-12)
    assert result.expected_loss == pytest.approx(result.bias, rel=1e-12)


def test_an_estimator_that_ignores_its_data_has_no_variance(moons):
    X_train, y_train, X_test, y_test = moons
    result = decompose_estimator(FirstFeatureSign(), X_train, y_train, X_test, y_test, num_rounds=4)
    error = np.mean((X_test[:, 0] > 0) != y_test)
    assert (result.bias, result.variance) == (error, 0.0)
    assert result.expected_loss == pytest.approx(error, rel=1e-12)
    assert str(result) == (
        f"0-1_loss over 4 bootstrap rounds: expected loss {error:.4g}, bias {error:.4g}, variance 0"
    )


def test_squared_loss_is_bias_plus_variance(regression):
    X_train, y_train, X_test, y_test = regression
    tree = DecisionTreeRegressor(max_depth=3, random_state=0)
    result = decompose_estimator(tree, X_train, y_train, X_test, y_test, "mse", 20, random_state=0)
    assert result.variance > 0
    assert result.expected_loss == pytest.approx(result.bias + result.variance, rel=1e-12)


# -- mlxtend's numbers ----------------------------------------------------------------------
def test_bootstrap_rows_are_mlxtends():
    mlxtend = pytest.importorskip("mlxtend.evaluate.bias_variance_decomp")
    rows = bootstrap_indices(7, num_rounds=4, random_state=3)
    assert rows.shape == (4, 7)
    rng = np.random.RandomState(3)
    X = np.arange(7)[:, None]
    for expected in rows:
        X_boot, _ = mlxtend._draw_bootstrap_sample(rng, X, X[:, 0])
        np.testing.assert_array_equal(X_boot[:, 0], expected)


@pytest.mark.parametrize(
    "estimator, loss, data",
    [
        (DecisionTreeClassifier(random_state=0), "0-1_loss", "moons"),
        (DecisionTreeRegressor(max_depth=3, random_state=0), "mse", "regression"),
        (RegLabClassifier(hidden_layer_sizes=(8,), epochs=5, random_state=0), "0-1_loss", "moons"),
    ],
)
def test_decompose_estimator_equals_mlxtend(estimator, loss, data, request):
    mlxtend = pytest.importorskip("mlxtend.evaluate")
    X_train, y_train, X_test, y_test = request.getfixturevalue(data)
    rounds = 5 if isinstance(estimator, RegLabClassifier) else 30
    ours = decompose_estimator(estimator, X_train, y_train, X_test, y_test, loss, rounds, 11)
    theirs = mlxtend.bias_variance_decomp(
        estimator, X_train, y_train, X_test, y_test, loss, rounds, random_seed=11
    )
    assert astuple(ours) == tuple(theirs)  # exactly: same rows, same sums in the same order


# -- the stacked path -------------------------------------------------------------------------
def test_one_stack_equals_one_estimator_per_round(moons):
    X_train, y_train, X_test, y_test = moons

    def build(n_models, seed):  # every round starts from seed 3, as the clones below do
        return mlp([2, 8, 1], n_models=n_models, seed=[3] * n_models)

    fit_kwargs = {"epochs": 10, "batch_size": 16}
    data = (X_train, y_train, X_test, y_test)
    stacked = decompose_network(build, *data, num_rounds=6, random_state=2, fit_kwargs=fit_kwargs)
    clf = RegLabClassifier(hidden_layer_sizes=(8,), epochs=10, batch_size=16, random_state=3)
    one_by_one = decompose_estimator(clf, *data, num_rounds=6, random_state=2)
    assert stacked == one_by_one
    assert stacked.variance > 0


def test_decompose_network_is_seeded_and_infers_the_loss(regression):
    X_train, y_train, X_test, y_test = regression
    seeds = []

    def build(n_models, seed):
        seeds.append(seed)
        return mlp([4, 8, 1], loss="mse", n_models=n_models, seed=seed)

    kwargs = {"num_rounds": 8, "random_state": 5, "fit_kwargs": {"epochs": 5}}
    first = decompose_network(build, X_train, y_train / 100, X_test, y_test / 100, **kwargs)
    again = decompose_network(build, X_train, y_train / 100, X_test, y_test / 100, **kwargs)
    assert first == again
    assert seeds[0] == seeds[1]
    assert (first.loss, first.num_rounds) == ("mse", 8)
    assert first.expected_loss == pytest.approx(first.bias + first.variance, rel=1e-12)
    assert first.variance > 0


def test_errors(moons, regression):
    X_train, y_train, X_test, y_test = moons

    def build(n_models, seed):
        return mlp([2, 4, 1], n_models=n_models, seed=seed)

    with pytest.raises(ValueError, match="^loss must be one of '0-1_loss', 'mse', got 'hinge'$"):
        decompose_estimator(FirstFeatureSign(), X_train, y_train, X_test, y_test, loss="hinge")
    rows = "^X_train and y_train must have the same number of rows, got 60 and 59$"
    with pytest.raises(ValueError, match=rows):
        decompose_estimator(FirstFeatureSign(), X_train, y_train[:-1], X_test, y_test)
    with pytest.raises(ValueError, match="^num_rounds must be >= 1, got 0$"):
        decompose_network(build, X_train, y_train, X_test, y_test, num_rounds=0)
    with pytest.raises(ValueError, match="^random_state must be >= 0, got -1$"):
        bootstrap_indices(5, 2, random_state=-1)
    with pytest.raises(ValueError, match="^fit_kwargs must not set 'rows'"):
        decompose_network(build, X_train, y_train, X_test, y_test, fit_kwargs={"rows": None})
    with pytest.raises(
        ValueError, match="^build must return a Network of num_rounds=3 models, got 1$"
    ):
        decompose_network(lambda n, s: mlp([2, 1]), X_train, y_train, X_test, y_test, num_rounds=3)
    with pytest.raises(ValueError, match=r"^predictions must have shape \(num_rounds, \*y_test"):
        decompose_predictions([0, 1], [0, 1])
    X_train, y_train, X_test, y_test = regression

    def regressor(n_models, seed):
        return mlp([4, 1], loss="mse", n_models=n_models, seed=seed)

    with pytest.raises(
        ValueError, match="^loss must be 'mse' for a regression network, got '0-1_loss'$"
    ):
        decompose_network(
            regressor, X_train, y_train, X_test, y_test, loss="0-1_loss", num_rounds=2
        )
