"""Model files: a round trip keeps everything; damaged or foreign files get clear errors."""

import json

import numpy as np
import pytest

from reglab.data.datasets import make_moons
from reglab.nn import Dense, Dropout, LegacyDropout, Network, ReLU, mlp
from reglab.nn.serialize import ModelFileError, load, network_config, save
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
    with pytest.raises(ModelFileError, match="has format version 99; this reglab reads version 1"):
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
