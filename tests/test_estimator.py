"""Tests of reglab.estimator: scikit-learn's conventions, the wiring to the engine, messages."""

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone
from sklearn.datasets import make_blobs, make_moons
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from reglab import L1, L2, ElasticNet, mlp
from reglab.diagnose.scaling import FeatureScaleWarning
from reglab.estimator import RegLabClassifier, RegLabRegressor
from reglab.optim import Adam
from reglab.train import DivergenceWarning, fit


@pytest.fixture(scope="module")
def moons():
    return make_moons(120, noise=0.2, random_state=0)


# Defaults, and a second configuration that switches on every regularizer and early
# stopping (with fewer epochs and a larger step, so that the checks stay fast).
@parametrize_with_checks(
    [
        RegLabClassifier(),
        RegLabRegressor(),
        RegLabClassifier(
            hidden_layer_sizes=(16,),
            learning_rate=0.01,
            epochs=60,
            l1=0.001,
            l2=0.01,
            keep_prob=0.8,
            early_stopping=True,
        ),
        RegLabRegressor(
            activation="tanh",
            optimizer="momentum",
            learning_rate=0.01,
            epochs=60,
            l2=0.01,
            keep_prob=0.9,
            early_stopping=True,
        ),
    ]
)
def test_scikit_learn_estimator_checks(estimator, check):
    check(estimator)


def test_the_estimator_trains_the_network_mlp_and_fit_train(moons):
    X, y = moons
    clf = RegLabClassifier(
        hidden_layer_sizes=(8,), l2=0.1, keep_prob=0.9, epochs=15, batch_size=32, random_state=5
    ).fit(X, y)
    network = mlp([2, 8, 1], keep_prob=0.9, regularizers=L2(0.1), seed=5)
    fit(network, X, y, optimizer=Adam(0.001), epochs=15, batch_size=32)
    assert_array_equal(clf.network_.theta, network.theta)
    assert_array_equal(clf.predict_proba(X)[:, 1], network.output(X)[0, :, 0])
    assert clf.history_["cost"].shape == (15, 1)
    assert clf.n_iter_ == 15


@pytest.mark.parametrize(
    "l1, l2, kind", [(0.0, 0.0, None), (0.1, 0.0, L1), (0.0, 0.1, L2), (0.1, 0.2, ElasticNet)]
)
def test_l1_and_l2_choose_the_regularizer(moons, l1, l2, kind):
    X, y = moons
    clf = RegLabClassifier(hidden_layer_sizes=(4,), l1=l1, l2=l2, epochs=1, random_state=0)
    regularizers = clf.fit(X, y).network_.regularizers
    assert [type(r) for r in regularizers] == ([] if kind is None else [kind])
    if kind is ElasticNet:
        assert regularizers[0].get_config() == {"l1": 0.1, "l2": 0.2, "proximal": True}


def test_binary_labels_of_any_kind(moons):
    X, y = moons
    labels = np.array(["no", "yes"])[y]
    clf = RegLabClassifier(hidden_layer_sizes=(16,), learning_rate=0.01, epochs=60, random_state=0)
    clf.fit(X, labels)
    assert_array_equal(clf.classes_, ["no", "yes"])
    assert clf.network_.loss.name == "binary_crossentropy"
    assert clf.network_.output_shape == (1,)
    proba = clf.predict_proba(X)
    assert proba.shape == (120, 2)
    assert_allclose(proba.sum(axis=1), 1.0)
    assert_array_equal(clf.predict(X), clf.classes_[proba.argmax(axis=1)])
    assert_allclose(clf.predict_log_proba(X), np.log(proba))
    assert clf.score(X, labels) > 0.85


def test_multiclass_uses_softmax():
    X, y = make_blobs(150, centers=3, random_state=0)
    clf = RegLabClassifier(hidden_layer_sizes=(16,), learning_rate=0.01, epochs=30, random_state=0)
    clf.fit(X, y + 10)
    assert_array_equal(clf.classes_, [10, 11, 12])
    assert clf.network_.loss.name == "softmax_crossentropy"
    assert clf.predict_proba(X).shape == (150, 3)
    assert set(clf.predict(X)) <= {10, 11, 12}
    assert clf.score(X, y + 10) > 0.9


def test_no_hidden_layer_is_logistic_regression(moons):
    X, y = moons
    clf = RegLabClassifier(hidden_layer_sizes=(), epochs=5, random_state=0).fit(X, y)
    assert [type(layer).__name__ for layer in clf.network_.layers] == ["Dense"]


def test_regressor_single_and_multi_output():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 3))
    y = X @ np.array([1.0, -2.0, 0.5]) + 0.1 * rng.normal(size=200)
    reg = RegLabRegressor(hidden_layer_sizes=(16,), epochs=100, learning_rate=0.01, random_state=0)
    assert reg.fit(X, y).score(X, y) > 0.95
    assert reg.predict(X).shape == (200,)
    assert reg.n_outputs_ == 1
    Y = np.column_stack([y, -y])
    reg.fit(X, Y)
    assert reg.n_outputs_ == 2
    assert reg.predict(X).shape == (200, 2)
    assert reg.network_.loss.name == "mse"


