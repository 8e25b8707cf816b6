"""Tests of Conv2D, MaxPool2D, AvgPool2D and Flatten: gradients, closed forms, stacks, digits."""

import pickle

import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from reglab.diagnose.gradcheck import gradient_check, relative_difference
from reglab.nn import AvgPool2D, Conv2D, Dense, Dropout, Flatten, MaxPool2D, Network, ReLU
from reglab.nn.layers import LAYER_TYPES
from reglab.nn.serialize import load, save
from reglab.optim.adaptive import Adam
from reglab.regularizers import L2, MaxNorm
from reglab.train import fit

TOLERANCE = 1e-7


def _network(layers, input_shape, n_models=1, seed=0, regularizers=None) -> Network:
    network = Network(
        layers, loss="softmax_crossentropy", regularizers=regularizers, n_models=n_models, seed=seed
    )
    return network.build(input_shape)


def _images(shape, seed=0):
    """Random images and labels for 3 classes; continuous values, so no ties."""
    rng = np.random.default_rng(seed)
    return rng.standard_normal(shape), rng.integers(0, 3, shape[0])


def _assert_gradients(network, X, y):
    result = gradient_check(network, X, y)
    assert result.difference < TOLERANCE, str(result)
    assert all(value < TOLERANCE for value in result.per_parameter.values()), str(result)
    return result


def _input_gradient_difference(layer, A_prev, seed=1, epsilon=1e-6) -> float:
    """Check ``dA_prev`` of a built layer against central differences of ``Σ G·A``."""
    G = np.random.default_rng(seed).standard_normal(layer.forward(A_prev, True).shape)
    layer.forward(A_prev, True)
    analytic = layer.backward(G.copy())
    numerical = np.empty_like(A_prev)
    for index in np.ndindex(A_prev.shape):
        original = A_prev[index]
        A_prev[index] = original + epsilon
        plus = np.sum(G * layer.forward(A_prev, True))
        A_prev[index] = original - epsilon
        minus = np.sum(G * layer.forward(A_prev, True))
        A_prev[index] = original
        numerical[index] = (plus - minus) / (2 * epsilon)
    return relative_difference(analytic, numerical)


# -- finite-difference gradient checks -----------------------------------------------------
@pytest.mark.parametrize("padding", ["valid", "same", 1])
@pytest.mark.parametrize("stride", [1, 2, (2, 1)])
def test_conv2d_gradients(padding, stride):
    # a first Conv2D makes the second one's dA_prev matter; C_in = 2, then 3
    layers = [
        Conv2D(3, 3, padding="same"),
        Conv2D(4, (3, 2), stride=stride, padding=padding),
        Flatten(),
        Dense(3),
    ]
    network = _network(layers, (7, 6, 2), n_models=2, regularizers=L2(0.7))
    _assert_gradients(network, *_images((4, 7, 6, 2)))


@pytest.mark.parametrize(
    "pool",
    [
        MaxPool2D(2),
        MaxPool2D(3, stride=1),
        MaxPool2D((2, 3), (1, 2)),
        AvgPool2D(2),
        AvgPool2D(3, stride=1),
        AvgPool2D((3, 2), (2, 1)),
    ],
)
def test_pooling_gradients(pool):
    network = _network(
        [Conv2D(3, 2, padding="same"), pool, Flatten(), Dense(3)], (7, 6, 2), n_models=2
    )
    _assert_gradients(network, *_images((4, 7, 6, 2)))


def test_flatten_gradients():
    network = _network([Conv2D(2, 3), Flatten(), Dense(3)], (5, 4, 2), n_models=2)
    _assert_gradients(network, *_images((4, 5, 4, 2)))


