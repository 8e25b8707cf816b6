"""float32 networks: the whole step stays in float32 (no silent upcast), agrees with
float64 to float32 precision, trains as well, and survives gradient checks and files."""

import warnings

import numpy as np
import pytest

from reglab.cli import main
from reglab.data.datasets import load_digits, make_moons
from reglab.diagnose.gradcheck import gradient_check
from reglab.estimator import RegLabClassifier
from reglab.nn import (
    AvgPool2D,
    Conv2D,
    Dense,
    Dropout,
    Flatten,
    LegacyDropout,
    MaxPool2D,
    Network,
    ReLU,
    Tanh,
    mlp,
)
from reglab.nn.serialize import load, load_model, save
from reglab.optim import SGD, Adam, AdamW, Momentum, RMSprop
from reglab.regularizers import L1, L2, ElasticNet, MaxNorm
from reglab.train import fit


class Float32Only(np.ndarray):
    """An array that fails every NumPy operation taking or giving a float array that is
    not float32: wrapped around a network's inputs and buffers, it sees every operation
    of a training step that touches them, temporaries included."""

    def __array_ufunc__(self, ufunc, method, *inputs, out=None, **kwargs):
        plain = [x.view(np.ndarray) if isinstance(x, Float32Only) else x for x in inputs]
        if out is not None:
            kwargs["out"] = tuple(
                x.view(np.ndarray) if isinstance(x, Float32Only) else x for x in out
            )
        result = getattr(ufunc, method)(*plain, **kwargs)
        results = result if isinstance(result, tuple) else (result,)
        for array in [*plain, *(out or ()), *results]:
            dtype = np.asarray(array).dtype
            if isinstance(array, np.ndarray | np.generic) and dtype.kind in "fc":
                assert dtype == np.float32, f"{ufunc.__name__}.{method} met {dtype}"
        if out is not None:  # the caller's own arrays, so that the recording goes on
            return out[0] if len(out) == 1 else out
        return result.view(Float32Only) if isinstance(result, np.ndarray) else result


def walk_one_step(network, optimizer, X, y, active=None):
    """Forward, cost, backward, penalties, optimizer step and constraints on recorded arrays."""
    X = network.check_X(X)
    Y = network.encode(y, len(X))
    network.initialize()
    optimizer.reset(network.theta, network.penalized)
    optimizer.set_epoch(0)
    cost = network.cost_and_gradients(X[None].view(Float32Only), Y[None].view(Float32Only))
    assert cost.dtype == np.float32
    m = len(X)
    for _, W, _, regs in network.weights:
        for reg in regs:
            W_r = W.view(Float32Only)
            for array in (reg.penalty(W_r, m), reg.gradient(W_r, m), reg.training_gradient(W_r, m)):
                assert array.dtype == np.float32
            reg.project(W_r, np.full(network.n_models, 0.01), m)
    optimizer.step(network.theta.view(Float32Only), network.grad.view(Float32Only), active)
    assert network.theta.dtype == network.grad.dtype == np.float32
    assert all(state.dtype == np.float32 for state in optimizer.state.values())
    assert np.all(np.isfinite(network.theta))


