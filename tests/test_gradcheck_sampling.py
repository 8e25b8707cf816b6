"""Gradient checks of large networks: a random sample of coordinates, said in the output."""

import numpy as np

from reglab.cli import main
from reglab.diagnose.gradcheck import gradient_check
from reglab.nn import mlp


def _data(n_in, rng):
    return rng.standard_normal((8, n_in)), rng.integers(0, 2, 8)


def test_a_sample_of_coordinates_agrees_with_the_full_check():
    rng = np.random.default_rng(0)
    X, y = _data(30, rng)
    network = mlp([30, 20, 1], activation="tanh", seed=0)
    full = gradient_check(network, X, y)
    sample = gradient_check(network, X, y, max_coordinates=40, random_state=1)
    assert sample.checked == 40 and sample.n_params == network.n_params == 641
    assert full.checked is None and sample.passed
    checked = ~np.isnan(sample.numerical[0])
    assert checked.sum() == 40
    # every parameter array gets its share: all of b2 (1 value), 13 of each of the others
    sizes = {name: int(checked[cols].sum()) for name, cols in network.slices.items()}
    assert sorted(sizes.values()) == [1, 13, 13, 13]
    np.testing.assert_array_equal(sample.numerical[:, checked], full.numerical[:, checked])
    assert "on 40 of the 641 parameters, drawn at random" in str(sample)


def test_a_network_smaller_than_the_sample_is_checked_whole():
    rng = np.random.default_rng(0)
    X, y = _data(4, rng)
    result = gradient_check(mlp([4, 5, 3, 1], seed=0), X, y, max_coordinates=1000)
    assert result.checked is None and "drawn at random" not in str(result)


def test_the_command_samples_a_large_network_and_says_so(capsys):
    # `reglab gradcheck --layers 2000 2000 1` used to run for more than five minutes silently
    assert main(["gradcheck", "--layers", "300", "300", "1", "--max-coordinates", "60"]) == 0
    out = capsys.readouterr().out
    assert "gradient check passed" in out
    assert "on 60 of the 90,601 parameters, drawn at random" in out