@pytest.mark.parametrize(
    "layer",
    [
        MaxPool2D(2),
        MaxPool2D(3, stride=1),
        AvgPool2D(2),
        AvgPool2D((2, 3), stride=(1, 2)),
        Flatten(),
    ],
)
def test_input_gradients_of_layers_without_weights(layer):
    A_prev = np.random.default_rng(0).standard_normal((2, 3, 7, 6, 2))
    layer.build((7, 6, 2), 2)
    assert _input_gradient_difference(layer, A_prev) < TOLERANCE


@pytest.mark.parametrize("padding, stride", [("valid", 1), ("same", 2), (2, 3)])
def test_conv2d_input_gradient(padding, stride):
    network = _network(
        [Conv2D(2, 3, padding="same"), Conv2D(3, 3, stride, padding), Flatten(), Dense(3)],
        (7, 6, 2),
        n_models=2,
    )
    conv = network.layers[1]
    A_prev = np.random.default_rng(0).standard_normal((2, 3, 7, 6, 2))
    assert _input_gradient_difference(conv, A_prev) < TOLERANCE


def test_whole_cnn_with_l2():
    layers = [Conv2D(4, 3, padding="same"), ReLU(), MaxPool2D(2), Flatten(), Dense(3)]
    network = _network(layers, (6, 6, 1), n_models=2, seed=[4, 9], regularizers=L2(0.5))
    result = _assert_gradients(network, *_images((5, 6, 6, 1)))
    assert set(result.per_parameter) == {"W1", "b1", "W2", "b2"}


# -- closed forms --------------------------------------------------------------------------
def _image_4x4() -> np.ndarray:
    """One 4x4 one-channel image, pixel (y, x) = 4y + x, as (K=1, m=1, 4, 4, 1)."""
    return np.arange(16.0).reshape(1, 1, 4, 4, 1)


def _single_conv(kernel: np.ndarray, bias: float, **options) -> Conv2D:
    network = _network([Conv2D(1, kernel.shape, **options), Flatten(), Dense(1)], (4, 4, 1))
    conv = network.layers[0]
    conv.params["W"][0, 0, :, :, 0] = kernel
    conv.params["b"][0] = bias
    return conv


def test_conv2d_on_a_hand_made_image():
    box = _single_conv(np.ones((3, 3)), 0.5)  # each output: the 3x3 sum, 9·(4y + x + 5)
    np.testing.assert_allclose(
        box.forward(_image_4x4(), False)[0, 0, :, :, 0], [[45.5, 54.5], [81.5, 90.5]]
    )
    # a cross-correlation: a kernel with 1 at its top-left corner reads the window's
    # top-left pixel (a flipped, "true" convolution would read the bottom-right one)
    corner = np.zeros((3, 3))
    corner[0, 0] = 1.0
    np.testing.assert_allclose(
        _single_conv(corner, 0.0).forward(_image_4x4(), False)[0, 0, :, :, 0], [[0, 1], [4, 5]]
    )


def test_conv2d_same_padding_and_stride_by_hand():
    same = _single_conv(np.ones((3, 3)), 0.0, padding="same").forward(_image_4x4(), False)
    assert same.shape == (1, 1, 4, 4, 1)
    assert same[0, 0, 0, 0, 0] == 0 + 1 + 4 + 5  # the corner window sees four pixels
    assert same[0, 0, 1, 1, 0] == 9 * 5
    # stride 2 with "same": out = ceil(4 / 2) = 2, one pixel of padding, at the bottom/right
    strided = _single_conv(np.ones((3, 3)), 0.0, padding="same", stride=2)
    assert strided.pads == ((0, 1), (0, 1))
    np.testing.assert_allclose(
        strided.forward(_image_4x4(), False)[0, 0, :, :, 0],
        [[45, 2 + 3 + 6 + 7 + 10 + 11], [8 + 9 + 10 + 12 + 13 + 14, 10 + 11 + 14 + 15]],
    )


