"""The playground's session without the web: data, stack, controlled training, files."""

import json
import tempfile
import threading
import time
import warnings
from pathlib import Path

import numpy as np
import pytest

from reglab.nn.serialize import load, load_model
from reglab.playground.controller import Controller
from reglab.playground.data import read_upload
from reglab.playground.protocol import SetHyperparameters, Settings
from reglab.playground.session import HISTORY_COLUMNS, Mailbox, Session
from reglab.playground.snapshot import measure, snapshot

LIMITS = {"max_bytes": 10_000, "max_rows": 100}


def wait_until(condition, timeout=120.0):  # generous: the machine is shared; no timing test
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def finished(session):
    return not session.training


def settings(**changes):
    base = {"speed": 0, "epochs": 40, "n_samples": 100}
    return Settings(**{**base, **changes})


def test_configure_splits_by_the_tutorial_rule_and_publishes_the_untrained_state():
    session = Session()
    reply = session.configure(settings(n_samples=200))
    assert reply["data"]["split"] == {"train": 120, "dev": 40, "test": 40}
    assert reply["data"]["rule"].startswith("small data (n=200): 60 / 20 / 20")
    assert len(reply["data"]["train"]) == 120
    assert reply["data"]["base_error"] > 0  # the moons' Bayes error at noise 0.2
    state = session.mailbox.take()
    assert state["status"] == "ready" and state["epoch"] == 0
    assert len(state["models"]) == 1 and state["curves"]["epochs"] == []


@pytest.mark.parametrize("dataset", ["circle", "xor", "spiral"])
def test_every_generated_data_sets_verdict_reads_against_its_bayes_error(dataset):
    # only the moons had a floor: circle at noise 0.3 (20% noise) read against 0
    from reglab.data.bayes import bayes_error

    reply = Session().configure(settings(dataset=dataset, noise=0.3))
    expected = bayes_error(dataset, 0.3, n_points=4000)
    assert reply["data"]["base_error"] == pytest.approx(expected) and expected > 0.15


def test_play_trains_to_the_last_epoch_and_the_dev_loss_falls():
    session = Session()
    session.configure(settings(epochs=60))
    session.play()
    wait_until(lambda: finished(session))
    state = session.mailbox.take()
    assert state["status"] == "finished" and state["epoch"] == 60
    losses = [row[4] for row in session.records]
    assert losses[-1] < 0.8 * losses[0]
    assert state["models"][0]["verdict"]["kind"] in ("good", "high variance", "high bias")
    assert session.trainings == 1


def test_step_trains_exactly_one_epoch_and_pause_holds():
    session = Session()
    session.configure(settings())
    session.step()
    wait_until(lambda: len(session.records) == 1)
    time.sleep(0.05)
    assert len(session.records) == 1  # waits for the page
    assert session.mailbox.take()["status"] == "paused"
    session.step()
    wait_until(lambda: len(session.records) == 2)
    session.close()
    assert not session.training


def test_the_mailbox_keeps_the_newest_state_and_every_curve_point():
    box = Mailbox()
    box.put({"epoch": 1})
    box.add_point(1, np.array([0.5]), np.array([0.6]))
    box.put({"epoch": 2})
    box.add_point(2, np.array([0.4]), np.array([0.5]))
    state = box.take()
    assert state["epoch"] == 2 and box.replaced == 1
    assert state["curves"]["epochs"] == [1, 2]
    assert box.take() is None


def test_compare_mode_trains_one_stack_on_the_same_data_and_batches():
    two_same = [{"keep_prob": [1.0, 1.0]}, {"keep_prob": [1.0, 1.0]}]
    session = Session()
    session.configure(settings(models=two_same + [{"regularization": "L2", "lam": 5.0}]))
    assert session.network.n_models == 3
    session.play()
    wait_until(lambda: finished(session))
    theta = session.network.theta
    np.testing.assert_array_equal(theta[0], theta[1])  # same seed, data and batches
    norms = session.network.weight_norms()
    assert norms[2] < norms[0]


def test_changing_lam_while_training_shrinks_the_weights():
    session = Session()
    session.configure(settings(epochs=2000, speed=0))
    session.play()
    wait_until(lambda: len(session.records) >= 100)
    session.pause()
    norm_before = session.network.weight_norms()[0]
    session.set_hyperparameters(
        SetHyperparameters(type="set", model=0, regularization="L2", lam=20.0)
    )
    records = len(session.records)
    session.play()
    wait_until(lambda: len(session.records) >= records + 100)
    session.close()
    assert session.network.regularizers[0].lam[0] == 20.0
    assert session.network.weight_norms()[0] < 0.7 * norm_before
    assert session.records[-1][HISTORY_COLUMNS.index("lam")] == 20.0


