"""Mini-batches: the order in which each model of a stack sees its training rows.

Each epoch every model gets a permutation of its rows (from its own batch generator), the
rows are split into consecutive batches of ``batch_size``, and the last, smaller batch is
kept. When every model would see the same order (one shared legacy order, no shuffling, or
models with the same seed) the order has a leading axis of 1 and the data are gathered once
for the whole stack.

The legacy mode reproduces the tutorial's order exactly: before epoch ``e`` (from 0) it
seeds NumPy with ``legacy_seed + e + 1`` and takes ``np.random.permutation(n)``; here a
private ``np.random.RandomState`` gives the same numbers without touching global state.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from reglab._validation import check_int

__all__ = ["MiniBatches"]


class MiniBatches:
    """How a training set is cut into mini-batches each epoch.

    Parameters
    ----------
    batch_size : int or None, default 64
        Examples per batch; ``None`` means the whole training set (full-batch descent).
    shuffle : bool, default True
        Reshuffle every epoch; ``False`` keeps the rows in their given order.
    legacy_seed : int, optional
        Use the tutorial's order (``np.random.seed(legacy_seed + epoch + 1)``) for every
        model instead of each model's own generator. The tutorial's value is 10.
    """

    def __init__(self, batch_size: int | None = 64, shuffle: bool = True, legacy_seed=None):
        if batch_size is not None:
            check_int("batch_size", batch_size, minimum=1)
        self.batch_size = batch_size
        self.shuffle = bool(shuffle)
        self.legacy_seed = None if legacy_seed is None else check_int("legacy_seed", legacy_seed)
        self._legacy = np.random.RandomState()

    def order(self, epoch: int, n: int, generators: Sequence[np.random.Generator]) -> np.ndarray:
        """Positions 0..n-1 in the order of this epoch, shape (K, n) or (1, n) if shared."""
        if not self.shuffle:
            return np.arange(n)[None]
        if self.legacy_seed is not None:
            # reseeding one RandomState is the tutorial's np.random.seed, 20x cheaper than a new one
            self._legacy.seed(self.legacy_seed + epoch + 1)
            return self._legacy.permutation(n)[None]
        # each row shuffled in place from 0..n-1: the numbers of rng.permutation(n), with
        # no array allocated per model
        order = np.empty((len(generators), n), dtype=np.intp)
        order[:] = np.arange(n)
        for rng, row in zip(generators, order, strict=True):
            rng.shuffle(row)
        return order[:1] if np.all(order == order[:1]) else order

    def slices(self, n: int) -> Iterator[slice]:
        """Consecutive batch windows over n positions; the last one may be smaller."""
        size = n if self.batch_size is None else self.batch_size
        for start in range(0, n, size):
            yield slice(start, min(start + size, n))

    def get_config(self) -> dict:
        return {
            "batch_size": self.batch_size,
            "shuffle": self.shuffle,
            "legacy_seed": self.legacy_seed,
        }

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"MiniBatches({args})"