def test_pooling_on_a_hand_made_image():
    image = _image_4x4()
    for layer, expected in [
        (MaxPool2D(2), [[5, 7], [13, 15]]),
        (AvgPool2D(2), [[2.5, 4.5], [10.5, 12.5]]),
        (MaxPool2D(3, stride=1), [[10, 11], [14, 15]]),
    ]:
        layer.build((4, 4, 1), 1)
        np.testing.assert_allclose(layer.forward(image, False)[0, 0, :, :, 0], expected)


def test_max_pooling_routes_the_gradient_to_the_first_maximum():
    pool = MaxPool2D(2)
    pool.build((2, 2, 1), 1)
    pool.forward(np.full((1, 1, 2, 2, 1), 3.0), True)  # a four-way tie
    dA_prev = pool.backward(np.full((1, 1, 1, 1, 1), 1.0))
    np.testing.assert_array_equal(dA_prev[0, 0, :, :, 0], [[1, 0], [0, 0]])
    # overlapping windows with ties (as after a ReLU): each picks its top-most, left-most
    # maximum; PyTorch's CPU max_pool2d gives the same gradient
    image = np.array([[0, 1, 1], [0, 0, 0], [0, 0, 0]], dtype=float).reshape(1, 1, 3, 3, 1)
    pool = MaxPool2D(2, stride=1)
    pool.build((3, 3, 1), 1)
    pool.forward(image, True)
    dA_prev = pool.backward(np.ones((1, 1, 2, 2, 1)))
    np.testing.assert_array_equal(dA_prev[0, 0, :, :, 0], [[0, 2, 0], [1, 1, 0], [0, 0, 0]])


def test_overlapping_windows_accumulate_their_gradients():
    image = np.zeros((1, 1, 3, 3, 1))
    image[0, 0, 1, 1, 0] = 1.0  # the centre is the maximum of all four 2x2 windows
    pool = MaxPool2D(2, stride=1)
    pool.build((3, 3, 1), 1)
    pool.forward(image, True)
    dA_prev = pool.backward(np.arange(1.0, 5.0).reshape(1, 1, 2, 2, 1))
    assert dA_prev[0, 0, 1, 1, 0] == 1 + 2 + 3 + 4
    assert np.count_nonzero(dA_prev) == 1
    mean = AvgPool2D(2, stride=1)
    mean.build((3, 3, 1), 1)
    mean.forward(image, True)
    dA_prev = mean.backward(np.ones((1, 1, 2, 2, 1)))
    np.testing.assert_allclose(
        dA_prev[0, 0, :, :, 0], np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]]) / 4
    )


# -- shapes, initialization, constraints -----------------------------------------------------
@pytest.mark.parametrize(
    "layer, input_shape, expected",
    [
        (Conv2D(5, 3), (8, 8, 1), (6, 6, 5)),
        (Conv2D(5, 3, padding="same"), (8, 8, 1), (8, 8, 5)),
        (Conv2D(5, 3, stride=2, padding="same"), (7, 8, 2), (4, 4, 5)),
        (Conv2D(5, (3, 1), stride=2), (7, 8, 2), (3, 4, 5)),
        (Conv2D(5, 3, padding=2), (4, 4, 3), (6, 6, 5)),
        (MaxPool2D(2), (7, 8, 3), (3, 4, 3)),
        (AvgPool2D(3, stride=1), (7, 8, 3), (5, 6, 3)),
        (MaxPool2D((2, 4), stride=(1, 2)), (7, 8, 3), (6, 3, 3)),
        (Flatten(), (7, 8, 3), (168,)),
    ],
)
def test_output_shapes(layer, input_shape, expected):
    assert layer.build(input_shape, 2) == expected
    K, m = 2, 3
    A_prev = np.random.default_rng(0).standard_normal((1, m) + input_shape)
    if layer.param_specs():
        network = Network([layer, Flatten(), Dense(2)], n_models=K).build(input_shape)
        assert network.layers[0] is layer
    else:
        K = 1
    assert layer.forward(A_prev, True).shape == (K, m) + expected


