"""Online augmentation in the training loop: new variants every epoch, reproducible, per model."""

import numpy as np

from reglab.data.augment import Jitter
from reglab.data.batches import MiniBatches
from reglab.data.datasets import make_moons
from reglab.nn import mlp
from reglab.train import fit

DATA = make_moons(40, noise=0.1, random_state=0)


def record(seeds, epochs=2):
    """Train with a jitter that records every batch it returns, per model."""
    jitter, seen = Jitter(0.1), []

    def augment(X_batch, rng):
        out = jitter(X_batch, rng)
        seen.append(out)
        return out

    network = mlp([2, 4, 1], n_models=len(seeds), seed=seeds)
    fit(
        network,
        DATA.X,
        DATA.y,
        epochs=epochs,
        batches=MiniBatches(None, shuffle=False),
        augment=augment,
    )
    return seen, network


def test_every_epoch_sees_new_variants_of_the_same_examples():
    seen, _ = record([3])
    first, second = seen  # full batch, no shuffling: the same 40 examples twice
    assert not np.allclose(first, second)
    for batch in (first, second):
        assert np.all(np.abs(batch - DATA.X) < 0.6)  # jittered copies, not other points


def test_the_same_seed_gives_the_same_variants():
    a, _ = record([3])
    b, _ = record([3])
    for x, y in zip(a, b, strict=True):
        np.testing.assert_array_equal(x, y)


def test_each_model_of_a_stack_draws_its_own_variants_as_it_would_alone():
    seen, stack = record([3, 4])
    alone, single = record([4])
    np.testing.assert_array_equal(seen[1], alone[0])  # call order: model 0, model 1 per batch
    assert not np.allclose(seen[0], seen[1])
    np.testing.assert_array_equal(stack.theta[1], single.theta[0])
