"""Tests of reglab.diagnose.curves: each point of a stacked curve is the model trained alone."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import make_moons

from reglab import L2, EarlyStopping, mlp
from reglab.diagnose import Curve, learning_curve, validation_curve
from reglab.train import fit

FIT = {"epochs": 20, "batch_size": 32}


@pytest.fixture(scope="module")
def moons():
    X, y = make_moons(150, noise=0.3, random_state=0)
    return X[:100], y[:100], X[100:], y[100:]


def build_l2(n_models, seed, lam=0.0):
    return mlp([2, 16, 1], regularizers=L2(lam), n_models=n_models, seed=seed)


def dev_error_alone(moons, lam, seed, **fit_kwargs):
    X_train, y_train, X_dev, y_dev = moons
    network = build_l2(1, seed, lam)
    fit(network, X_train, y_train, **fit_kwargs)
    return np.mean(network.predict(X_dev)[0] != y_dev)


def test_validation_curve_over_lam(moons):
    values, seeds = [0.0, 3.0, 300.0], [4, 7]
    curve = validation_curve(build_l2, *moons, "lam", values, seeds, fit_kwargs=FIT)
    assert (curve.param, curve.values.tolist(), curve.seeds.tolist()) == ("lam", values, seeds)
    assert curve.train_error.shape == curve.dev_error.shape == (3, 2)
    # model (i, j) of the stack is the model with values[i] and seeds[j] trained alone
    assert curve.dev_error[1, 1] == dev_error_alone(moons, 3.0, 7, **FIT)
    assert curve.dev_error[2, 0] == dev_error_alone(moons, 300.0, 4, **FIT)
    # a huge penalty underfits: high bias
    assert curve.train_mean[2] > curve.train_mean[0]


def test_validation_curve_over_keep_prob(moons):
    def build(n_models, seed, keep_prob=1.0):  # mlp reads a sequence per hidden layer
        return mlp([2, 16, 16, 1], keep_prob=[keep_prob] * 2, n_models=n_models, seed=seed)

    curve = validation_curve(
        build, *moons, "keep_prob", [1.0, 0.5], seeds=[0, 1, 2], fit_kwargs=FIT
    )
    assert curve.dev_error.shape == (2, 3)
    X_train, y_train, X_dev, y_dev = moons
    alone = mlp([2, 16, 16, 1], keep_prob=0.5, seed=1)
    fit(alone, X_train, y_train, **FIT)
    assert curve.train_error[1, 1] == np.mean(alone.predict(X_train)[0] != y_train)


def test_validation_curve_over_epochs_reads_the_history(moons):
    curve = validation_curve(build_l2, *moons, "epochs", [1, 5, 20], seeds=[0, 1])
    assert curve.values.tolist() == [1, 5, 20]
    assert curve.dev_error[1, 1] == pytest.approx(dev_error_alone(moons, 0.0, 1, epochs=5))
    assert curve.dev_error[2, 0] == pytest.approx(dev_error_alone(moons, 0.0, 0, epochs=20))
    assert curve.train_mean[2] < curve.train_mean[0]  # training longer fits better


def test_learning_curve_trains_each_seed_on_its_own_nested_subset(moons):
    X_train, y_train, X_dev, y_dev = moons
    curve = learning_curve(build_l2, *moons, sizes=[5, 30, 100], seeds=[2, 9], fit_kwargs=FIT)
    assert curve.param == "size"
    assert curve.train_error.shape == (3, 2)
    rows = np.random.default_rng(9).permutation(100)[:30]
    alone = build_l2(1, 9)
    fit(alone, X_train[rows], y_train[rows], **FIT)
    assert curve.train_error[1, 1] == np.mean(alone.predict(X_train[rows])[0] != y_train[rows])
    assert curve.dev_error[1, 1] == np.mean(alone.predict(X_dev)[0] != y_dev)
    # with all the data the subsets are the whole set, in another order
    assert curve.dev_mean[2] < curve.dev_mean[0]


def test_a_learning_curve_over_pools_gives_each_seed_its_own_training_set(moons):
    X_train, y_train, X_dev, y_dev = moons
    pools = np.array([np.arange(0, 50), np.arange(50, 100)])
    curve = learning_curve(
        build_l2, *moons, sizes=[10, 50], seeds=[2, 9], fit_kwargs=FIT, pools=pools
    )
    rows = pools[1][np.random.default_rng(9).permutation(50)[:10]]
    alone = build_l2(1, 9)
    fit(alone, X_train[rows], y_train[rows], **FIT)
    assert curve.dev_error[0, 1] == np.mean(alone.predict(X_dev)[0] != y_dev)
    with pytest.raises(ValueError, match=r"sizes must be .* <= n_train=50, got \[10, 60\]"):
        learning_curve(build_l2, *moons, sizes=[10, 60], seeds=[2, 9], pools=pools)
    with pytest.raises(ValueError, match=r"pools must be an integer array of shape \(2, n_rows\)"):
        learning_curve(build_l2, *moons, sizes=[10], seeds=[2, 9], pools=pools[:1])
    with pytest.raises(ValueError, match="pools must index the 100 training examples"):
        learning_curve(build_l2, *moons, sizes=[10], seeds=[2, 9], pools=pools + 60)


def test_regression_error_is_the_mean_squared_error():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(80, 3))
    y = X @ np.array([1.0, -1.0, 0.5])

    def build(n_models, seed, lam=0.0):
        return mlp([3, 8, 1], loss="mse", regularizers=L2(lam), n_models=n_models, seed=seed)

    curve = validation_curve(build, X[:60], y[:60], X[60:], y[60:], "lam", [0.0], [5], FIT)
    alone = build(1, 5)
    fit(alone, X[:60], y[:60], **FIT)
    assert curve.dev_error[0, 0] == pytest.approx(np.mean((alone.predict(X[60:])[0] - y[60:]) ** 2))
    epochs = validation_curve(
        build, X[:60], y[:60], X[60:], y[60:], "epochs", [20], [5], {"batch_size": 32}
    )
    assert epochs.dev_error[0, 0] == pytest.approx(curve.dev_error[0, 0])


def test_curve_summaries_and_table():
    curve = Curve(
        "lam",
        np.array([0.0, 1.0]),
        np.array([0, 1]),
        train_error=np.array([[0.1, 0.3], [0.2, 0.2]]),
        dev_error=np.array([[0.5, 0.7], [0.3, 0.3]]),
    )
    assert_allclose(curve.train_mean, [0.2, 0.2])
    assert_allclose(curve.train_std, [0.1, 0.0])
    assert_allclose(curve.dev_mean, [0.6, 0.3])
    assert_allclose(curve.dev_std, [0.1, 0.0])
    lines = str(curve).splitlines()
    assert lines[0].split() == ["lam", "train", "error", "dev", "error"]
    assert lines[1].split() == ["0", "0.2000", "±", "0.1000", "0.6000", "±", "0.1000"]
    assert repr(curve) == "Curve(param='lam', values=[0.0, 1.0], seeds=[0, 1])"
    assert_array_equal(curve.seeds, [0, 1])


def test_diverged_models_are_left_out_of_the_means():
    curve = Curve(
        "lam",
        np.array([0.0, 1.0]),
        np.array([0, 1]),
        train_error=np.array([[0.1, 0.5], [0.5, 0.5]]),
        dev_error=np.array([[0.2, 0.5], [0.5, 0.4]]),
        diverged=np.array([[False, True], [True, True]]),
    )
    assert_allclose(curve.train_mean, [0.1, 0.5])  # every seed of lam = 1 diverged: all kept
    assert_allclose(curve.dev_mean, [0.2, 0.45])
    assert_allclose(curve.dev_std, [0.0, 0.05])


def test_a_validation_curve_records_which_models_diverged(moons):
    from reglab.optim import SGD
    from reglab.train import DivergenceWarning

    fit_kwargs = {**FIT, "optimizer": SGD([0.1, 1e6, 0.1, 0.1])}
    with pytest.warns(DivergenceWarning, match="1 of 4 models diverged"):
        curve = validation_curve(build_l2, *moons, "lam", [0.0, 3.0], [4, 7], fit_kwargs=fit_kwargs)
    assert curve.diverged.tolist() == [[False, True], [False, False]]
    assert curve.dev_mean[0] == curve.dev_error[0, 0]


def test_errors(moons):
    def one_model(n_models, seed, lam=0.0):
        return mlp([2, 1])

    with pytest.raises(
        ValueError, match=r"^sizes must be a non-empty list of sizes <= n_train=100"
    ):
        learning_curve(build_l2, *moons, sizes=[10, 101])
    with pytest.raises(ValueError, match=r"^seeds must hold at least one seed, got \[\]$"):
        learning_curve(build_l2, *moons, sizes=[10], seeds=[])
    with pytest.raises(ValueError, match="^seeds must be >= 0, got -1$"):
        validation_curve(build_l2, *moons, "lam", [0.0], seeds=[-1])
    with pytest.raises(ValueError, match="^fit_kwargs must not set 'rows'"):
        learning_curve(build_l2, *moons, sizes=[10], fit_kwargs={"rows": None})
    with pytest.raises(ValueError, match="^fit_kwargs must not set 'epochs'"):
        validation_curve(build_l2, *moons, "epochs", [1, 2], fit_kwargs={"epochs": 3})
    with pytest.raises(TypeError, match="^values must be an integer, got 1.5$"):
        validation_curve(build_l2, *moons, "epochs", [1.5])
    with pytest.raises(ValueError, match=r"^values must be a non-empty 1-D sequence, got \[\]$"):
        validation_curve(build_l2, *moons, "lam", [])
    with pytest.raises(TypeError, match="^param must be a string, got 3$"):
        validation_curve(build_l2, *moons, 3, [0.0])
    with pytest.raises(ValueError, match="^build must return a Network of 2 models, got 1$"):
        validation_curve(one_model, *moons, "lam", [0.0, 1.0])
    stop_at_once = EarlyStopping(min_delta=10.0, patience=0)
    with pytest.raises(ValueError, match=r"^values must be <= the epochs trained \(2"):
        validation_curve(build_l2, *moons, "epochs", [5], fit_kwargs={"callbacks": [stop_at_once]})
