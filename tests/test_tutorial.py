"""End-to-end: the tutorial's printed numbers, reproduced through the public API.

The expected values are the ones the tutorial prints (seed README, section 5); they are
the specification, not outputs of reglab.
"""

import numpy as np
import pytest
import sklearn.datasets

from reglab.experiments.tutorial import reproduce, tutorial_data

MOMENTUM = [
    0.690741,
    0.685341,
    0.647145,
    0.619594,
    0.576665,
    0.607324,
    0.529476,
    0.460936,
    0.465780,
    0.464740,
]
ADAM = [
    0.690552,
    0.185501,
    0.150830,
    0.074454,
    0.125959,
    0.104344,
    0.100676,
    0.031652,
    0.111973,
    0.197940,
]


def test_the_data_is_the_tutorials():
    state = np.random.get_state()  # noqa: NPY002 (the tutorial's own global seeding)
    try:
        np.random.seed(3)  # noqa: NPY002
        X, y = sklearn.datasets.make_moons(n_samples=300, noise=0.2)
    finally:
        np.random.set_state(state)  # noqa: NPY002
    X_ours, y_ours = tutorial_data()
    np.testing.assert_array_equal(X, X_ours)
    np.testing.assert_array_equal(y, y_ours)


@pytest.mark.parametrize(
    "optimizer, printed, accuracy",
    [("momentum", MOMENTUM, 0.7966666666666666), ("adam", ADAM, 0.94)],
)
def test_printed_costs_and_accuracy(optimizer, printed, accuracy):
    run = reproduce(optimizer)
    assert [f"{c:.6f}" for c in run.printed.values()] == [f"{c:.6f}" for c in printed]
    assert list(run.printed) == list(range(0, 10_000, 1000))
    assert run.accuracy == accuracy
    assert run.lines()[-1] == f"Accuracy: {accuracy}"


def test_plain_minibatch_gradient_descent():
    run = reproduce("gd")
    assert run.accuracy == 0.7966666666666666
    assert f"{run.printed[0]:.6f}" == "0.690736"


def test_reproduce_rejects_unknown_optimizers():
    with pytest.raises(
        ValueError, match=r"optimizer must be one of 'gd', 'momentum', 'adam', got 'sgd'"
    ):
        reproduce("sgd")


def test_gd_and_momentum_in_one_stack_equal_their_runs_alone():
    from reglab.experiments.tutorial import reproduce_many

    together = reproduce_many(["momentum", "gd"], epochs=1200)
    for run in together:
        alone = reproduce(run.optimizer, epochs=1200)
        np.testing.assert_array_equal(run.costs, alone.costs)
        assert run.accuracy == alone.accuracy