def test_conv2d_parameters_and_he_initialization():
    network = _network([Conv2D(64, 3), Flatten(), Dense(2)], (5, 5, 8), n_models=2)
    W, b = network.parameters()["W1"], network.parameters()["b1"]
    assert W.shape == (2, 64, 3, 3, 8) and b.shape == (2, 64)
    assert np.shares_memory(W, network.theta)
    assert np.std(W) == pytest.approx(np.sqrt(2 / (3 * 3 * 8)), rel=0.05)
    assert np.all(b == 0) and not np.allclose(W[0], W[1])


def test_max_norm_bounds_each_filter():
    network = _network(
        [Conv2D(6, 3), Flatten(), Dense(2)], (5, 5, 4), n_models=2, regularizers=MaxNorm(0.5)
    )
    network.apply_constraints(np.ones(2), 10)
    norms = np.sqrt(np.sum(network.parameters()["W1"] ** 2, axis=(2, 3, 4)))
    assert norms.shape == (2, 6)
    np.testing.assert_allclose(norms, 0.5)  # He filters of 36 weights all start above 0.5


# -- bad input -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "make, error, message",
    [
        (lambda: Conv2D(2, 3, stride=0), ValueError, "stride must be >= 1, got 0"),
        (
            lambda: Conv2D(2, 3, padding="full"),
            ValueError,
            "padding must be one of 'valid', 'same', got 'full'",
        ),
        (lambda: Conv2D(2, 3, padding=-1), ValueError, "padding must be >= 0, got -1"),
        (lambda: Conv2D(0, 3), ValueError, "filters must be >= 1, got 0"),
        (
            lambda: Conv2D(2, (3, 3, 3)),
            ValueError,
            "kernel_size must be an int or a pair of ints, got (3, 3, 3)",
        ),
        (lambda: Conv2D(2, 2.5), TypeError, "kernel_size must be an integer, got 2.5"),
        (lambda: MaxPool2D(2, stride=0), ValueError, "stride must be >= 1, got 0"),
        (lambda: AvgPool2D(0), ValueError, "pool_size must be >= 1, got 0"),
    ],
)
def test_bad_arguments(make, error, message):
    with pytest.raises(error) as info:
        make()
    assert str(info.value) == message


@pytest.mark.parametrize(
    "layer, input_shape, message",
    [
        (Conv2D(2, 5), (4, 4, 1), "kernel_size must fit in the padded input (4, 4), got (5, 5)"),
        (
            Conv2D(2, 5, padding=1),
            (2, 6, 1),
            "kernel_size must fit in the padded input (4, 8), got (5, 5)",
        ),
        (MaxPool2D(3), (2, 5, 1), "pool_size must fit in the input (2, 5), got (3, 3)"),
        (
            Conv2D(2, 3),
            (8, 8),
            "Conv2D expects per-example inputs of shape (H, W, C), got (8, 8); "
            "pass one-channel images as (n, H, W, 1), e.g. X[..., None]",
        ),
    ],
)
def test_bad_input_shapes(layer, input_shape, message):
    with pytest.raises(ValueError) as info:
        layer.build(input_shape, 1)
    assert str(info.value) == message


def test_three_dimensional_images_are_refused_when_training():
    X = np.zeros((6, 8, 8))
    network = Network([Conv2D(2, 3), Flatten(), Dense(3)], loss="softmax_crossentropy")
    with pytest.raises(ValueError, match=r"pass one-channel images as \(n, H, W, 1\)"):
        fit(network, X, np.arange(6) % 3, epochs=1)


# -- stacks, training, saving ------------------------------------------------------------------
def _digits():
    digits = load_digits()
    return digits.images[..., None] / 16.0, digits.target  # (1797, 8, 8, 1), (1797,)


