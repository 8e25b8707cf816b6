"""How many BLAS threads a training run uses, chosen from the work per matrix product.

NumPy's matrix products run in a BLAS (OpenBLAS in NumPy's wheels), which may split one
product over several threads. That pays only for products large enough: on the tutorial's
tiny layers a second thread adds nothing but synchronization (and, on a loaded machine,
waits for a busy core), while a [784, 512, 512, 10] network's products run nearly twice as
fast on two cores. :func:`fit <reglab.train.fit.fit>` therefore runs on one thread unless
its largest product reaches :data:`CROSSOVER` multiply-adds, and on every core then; its
``blas_threads`` argument, or :func:`use_blas_threads` around it (as ``reglab
--blas-threads N`` does), decides instead.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from reglab._validation import check_int

__all__ = ["CROSSOVER", "blas_threads_for", "largest_product", "use_blas_threads"]

# multiply-adds per product from which every core beats one; measured on a 2-core machine
# by bench/bench_blas_threads.py (docs/benchmarks.md)
CROSSOVER = 1_000_000

_requested: ContextVar[int | None] = ContextVar("blas_threads", default=None)


def available_cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def largest_product(network, batch_size: int) -> int:
    """The multiply-adds of the network's largest matrix product on a batch.

    A Dense layer's product is ``batch · n_out · n_in``; a Conv2D layer's is
    ``batch · H_out · W_out · (C_out · kh · kw · C_in)`` (one row per output pixel).
    """
    products = [
        batch_size * math.prod(layer.output_shape[:-1]) * layer.params["W"][0].size
        for layer in network.layers
        if "W" in layer.params
    ]
    return max(products, default=0)


def blas_threads_for(network, batch_size: int, blas_threads: int | None = None) -> int:
    """The BLAS threads for training ``network`` on batches of ``batch_size``.

    ``blas_threads`` if given, else the number set by :func:`use_blas_threads`, else one
    thread below :data:`CROSSOVER` multiply-adds per product and every core above.
    """
    if blas_threads is not None:
        return check_int("blas_threads", blas_threads, minimum=1)
    if _requested.get() is not None:
        return _requested.get()
    return available_cores() if largest_product(network, batch_size) >= CROSSOVER else 1


@contextmanager
def use_blas_threads(blas_threads: int | None) -> Iterator[None]:
    """Every :func:`fit` inside runs on ``blas_threads`` threads (``None``: chosen by size)."""
    if blas_threads is not None:
        check_int("blas_threads", blas_threads, minimum=1)
    token = _requested.set(blas_threads)
    try:
        yield
    finally:
        _requested.reset(token)