def test_live_changes_are_validated():
    session = Session()
    session.configure(settings())
    with pytest.raises(ValueError, match="model must be < 1, the number of settings, got 2"):
        session.set_hyperparameters(SetHyperparameters(type="set", model=2, lam=1.0))
    with pytest.raises(ValueError, match=r"keep_prob must have one value per hidden layer \(2\)"):
        session.set_hyperparameters(SetHyperparameters(type="set", model=0, keep_prob=[0.5]))


def test_early_stopping_marks_its_epochs_and_restores_the_best_weights():
    session = Session()
    models = [{"early_stopping": True, "learning_rate": 0.05}, {}]
    session.configure(settings(models=models, patience=5, epochs=150, hidden=[16, 16]))
    session.play()
    wait_until(lambda: finished(session))
    state = session.mailbox.take()
    stopped = state["models"][0]
    assert stopped["stopped_epoch"] is not None and stopped["best_epoch"] < stopped["stopped_epoch"]
    assert state["models"][1]["best_epoch"] is None


def test_history_csv_and_model_file():
    session = Session()
    session.configure(settings(epochs=5, models=[{}, {"regularization": "L1", "lam": 1.0}]))
    session.play()
    wait_until(lambda: finished(session))
    lines = session.history_csv().splitlines()
    assert lines[0] == ",".join(HISTORY_COLUMNS)
    assert len(lines) == 1 + 5 * 2
    content = session.model_file()
    assert content[:2] == b"PK"  # an NPZ archive
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.npz"
        path.write_bytes(content)
        network = load(path)
    np.testing.assert_array_equal(network.theta, session.network.theta)


def test_closing_a_session_stops_its_training():
    session = Session()
    session.configure(settings(epochs=100_000, speed=0))
    session.play()
    wait_until(lambda: len(session.records) > 5)
    session.close()
    assert not session.training
    count = len(session.records)
    time.sleep(0.1)
    assert len(session.records) == count


def test_controller_stop_ends_fit_while_it_waits_for_the_page():
    ended = threading.Event()
    controller = Controller(lambda *a: None, lambda *a: None, lambda trainer, stopped: ended.set())
    session = Session()
    session.configure(settings())
    thread = threading.Thread(target=lambda: session._run(controller))
    thread.start()
    time.sleep(0.05)
    assert not ended.is_set()  # waiting at the gate before epoch 0
    controller.stop()
    thread.join(10)
    assert ended.is_set()


CSV = "x1,x2,label\n" + "\n".join(f"{i % 7},{i % 5},{i % 2}" for i in range(40)) + "\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "upload.csv must not be empty"),
        ("1,2,0\n3,4,1\n", "upload.csv must start with a header row naming its columns"),
        ("a,b\n1,2\n", "upload.csv must have 3 columns"),
        ("x1,x2,label\n1,abc,0\n2,3,1\n", "column 'x2' of upload.csv must be numeric"),
        ("x1,x2,label\n1,nan,0\n2,3,1\n", "column 'x2' of upload.csv must be numeric and finite"),
        ("x1,x2,label\n1,2,0\n3,4,0\n", "must hold at least 2 classes, got 1 class"),
        ("x1,x2,label\n1,2,0\n3,4,1\n5,6,2\n", "label column 'label' of upload.csv must hold 2"),
        ("x1,x2,label\n1,2,0\n3,4,1\n", "upload.csv must have at least 20 rows of data, got 2"),
        ("x1,x2,label\n" + "1,2,0\n" * 101, "must have at most 100 rows of data, got 101"),
        ("x," * 6000, "upload.csv must be at most 10000 bytes, got 12000"),
    ],
)
def test_bad_uploads_get_a_message(text, message):
    with pytest.raises(ValueError, match=message):
        read_upload("upload.csv", text, **LIMITS)


def test_a_column_named_label_is_the_label_even_after_one_named_y():
    # x, y are the points' coordinates here: "label" comes first in the rule's order
    rows = "\n".join(f"{i % 7},{i % 5},{i % 2}" for i in range(40))
    data = read_upload("points.csv", "x,y,label\n" + rows, **LIMITS)
    assert list(data.feature_names) == ["x", "y"]
    np.testing.assert_array_equal(data.y, [i % 2 for i in range(40)])


