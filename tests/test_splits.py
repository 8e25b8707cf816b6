"""Tests of reglab.data.splits: train / dev / test splits and the tutorial's size rule."""

import re

import numpy as np
import pytest

from reglab.data.datasets import make_moons
from reglab.data.splits import (
    BIG_DATA_LIMIT,
    SMALL_DATA_LIMIT,
    Split,
    recommend_split,
    train_dev_test_split,
)


def _ids(n: int, n_classes: int = 2):
    """X holds each example's index, so the parts can be checked for overlap."""
    return np.arange(n, dtype=float).reshape(-1, 1), np.arange(n) % n_classes


def test_default_split_sizes_and_partition():
    X, y = _ids(300)
    split = train_dev_test_split(X, y, random_state=0)
    assert repr(split) == "Split(train=180, dev=60, test=60)"
    together = np.concatenate([split.X_train, split.X_dev, split.X_test]).ravel()
    np.testing.assert_array_equal(np.sort(together), np.arange(300))
    for X_part, y_part in [(split.X_train, split.y_train), (split.X_test, split.y_test)]:
        np.testing.assert_array_equal(X_part.ravel().astype(int) % 2, y_part)


def test_split_is_stratified():
    data = make_moons(n_samples=300, random_state=1)
    split = train_dev_test_split(data.X, data.y, dev=0.2, test=0.2, random_state=3)
    for y_part in (split.y_train, split.y_dev, split.y_test):
        assert abs(np.mean(y_part) - 0.5) < 1e-12


def test_counts_zero_dev_and_reproducibility():
    X, y = _ids(100, n_classes=4)
    split = train_dev_test_split(X, y, dev=0, test=25, random_state=5)
    assert repr(split) == "Split(train=75, dev=0, test=25)"
    assert split.X_dev.shape == (0, 1) and split.y_dev.shape == (0,)
    again = train_dev_test_split(X, y, dev=0, test=25, random_state=5)
    np.testing.assert_array_equal(split.X_test, again.X_test)
    rng_split = train_dev_test_split(X, y, random_state=np.random.default_rng(5))
    assert isinstance(rng_split, Split)


def test_regression_targets_are_not_stratified():
    X = np.arange(50.0).reshape(25, 2)
    y = np.linspace(0.0, 1.0, 25)
    split = train_dev_test_split(X, y, dev=5, test=5, random_state=0)
    assert repr(split) == "Split(train=15, dev=5, test=5)"


def test_global_state_is_left_alone():
    before = np.random.get_state()[1].copy()  # noqa: NPY002
    train_dev_test_split(*_ids(50), random_state=None)
    np.testing.assert_array_equal(np.random.get_state()[1], before)  # noqa: NPY002


def test_size_errors():
    X, y = _ids(300)
    with pytest.raises(ValueError, match=re.escape("dev + test must be < 1, got 0.6 + 0.5")):
        train_dev_test_split(X, y, dev=0.6, test=0.5)
    with pytest.raises(ValueError, match=re.escape("dev=0.001 gives 0 examples of 300; use")):
        train_dev_test_split(X, y, dev=0.001)
    with pytest.raises(ValueError, match=re.escape("test must be in [0, 1), got 1.5")):
        train_dev_test_split(X, y, test=1.5)
    with pytest.raises(ValueError, match=r"dev must be >= 0, got -3"):
        train_dev_test_split(X, y, dev=-3)
    with pytest.raises(TypeError, match=r"dev must be a fraction in \[0, 1\) or a count, got True"):
        train_dev_test_split(X, y, dev=True)
    message = "dev + test must leave at least one training example, got 200 + 100 of 300"
    with pytest.raises(ValueError, match=re.escape(message)):
        train_dev_test_split(X, y, dev=200, test=100)


def test_data_errors():
    X, y = _ids(10)
    with pytest.raises(ValueError, match=r"same number of examples, got 10 and 9"):
        train_dev_test_split(X, y[:9])
    with pytest.raises(ValueError, match=re.escape("y must have 1 dimension, got shape (10, 1)")):
        train_dev_test_split(X, y.reshape(-1, 1))
    with pytest.raises(ValueError, match=r"X must contain only finite values, got 1 NaN"):
        train_dev_test_split(np.where(X == 3, np.nan, X), y)


def test_too_few_members_to_stratify():
    X = np.zeros((30, 2))
    y = np.array([0] * 14 + [1] * 14 + [2] * 2)
    with pytest.raises(ValueError, match=r"class 2 has 2 examples, too few to stratify over "):
        train_dev_test_split(X, y, random_state=0)
    split = train_dev_test_split(X, y, stratify=False, random_state=0)
    assert repr(split) == "Split(train=18, dev=6, test=6)"
    with pytest.raises(ValueError, match=r"test must hold at least one example of each of the 3"):
        train_dev_test_split(X, y, dev=0, test=2)


@pytest.mark.parametrize("n", [100, 1_000, 10_000])
def test_tutorial_small_data(n):
    with_dev, without = recommend_split(n), recommend_split(n, dev=False)
    assert (with_dev.train, with_dev.dev, with_dev.test) == (0.6, 0.2, 0.2)
    assert (with_dev.train_count, with_dev.dev_count, with_dev.test_count) == (
        0.6 * n,
        0.2 * n,
        0.2 * n,
    )
    assert (without.train, without.dev, without.test) == (0.7, 0.0, 0.3)
    assert with_dev.regime == without.regime == "small"


