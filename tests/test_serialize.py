"""Model files: a round trip keeps everything; damaged or foreign files get clear errors."""

import json
from pathlib import Path

import numpy as np
import pytest

from reglab.data.datasets import make_moons
from reglab.data.standardize import Standardizer
from reglab.nn import Dense, Dropout, LegacyDropout, Network, ReLU, mlp
from reglab.nn.serialize import ModelFileError, load, load_model, network_config, save
from reglab.optim import AdamW, Momentum
from reglab.regularizers import L1, L2
from reglab.train import fit


@pytest.fixture
def trained(tmp_path):
    data = make_moons(80, random_state=0)
    layers = [Dense(6, regularizer=L1(0.1)), ReLU(), Dropout([0.9, 0.7]), Dense(1)]
    network = Network(layers, regularizers=L2([0.1, 0.2]), n_models=2, seed=[4, 9])
    fit(network, data.X, data.y, epochs=5)
    return network, data


def test_round_trip(trained, tmp_path):
    network, data = trained
    path = save(network, tmp_path / "model")
    assert path.name == "model.npz"
    loaded = load(path)
    np.testing.assert_array_equal(loaded.theta, network.theta)
    np.testing.assert_array_equal(loaded.predict(data.X), network.predict(data.X))
    assert repr(loaded) == repr(network)
    assert loaded.seeds.tolist() == [4, 9]