def test_an_upload_is_standardized_by_its_training_rows_and_named_safely():
    data = read_upload("../../etc/my data.csv", CSV, **LIMITS)
    assert data.name == "my_data"
    session = Session()
    session.upload = data
    reply = session.configure(settings(dataset="upload"))
    assert reply["data"]["split"] == {"train": 24, "dev": 8, "test": 8}
    assert "standardized" in reply["data"]["note"]
    split = session.data.split
    np.testing.assert_allclose(split.X_train.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(split.X_train.std(axis=0), 1)
    raw = np.concatenate([split.X_train, split.X_dev, split.X_test])
    raw = raw * session.data.standardizer.scale + session.data.standardizer.mean
    np.testing.assert_allclose(np.sort(raw, axis=0), np.sort(data.X, axis=0))


def test_the_model_file_of_an_upload_keeps_its_standardization(tmp_path):
    session = Session()
    session.upload = read_upload("mine.csv", CSV, **LIMITS)
    session.configure(settings(dataset="upload", epochs=3))
    session.play()
    wait_until(lambda: finished(session))
    path = tmp_path / "model.npz"
    path.write_bytes(session.model_file())
    saved = load_model(path)
    assert saved.feature_names == tuple(session.upload.feature_names)
    X_raw = session.upload.X[:5]
    expected = session.network.predict(session.data.standardizer.transform(X_raw))
    np.testing.assert_array_equal(saved.predict(X_raw), expected)


def test_dataset_upload_without_an_upload_is_an_error():
    with pytest.raises(ValueError, match="dataset 'upload' needs a CSV: upload one first"):
        Session().configure(settings(dataset="upload"))


def test_a_diverged_epoch_gives_null_not_nan_in_json():
    box = Mailbox()
    box.add_point(1, np.array([np.nan, 0.5]), np.array([np.inf, 0.6]))
    session = Session()
    session.configure(settings())
    logs = measure(session.network, session.data)
    logs["train_loss"] = np.array([np.nan])
    box.put(snapshot(session.network, session.data, 1, "running", logs))
    state = json.loads(json.dumps(box.take(), allow_nan=False))
    assert state["curves"]["train_loss"] == [[None, 0.5]]
    assert state["models"][0]["train_loss"] is None


def test_states_are_produced_at_most_30_times_a_second():
    produced = []
    session = Session(notify=lambda: produced.append(time.monotonic()))
    session.configure(settings(epochs=400))
    started = time.monotonic()
    session.play()
    wait_until(lambda: finished(session))
    elapsed = time.monotonic() - started
    running = produced[1:-1]  # the ready state and the finished one aside
    assert len(running) <= 30 * elapsed + 1


def test_a_diverged_model_reads_diverged_with_the_remedy_of_a_lower_learning_rate():
    # plain gradient descent at learning rate 10 on a linear network: the cost becomes NaN,
    # the NaN guard stops the model and restores older weights, whose accuracy is 0.5; the
    # verdict must not read those as high bias ("a bigger network") but as a divergence
    from reglab.diagnose.verdict import DIVERGED_REMEDIES
    from reglab.playground.protocol import ModelSettings
    from reglab.train import DivergenceWarning

    session = Session()
    session.configure(
        settings(
            epochs=60,
            optimizer="gd",
            activation="linear",
            initializer="normal",
            models=[ModelSettings(learning_rate=10.0), ModelSettings(learning_rate=0.01)],
        )
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        session.play()
        wait_until(lambda: finished(session))
    # the page and one DivergenceWarning say it; no NumPy warnings in the server's console
    assert [w.category for w in caught] == [DivergenceWarning]
    wild, calm = session.mailbox.take()["models"]
    assert wild["stop_reason"].startswith("diverged")
    assert wild["verdict"]["kind"] == "diverged"
    assert wild["verdict"]["remedies"][0] == DIVERGED_REMEDIES[0]
    assert "diverged" not in calm["verdict"]["kind"]


def test_an_upload_with_a_class_too_small_to_split_says_what_the_page_can_do():
    rows = "".join(f"{i},{-i},{int(i < 2)}\n" for i in range(30))  # class 1: two rows
    session = Session()
    session.upload = read_upload("small.csv", "x1,x2,label\n" + rows, **LIMITS)
    with pytest.raises(ValueError) as error:
        session.configure(settings(dataset="upload"))
    assert "class 1 has 2 examples, too few to stratify" in str(error.value)
    assert "stratify=False" not in str(error.value)  # nothing the page can pass
    assert "add examples of the class or drop it" in str(error.value)
