"""Optuna's TPE in batches of K trials trained as one stack: wall time against the best found.

For a fixed budget of trials (one seed each), ``reglab sweep run --sampler tpe`` asks K
trials, trains them together, tells their dev errors, and repeats. A small K lets every
trial learn from all earlier ones but trains tiny stacks one after another; a large K
trains big stacks in parallel but asks most trials knowing little. This measures both
sides on the moons and on digits, for each K and several sampler seeds (the best dev error
of one search is noisy): the wall time of the whole search and the lowest dev error found.

Usage: ``python bench/bench_sampler.py [--trials N] [--batches 1 4 16 64] [--repeats R]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
import tomllib
from pathlib import Path

import numpy as np

SEARCH = """
name = "bench-{data}-{batch}-{repeat}"
seeds = [0]

[data]
{data_lines}

[train]
{train_lines}

[search]
method = "random"
n_configs = {trials}
batch = {batch}
random_state = {repeat}
l2 = {{ distribution = "log-uniform", low = 0.0001, high = 10.0 }}
keep_prob = {{ distribution = "uniform", low = 0.5, high = 1.0 }}
learning_rate = {{ distribution = "log-uniform", low = 0.001, high = 0.1 }}
"""
DATA = {
    "moons": (
        'dataset = "moons"\nn_samples = 300\nnoise = 0.3',
        "layers = [32, 32]\nepochs = 100",
    ),
    "digits": ('dataset = "digits"', "layers = [64]\nepochs = 30"),
}


def search(data: str, batch: int, trials: int, repeat: int) -> tuple[float, float]:
    """One TPE search; returns (wall seconds, lowest dev error)."""
    from reglab.sweep.results import summarize
    from reglab.sweep.session import run_sweep
    from reglab.sweep.spec import parse_sweep

    data_lines, train_lines = DATA[data]
    text = SEARCH.format(
        data=data,
        batch=batch,
        repeat=repeat,
        trials=trials,
        data_lines=data_lines,
        train_lines=train_lines,
    )
    folder = Path(tempfile.mkdtemp(prefix="bench-sampler-"))
    try:
        start = time.perf_counter()
        outcome, store = run_sweep(
            parse_sweep(tomllib.loads(text)), text, out=folder, sampler="tpe"
        )
        seconds = time.perf_counter() - start
        best = summarize(store.model_rows(1))[0].score
        store.close()
    finally:
        shutil.rmtree(folder)
    return seconds, best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=64)
    parser.add_argument("--batches", type=int, nargs="+", default=[1, 4, 16, 64])
    parser.add_argument("--repeats", type=int, default=2, help="sampler seeds per K")
    args = parser.parse_args()
    print(
        f"TPE, {args.trials} trials of one model each, {os.cpu_count()} cores; "
        f"load average before: {os.getloadavg()[0]:.1f}"
    )
    results = {}
    for repeat in range(args.repeats):  # interleaved: every K once per round
        for data in DATA:
            for batch in args.batches:
                seconds, best = search(data, batch, args.trials, repeat)
                results.setdefault((data, batch), []).append((seconds, best))
                print(
                    f"  {data:6s} K={batch:<3d} seed {repeat}: {seconds:7.1f} s, best dev "
                    f"error {best:.4f}",
                    flush=True,
                )
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    print(f"{'data':6s} {'K':>3s} {'wall s (median)':>16s} {'best dev error (mean)':>22s}")
    for (data, batch), runs in results.items():
        seconds, best = np.median([r[0] for r in runs]), np.mean([r[1] for r in runs])
        print(f"{data:6s} {batch:3d} {seconds:16.1f} {best:22.4f}")


if __name__ == "__main__":
    main()