def test_truncated_file(trained, tmp_path):
    path = save(trained[0], tmp_path / "model.npz")
    content = path.read_bytes()
    path.write_bytes(content[: len(content) // 2])
    with pytest.raises(ModelFileError, match="is not a readable reglab model file"):
        load(path)


def test_corrupted_weights(trained, tmp_path):
    network, _ = trained
    path = save(network, tmp_path / "model.npz")
    with np.load(path) as archive:
        header, theta = archive["header"], archive["theta"].copy()
    theta[0, 0] += 1e-9
    np.savez(path, header=header, theta=theta)
    with pytest.raises(ModelFileError, match="is corrupted"):
        load(path)


def rewrite_header(path, change):
    with np.load(path) as archive:
        header, theta = json.loads(archive["header"].tobytes()), archive["theta"]
        change(header)
        encoded = np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)
        np.savez(path, header=encoded, theta=theta)


def test_incompatible_version_and_foreign_format(trained, tmp_path):
    path = save(trained[0], tmp_path / "model.npz")
    rewrite_header(path, lambda h: h.update(version=99))
    with pytest.raises(
        ModelFileError, match="has format version 99; this reglab reads versions 1, 2, 3"
    ):
        load(path)
    rewrite_header(path, lambda h: h.update(format="other"))
    with pytest.raises(ModelFileError, match="is not a reglab model file"):
        load(path)


def test_not_a_zip_and_missing_file(tmp_path):
    path = tmp_path / "junk.npz"
    path.write_text("hello")
    with pytest.raises(ModelFileError):
        load(path)
    with pytest.raises(FileNotFoundError, match="no model file at"):
        load(tmp_path / "absent.npz")


def test_unbuilt_network_cannot_be_saved(tmp_path):
    with pytest.raises(ValueError, match="must be built"):
        save(Network([Dense(2)]), tmp_path / "x")


def test_single_model_round_trip(tmp_path):
    network = mlp([3, 4, 2], loss="softmax_crossentropy", seed=5)
    loaded = load(save(network, tmp_path / "m.npz"))
    np.testing.assert_array_equal(loaded.theta, network.theta)


def test_pickle_keeps_layers_bound_to_theta(trained):
    import pickle

    network, data = trained
    copy = pickle.loads(pickle.dumps(network))
    np.testing.assert_array_equal(copy.predict(data.X), network.predict(data.X))
    fit(copy, data.X, data.y, epochs=3, warm_start=True)
    assert not np.array_equal(copy.theta, network.theta)
    W = copy.parameters()["W1"]
    assert np.shares_memory(W, copy.theta)


def test_a_shared_value_is_stored_as_a_scalar_and_per_model_values_as_a_list():
    network = Network(
        [Dense(4), Dropout([0.5]), Dense(4), Dropout([0.9, 0.7]), Dense(1)],
        regularizers=[L2([0.1]), L1([0.1, 0.2])],
        n_models=2,
    ).build((3,))
    config = network_config(network)
    assert [layer["config"]["keep_prob"] for layer in config["layers"][1::2]] == [0.5, [0.9, 0.7]]
    assert [reg["config"]["lam"] for reg in config["regularizers"]] == [0.1, [0.1, 0.2]]
    assert Momentum(0.1, beta=[0.9]).get_config()["beta"] == 0.9
    assert Momentum([0.1, 0.2]).get_config()["learning_rate"] == [0.1, 0.2]
    assert AdamW(weight_decay=[0.01, 0.02]).get_config()["weight_decay"] == [0.01, 0.02]


def test_an_older_model_file_still_loads(trained, tmp_path):
    # before: one-element lists for shared values, no legacy_dropout entry
    network, data = trained
    path = save(network, tmp_path / "model.npz")

    def as_before(header):
        config = header["config"]
        del config["legacy_dropout"]
        config["layers"][2]["config"]["keep_prob"] = [0.9, 0.7]
        config["layers"][0]["regularizer"][0]["config"]["lam"] = [0.1]

    rewrite_header(path, as_before)
    loaded = load(path)
    np.testing.assert_array_equal(loaded.predict(data.X), network.predict(data.X))
    assert repr(loaded) == repr(network)


def test_legacy_dropout_is_saved(tmp_path):
    network = mlp([3, 4, 1], keep_prob=0.5, legacy_dropout=LegacyDropout(1, reseed=True))
    loaded = load(save(network, tmp_path / "m.npz"))
    assert repr(loaded.legacy_dropout) == "LegacyDropout(seed=1, reseed=True)"


def test_save_refuses_a_folder_and_leaves_nothing_half_written(trained, tmp_path):
    with pytest.raises(ValueError, match="path must name a model file, got the folder"):
        save(trained[0], tmp_path)
    assert not tmp_path.with_name(tmp_path.name + ".npz").exists()
    (tmp_path / "m.npz").mkdir()
    with pytest.raises(ValueError, match="got the folder"):
        save(trained[0], tmp_path / "m")
    assert [p.name for p in tmp_path.iterdir()] == ["m.npz"]


DATA = Path(__file__).parent / "data"


def test_a_version_1_file_still_loads():
    # written by reglab's version 1 writer, before standardization was stored
    expected = np.load(DATA / "model_v1_expected.npz")
    network = load(DATA / "model_v1.npz")
    np.testing.assert_array_equal(network.output(expected["X"]), expected["output"])
    model = load_model(DATA / "model_v1.npz")
    assert model.standardizer is None and model.feature_names is None
    assert model.target_names == ()


def test_standardization_and_names_are_stored_with_the_model(tmp_path):
    data = make_moons(80, random_state=0)
    X = data.X * [1000.0, 0.01] + [5000.0, 0.0]  # features of very different scales
    standardizer = Standardizer.fit(X[:60])
    network = mlp([2, 8, 1], n_models=2, seed=1)
    fit(network, standardizer.transform(X[:60]), data.y[:60], epochs=20)
    path = save(
        network,
        tmp_path / "m",
        standardizer=standardizer,
        feature_names=("area", "smooth"),
        target_names=("benign", "malignant"),
    )
    model = load_model(path)
    np.testing.assert_array_equal(model.standardizer.mean, standardizer.mean)
    np.testing.assert_array_equal(model.standardizer.scale, standardizer.scale)
    assert model.feature_names == ("area", "smooth")
    assert model.target_names == ("benign", "malignant")
    # new raw data are standardized as the training data were
    np.testing.assert_array_equal(
        model.predict(X[60:]), network.predict(standardizer.transform(X[60:]))
    )
    np.testing.assert_array_equal(
        model.evaluate(X[60:], data.y[60:])["accuracy"],
        network.evaluate(standardizer.transform(X[60:]), data.y[60:])["accuracy"],
    )
    with pytest.warns(UserWarning, match="standardizes its inputs before the network"):
        bare = load(path)
    np.testing.assert_array_equal(bare.theta, network.theta)
    # version 3 only where needed: a bare float64 network is still written as version 1
    assert _header(path)["version"] == 3
    assert _header(save(network, tmp_path / "bare"))["version"] == 1
    assert "preprocessing" not in _header(tmp_path / "bare.npz")


def _header(path) -> dict:
    with np.load(path) as archive:
        return json.loads(archive["header"].tobytes())


def test_stored_preprocessing_must_fit_the_network(tmp_path):
    network = mlp([3, 4, 1])
    with pytest.raises(ValueError, match=r"standardizer must have one mean per input \(3\), got 2"):
        save(network, tmp_path / "m", standardizer=Standardizer.fit(np.eye(2)))
    with pytest.raises(ValueError, match=r"feature_names must name the 3 inputs, got 1 names"):
        save(network, tmp_path / "m", feature_names=["a"])
    path = save(network, tmp_path / "m", standardizer=Standardizer.fit(np.eye(3)))
    rewrite_header(path, lambda h: h["preprocessing"]["standardize"].update(scale=[1, 0, 1]))
    with pytest.raises(ModelFileError, match="has an invalid preprocessing entry"):
        load_model(path)
