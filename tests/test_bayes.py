"""The Bayes error of the noisy moons, against the Bayes classifier's measured error."""

import numpy as np
import pytest
from sklearn.datasets import make_moons

from reglab.data.bayes import _centres, _density, moons_bayes_error


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
