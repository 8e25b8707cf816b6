"""Tests of reglab.data.datasets: generators, bundled data, file loaders, registry."""

import re

import numpy as np
import pytest
import sklearn.datasets
from sklearn.neighbors import KNeighborsClassifier

from reglab.data.datasets import (
    DATASETS,
    SYMMETRIES,
    Dataset,
    load_csv,
    load_dataset,
    load_npz,
    make_circle,
    make_gaussians,
    make_moons,
    make_spiral,
    make_xor,
    tutorial_moons,
)


def _global_state() -> np.ndarray:
    """The key and position of NumPy's global RandomState, to check that nothing moved it."""
    _, key, position, *_ = np.random.get_state()  # noqa: NPY002
    return np.append(key, position)


GENERATORS = [make_moons, make_circle, make_xor, make_gaussians, make_spiral]
FINITE_MAPS = {
    "reflect_x": np.diag([-1.0, 1.0]),
    "reflect_y": np.diag([1.0, -1.0]),
    "reflect_diagonal": np.array([[0.0, 1.0], [1.0, 0.0]]),
    "reflect_antidiagonal": np.array([[0.0, -1.0], [-1.0, 0.0]]),
    "rotate_90": np.array([[0.0, -1.0], [1.0, 0.0]]),
    "rotate_180": -np.eye(2),
    "rotate": np.array([[np.cos(1.0), -np.sin(1.0)], [np.sin(1.0), np.cos(1.0)]]),
}


@pytest.mark.parametrize("make", GENERATORS)
def test_generator_shapes_and_balance(make):
    data = make(n_samples=301, random_state=0)
    assert data.X.shape == (301, 2) and data.X.dtype == np.float64
    assert data.y.shape == (301,) and data.y.dtype == np.int64
    assert data.task == "binary" and data.target_names == ("0", "1")
    assert sorted(np.bincount(data.y)) == [150, 151]


@pytest.mark.parametrize("make", GENERATORS)
def test_generator_seeding(make):
    first, again = make(random_state=7), make(random_state=7)
    other = make(random_state=8)
    np.testing.assert_array_equal(first.X, again.X)
    assert not np.allclose(first.X, other.X)
    from_generator = make(random_state=np.random.default_rng(7))
    assert from_generator.X.shape == first.X.shape


@pytest.mark.parametrize("make", GENERATORS)
def test_generator_leaves_global_state_alone(make):
    before = _global_state()
    make(random_state=None)
    np.testing.assert_array_equal(_global_state(), before)


@pytest.mark.parametrize("make", GENERATORS)
def test_generator_argument_errors(make):
    with pytest.raises(ValueError, match=r"n_samples must be >= 2, got 1"):
        make(n_samples=1)
    with pytest.raises(TypeError, match=r"n_samples must be an integer, got 2.5"):
        make(n_samples=2.5)
    with pytest.raises(ValueError, match=r"noise must be >= 0, got -0.1"):
        make(noise=-0.1)
    with pytest.raises(TypeError, match=r"random_state must be an integer, got 'seed'"):
        make(random_state="seed")


def _agreement(data: Dataset, matrix: np.ndarray) -> float:
    """How often a k-NN fit on the data labels the mapped points as the originals."""
    model = KNeighborsClassifier(n_neighbors=5).fit(data.X, data.y)
    return float(np.mean(model.predict(data.X @ matrix.T) == data.y))


@pytest.mark.parametrize(
    "make, noise", [(make_circle, 0.0), (make_xor, 0.0), (make_gaussians, 0.3)]
)
def test_declared_symmetries_keep_the_labels(make, noise):
    data = make(n_samples=2000, noise=noise, random_state=0)
    assert data.symmetries
    for name in data.symmetries:
        assert _agreement(data, FINITE_MAPS[name]) > 0.97, name


