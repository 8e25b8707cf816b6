"""Benchmark: training epochs of a small CNN on scikit-learn's 1,797 digits, per model.

The network, in reglab and (when ``torch`` is installed) in PyTorch on the CPU, float64::

    Conv2D(8, 3, "same") -> ReLU -> MaxPool2D(2) -> Conv2D(16, 3, "same") -> ReLU
    -> MaxPool2D(2) -> Flatten -> Dense(10),  softmax cross-entropy, Adam(0.001), batches of 64

timed for one model and for a stack of ``--stack`` models, each with its own initial
weights and batch order. PyTorch trains its stack as one network of grouped convolutions
(``groups=K``: model k owns the channels of group k; its Dense layer is a grouped
convolution over the last 2x2 map), the usual way to vectorize independent CNNs there.
Prints seconds per model per epoch (the best of ``--repeats`` runs of ``--epochs``
epochs) and the ratios between the two libraries.

Both libraries run with ``--threads`` threads (default 1: NumPy's BLAS through
``threadpoolctl``, PyTorch through ``torch.set_num_threads``). These matrices are small
(at most 4,096 x 72), and a multi-threaded OpenBLAS can be far slower on them than one
thread: on a 2-vCPU machine a (1024 x 72) @ (72 x 16) product took 11.7 ms with two
threads and 0.12 ms with one.
Usage: ``python bench/bench_cnn.py [--epochs 2] [--stack 8] [--repeats 2] [--threads 1]
[--no-torch]``.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
from sklearn.datasets import load_digits
from threadpoolctl import threadpool_limits

from reglab.nn import Conv2D, Dense, Flatten, MaxPool2D, Network, ReLU
from reglab.optim.adaptive import Adam
from reglab.train import fit


def digits() -> tuple[np.ndarray, np.ndarray]:
    data = load_digits()
    return data.images[..., None] / 16.0, data.target  # (1797, 8, 8, 1)


def reglab_cnn(n_models: int) -> Network:
    layers = [
        Conv2D(8, 3, padding="same"),
        ReLU(),
        MaxPool2D(2),
        Conv2D(16, 3, padding="same"),
        ReLU(),
        MaxPool2D(2),
        Flatten(),
        Dense(10),
    ]
    return Network(layers, loss="softmax_crossentropy", n_models=n_models, seed=0)


def time_reglab(epochs: int, n_models: int, repeats: int) -> tuple[float, float]:
    """Best seconds per model per epoch, and the mean training accuracy at the end."""
    X, y = digits()
    best = np.inf
    for _ in range(repeats):
        network = reglab_cnn(n_models)
        start = time.perf_counter()
        fit(network, X, y, optimizer=Adam(0.001), epochs=epochs, batch_size=64)
        best = min(best, (time.perf_counter() - start) / (epochs * n_models))
    return best, float(network.evaluate(X, y)["accuracy"].mean())


def torch_cnn(n_models: int):
    from torch import nn

    K = n_models
    return nn.Sequential(
        nn.Conv2d(K, 8 * K, 3, padding=1, groups=K),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(8 * K, 16 * K, 3, padding=1, groups=K),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(16 * K, 10 * K, 2, groups=K),  # each model's Dense over its 2x2x16 map
    ).double()


def time_torch(epochs: int, n_models: int, repeats: int) -> tuple[float, float]:
    import torch
    import torch.nn.functional as F

    X, y = digits()
    X_t = torch.tensor(X[..., 0])  # (n, 8, 8); model k reads channel k
    y_t = torch.tensor(y)
    n, K = len(X), n_models
    generator = torch.Generator().manual_seed(0)
    best = np.inf
    for _ in range(repeats):
        model = torch_cnn(K)
        optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
        start = time.perf_counter()
        for _ in range(epochs):
            order = torch.stack([torch.randperm(n, generator=generator) for _ in range(K)], 1)
            for i in range(0, n, 64):
                index = order[i : i + 64]  # (b, K): each model its own rows
                logits = model(X_t[index]).reshape(-1, K, 10)  # (b, K, 10)
                # the sum of the models' mean losses, so each model gets its own gradient
                loss = F.cross_entropy(logits.permute(0, 2, 1), y_t[index]) * K
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
        best = min(best, (time.perf_counter() - start) / (epochs * K))
    with torch.no_grad():
        inputs = X_t[:, None].expand(n, K, 8, 8)
        predicted = model(inputs).reshape(n, K, 10).argmax(-1)
    return best, float((predicted == y_t[:, None]).double().mean())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--stack", type=int, default=8)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--no-torch", action="store_true")
    args = parser.parse_args()
    with threadpool_limits(limits=args.threads):
        run(args)


def run(args) -> None:
    runs = [("reglab", time_reglab)]
    if not args.no_torch:
        try:
            import torch
        except ImportError:
            print("torch is not installed: timing reglab only")
        else:
            torch.set_num_threads(args.threads)
            runs.append((f"PyTorch {torch.__version__}", time_torch))
    print(
        f"small CNN on 1,797 digits, Adam, batches of 64, float64; "
        f"{args.threads} thread(s) on {os.cpu_count()} CPUs"
    )
    print(f"{'':26s} {'s/model/epoch':>14s} {'train acc':>10s}")
    seconds = {}
    for name, timer in runs:
        for n_models in (1, args.stack):
            value, accuracy = timer(args.epochs, n_models, args.repeats)
            seconds[name, n_models] = value
            label = f"{name}, {'1 model' if n_models == 1 else f'stack of {n_models}'}"
            print(f"{label:26s} {value:14.4f} {accuracy:10.3f}")
    for name, _ in runs:
        speedup = seconds[name, 1] / seconds[name, args.stack]
        print(f"{name}: a stack of {args.stack} takes {speedup:.2f}x less time per model")
    if len(runs) > 1:
        torch_name = runs[1][0]
        for n_models in (1, args.stack):
            ratio = seconds["reglab", n_models] / seconds[torch_name, n_models]
            print(f"reglab time / PyTorch time, {n_models} model(s): {ratio:.2f}")


if __name__ == "__main__":
    main()
