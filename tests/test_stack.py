"""Model k of a stack ends with the same weights as the same model trained alone."""

import numpy as np
import pytest

from reglab.data.batches import MiniBatches
from reglab.data.datasets import make_moons
from reglab.nn import Dense, Dropout, Network, ReLU, Tanh
from reglab.optim import Adam, Momentum
from reglab.regularizers import L1, L2, MaxNorm
from reglab.train import EarlyStopping, fit

SEEDS = [3, 8, 21]
LAMS = [0.0, 0.3, 1.0]
KEEP = [1.0, 0.8, 0.6]
RATES = [0.01, 0.02, 0.005]


def build(seeds, lams, keep, n_models):
    layers = [Dense(16), ReLU(), Dropout(keep), Dense(8), Tanh(), Dropout(keep), Dense(1)]
    return Network(
        layers, regularizers=[L2(lams), L1(0.01), MaxNorm(4.0)], n_models=n_models, seed=seeds
    )


@pytest.fixture(scope="module")
def moons():
    train = make_moons(150, noise=0.3, random_state=0)
    dev = make_moons(100, noise=0.3, random_state=1)
    return train.X, train.y, dev.X, dev.y


def assert_same_models(stack, single, k):
    scale = np.linalg.norm(single.theta[0])
    assert np.linalg.norm(stack.theta[k] - single.theta[0]) / scale < 1e-10


def test_stack_equals_models_trained_alone(moons):
    X, y, X_dev, y_dev = moons
    stack = build(SEEDS, LAMS, KEEP, 3)
    fit(stack, X, y, optimizer=Adam(RATES), epochs=40, batch_size=32, dev=(X_dev, y_dev))
    for k in range(3):
        single = build([SEEDS[k]], LAMS[k], KEEP[k], 1)
        fit(single, X, y, optimizer=Adam(RATES[k]), epochs=40, batch_size=32, dev=(X_dev, y_dev))
        assert_same_models(stack, single, k)


def test_stack_equivalence_with_bootstrap_rows_and_early_stopping(moons):
    X, y, X_dev, y_dev = moons
    rows = np.random.default_rng(0).integers(0, len(X), size=(3, len(X)))
    stack = build(SEEDS, LAMS, KEEP, 3)
    stopper = EarlyStopping(patience=3)
    fit(
        stack,
        X,
        y,
        optimizer=Momentum(0.05),
        epochs=60,
        rows=rows,
        dev=(X_dev, y_dev),
        callbacks=[stopper],
    )
    for k in range(3):
        single = build([SEEDS[k]], LAMS[k], KEEP[k], 1)
        alone = EarlyStopping(patience=3)
        fit(
            single,
            X,
            y,
            optimizer=Momentum(0.05),
            epochs=60,
            rows=rows[k : k + 1],
            dev=(X_dev, y_dev),
            callbacks=[alone],
        )
        assert alone.best_epoch[0] == stopper.best_epoch[k]
        assert_same_models(stack, single, k)


def test_shared_legacy_order_broadcasts_the_batch(moons):
    X, y, _, _ = moons
    stack = build([1, 1], [0.0, 0.5], 1.0, 2)
    fit(stack, X, y, optimizer=Adam(0.01), epochs=5, batches=MiniBatches(40, legacy_seed=10))
    single = build([1], 0.5, 1.0, 1)
    fit(single, X, y, optimizer=Adam(0.01), epochs=5, batches=MiniBatches(40, legacy_seed=10))
    assert_same_models(stack, single, 1)


def test_same_seed_gives_the_same_run_and_another_seed_does_not(moons):
    X, y, _, _ = moons
    runs = []
    for seed in (4, 4, 5):
        network = build([seed], 0.1, 0.8, 1)
        fit(network, X, y, optimizer=Adam(0.01), epochs=5)
        runs.append(network.theta.copy())
    assert np.array_equal(runs[0], runs[1]) and not np.allclose(runs[0], runs[2])


@pytest.mark.parametrize("shared_order", [False, True])
def test_a_mixed_stack_equals_its_models_alone_bit_for_bit(moons, shared_order):
    # per-model keep_prob (1.0 included: that model draws no mask) and per-model λ; every
    # array has the same memory layout in the stack as alone, so no rounding differs
    X, y, _, _ = moons
    keep = [1.0, 0.9, 0.6, 1.0, 0.8, 0.6]
    lams = [0.0, 0.1, 1.0, 3.0, 0.0, 0.3]
    seeds = [11, 12, 13, 14, 15, 16]
    batches = MiniBatches(32, legacy_seed=10) if shared_order else MiniBatches(32)

    def trained(n, seed, lam, kp):
        layers = [Dense(16), ReLU(), Dropout(kp), Dense(8), Tanh(), Dropout(kp), Dense(1)]
        network = Network(layers, regularizers=L2(lam), n_models=n, seed=seed)
        fit(network, X, y, optimizer=Adam(0.01), epochs=15, batches=batches)
        return network

    stack = trained(6, seeds, lams, keep)
    for k in range(6):
        alone = trained(1, [seeds[k]], lams[k], keep[k])
        np.testing.assert_array_equal(stack.theta[k], alone.theta[0])
