"""Benchmark: from what size does a matrix product gain from more BLAS threads?

Times ``W @ A.T`` (the Dense layer's forward product, ``n_out × n_in`` weights on a batch
of ``m`` examples) on one BLAS thread and on every core, interleaved, best of ``--repeat``,
for sizes from the tutorial's [2, 5, 2, 1] layers to a 784-wide network's, in float32 and
float64; then 40 batches of training (float32) of seven networks both ways: what ``fit``
sees, products separated by elementwise work, through which the other threads wait. For
each part the crossover is the smallest work (multiply-adds per product; for a network,
its largest product) from which every larger one runs at least ``--gain`` times faster on
every core. ``reglab.train.threads.CROSSOVER`` holds the networks' crossover measured on
the development machine (docs/benchmarks.md).

Usage: ``python bench/bench_blas_threads.py [--repeat 5] [--gain 1.1]``.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
from threadpoolctl import threadpool_limits

# (n_out, n_in, m): from the tutorial's layers to a 784-wide network's
SIZES = [
    (5, 2, 64),
    (64, 64, 16),
    (64, 64, 64),
    (128, 64, 64),
    (256, 64, 64),
    (128, 128, 128),
    (256, 256, 64),
    (512, 256, 128),
    (512, 512, 128),
    (512, 784, 128),
]
# (dims, batch): the tutorial's network, the digits and 784-wide networks of bench_scale.py,
# and sizes between and beyond them
NETWORKS = [
    ([2, 5, 2, 1], 64),
    ([64, 256, 256, 10], 64),
    ([256, 512, 512, 10], 64),
    ([784, 512, 512, 10], 64),
    ([512, 512, 512, 10], 128),
    ([784, 512, 512, 10], 128),
    ([784, 1024, 1024, 10], 256),
]


def crossover(speedups: list[tuple[int, float]], gain: float) -> int | None:
    """The smallest work from which every larger size gains ``gain``x or more."""
    return next(
        (w for i, (w, _) in enumerate(speedups) if all(s >= gain for _, s in speedups[i:])),
        None,
    )


def product_time(W, A, calls: int, threads: int) -> float:
    """Seconds per ``W @ A.T`` on ``threads`` BLAS threads."""
    with threadpool_limits(limits=threads, user_api="blas"):
        start = time.perf_counter()
        for _ in range(calls):
            W @ A.T  # noqa: B018
        return (time.perf_counter() - start) / calls


def products(repeat: int, cores: int, gain: float) -> None:
    rng = np.random.default_rng(0)
    print(
        f"{'dtype':8s} {'n_out x n_in x m':>17s} {'work':>11s} {'1 thread':>10s} "
        f"{f'{cores} threads':>10s} {'speed-up':>8s}"
    )
    for dtype in (np.float32, np.float64):
        speedups = []
        for n_out, n_in, m in SIZES:
            W = rng.random((n_out, n_in)).astype(dtype)
            A = rng.random((m, n_in)).astype(dtype)
            work = n_out * n_in * m
            calls = max(5, int(3e7 / work))
            times = {1: [], cores: []}
            for _ in range(repeat):  # interleaved
                for threads in times:
                    times[threads].append(product_time(W, A, calls, threads))
            one, many = min(times[1]), min(times[cores])
            speedups.append((work, one / many))
            print(
                f"{np.dtype(dtype).name:8s} {f'{n_out}x{n_in}x{m}':>17s} {work:11,d} "
                f"{one * 1e6:8.1f}us {many * 1e6:8.1f}us {one / many:7.2f}x"
            )
        print(
            f"{np.dtype(dtype).name}: every core gains {gain}x or more from "
            f"{crossover(speedups, gain)} multiply-adds per product\n"
        )


def networks(repeat: int, cores: int, gain: float) -> None:
    from reglab import L2, Adam, fit, mlp
    from reglab.train.threads import largest_product

    rng = np.random.default_rng(0)
    speedups = []
    for dims, batch in NETWORKS:
        X = rng.random((batch * 40, dims[0]), dtype=np.float32)
        y = rng.integers(0, dims[-1], len(X)) if dims[-1] > 1 else rng.integers(0, 2, len(X))
        loss = "softmax_crossentropy" if dims[-1] > 1 else "binary_crossentropy"
        network = mlp(dims, loss=loss, keep_prob=0.8, regularizers=L2(1e-3), dtype="float32")
        times = {1: [], cores: []}
        for _ in range(repeat):
            for threads in times:
                start = time.perf_counter()
                fit(
                    network,
                    X,
                    y,
                    optimizer=Adam(),
                    epochs=1,
                    batch_size=batch,
                    blas_threads=threads,
                )
                times[threads].append(time.perf_counter() - start)
        one, many = min(times[1]), min(times[cores])
        speedups.append((largest_product(network, batch), one / many))
        print(
            f"{str(dims):22s} batch {batch:3d}: largest product {speedups[-1][0]:11,d}; "
            f"40 batches {one * 1e3:7.1f} ms on 1 thread, {many * 1e3:7.1f} ms on {cores}: "
            f"{one / many:.2f}x"
        )
    print(
        f"networks: every core gains {gain}x or more from a largest product of "
        f"{crossover(speedups, gain)} multiply-adds"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--gain", type=float, default=1.1)
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    print(f"{cores} cores; load average {os.getloadavg()[0]:.1f}\n")
    products(args.repeat, cores, args.gain)
    networks(args.repeat, cores, args.gain)
    print(f"\nload average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
