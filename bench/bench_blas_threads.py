"""Benchmark: from what size does a matrix product gain from more BLAS threads?

Times ``W @ A.T`` (the Dense layer's forward product, ``n_out × n_in`` weights on a batch
of ``m`` examples) on one BLAS thread and on every core, interleaved, best of ``--repeat``,
for sizes from the tutorial's [2, 5, 2, 1] layers to a 784-wide network's, in float32 and
float64; then one epoch of training of three networks both ways. The crossover is the
smallest work (multiply-adds per product) from which every larger product runs at least
``--gain`` times faster on every core; ``reglab.train.threads.CROSSOVER`` holds the value
measured on the development machine (docs/benchmarks.md).

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
NETWORKS = [([2, 5, 2, 1], 64), ([64, 256, 256, 10], 64), ([784, 512, 512, 10], 128)]


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
        crossover = next(
            (w for i, (w, _) in enumerate(speedups) if all(s >= gain for _, s in speedups[i:])),
            None,
        )
        print(
            f"{np.dtype(dtype).name}: every core gains {gain}x or more from {crossover} "
            "multiply-adds per product\n"
        )


def networks(repeat: int, cores: int) -> None:
    from reglab import L2, Adam, fit, mlp
    from reglab.train.threads import largest_product

    rng = np.random.default_rng(0)
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
        print(
            f"{str(dims):22s} batch {batch:3d}: largest product "
            f"{largest_product(network, batch):11,d}; one epoch {one * 1e3:7.1f} ms on 1 "
            f"thread, {many * 1e3:7.1f} ms on {cores}: {one / many:.2f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--gain", type=float, default=1.1)
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    print(f"{cores} cores; load average {os.getloadavg()[0]:.1f}\n")
    products(args.repeat, cores, args.gain)
    networks(args.repeat, cores)
    print(f"\nload average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
