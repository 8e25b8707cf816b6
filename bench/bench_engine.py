"""Benchmark: the tutorial's workload (Adam, 300 points, batches of 64) per trained model.

Compares, in one run on one machine:

* the tutorial-style NumPy loop (``bench/tutorial_loop.py``: dicts, one layer at a time);
* reglab, one model (``n_models=1``), in the tutorial's batch order;
* reglab, a stack of 64 models with 64 seeds (each its own initial weights and batch order);
* reglab, a stack of 64 models with 64 seeds in the tutorial's one batch order (each its own
  initial weights; the batches shared, as in a sweep with common random numbers);
* PyTorch on the CPU, float64, one model and a stack of 64 as batched matrices, when
  ``torch`` is installed (optional; not a dependency of reglab).

Prints seconds per model for the whole run and the speed-up against the tutorial loop.
BLAS and PyTorch run on ``--threads`` threads (default 1: these matrices are tiny, and a
second BLAS thread only adds synchronization, ruinously so when the other core is busy).
Usage: ``python bench/bench_engine.py [--epochs 10000] [--stack 64] [--threads 1]
[--repeat 3] [--no-torch]``: each contender runs ``--repeat`` times, interleaved, and
keeps its best time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parent))

import tutorial_loop  # noqa: E402

from reglab.data.batches import MiniBatches  # noqa: E402
from reglab.experiments.tutorial import tutorial_data, tutorial_optimizer  # noqa: E402
from reglab.nn import mlp  # noqa: E402
from reglab.train import fit  # noqa: E402


def time_tutorial_loop(epochs: int) -> float:
    X, Y = tutorial_loop.load_dataset()
    start = time.perf_counter()
    tutorial_loop.model(X, Y, optimizer="adam", num_epochs=epochs, print_every=0)
    return time.perf_counter() - start


def time_reglab(epochs: int, n_models: int, shared_order: bool = False) -> float:
    X, y = tutorial_data()
    network = mlp([2, 5, 2, 1], n_models=n_models, seed=0)
    legacy = 10 if n_models == 1 or shared_order else None
    start = time.perf_counter()
    fit(
        network,
        X,
        y,
        optimizer=tutorial_optimizer("adam"),
        epochs=epochs,
        batches=MiniBatches(64, legacy_seed=legacy),
    )
    return (time.perf_counter() - start) / n_models


def time_torch(epochs: int, n_models: int) -> float:
    import torch

    X, y = tutorial_data()
    X_t = torch.tensor(X, dtype=torch.float64)
    y_t = torch.tensor(y, dtype=torch.float64).reshape(-1, 1)
    generator = torch.Generator().manual_seed(0)
    dims = [2, 5, 2, 1]
    params = []
    for n_in, n_out in zip(dims[:-1], dims[1:], strict=True):
        W = torch.randn(n_models, n_in, n_out, generator=generator, dtype=torch.float64)
        params += [
            (W * (2 / n_in) ** 0.5).requires_grad_(),
            torch.zeros(n_models, 1, n_out, dtype=torch.float64, requires_grad=True),
        ]
    optimizer = torch.optim.Adam(params, lr=0.0007, betas=(0.9, 0.999), eps=1e-8)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    start = time.perf_counter()
    for _ in range(epochs):
        order = torch.stack([torch.randperm(300, generator=generator) for _ in range(n_models)])
        for i in range(0, 300, 64):
            index = order[:, i : i + 64]
            A = X_t[index]  # (K, b, 2)
            for layer in range(3):
                A = torch.baddbmm(params[2 * layer + 1], A, params[2 * layer])
                if layer < 2:
                    A = torch.relu(A)
            loss = loss_fn(A, y_t[index]) * n_models  # sum of the models' mean losses
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    return (time.perf_counter() - start) / n_models


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=10_000)
    parser.add_argument("--stack", type=int, default=64)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    parser.add_argument("--no-torch", action="store_true")
    args = parser.parse_args(argv)
    threadpool_limits(limits=args.threads)
    contenders = [
        ("tutorial-style NumPy loop", lambda: time_tutorial_loop(args.epochs)),
        ("reglab, 1 model", lambda: time_reglab(args.epochs, 1)),
        (f"reglab, stack of {args.stack}", lambda: time_reglab(args.epochs, args.stack)),
        (
            f"reglab, stack of {args.stack}, one order",
            lambda: time_reglab(args.epochs, args.stack, shared_order=True),
        ),
    ]
    if not args.no_torch:
        try:
            import torch
        except ImportError:
            print("PyTorch not installed: its rows are skipped")
        else:
            torch.set_num_threads(args.threads)
            name = f"PyTorch {torch.__version__} CPU"
            contenders.append((f"{name}, 1 model", lambda: time_torch(args.epochs, 1)))
            contenders.append(
                (f"{name}, stack of {args.stack}", lambda: time_torch(args.epochs, args.stack))
            )
    # interleaved repeats, the best of each: other load on the machine only ever adds time
    best = {name: float("inf") for name, _ in contenders}
    for _ in range(args.repeat):
        for name, run in contenders:
            best[name] = min(best[name], run())
    baseline = best[contenders[0][0]]
    print(
        f"Adam, {args.epochs} epochs of 300 points in batches of 64, float64, "
        f"{args.threads} thread(s), best of {args.repeat} interleaved runs"
    )
    print(f"{'':40s} {'s per model':>12s} {'speed-up vs tutorial loop':>26s}")
    for name, seconds in best.items():
        print(f"{name:40s} {seconds:12.3f} {baseline / seconds:25.1f}x")


if __name__ == "__main__":
    main()