DENSE = [Dense(12), ReLU(), Dropout([0.8, 0.6, 1.0]), Dense(7), Tanh(), Dropout(0.9)]
CASES = {
    "binary, Adam, per-model L2, L1, max-norm": (
        lambda: DENSE + [Dense(1)],
        "binary_crossentropy",
        [L2([0.1, 0.2, 0.3]), L1(0.05, proximal=True), MaxNorm([2.0, 3.0, 4.0])],
        lambda: Adam([0.01, 0.02, 0.005]),
    ),
    "softmax, momentum with per-model beta, elastic net": (
        lambda: DENSE + [Dense(4)],
        "softmax_crossentropy",
        [ElasticNet(0.01, 0.1, proximal=False)],
        lambda: Momentum(0.1, beta=[0.0, 0.5, 0.9], nesterov=True),
    ),
    "softmax, AdamW with per-model decay": (
        lambda: DENSE + [Dense(4)],
        "softmax_crossentropy",
        None,
        lambda: AdamW(0.01, weight_decay=[0.0, 0.01, 0.1]),
    ),
    "mse, RMSprop": (lambda: DENSE + [Dense(2)], "mse", L2(0.5), lambda: RMSprop(0.01)),
    "binary, SGD with heavy-ball momentum": (
        lambda: DENSE + [Dense(1)],
        "binary_crossentropy",
        L2(0.1),
        lambda: Momentum(0.1, form="heavy_ball"),
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_one_training_step_stays_in_float32(case):
    layers, loss, regularizers, optimizer = CASES[case]
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 5))
    y = {"mse": rng.standard_normal((40, 2)), "softmax_crossentropy": rng.integers(0, 4, 40)}.get(
        loss, rng.integers(0, 2, 40)
    )
    network = Network(layers(), loss=loss, regularizers=regularizers, n_models=3, dtype="float32")
    network.build((5,))
    walk_one_step(network, optimizer(), X, y, active=np.array([True, False, True]))


def test_a_convolutional_step_and_legacy_dropout_stay_in_float32():
    layers = [
        Conv2D(3, 3, padding="same"),
        ReLU(),
        MaxPool2D(2),
        Conv2D(2, 2),
        AvgPool2D(1),
        Flatten(),
        Dropout(0.7),
        Dense(3),
    ]
    network = Network(
        layers,
        loss="softmax_crossentropy",
        regularizers=L2(0.1),
        n_models=2,
        legacy_dropout=LegacyDropout(1, reseed=True),
        dtype=np.float32,
    ).build((6, 6, 1))
    rng = np.random.default_rng(1)
    walk_one_step(network, Adam(), rng.random((10, 6, 6, 1)), rng.integers(0, 3, 10))


def test_after_fit_every_array_the_network_holds_is_float32():
    data = make_moons(100, random_state=0)
    network = mlp([2, 16, 8, 1], keep_prob=0.8, regularizers=L2(0.1), n_models=2, dtype="float32")
    trainer = fit(network, data.X, data.y, optimizer=Adam(0.01), epochs=3, dev=(data.X, data.y))
    for layer in network.layers:
        for name, value in vars(layer).items():  # caches and views, not (K,) hyperparameters
            if getattr(value, "dtype", None) == np.float64 and value.ndim >= 2:
                raise AssertionError(f"{layer!r}.{name} is float64")
    assert all(s.dtype == np.float32 for s in trainer.optimizer.state.values())
    assert network.logits(data.X).dtype == network.output(data.X).dtype == np.float32
    assert network.evaluate(data.X, data.y)["loss"].dtype == np.float32


def twin_networks(seed=0):
    """The same float64 weights in a float64 and a float32 network."""
    net64 = mlp([8, 32, 16, 3], loss="softmax_crossentropy", keep_prob=0.8, seed=seed)
    net32 = net64.astype("float32")
    return net64, net32


def test_float32_and_float64_agree_to_float32_precision_after_one_step():
    rng = np.random.default_rng(2)
    X, y = rng.standard_normal((64, 8)), rng.integers(0, 3, 64)
    net64, net32 = twin_networks()
    np.testing.assert_array_equal(net32.theta, net64.theta.astype(np.float32))
    for network in (net64, net32):
        fit(network, X, y, optimizer=SGD(0.5), epochs=1, batch_size=None, warm_start=True)
    assert net32.theta.dtype == np.float32
    np.testing.assert_allclose(net32.theta, net64.theta, rtol=1e-5, atol=1e-6)
    assert not np.array_equal(net32.theta, net64.theta.astype(np.float32))  # really float32


