"""Early stopping on scripted loss sequences, the NaN guard, history, the progress bar."""

import io
import warnings

import numpy as np
import pytest

from reglab.data.batches import MiniBatches
from reglab.data.datasets import make_moons
from reglab.nn import mlp
from reglab.optim import SGD, Adam
from reglab.train import DivergenceWarning, EarlyStopping, NaNGuard, ProgressBar, Trainer, fit
from reglab.train.fit import largest_input


def scripted_run(callback, losses, K):
    """Feed ``losses[epoch][k]`` to a callback; model weights are set to the epoch number."""
    network = mlp([2, 2, 1], n_models=K)
    trainer = Trainer(network, SGD(0.1), MiniBatches(), epochs=len(losses))
    callback.on_train_begin(trainer)
    for epoch, values in enumerate(losses):
        network.theta[trainer.active] = epoch
        callback.on_epoch_end(trainer, epoch, {"dev_loss": np.array(values, dtype=float)})
        if trainer.stop_training:
            break
    callback.on_train_end(trainer)
    return trainer


def test_early_stopping_each_model_on_its_own():
    losses = [[1.0, 1.0], [0.8, 0.9], [0.9, 0.7], [0.95, 0.6], [0.97, 0.65], [0.99, 0.5]]
    stopper = EarlyStopping(patience=2)
    trainer = scripted_run(stopper, losses, K=2)
    assert stopper.best_epoch.tolist() == [1, 5]
    assert stopper.stopped_epoch.tolist() == [4, -1]
    assert trainer.active.tolist() == [False, True]
    assert "best at epoch 1" in trainer.stop_reasons[0]
    np.testing.assert_array_equal(trainer.network.theta[0], 1.0)  # restored best weights
    np.testing.assert_array_equal(trainer.network.theta[1], 5.0)


def test_min_delta_ignores_small_improvements():
    stopper = EarlyStopping(patience=1, min_delta=0.05)
    scripted_run(stopper, [[1.0], [0.99], [0.98], [0.5]], K=1)
    assert stopper.best_epoch.tolist() == [0]
    assert stopper.stopped_epoch.tolist() == [2]


def test_mode_max_for_accuracy_and_no_restore():
    stopper = EarlyStopping(monitor="dev_loss", mode="max", patience=0, restore_best_weights=False)
    trainer = scripted_run(stopper, [[0.5], [0.7], [0.6], [0.9]], K=1)
    assert stopper.stopped_epoch.tolist() == [2]
    np.testing.assert_array_equal(trainer.network.theta[0], 2.0)


def test_all_models_stopped_ends_training():
    losses = [[1.0], [2.0], [3.0], [4.0], [5.0]]
    trainer = scripted_run(EarlyStopping(patience=1), losses, K=1)
    assert trainer.stop_training


def test_early_stopping_needs_a_dev_set():
    data = make_moons(50, random_state=0)
    with pytest.raises(KeyError, match="pass a dev set"):
        fit(mlp([2, 3, 1]), data.X, data.y, epochs=2, callbacks=[EarlyStopping()])


def test_early_stopping_in_real_training_restores_the_best_dev_loss():
    data = make_moons(120, noise=0.35, random_state=1)
    dev = make_moons(200, noise=0.35, random_state=2)
    network = mlp([2, 64, 64, 1], n_models=3, seed=0)
    stopper = EarlyStopping(patience=20)
    trainer = fit(
        network,
        data.X,
        data.y,
        optimizer=Adam(0.01),
        epochs=400,
        dev=(dev.X, dev.y),
        callbacks=[stopper],
    )
    dev_loss = trainer.history["dev_loss"]
    best = dev_loss[stopper.best_epoch, np.arange(3)]
    np.testing.assert_allclose(network.evaluate(dev.X, dev.y)["loss"], best)
    assert np.all(stopper.stopped_epoch > 0)


def test_nan_guard_stops_a_diverging_model_and_keeps_finite_weights():
    data = make_moons(100, random_state=0)
    network = mlp([2, 8, 1], n_models=2, seed=0, loss="mse")
    with pytest.warns(DivergenceWarning, match="1 of 2 models diverged"):
        trainer = fit(network, data.X, data.y, optimizer=SGD([0.01, 1e6]), epochs=30)
    assert trainer.active.tolist() == [True, False]
    assert trainer.diverged.tolist() == [False, True]
    assert "diverged" in trainer.stop_reasons[1]
    assert np.all(np.isfinite(network.theta))
    assert trainer.stop_reasons[0] is None


def test_a_cost_that_stays_finite_but_rises_tenfold_is_divergence():
    # plain GD at lr 1e6 on moons: the cost climbs to ~1e47 without ever overflowing
    data = make_moons(200, noise=0.2, random_state=0)
    network = mlp([2, 64, 64, 1], n_models=3, seed=0)
    initial = network.build((2,)).theta.copy()
    guard = NaNGuard()
    with pytest.warns(DivergenceWarning, match=r"3 of 3 models diverged .*lower the learning rate"):
        trainer = fit(network, data.X, data.y, optimizer=SGD(1e6), epochs=5, callbacks=[guard])
    assert trainer.diverged.all() and guard.diverged_epoch.tolist() == [0, 0, 0]
    assert "more than 10x its starting cost" in trainer.stop_reasons[0]
    np.testing.assert_array_equal(network.theta, initial)  # back to the weights before
    # the start: each model's first-batch cross-entropy, near chance (log 2 = 0.69)
    assert trainer.initial_cost.shape == (3,) and np.all(trainer.initial_cost < 3)


