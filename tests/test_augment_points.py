"""Tests of the point-cloud transforms of reglab.data.augment and of the online / offline
helpers on 2-D data sets."""

import copy
import re

import numpy as np
import pytest

from reglab.data.augment import (
    Compose,
    HorizontalFlip,
    Jitter,
    JitterParams,
    Symmetry,
    SymmetryParams,
    augment_batch,
    expand_offline,
)


def rng(seed=0):
    return np.random.default_rng(seed)


def points(n=50, seed=1):
    return rng(seed).normal(size=(n, 2))


def symmetry_params(names, chosen, angle=0.0):
    """Parameters that give every point the symmetry ``chosen``."""
    n = 3
    return SymmetryParams(
        applied=np.ones(n, dtype=bool),
        choice=np.full(n, names.index(chosen)),
        angle=np.full(n, angle),
    )


X3 = np.array([[1.0, 2.0], [-3.0, 0.5], [0.0, -1.0]])


# --- jitter ------------------------------------------------------------------------------


def test_jitter_with_std_zero_is_identity():
    X = points()
    np.testing.assert_array_equal(Jitter(std=0.0)(X, rng()), X)


def test_jitter_adds_the_drawn_noise_and_has_the_requested_spread():
    X = points(20000)
    jitter = Jitter(std=0.3)
    params = jitter.draw(len(X), rng())
    out = jitter.apply(X, params)
    np.testing.assert_allclose(out, X + params.noise)
    assert params.noise.std() == pytest.approx(0.3, rel=0.02)


def test_jitter_hand_written_params():
    params = JitterParams(applied=[True, False, True], noise=[[1, 1], [1, 1], [0.5, -1]])
    out = Jitter().apply(X3, params)
    np.testing.assert_allclose(out, [[2.0, 3.0], [-3.0, 0.5], [0.5, -2.0]])


# --- symmetries --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("reflect_x", [[-1.0, 2.0], [3.0, 0.5], [0.0, -1.0]]),
        ("reflect_y", [[1.0, -2.0], [-3.0, -0.5], [0.0, 1.0]]),
        ("rotate_180", [[-1.0, -2.0], [3.0, -0.5], [0.0, 1.0]]),
    ],
)
def test_each_fixed_symmetry_closed_form(name, expected):
    sym = Symmetry(names=("reflect_x", "reflect_y", "rotate_180"))
    out = sym.apply(X3, symmetry_params(sym.names, name))
    np.testing.assert_allclose(out, expected, atol=1e-15)


def test_rotate_turns_counter_clockwise_by_the_drawn_angle():
    sym = Symmetry(names=("rotate",))
    quarter = sym.apply(X3, symmetry_params(sym.names, "rotate", np.pi / 2))
    np.testing.assert_allclose(quarter, [[-2.0, 1.0], [-0.5, -3.0], [1.0, 0.0]], atol=1e-12)


def test_rotate_keeps_norms_and_draws_angles_in_a_full_turn():
    X = points(1000)
    sym = Symmetry(names=("rotate",))
    params = sym.draw(len(X), rng())
    out = sym.apply(X, params)
    np.testing.assert_allclose(np.linalg.norm(out, axis=1), np.linalg.norm(X, axis=1))
    assert 0 <= params.angle.min() and params.angle.max() < 2 * np.pi


def test_symmetries_are_chosen_uniformly_and_are_involutions():
    sym = Symmetry(names=("reflect_x", "reflect_y", "rotate_180"))
    params = sym.draw(6000, rng())
    counts = np.bincount(params.choice, minlength=3) / 6000
    np.testing.assert_allclose(counts, 1 / 3, atol=0.03)
    X = points(6000)
    np.testing.assert_allclose(sym.apply(sym.apply(X, params), params), X, atol=1e-12)


# --- shared properties -------------------------------------------------------------------


@pytest.mark.parametrize("transform", [Jitter(std=0.2), Symmetry(names=("rotate", "reflect_x"))])
def test_seeded_pure_and_probabilities(transform):
    transform = copy.deepcopy(transform)  # the parametrized instance is shared
    X = points()
    kept = X.copy()
    np.testing.assert_array_equal(transform(X, rng(3)), transform(X, rng(3)))
    assert not np.allclose(transform(X, rng(3)), transform(X, rng(4)))
    np.testing.assert_array_equal(X, kept)
    transform.p = 0.0
    np.testing.assert_array_equal(transform(X, rng()), X)
    transform.p = 1.0
    assert transform.draw(100, rng()).applied.all()