def test_float32_trains_digits_as_well_as_float64():
    digits = load_digits()
    X, y = digits.X / 16.0, digits.y
    train, test = slice(0, 1400), slice(1400, None)
    accuracy = {}
    for dtype in ("float64", "float32"):
        network = mlp([64, 64, 10], loss="softmax_crossentropy", keep_prob=0.9, dtype=dtype)
        fit(network, X[train], y[train], optimizer=Adam(0.003), epochs=15)
        accuracy[dtype] = network.evaluate(X[test], y[test])["accuracy"][0]
    assert accuracy["float64"] > 0.9
    assert abs(accuracy["float32"] - accuracy["float64"]) <= 0.005


def test_gradient_check_of_a_float32_network_runs_in_a_float64_copy():
    rng = np.random.default_rng(3)
    X, y = rng.standard_normal((6, 4)), rng.integers(0, 2, 6)
    network = mlp(
        [4, 5, 1], activation="tanh", keep_prob=0.8, regularizers=L2(0.3), dtype="float32"
    )
    before = network.theta.copy()
    result = gradient_check(network, X, y)
    assert result.passed and result.difference < 1e-7
    assert result.analytic.dtype == np.float64
    assert network.dtype == np.float32
    np.testing.assert_array_equal(network.theta, before)


def test_model_files_record_the_dtype(tmp_path):
    network = mlp([3, 4, 2], loss="softmax_crossentropy", dtype="float32", n_models=2)
    loaded = load(save(network, tmp_path / "m32.npz"))
    assert loaded.dtype == np.float32 and loaded.theta.dtype == np.float32
    np.testing.assert_array_equal(loaded.theta, network.theta)
    assert "dtype='float32'" in repr(loaded)
    with np.load(tmp_path / "m32.npz") as archive:
        assert archive["theta"].dtype == np.float32
    assert load(save(mlp([3, 1]), tmp_path / "m64.npz")).dtype == np.float64


def test_inputs_are_cast_once_and_bad_dtypes_are_refused():
    network = mlp([2, 3, 1], dtype="float32")
    X = network.check_X(np.ones((4, 2)))
    assert X.dtype == np.float32 and network.check_X(X) is X
    with pytest.raises(ValueError, match="dtype must be 'float32' or 'float64', got 'int32'"):
        mlp([2, 1], dtype="int32")
    with pytest.raises(ValueError, match="dtype must be 'float32' or 'float64', got 'float16'"):
        Network([Dense(1)], dtype="float16")


def test_inputs_beyond_float32s_range_are_named_not_called_infinite():
    # predicting on 1e200 with a float32 network: the cast makes inf, and no overflow
    # warning or "NaN or infinite" blames the user's finite data
    network = mlp([2, 3, 1], dtype="float32").build((2,))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(
            ValueError,
            match=r"X must hold values within float32's range \(up to 3.4e\+38 in size\), "
            r"got 1e\+200: scale the features first$",
        ):
            network.check_X(np.array([[1.0, -1e200]]))
    with pytest.raises(ValueError, match="X must contain only finite values, got 1 NaN"):
        network.check_X(np.array([[1.0, np.inf]]))  # truly infinite


def test_the_estimator_and_the_command_line_take_a_dtype(tmp_path, capsys):
    data = make_moons(120, noise=0.2, random_state=0)
    clf = RegLabClassifier(hidden_layer_sizes=(8,), epochs=5, dtype="float32", random_state=0)
    assert clf.fit(data.X, data.y).predict_proba(data.X).dtype == np.float32
    assert clf.network_.dtype == np.float32
    with pytest.raises(ValueError, match="dtype must be one of 'float64', 'float32', got 'half'"):
        RegLabClassifier(dtype="half").fit(data.X, data.y)
    path = tmp_path / "model.npz"
    args = ["train", "--epochs", "3", "--seeds", "1", "--dtype", "float32", "--save", str(path)]
    assert main(args) == 0
    assert load_model(path).network.dtype == np.float32  # train saves its standardization
