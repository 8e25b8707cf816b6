"""Standardization: scikit-learn's StandardScaler, fitted on the training rows, kept in a file."""

import numpy as np
import pytest
from sklearn.preprocessing import StandardScaler

from reglab.data.datasets import load_breast_cancer
from reglab.data.splits import train_dev_test_split
from reglab.data.standardize import Standardizer, standardize_split


def test_it_equals_scikit_learns_scaler():
    X = load_breast_cancer().X
    ours, theirs = Standardizer.fit(X[:300]), StandardScaler().fit(X[:300])
    np.testing.assert_allclose(ours.mean, theirs.mean_, rtol=1e-15)
    np.testing.assert_allclose(ours.scale, theirs.scale_, rtol=1e-15)
    np.testing.assert_allclose(ours.transform(X[300:]), theirs.transform(X[300:]), rtol=1e-12)


def test_constant_features_become_zero_not_nan():
    X = np.column_stack([np.full(50, 0.1), np.arange(50.0), np.zeros(50)])
    ours, theirs = Standardizer.fit(X), StandardScaler().fit(X)
    np.testing.assert_array_equal(ours.scale[[0, 2]], [1.0, 1.0])
    np.testing.assert_array_equal(ours.scale, theirs.scale_)
    Z = ours.transform(X)
    assert np.all(np.isfinite(Z)) and np.allclose(Z[:, [0, 2]], 0)
    np.testing.assert_allclose([Z[:, 1].mean(), Z[:, 1].std()], [0, 1], atol=1e-12)


def test_config_round_trip_is_exact():
    X = np.random.default_rng(0).normal(3.0, 7.0, size=(40, 4))
    standardizer = Standardizer.fit(X)
    copy = Standardizer.from_config(standardizer.get_config())
    np.testing.assert_array_equal(copy.transform(X), standardizer.transform(X))
    assert repr(copy) == "Standardizer(n_features=4)"


def test_bad_input_is_named():
    standardizer = Standardizer.fit(np.eye(3))
    with pytest.raises(ValueError, match=r"X must have 3 features, as the data standardized"):
        standardizer.transform(np.ones((2, 4)))
    with pytest.raises(ValueError, match=r"scale must be > 0, got 0"):
        Standardizer(np.zeros(2), np.array([1.0, 0.0]))
    with pytest.raises(ValueError, match=r"X must contain only finite values"):
        Standardizer.fit(np.array([[1.0], [np.nan]]))


def test_a_split_is_standardized_by_its_training_rows_only():
    data = load_breast_cancer()
    split = train_dev_test_split(data.X, data.y, dev=0.2, test=0.2, random_state=0)
    scaled, standardizer = standardize_split(split)
    theirs = StandardScaler().fit(split.X_train)
    for part in ("X_train", "X_dev", "X_test"):
        expected = theirs.transform(getattr(split, part))
        np.testing.assert_allclose(getattr(scaled, part), expected, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(scaled.y_dev, split.y_dev)
    np.testing.assert_allclose(standardizer.mean, theirs.mean_, rtol=1e-15)
