"""Closed-form checks of each optimizer's first steps and of the learning-rate schedules."""

import math

import numpy as np
import pytest

from reglab.optim import (
    SGD,
    Adam,
    AdamW,
    CosineDecay,
    ExponentialDecay,
    InverseTimeDecay,
    Momentum,
    Nesterov,
    RMSprop,
    StaircaseDecay,
    get_optimizer,
)

G1 = np.array([[0.5, -2.0, 0.0]])
G2 = np.array([[0.1, 1.0, -3.0]])


def two_steps(optimizer, theta0=(1.0, 2.0, -1.0), penalized=None):
    theta = np.array([theta0], dtype=float)
    optimizer.reset(theta, penalized)
    optimizer.step(theta, G1.copy())
    first = theta.copy()
    optimizer.step(theta, G2.copy())
    return first, theta


def test_sgd():
    first, second = two_steps(SGD(0.1))
    np.testing.assert_allclose(first, [[1 - 0.05, 2 + 0.2, -1.0]])
    np.testing.assert_allclose(second, first - 0.1 * G2)


def test_momentum_average_form_is_the_tutorials():
    lr, beta = 0.1, 0.9
    first, second = two_steps(Momentum(lr, beta))
    v1 = (1 - beta) * G1
    v2 = beta * v1 + (1 - beta) * G2
    np.testing.assert_allclose(first, [[1, 2, -1]] - lr * v1)
    np.testing.assert_allclose(second, first - lr * v2)


def test_momentum_heavy_ball_form():
    lr, beta = 0.1, 0.9
    first, second = two_steps(Momentum(lr, beta, form="heavy_ball"))
    v1 = G1
    v2 = beta * v1 + G2
    np.testing.assert_allclose(first, [[1, 2, -1]] - lr * v1)
    np.testing.assert_allclose(second, first - lr * v2)


def test_heavy_ball_equals_average_form_with_rescaled_rate():
    _, average = two_steps(Momentum(0.1, 0.9))
    _, heavy = two_steps(Momentum(0.1 * (1 - 0.9), 0.9, form="heavy_ball"))
    np.testing.assert_allclose(average, heavy)


def test_nesterov():
    lr, beta = 0.1, 0.9
    first, second = two_steps(Nesterov(lr, beta))
    v1 = G1
    v2 = beta * v1 + G2
    np.testing.assert_allclose(first, [[1, 2, -1]] - lr * (G1 + beta * v1))
    np.testing.assert_allclose(second, first - lr * (G2 + beta * v2))


def test_rmsprop():
    lr, rho, eps = 0.01, 0.9, 1e-8
    first, second = two_steps(RMSprop(lr, rho, eps))
    s1 = (1 - rho) * G1**2
    s2 = rho * s1 + (1 - rho) * G2**2
    np.testing.assert_allclose(first, [[1, 2, -1]] - lr * G1 / (np.sqrt(s1) + eps))
    np.testing.assert_allclose(second, first - lr * G2 / (np.sqrt(s2) + eps))


@pytest.mark.parametrize("inside", [False, True])
def test_adam_with_bias_correction(inside):
    lr, b1, b2, eps = 0.01, 0.9, 0.999, 1e-8
    first, second = two_steps(Adam(lr, b1, b2, eps, epsilon_inside_sqrt=inside))
    m, v = np.zeros_like(G1), np.zeros_like(G1)
    theta = np.array([[1.0, 2.0, -1.0]])
    for t, g in enumerate((G1, G2), start=1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g**2
        m_hat, v_hat = m / (1 - b1**t), v / (1 - b2**t)
        denominator = np.sqrt(v_hat + eps) if inside else np.sqrt(v_hat) + eps
        theta = theta - lr * m_hat / denominator
        np.testing.assert_allclose((first, second)[t - 1], theta, rtol=1e-14)


def test_adam_first_step_has_size_lr():
    first, _ = two_steps(Adam(0.01))
    np.testing.assert_allclose(first[0, :2], [1 - 0.01, 2 + 0.01], rtol=1e-6)


def test_adamw_decays_only_penalized_weights():
    penalized = np.array([True, True, False])
    plain, _ = two_steps(Adam(0.01))
    decayed, _ = two_steps(AdamW(0.01, weight_decay=0.5), penalized=penalized)
    np.testing.assert_allclose(decayed[0, :2], plain[0, :2] - 0.01 * 0.5 * np.array([1.0, 2.0]))
    assert decayed[0, 2] == plain[0, 2]


def test_per_model_learning_rates_and_frozen_models():
    theta = np.ones((3, 2))
    optimizer = SGD([0.1, 0.2, 0.3])
    optimizer.reset(theta)
    optimizer.step(theta, np.ones((3, 2)), active=np.array([True, False, True]))
    np.testing.assert_allclose(theta[:, 0], [0.9, 1.0, 0.7])


def test_learning_rate_count_must_match_models():
    with pytest.raises(
        ValueError, match=r"learning_rate must have one value or one per model \(2\), got 3"
    ):
        SGD([0.1, 0.2, 0.3]).reset(np.ones((2, 4)))


@pytest.mark.parametrize(
    "schedule, epoch, factor",
    [
        (InverseTimeDecay(0.5), 4, 1 / 3),
        (StaircaseDecay(1.0, interval=10), 9, 1.0),
        (StaircaseDecay(1.0, interval=10), 10, 0.5),
        (StaircaseDecay(1.0, interval=10), 25, 1 / 3),
        (ExponentialDecay(0.5, interval=2), 4, 0.25),
        (CosineDecay(100, min_factor=0.1), 0, 1.0),
        (CosineDecay(100, min_factor=0.1), 50, 0.55),
        (CosineDecay(100, min_factor=0.1), 100, 0.1),
        (CosineDecay(100, min_factor=0.1), 500, 0.1),
    ],
)
def test_schedules(schedule, epoch, factor):
    assert math.isclose(schedule(epoch), factor)


def test_schedule_scales_the_step():
    optimizer = SGD(1.0, schedule=StaircaseDecay(1.0, interval=1))
    theta = np.zeros((1, 1))
    optimizer.reset(theta)
    optimizer.set_epoch(3)
    optimizer.step(theta, np.ones((1, 1)))
    assert theta[0, 0] == pytest.approx(-0.25)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: SGD(0.0), r"learning_rate must be > 0, got 0.0"),
        (lambda: SGD(-1), r"learning_rate must be > 0, got -1"),
        (lambda: Momentum(0.1, beta=1.0), r"beta must be in \[0, 1\), got 1"),
        (
            lambda: Momentum(0.1, form="polyak"),
            r"form must be one of 'average', 'heavy_ball', got 'polyak'",
        ),
        (lambda: Adam(0.1, beta2=1.5), r"beta2 must be in \[0, 1\), got 1.5"),
        (lambda: get_optimizer("adagrad"), r"optimizer must be one of .*'adam'.*, got 'adagrad'"),
        (lambda: StaircaseDecay(1.0, interval=0), r"interval must be >= 1, got 0"),
    ],
)
def test_bad_optimizer_arguments(make, message):
    with pytest.raises(ValueError, match=message):
        make()
