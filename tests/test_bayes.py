"""The Bayes error of the generated data sets, against the Bayes classifier's measured error."""

import numpy as np
import pytest
from scipy.stats import norm
from sklearn.datasets import make_moons

from reglab.data.bayes import _centres, _density, _posterior_0, bayes_error, moons_bayes_error
from reglab.data.datasets import GENERATED, load_dataset


@pytest.mark.parametrize("noise", [0.2, 0.35])
def test_estimate_matches_the_bayes_classifiers_error_on_fresh_data(noise):
    estimate = moons_bayes_error(noise)
    X, y = make_moons(40_000, noise=noise, random_state=5)
    outer, inner = _centres(np.linspace(0, np.pi, 400))
    predicted = np.concatenate(
        [
            _density(X[i : i + 4000], inner, noise) > _density(X[i : i + 4000], outer, noise)
            for i in range(0, len(X), 4000)
        ]
    )
    measured = np.mean(predicted != y)
    standard_error = np.sqrt(measured * (1 - measured) / len(y))
    assert abs(estimate - measured) < 4 * standard_error + 0.003


def test_more_noise_more_error():
    assert moons_bayes_error(0.1) < moons_bayes_error(0.2) < moons_bayes_error(0.35)


def test_bad_noise():
    with pytest.raises(ValueError, match=r"noise must be > 0, got 0"):
        moons_bayes_error(0)


def test_gaussians_bayes_error_is_the_closed_form():
    # two round clouds of standard deviation s around (-1, -1) and (1, 1): the Bayes
    # classifier errs with probability Phi(-d / (2 s)), d = 2 sqrt(2) the centres' distance
    assert bayes_error("gaussians", 1.0) == pytest.approx(norm.cdf(-np.sqrt(2)), abs=0.004)


@pytest.mark.parametrize("name", ["circle", "xor", "spiral"])
def test_bayes_error_matches_the_bayes_classifiers_error_on_fresh_data(name):
    estimate = bayes_error(name, 0.3)
    centres = load_dataset(name, n_samples=2000, noise=0.0, random_state=0)
    fresh = load_dataset(name, n_samples=20_000, noise=0.3, random_state=11)
    predicted = _posterior_0(fresh.X, centres.X, centres.y, 0.3) < 0.5
    measured = np.mean(predicted != fresh.y)
    standard_error = np.sqrt(measured * (1 - measured) / len(fresh.y))
    assert abs(estimate - measured) < 4 * standard_error + 0.005


def test_bayes_error_of_every_generated_data_set():
    assert bayes_error("moons", 0.35) == moons_bayes_error(0.35)
    assert [bayes_error(name, 0.0) for name in GENERATED] == [0.0] * len(GENERATED)
    assert bayes_error("spiral", 0.05) < bayes_error("spiral", 0.3)
    assert bayes_error("circle", 0.001) == 0.0  # far from every centre: no 0 / 0
    with pytest.raises(ValueError, match=r"dataset must be one of 'moons', .*, got 'iris'"):
        bayes_error("iris", 0.3)