def _small_cnn(n_models, seed, keep_prob=1.0) -> Network:
    layers = [
        Conv2D(4, 3, padding="same"),
        ReLU(),
        MaxPool2D(2),
        Dropout(keep_prob),
        Conv2D(6, 2, stride=2, padding="valid"),
        ReLU(),
        Flatten(),
        Dense(10),
    ]
    return Network(
        layers, loss="softmax_crossentropy", regularizers=L2(0.1), n_models=n_models, seed=seed
    )


def test_a_stack_equals_its_models_trained_alone():
    X, y = _digits()
    X, y = X[:256], y[:256]
    seeds = [3, 7, 11]
    stack = _small_cnn(3, seeds, keep_prob=0.9)
    fit(stack, X, y, optimizer=Adam(0.01), epochs=3, batch_size=32)
    logits = stack.logits(X[:50])  # a (1, m, ...) input broadcast against 3 models
    for k, seed in enumerate(seeds):
        alone = _small_cnn(1, seed, keep_prob=0.9)
        fit(alone, X, y, optimizer=Adam(0.01), epochs=3, batch_size=32)
        assert relative_difference(stack.theta[k], alone.theta[0]) < 1e-10
        assert relative_difference(logits[k], alone.logits(X[:50])[0]) < 1e-10
    assert not np.allclose(stack.theta[0], stack.theta[1])


def test_a_small_cnn_learns_the_digits():
    X, y = _digits()
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.25, random_state=0, stratify=y
    )
    layers = [Conv2D(8, 3, padding="same"), ReLU(), MaxPool2D(2), Flatten(), Dense(10)]
    network = Network(layers, loss="softmax_crossentropy", n_models=2, seed=0)
    fit(network, X_train, y_train, optimizer=Adam(0.005), epochs=8, batch_size=32)
    accuracy = network.evaluate(X_test, y_test)["accuracy"]
    assert np.all(accuracy > 0.9), accuracy


def test_save_and_load_a_cnn(tmp_path):
    X, y = _digits()
    network = _small_cnn(2, [1, 2])
    network.layers[4].regularizer = [MaxNorm(2.0)]
    fit(network, X[:64], y[:64], epochs=1, batch_size=32)
    loaded = load(save(network, tmp_path / "cnn"))
    assert repr(loaded) == repr(network)
    np.testing.assert_array_equal(loaded.theta, network.theta)
    np.testing.assert_array_equal(loaded.logits(X[:20]), network.logits(X[:20]))
    for layer, twin in zip(network.layers, loaded.layers, strict=True):
        assert twin.get_config() == layer.get_config()
    assert isinstance(loaded.layers[4].regularizer[0], MaxNorm)


def test_a_pickled_cnn_keeps_its_layers_bound_to_theta():
    X, y = _digits()
    network = _small_cnn(2, [1, 2])
    fit(network, X[:64], y[:64], epochs=1, batch_size=32)
    copy = pickle.loads(pickle.dumps(network))
    np.testing.assert_array_equal(copy.logits(X[:20]), network.logits(X[:20]))
    fit(copy, X[:64], y[:64], epochs=1, batch_size=32, warm_start=True)
    assert not np.array_equal(copy.theta, network.theta)
    assert np.shares_memory(copy.layers[0].W_mat, copy.theta)


def test_configs_rebuild_the_layers():
    for layer in (
        Conv2D(8, (3, 2), stride=2, padding=1, initializer="xavier"),
        MaxPool2D(3, stride=(1, 2)),
        AvgPool2D(),
        Flatten(),
    ):
        twin = LAYER_TYPES[type(layer).__name__](**layer.get_config())
        assert twin.get_config() == layer.get_config()
    assert repr(Conv2D(8, 3, padding="same")) == (
        "Conv2D(filters=8, kernel_size=(3, 3), stride=(1, 1), padding='same', initializer='he')"
    )
    assert repr(MaxPool2D()) == "MaxPool2D(pool_size=(2, 2), stride=(2, 2))"
    assert repr(Flatten()) == "Flatten()"