def test_a_healthy_run_does_not_diverge_and_rise_factor_none_counts_only_nan():
    data = make_moons(200, noise=0.2, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        trainer = fit(mlp([2, 16, 1], n_models=2), data.X, data.y, epochs=50)
    assert not trainer.diverged.any() and trainer.initial_cost.shape == (2,)
    loose = NaNGuard(rise_factor=None)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        trainer = fit(
            mlp([2, 64, 64, 1]), data.X, data.y, optimizer=SGD(1e6), epochs=3, callbacks=[loose]
        )
    assert not trainer.diverged.any()  # the given guard replaced the default one


def test_a_warm_start_counts_only_nan_and_inf():
    data = make_moons(200, noise=0.2, random_state=0)
    network = mlp([2, 16, 1])
    fit(network, data.X, data.y, epochs=200)
    trainer = fit(network, data.X, data.y, epochs=1, warm_start=True)
    assert trainer.initial_cost is None and not trainer.diverged.any()


def test_rise_factor_is_checked():
    with pytest.raises(ValueError, match=r"rise_factor must be in \(1, inf\], got 0.5"):
        NaNGuard(rise_factor=0.5)
    assert repr(NaNGuard()) == "NaNGuard(rise_factor=10.0)"


def test_inputs_whose_squares_overflow_are_refused_at_the_boundary():
    data = make_moons(50, random_state=0)
    with pytest.raises(
        ValueError,
        match=r"X must hold values below 1.34e\+154 in size, whose squares float64 can hold, "
        r"got 2.\d+e\+200: scale the features first \(divide by a power of ten, then "
        r"standardize\)$",
    ):
        fit(mlp([2, 4, 1]), data.X * 1e200, data.y, epochs=1)
    with pytest.raises(ValueError, match=r"X_dev must hold values below"):
        fit(mlp([2, 4, 1]), data.X, data.y, epochs=1, dev=(data.X * 1e200, data.y))


@pytest.mark.parametrize("scale", [1e30, 1e200])  # 1e200 is beyond float32's range: inf
def test_float32_inputs_whose_squares_overflow_float32_are_refused_before_the_cast(scale):
    data = make_moons(50, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow in the cast, no diverged run
        with pytest.raises(
            ValueError,
            match=r"X must hold values below 1.84e\+19 in size, whose squares float32 can "
            r"hold, got 2.\d+e\+(30|200): .*, or train in float64 \(below 1.34e\+154\)$",
        ):
            fit(mlp([2, 4, 1], dtype="float32"), data.X * scale, data.y, epochs=1)
        with pytest.raises(ValueError, match=r"X_dev must hold values below 1.84e\+19 .*float32"):
            fit(
                mlp([2, 4, 1], dtype="float32"),
                data.X,
                data.y,
                epochs=1,
                dev=(data.X * scale, data.y),
            )


def test_the_largest_input_is_the_square_root_of_the_dtypes_largest_value():
    assert largest_input(np.float64) == pytest.approx(1.3407807929942596e154)
    assert largest_input("float32") == pytest.approx(1.8446743e19, rel=1e-7)
    data = make_moons(50, random_state=0)
    X = data.X / np.abs(data.X).max() * 1e18  # below float32's limit: trains
    assert fit(mlp([2, 4, 1], dtype="float32"), X, data.y, epochs=1).network.dtype == np.float32
    # NaN and inf are the finiteness check's to name, whatever the dtype
    X[0, 0] = np.inf
    with pytest.raises(
        ValueError, match="X must contain only finite values, got 1 NaN or infinite"
    ):
        fit(mlp([2, 4, 1], dtype="float32"), X, data.y, epochs=1)


def test_history_has_one_row_per_epoch_and_model():
    data = make_moons(60, random_state=0)
    dev = make_moons(40, random_state=1)
    trainer = fit(mlp([2, 4, 1], n_models=2), data.X, data.y, epochs=7, dev=(dev.X, dev.y))
    for key in ("cost", "batch_cost", "train_loss", "dev_loss", "train_accuracy", "dev_accuracy"):
        assert trainer.history[key].shape == (7, 2)
    with pytest.raises(KeyError, match="history has no 'accuracy'"):
        trainer.history["accuracy"]


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_writes_only_to_a_terminal():
    data = make_moons(40, random_state=0)
    terminal, pipe = FakeTerminal(), io.StringIO()
    fit(mlp([2, 3, 1]), data.X, data.y, epochs=3, callbacks=[ProgressBar(terminal, min_interval=0)])
    fit(mlp([2, 3, 1]), data.X, data.y, epochs=3, callbacks=[ProgressBar(pipe)])
    shown = terminal.getvalue()
    assert "3/3" in shown and "epoch/s" in shown and "active=1/1" in shown
    assert pipe.getvalue() == ""


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: EarlyStopping(patience=-1), r"patience must be >= 0, got -1"),
        (lambda: EarlyStopping(min_delta=-0.1), r"min_delta must be >= 0, got -0.1"),
        (lambda: EarlyStopping(mode="up"), r"mode must be one of 'auto', 'min', 'max', got 'up'"),
    ],
)
def test_bad_early_stopping_arguments(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_early_stopping_can_watch_some_models_only():
    losses = [[1.0, 1.0], [2.0, 2.0], [3.0, 3.0], [4.0, 4.0]]
    stopper = EarlyStopping(patience=1, models=[1])
    trainer = scripted_run(stopper, losses, K=2)
    assert trainer.active.tolist() == [True, False]
    assert stopper.best_epoch.tolist() == [-1, 0]
    np.testing.assert_array_equal(trainer.network.theta[0], 3.0)  # unwatched: left as trained


def test_early_stopping_models_out_of_range():
    with pytest.raises(ValueError, match=r"models must index the 2 models, got \[5\]"):
        scripted_run(EarlyStopping(models=[5]), [[1.0, 1.0]], K=2)