@pytest.mark.parametrize(
    "make, name",
    [
        (make_xor, "reflect_x"),
        (make_xor, "reflect_y"),
        (make_xor, "rotate_90"),
        (make_gaussians, "rotate_180"),
        (make_spiral, "rotate_180"),
    ],
)
def test_undeclared_symmetries_swap_the_labels(make, name):
    data = make(n_samples=2000, noise=0.0 if make is not make_gaussians else 0.3, random_state=0)
    assert name not in data.symmetries
    assert _agreement(data, FINITE_MAPS[name]) < 0.1


def test_moons_declare_no_symmetry():
    assert make_moons(random_state=0).symmetries == ()
    assert make_spiral(random_state=0).symmetries == ()


def test_make_moons_wraps_sklearn():
    X, y = sklearn.datasets.make_moons(n_samples=100, noise=0.3, random_state=5)
    data = make_moons(n_samples=100, noise=0.3, random_state=5)
    np.testing.assert_array_equal(data.X, X)
    np.testing.assert_array_equal(data.y, y)


def test_tutorial_moons_equal_the_global_seed_version():
    before = _global_state()
    data = tutorial_moons()
    np.testing.assert_array_equal(_global_state(), before)
    saved = np.random.get_state()  # noqa: NPY002
    try:
        np.random.seed(3)  # noqa: NPY002  (the tutorial's own recipe, on purpose)
        X, y = sklearn.datasets.make_moons(n_samples=300, noise=0.2)
    finally:
        np.random.set_state(saved)  # noqa: NPY002
    assert data.X.shape == (300, 2)
    np.testing.assert_array_equal(data.X, X)
    np.testing.assert_array_equal(data.y, y)


@pytest.mark.parametrize(
    "name, shape, task, n_classes",
    [
        ("digits", (1797, 64), "multiclass", 10),
        ("breast_cancer", (569, 30), "binary", 2),
        ("wine", (178, 13), "multiclass", 3),
        ("iris", (150, 4), "multiclass", 3),
    ],
)
def test_bundled_data_sets(name, shape, task, n_classes):
    data = load_dataset(name)
    assert data.X.shape == shape and data.task == task and data.n_classes == n_classes
    assert len(data.feature_names) == shape[1] and data.name == name
    assert set(np.unique(data.y)) == set(range(n_classes))


def test_registry_and_unknown_name():
    assert set(DATASETS) == {
        "moons", "circle", "xor", "gaussians", "spiral",
        "digits", "breast_cancer", "wine", "iris",
    }  # fmt: skip
    assert load_dataset("spiral", n_samples=50, random_state=1).n_samples == 50
    with pytest.raises(ValueError, match=r"name must be one of 'moons', .*'iris', got 'mnist'"):
        load_dataset("mnist")


def test_dataset_checks_and_repr():
    X, y = np.zeros((4, 2)), np.array([0, 1, 0, 1])
    data = Dataset(X, y, "toy", "binary", ("a", "b"), ("no", "yes"), ("rotate",))
    assert repr(data) == (
        "Dataset(name='toy', task='binary', n_samples=4, n_features=2, n_classes=2, "
        "symmetries=('rotate',))"
    )
    with pytest.raises(ValueError, match=r"X and y must have the same number of rows, got 4 and 3"):
        Dataset(X, y[:3], "toy", "binary", ("a", "b"))
    with pytest.raises(ValueError, match=r"symmetries must be one of .*, got 'shear'"):
        Dataset(X, y, "toy", "binary", ("a", "b"), symmetries=("shear",))
    with pytest.raises(ValueError, match=r"task must be one of .*, got 'ranking'"):
        Dataset(X, y, "toy", "ranking", ("a", "b"))
    assert set(SYMMETRIES) == set(FINITE_MAPS)