def test_early_stopping_stops_and_keeps_the_dev_loss(moons):
    X, y = moons
    clf = RegLabClassifier(
        hidden_layer_sizes=(32,),
        learning_rate=0.05,
        epochs=500,
        early_stopping=True,
        validation_fraction=0.25,
        patience=3,
        random_state=0,
    ).fit(X, y)
    assert clf.n_iter_ < 500
    assert clf.history_["dev_loss"].shape == (clf.n_iter_, 1)
    assert clf.history_["train_loss"].shape == (clf.n_iter_, 1)


def test_fit_is_reproducible_and_random_state_none_is_not(moons):
    X, y = moons
    first = RegLabClassifier(epochs=3, random_state=1).fit(X, y).predict_proba(X)
    again = RegLabClassifier(epochs=3, random_state=1).fit(X, y).predict_proba(X)
    assert_array_equal(first, again)
    other = RegLabClassifier(epochs=3, random_state=2).fit(X, y).predict_proba(X)
    assert not np.array_equal(first, other)
    a = RegLabClassifier(epochs=3).fit(X, y).predict_proba(X)
    b = RegLabClassifier(epochs=3).fit(X, y).predict_proba(X)
    assert not np.array_equal(a, b)
    generator = RegLabClassifier(epochs=3, random_state=np.random.RandomState(0))
    assert generator.fit(X, y).predict_proba(X).shape == (120, 2)


def test_clone_get_params_and_set_params(moons):
    X, y = moons
    clf = RegLabClassifier(hidden_layer_sizes=(4,), l2=0.5, epochs=2, random_state=0).fit(X, y)
    copy = clone(clf)
    assert copy.get_params() == clf.get_params()
    assert not hasattr(copy, "network_")
    assert copy.set_params(l2=0.0, keep_prob=0.5) is copy
    assert (copy.l2, copy.keep_prob, clf.l2) == (0.0, 0.5, 0.5)
    assert sorted(clf.get_params()) == [
        "activation",
        "batch_size",
        "dtype",
        "early_stopping",
        "epochs",
        "hidden_layer_sizes",
        "keep_prob",
        "l1",
        "l2",
        "learning_rate",
        "optimizer",
        "patience",
        "random_state",
        "validation_fraction",
    ]


def test_pipeline(moons):
    X, y = moons
    pipe = make_pipeline(
        StandardScaler(),
        RegLabClassifier(hidden_layer_sizes=(16,), learning_rate=0.01, epochs=60, random_state=0),
    )
    assert pipe.fit(X, y).score(X, y) > 0.85
    assert pipe.predict_proba(X[:5]).shape == (5, 2)


def test_grid_search_over_the_regularizers(moons):
    X, y = moons
    search = GridSearchCV(
        RegLabClassifier(hidden_layer_sizes=(16,), epochs=30, random_state=0),
        {"l2": [0.0, 1.0], "keep_prob": [1.0, 0.8]},
        cv=3,
    ).fit(X, y)
    assert len(search.cv_results_["params"]) == 4
    assert search.best_params_["l2"] in (0.0, 1.0)
    best = search.best_estimator_
    assert (best.l2, best.keep_prob) == (
        search.best_params_["l2"],
        search.best_params_["keep_prob"],
    )
    assert best.n_features_in_ == 2


def test_cross_val_score_is_deterministic(moons):
    X, y = moons
    clf = RegLabClassifier(hidden_layer_sizes=(16,), learning_rate=0.01, epochs=60, random_state=0)
    scores = cross_val_score(clf, X, y, cv=3)
    assert scores.shape == (3,)
    assert np.all(scores > 0.7)
    assert_array_equal(scores, cross_val_score(clf, X, y, cv=3))


