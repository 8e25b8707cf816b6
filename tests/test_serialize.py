"""Model files: a round trip keeps everything; damaged or foreign files get clear errors."""

import json

import numpy as np
import pytest

from reglab.data.datasets import make_moons
from reglab.nn import Dense, Dropout, Network, ReLU, mlp
from reglab.nn.serialize import ModelFileError, load, save
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


def test_save_refuses_a_folder_and_leaves_nothing_half_written(trained, tmp_path):
    with pytest.raises(ValueError, match="path must name a model file, got the folder"):
        save(trained[0], tmp_path)
    assert not tmp_path.with_name(tmp_path.name + ".npz").exists()
    (tmp_path / "m.npz").mkdir()
    with pytest.raises(ValueError, match="got the folder"):
        save(trained[0], tmp_path / "m")
    assert [p.name for p in tmp_path.iterdir()] == ["m.npz"]