def _write(tmp_path, text: str, name: str = "data.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_load_csv_numeric_labels(tmp_path):
    path = _write(tmp_path, "x1,x2,label\n0.5,1,-1\n2,3,1\n4,5.5,1\n")
    data = load_csv(path, "label")
    np.testing.assert_array_equal(data.X, [[0.5, 1], [2, 3], [4, 5.5]])
    np.testing.assert_array_equal(data.y, [0, 1, 1])
    assert data.target_names == ("-1", "1") and data.task == "binary"
    assert data.feature_names == ("x1", "x2") and data.name == "data"


def test_load_csv_text_labels_and_regression(tmp_path):
    path = _write(tmp_path, "kind,w\ncat,1\ndog,2\nbird,3\n")
    data = load_csv(path, "kind")
    assert data.task == "multiclass" and data.target_names == ("bird", "cat", "dog")
    np.testing.assert_array_equal(data.y, [1, 2, 0])
    path = _write(tmp_path, "x,price\n1,2.5\n2,3.75\n")
    data = load_csv(path, "price")
    assert data.task == "regression" and data.y.dtype == np.float64
    assert load_csv(path, "x", task="regression").task == "regression"


def test_load_csv_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"path must be an existing file, got '.*nope.csv'"):
        load_csv(tmp_path / "nope.csv", "y")
    with pytest.raises(ValueError, match=r"data.csv must not be empty, got an empty file"):
        load_csv(_write(tmp_path, ""), "y")
    with pytest.raises(ValueError, match=r"data.csv must hold rows of data below its header"):
        load_csv(_write(tmp_path, "a,y\n"), "y")
    with pytest.raises(ValueError, match=r"label must be one of 'a', 'b', 'y', got 'target'"):
        load_csv(_write(tmp_path, "a,b,y\n1,2,0\n"), "target")
    text = "a,b,y\n1,2,0\n3,abc,1\n"
    message = r"column 'b' of data.csv must be numeric and finite, got 'abc' in row 2"
    with pytest.raises(ValueError, match=message):
        load_csv(_write(tmp_path, text), "y")
    with pytest.raises(ValueError, match=r"column 'a' .* got 'nan' in row 1"):
        load_csv(_write(tmp_path, "a,y\nnan,0\n1,1\n"), "y")
    with pytest.raises(ValueError, match=r"row 2 of data.csv must have 2 values .*, got 3"):
        load_csv(_write(tmp_path, "a,y\n1,0\n1,1,1\n"), "y")


def test_load_csv_label_errors(tmp_path):
    message = r"label column 'y' of data.csv must hold at least 2 classes, got 1 class: '1'"
    with pytest.raises(ValueError, match=message):
        load_csv(_write(tmp_path, "a,y\n1,1\n2,1\n"), "y")
    with pytest.raises(ValueError, match=r"task must be 'multiclass' for 3 classes, got 'binary'"):
        load_csv(_write(tmp_path, "a,y\n1,0\n2,1\n3,2\n"), "y", task="binary")
    with pytest.raises(ValueError, match=r"got 'cat' in row 1"):
        load_csv(_write(tmp_path, "a,y\n1,cat\n2,dog\n"), "y", task="regression")
    with pytest.raises(ValueError, match=r"must have a feature column besides 'y', got none"):
        load_csv(_write(tmp_path, "y\n1\n0\n"), "y")


def test_load_npz(tmp_path):
    path = tmp_path / "points.npz"
    np.savez(path, X=np.arange(8.0).reshape(4, 2), y=np.array([2, 5, 5, 2]), extra=np.ones(1))
    data = load_npz(path)
    assert data.feature_names == ("x1", "x2") and data.target_names == ("2", "5")
    np.testing.assert_array_equal(data.y, [0, 1, 1, 0])
    with pytest.raises(
        ValueError, match=re.escape("y_key must be one of 'X', 'y', 'extra', got 'labels'")
    ):
        load_npz(path, y_key="labels")
    np.savez(path, X=np.ones((4, 2)), y=np.ones((4, 1)))
    with pytest.raises(ValueError, match=re.escape("y must have 1 dimension, got shape (4, 1)")):
        load_npz(path)
    np.savez(path, X=np.ones((4, 2)), y=np.array([0, 1, 0]))
    with pytest.raises(ValueError, match=r"X and y must have the same number of rows, got 4 and 3"):
        load_npz(path)