def test_reprs():
    assert repr(Jitter(std=0.1)) == "Jitter(std=0.1, p=1.0)"
    assert repr(Symmetry(names=["rotate"])) == "Symmetry(names=('rotate',), p=1.0)"


# --- online and offline ------------------------------------------------------------------


def test_augment_batch_on_a_stack_of_model_batches():
    stacked = rng(7).normal(size=(4, 16, 2))  # K=4 models, batch 16
    chain = Compose([Symmetry(names=("rotate",)), Jitter(std=0.1)])
    out = augment_batch(chain, stacked, rng(1))
    assert out.shape == stacked.shape
    flat = augment_batch(chain, stacked.reshape(64, 2), rng(1))
    np.testing.assert_array_equal(out, flat.reshape(4, 16, 2))
    np.testing.assert_array_equal(augment_batch(chain, stacked, rng(1), training=False), stacked)


def test_expand_offline_points_size_and_labels():
    X, y = points(30), np.arange(30) % 2
    X_new, y_new = expand_offline(Symmetry(names=("rotate_180",)), X, y, 3, rng())
    assert X_new.shape == (90, 2) and y_new.shape == (90,)
    np.testing.assert_array_equal(X_new[:30], X)
    np.testing.assert_allclose(X_new[30:60], -X)
    np.testing.assert_array_equal(y_new, np.tile(y, 3))
    X_same, y_same = expand_offline(Jitter(), X, y, 1, rng())
    np.testing.assert_array_equal(X_same, X)
    assert X_same is not X


# --- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: Jitter(std=-1), ValueError, "std must be >= 0, got -1"),
        (lambda: Jitter(p=2), ValueError, "p must be in [0, 1], got 2"),
        (
            lambda: Symmetry(names=("reflect_z",)),
            ValueError,
            "names must be one of 'reflect_x', 'reflect_y', 'rotate', 'rotate_180', "
            "got 'reflect_z'",
        ),
        (
            lambda: Symmetry(names="rotate"),
            ValueError,
            "names must be a non-empty sequence of names, got 'rotate'",
        ),
        (lambda: Jitter()(np.zeros((5, 3)), rng()), ValueError, "X must have 2 columns (x, y), "),
        (
            lambda: Jitter()(np.array([[0.0, np.nan]]), rng()),
            ValueError,
            "X must contain only finite values, got 1 NaN or infinite",
        ),
        (
            lambda: augment_batch(Jitter(), np.zeros((4, 2)), rng(), image_shape=(1, 2)),
            ValueError,
            "image_shape is only for image transforms, got (1, 2)",
        ),
        (
            lambda: augment_batch(Jitter(), np.zeros(4), rng()),
            ValueError,
            "X must have 2 or 3 dimensions, got shape (4,)",
        ),
        (
            lambda: expand_offline(Jitter(), np.zeros((4, 2)), np.zeros(4), 0, rng()),
            ValueError,
            "factor must be >= 1, got 0",
        ),
        (
            lambda: expand_offline(Jitter(), np.zeros((4, 2)), np.zeros(4), 2.0, rng()),
            TypeError,
            "factor must be an integer, got 2.0",
        ),
        (
            lambda: expand_offline(Jitter(), np.zeros((4, 2)), np.zeros(3), 2, rng()),
            ValueError,
            "y must have one label per example of X (4), got shape (3,)",
        ),
        (
            lambda: augment_batch(len, np.zeros((4, 2)), rng()),
            TypeError,
            "transform must be a Transform, got builtin_function_or_method",
        ),
        (
            lambda: Compose([Jitter(), HorizontalFlip()]),
            ValueError,
            "transforms must all be of one kind, got kinds ['image', 'points']",
        ),
        (
            lambda: Jitter().draw(-1, rng()),
            ValueError,
            "n must be >= 0, got -1",
        ),
    ],
)
def test_bad_input_is_named_with_its_value(call, error, message):
    with pytest.raises(error, match=re.escape(message)):
        call()