def test_tutorial_million():
    rec = recommend_split(1_000_000)
    assert (rec.regime, rec.train, rec.dev, rec.test) == ("big", 0.98, 0.01, 0.01)
    assert (rec.train_count, rec.dev_count, rec.test_count) == (980_000, 10_000, 10_000)
    assert str(rec).startswith("big data (n=1000000): 98 / 1 / 1 = 980000 train")


@pytest.mark.parametrize(
    "n, regime",
    [
        (SMALL_DATA_LIMIT - 1, "small"),
        (SMALL_DATA_LIMIT, "big"),
        (SMALL_DATA_LIMIT + 1, "big"),
        (BIG_DATA_LIMIT - 1, "big"),
        (BIG_DATA_LIMIT, "very big"),
        (10 * BIG_DATA_LIMIT, "very big"),
    ],
)
def test_regimes_at_their_limits(n, regime):
    assert recommend_split(n).regime == regime


def test_limits_and_no_dev_rules():
    assert (SMALL_DATA_LIMIT, BIG_DATA_LIMIT) == (100_000, 2_000_000)
    big, very_big = recommend_split(500_000, dev=False), recommend_split(5_000_000, dev=False)
    assert (big.train, big.dev, big.test, big.dev_count) == (0.99, 0.0, 0.01, 0)
    assert (very_big.train, very_big.dev, very_big.test) == (0.9975, 0.0, 0.0025)
    assert recommend_split(5_000_000).test_count == 12_500
    assert "keeps its 1%" in big.reason


@pytest.mark.parametrize("dev", [True, False])
def test_counts_sum_to_n(dev):
    for n in [*range(3, 60), 99_999, 100_001, 1_234_567, 1_999_999, 2_000_001]:
        rec = recommend_split(n, dev=dev)
        assert rec.train_count + rec.dev_count + rec.test_count == n
        assert rec.train_count >= 1 and rec.test_count >= 1
        assert (rec.dev_count >= 1) == dev


def test_recommendation_errors_and_use():
    with pytest.raises(ValueError, match=r"n must be >= 2, got 1"):
        recommend_split(1)
    with pytest.raises(ValueError, match=r"n must be >= 3 to hold train, dev and test examples"):
        recommend_split(2)
    with pytest.raises(TypeError, match=r"n must be an integer, got 10.0"):
        recommend_split(10.0)
    assert (
        recommend_split(2, dev=False).train_count,
        recommend_split(2, dev=False).test_count,
    ) == (
        1,
        1,
    )
    rec = recommend_split(300)
    split = train_dev_test_split(*_ids(300), **rec.as_kwargs(), random_state=0)
    assert repr(split) == "Split(train=180, dev=60, test=60)"


def test_split_for_training_follows_the_rule_stratifies_and_standardizes():
    from reglab.data.datasets import load_breast_cancer
    from reglab.data.splits import StratifyError, split_for_training

    data = load_breast_cancer()
    rule, split, standardizer = split_for_training(data, random_state=0)
    assert (len(split.y_train), len(split.y_dev), len(split.y_test)) == (341, 114, 114)
    assert str(rule).startswith("small data (n=569): 60 / 20 / 20")
    np.testing.assert_allclose(split.X_train.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(standardizer.transform(data.X[:1]).shape, (1, 30))
    assert abs(split.y_dev.mean() - data.y.mean()) < 0.01  # stratified: the same share
    _, raw, none = split_for_training(data, dev=100, test=0.1, standardize=False)
    assert none is None and (len(raw.y_dev), len(raw.y_test)) == (100, 57)
    assert raw.X_train.max() > 1000
    y = np.where(np.arange(len(data.y)) < 2, 2, data.y)  # a class of two examples
    tiny = type(data)(data.X, y, "tiny", "multiclass", data.feature_names, ("0", "1", "2"))
    with pytest.raises(StratifyError, match="class 2 has 2 examples"):
        split_for_training(tiny)
    assert split_for_training(tiny, stratify=False)[1].y_train.size == 341


def test_split_for_training_keeps_n_train_of_the_training_rows():
    from reglab.data.datasets import load_iris
    from reglab.data.splits import split_for_training

    data = load_iris()
    _, full, _ = split_for_training(data, standardize=False, random_state=0)
    _, fewer, standardizer = split_for_training(data, random_state=0, n_train=30)
    assert len(fewer.y_train) == 30 and np.bincount(fewer.y_train).tolist() == [10, 10, 10]
    np.testing.assert_array_equal(fewer.y_dev, full.y_dev)  # dev and test unchanged
    np.testing.assert_array_equal(fewer.y_test, full.y_test)
    # the kept rows are rows of the full training set, standardized by their own statistics
    kept = fewer.X_train * standardizer.scale + standardizer.mean
    assert all(np.isclose(full.X_train, row).all(axis=1).any() for row in kept)
    np.testing.assert_allclose(fewer.X_train.mean(axis=0), 0, atol=1e-12)
    _, same, _ = split_for_training(data, standardize=False, n_train=len(full.y_train))
    np.testing.assert_array_equal(same.X_train, full.X_train)


@pytest.mark.parametrize(
    "n_train, message",
    [
        (91, "n_train must be at most the split's 90 training rows, got 91"),
        (0, "n_train must be"),
        (2, "n_train 2 cannot keep every class in the training rows"),
    ],
)
def test_n_train_is_checked(n_train, message):
    from reglab.data.datasets import load_iris
    from reglab.data.splits import split_for_training

    with pytest.raises(ValueError, match=re.escape(message)):
        split_for_training(load_iris(), n_train=n_train)