@pytest.mark.parametrize(
    "params, error, message",
    [
        ({"keep_prob": 1.5}, ValueError, "keep_prob must be in (0, 1], got 1.5"),
        ({"keep_prob": 0}, ValueError, "keep_prob must be in (0, 1], got 0"),
        ({"epochs": 0}, ValueError, "epochs must be >= 1, got 0"),
        ({"epochs": 2.0}, TypeError, "epochs must be an integer, got 2.0"),
        ({"batch_size": 0}, ValueError, "batch_size must be >= 1, got 0"),
        ({"learning_rate": 0}, ValueError, "learning_rate must be > 0, got 0.0"),
        ({"learning_rate": "fast"}, TypeError, "learning_rate must be a number, got 'fast'"),
        ({"l2": -1}, ValueError, "l2 must be >= 0, got -1.0"),
        ({"l1": -0.5}, ValueError, "l1 must be >= 0, got -0.5"),
        ({"hidden_layer_sizes": (8, 0)}, ValueError, "hidden_layer_sizes must be >= 1, got 0"),
        (
            {"hidden_layer_sizes": 5},
            TypeError,
            "hidden_layer_sizes must be a sequence of integers, got 5",
        ),
        (
            {"activation": "softmax"},
            ValueError,
            "activation must be one of 'relu', 'leaky_relu', 'tanh', 'sigmoid', 'linear', "
            "got 'softmax'",
        ),
        ({"optimizer": "adagrad"}, ValueError, "optimizer must be one of 'gd', 'sgd'"),
        ({"validation_fraction": 1.0}, ValueError, "validation_fraction must be in (0, 1), got 1"),
        ({"patience": -1}, ValueError, "patience must be >= 0, got -1"),
        ({"early_stopping": "yes"}, TypeError, "early_stopping must be True or False, got 'yes'"),
        ({"random_state": -1}, ValueError, "random_state must be >= 0, got -1"),
        ({"random_state": "x"}, TypeError, "random_state must be None, an integer or a NumPy"),
    ],
)
def test_parameters_are_checked_at_fit_with_clear_messages(moons, params, error, message):
    X, y = moons
    clf = RegLabClassifier(epochs=1)
    clf.set_params(**params)  # scikit-learn: no check before fit
    with pytest.raises(error) as info:
        clf.fit(X, y)
    assert str(info.value).startswith(message)
    with pytest.raises(error, match="^" + message.split(" ")[0]):
        RegLabRegressor(**{"epochs": 1, **params}).fit(X, y.astype(float))


def test_data_errors(moons):
    X, y = moons
    with pytest.raises(ValueError, match=r"^y must hold at least 2 classes, got 1 class: 'a'$"):
        RegLabClassifier().fit(X, ["a"] * len(X))
    with pytest.raises(NotFittedError):
        RegLabClassifier().predict(X)
    clf = RegLabClassifier(epochs=1).fit(X, y)
    with pytest.raises(ValueError, match="X has 3 features, but RegLabClassifier is expecting 2"):
        clf.predict(np.zeros((4, 3)))
    with pytest.raises(ValueError, match="Unknown label type"):
        RegLabClassifier().fit(X, np.linspace(0, 1, len(X)))


def test_a_diverging_estimator_warns_and_says_so(moons):
    X, y = moons
    with pytest.warns(DivergenceWarning, match=r"RegLabClassifier diverged .*lower learning_rate"):
        clf = RegLabClassifier(learning_rate=1e6, epochs=20, random_state=0).fit(X, y)
    assert clf.diverged_
    assert not RegLabClassifier(epochs=5, random_state=0).fit(X, y).diverged_
    with pytest.warns(DivergenceWarning, match="RegLabRegressor diverged"):
        RegLabRegressor(optimizer="sgd", learning_rate=10.0, epochs=20, random_state=0).fit(
            X, y * 100.0
        )


def test_unscaled_features_warn_and_a_scaler_in_a_pipeline_silences_it():
    from sklearn.datasets import load_breast_cancer

    X, y = load_breast_cancer(return_X_y=True)
    model = RegLabClassifier(epochs=5, random_state=0)
    with pytest.warns(FeatureScaleWarning, match=r"not on one scale .*a ratio of 1.43e\+05"):
        model.fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        make_pipeline(StandardScaler(), model).fit(X, y)


def test_a_scaler_in_a_pipeline_silences_the_warning_however_many_rows():
    # standardized, a value seen once among n rows lies sqrt(n) standard deviations out:
    # 141 for 20,000 rows, beside 1 for a balanced 0/1 column; still one scale
    rng = np.random.default_rng(0)
    n = 20_000
    X = np.column_stack([rng.normal(size=n), rng.integers(0, 2, n), np.zeros(n)])
    X[0, 2] = 1000.0
    y = (X[:, 0] > 0).astype(int)
    model = RegLabClassifier(hidden_layer_sizes=(), epochs=1, random_state=0)
    with pytest.warns(FeatureScaleWarning, match="not on one scale"):
        model.fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        make_pipeline(StandardScaler(), model).fit(X, y)


@pytest.mark.parametrize(
    ("dtype", "limit"), [("float64", r"1.34e\+154"), ("float32", r"1.84e\+19")]
)
@pytest.mark.parametrize("estimator", [RegLabClassifier, RegLabRegressor])
def test_features_whose_squares_overflow_the_dtype_are_refused(moons, dtype, limit, estimator):
    # checked before the cast: in float32, 1e200 would be inf, and 1e30's square overflows
    X, y = moons
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow in the cast, no scale warning first
        for scale in (1e30, 1e200) if dtype == "float32" else (1e200,):
            with pytest.raises(
                ValueError,
                match=rf"X must hold values below {limit} in size, whose squares {dtype}",
            ):
                estimator(epochs=2, dtype=dtype).fit(X * scale, y)
