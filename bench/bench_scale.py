"""Benchmark: reglab at the sizes people train on real data, against PyTorch on the CPU.

Two workloads, the same for every contender (dropout keep_prob 0.8 on the hidden layers,
L2 λ = 1e-3 as the tutorial's ``λ/(2m)·ΣW²``, Adam with learning rate 1e-3, softmax
cross-entropy, batches reshuffled every epoch):

* ``digits``: scikit-learn's 1,797 digits (pixels / 16), [64, 256, 256, 10], batches of
  64, 20 epochs;
* ``mnist-size``: 60,000 × 784 synthetic examples (uniform pixels, random labels of 10
  classes), [784, 512, 512, 10], batches of 128, one epoch;

and, on one thread, a stack: 8 digits models trained at once by reglab (float32, each its
own seed and batch order) against 8 PyTorch models trained one after another.

Contenders: reglab float32, reglab float64, PyTorch 2 float32 with fused Adam (when
``torch`` is installed; it is not a dependency of reglab), and a plain float32 NumPy loop
written as the tutorial writes its code (``numpy_loop`` below), the floor for NumPy. Each
runs on one BLAS/PyTorch thread and then on every core. Every timed run is a fresh process
(``--one CONTENDER WORKLOAD THREADS``), the contenders alternate within each of
``--repeat`` rounds, and each keeps its best time, after a warm-up on four batches in the
same process. Peak memory is measured in one more fresh process per contender, without the
warm-up: the growth of the process's peak resident set over its size before training
(data in place), so it counts what training itself allocates, lazy initializations included.

Usage: ``python bench/bench_scale.py [--repeat 3] [--quick] [--no-torch]``. The last line
reads ``reglab float32 / PyTorch: digits N.NNx, mnist-size N.NNx`` (one thread).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from functools import partial

import numpy as np

WORKLOADS = {
    # name: (layer dims, batch size, epochs, models)
    "digits": ([64, 256, 256, 10], 64, 20, 1),
    "mnist-size": ([784, 512, 512, 10], 128, 1, 1),
    "digits x8": ([64, 256, 256, 10], 64, 20, 8),
}
KEEP_PROB, LAM, LEARNING_RATE = 0.8, 1e-3, 1e-3


def data(workload: str, dtype, quick: bool):
    """``(X, y)`` in ``dtype``, made without a larger temporary (peak memory stays honest)."""
    if workload.startswith("digits"):
        from sklearn.datasets import load_digits

        digits = load_digits()
        return (digits.data / 16.0).astype(dtype), digits.target
    n = 6_000 if quick else 60_000
    rng = np.random.default_rng(0)
    return rng.random((n, 784), dtype=dtype), rng.integers(0, 10, n)


def resident_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def reset_peak() -> None:
    """Start the peak resident set (VmHWM) afresh from the current size (Linux)."""
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")


def peak_bytes() -> int:
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) * 1024  # in kB


# -- the contenders: each trains and returns nothing; the caller times it ---------------------
def reglab_train(workload, X, y, threads, dtype):
    from reglab import L2, Adam, MiniBatches, fit, mlp

    dims, batch, epochs, models = WORKLOADS[workload]
    network = mlp(
        dims,
        loss="softmax_crossentropy",
        keep_prob=KEEP_PROB,
        regularizers=L2(LAM),
        n_models=models,
        dtype=dtype,
    )
    return lambda: fit(
        network,
        X,
        y,
        optimizer=Adam(LEARNING_RATE),
        epochs=epochs,
        batches=MiniBatches(batch),
        blas_threads=threads,
    )


def torch_train(workload, X, y, threads):
    import torch

    torch.set_num_threads(threads)
    dims, batch, epochs, models = WORKLOADS[workload]
    X, y = torch.from_numpy(X), torch.from_numpy(y).long()

    def one_model(seed):
        torch.manual_seed(seed)
        layers = []
        for n_in, n_out in zip(dims[:-2], dims[1:-1], strict=True):
            dropout = torch.nn.Dropout(1 - KEEP_PROB)
            layers += [torch.nn.Linear(n_in, n_out), torch.nn.ReLU(), dropout]
        model = torch.nn.Sequential(*layers, torch.nn.Linear(dims[-2], dims[-1]))
        weights = [p for name, p in model.named_parameters() if name.endswith("weight")]
        biases = [p for name, p in model.named_parameters() if name.endswith("bias")]
        # the L2 gradient (λ/m)·W as Adam's weight decay on the weights: PyTorch's own idiom
        groups = [{"params": weights, "weight_decay": LAM / batch}, {"params": biases}]
        optimizer = torch.optim.Adam(groups, lr=LEARNING_RATE, fused=True)
        loss = torch.nn.CrossEntropyLoss()
        for _ in range(epochs):
            order = torch.randperm(len(X))
            for start in range(0, len(X), batch):
                rows = order[start : start + batch]
                optimizer.zero_grad(set_to_none=True)
                loss(model(X[rows]), y[rows]).backward()
                optimizer.step()

    return lambda: [one_model(seed) for seed in range(models)]


def numpy_loop(workload, X, y, threads):
    """The tutorial's code style in float32: dicts of W[l] (n_l, n_{l-1}), examples in columns."""
    dims, batch, epochs, _ = WORKLOADS[workload]
    rng = np.random.default_rng(0)
    L = len(dims) - 1
    p = {}
    for l in range(1, L + 1):
        W = rng.standard_normal((dims[l], dims[l - 1])) * np.sqrt(2 / dims[l - 1])
        p[f"W{l}"] = W.astype(np.float32)
        p[f"b{l}"] = np.zeros((dims[l], 1), np.float32)
    v = {k: np.zeros_like(w) for k, w in p.items()}
    s = {k: np.zeros_like(w) for k, w in p.items()}
    Y_all = np.eye(dims[-1], dtype=np.float32)[y].T  # one-hot, (classes, n)
    X_all = np.ascontiguousarray(X.T)  # (features, n)

    def train():
        t = 0
        for _ in range(epochs):
            order = rng.permutation(X.shape[0])
            for start in range(0, X.shape[0], batch):
                rows = order[start : start + batch]
                A, Yb = X_all[:, rows], Y_all[:, rows]
                m = A.shape[1]
                cache = [(A, None)]
                for l in range(1, L):
                    A = np.maximum(p[f"W{l}"] @ A + p[f"b{l}"], 0)
                    D = rng.random(A.shape) < KEEP_PROB
                    A = A * D / KEEP_PROB
                    cache.append((A, D))
                Z = p[f"W{L}"] @ A + p[f"b{L}"]
                E = np.exp(Z - Z.max(axis=0))
                dZ = (E / E.sum(axis=0) - Yb) / m
                t += 1
                for l in range(L, 0, -1):
                    A_prev, D = cache[l - 1]
                    dW = dZ @ A_prev.T + LAM / m * p[f"W{l}"]
                    grads = {"W": dW, "b": dZ.sum(axis=1, keepdims=True)}
                    if l > 1:
                        dA = p[f"W{l}"].T @ dZ * D / KEEP_PROB
                        dZ = dA * (A_prev > 0)
                    for name, g in grads.items():
                        key = f"{name}{l}"
                        v[key] = 0.9 * v[key] + 0.1 * g
                        s[key] = 0.999 * s[key] + 0.001 * g * g
                        v_hat = v[key] / (1 - 0.9**t)
                        s_hat = s[key] / (1 - 0.999**t)
                        p[key] -= LEARNING_RATE * v_hat / (np.sqrt(s_hat) + 1e-8)

    return train


def one_run(contender: str, workload: str, threads: int, quick: bool, memory: bool) -> dict:
    """Time one contender once (or, with ``memory``, measure its peak memory) in this
    process; return its figures."""
    from threadpoolctl import threadpool_limits

    dtype = np.float64 if contender == "reglab float64" else np.float32
    X, y = data(workload, dtype, quick)
    if contender.startswith("reglab"):
        contender_train = partial(reglab_train, dtype=dtype)
    elif contender == "PyTorch float32":
        contender_train = torch_train
    else:
        contender_train = numpy_loop
    # a warm-up on a few batches first: PyTorch's first steps in a process run at a third
    # of its speed (lazy initialization), and every contender gets the same chance
    batch = WORKLOADS[workload][1]
    if not memory:
        with threadpool_limits(limits=threads, user_api="blas"):
            contender_train(workload, X[: 4 * batch], y[: 4 * batch], threads=threads)()
    train = contender_train(workload, X, y, threads=threads)
    before = resident_bytes()
    reset_peak()
    with threadpool_limits(limits=threads, user_api="blas"):
        start, cpu = time.perf_counter(), time.process_time()
        train()
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = peak_bytes()
    _, _, epochs, models = WORKLOADS[workload]
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "samples": len(X) * epochs * models,
        "peak_mb": max(0, peak - before) / 2**20,
    }


def contenders(workload: str, threads: int, torch: bool) -> list[str]:
    if workload.endswith("x8") and threads > 1:
        return []  # the stack is compared on one thread only
    names = ["reglab float32"]
    if not workload.endswith("x8"):
        names.append("reglab float64")
        if threads == 1:
            names.append("NumPy float32 loop")
    return names + (["PyTorch float32"] if torch else [])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="6,000 mnist-size examples")
    parser.add_argument("--no-torch", action="store_true")
    parser.add_argument(
        "--threads", choices=["1", "all", "both"], default="both", help="thread settings to run"
    )
    parser.add_argument("--one", nargs=3, metavar=("CONTENDER", "WORKLOAD", "THREADS"))
    parser.add_argument("--memory", action="store_true", help="with --one: peak memory")
    args = parser.parse_args()
    if args.one:
        contender, workload, threads = args.one
        print(json.dumps(one_run(contender, workload, int(threads), args.quick, args.memory)))
        return
    try:
        import torch  # noqa: F401

        has_torch = not args.no_torch
    except ImportError:
        has_torch = False
    cores = len(os.sched_getaffinity(0))
    settings = {"1": [1], "all": [cores], "both": sorted({1, cores})}[args.threads]
    runs = [
        (contender, workload, threads)
        for threads in settings
        for workload in WORKLOADS
        for contender in contenders(workload, threads, has_torch)
    ]
    print(f"{len(runs)} runs x {args.repeat} rounds; load average {os.getloadavg()[0]:.1f}")
    quick = ["--quick"] if args.quick else []
    best: dict[tuple, dict] = {}
    for _ in range(args.repeat):  # interleaved: each round runs every contender once
        for run in runs:
            result = child(*run, *quick)
            speed = result["samples"] / result["seconds"]
            print(f"  {run[1]}, {run[2]} thread(s), {run[0]}: {speed:,.0f} samples/s", flush=True)
            if run not in best or result["seconds"] < best[run]["seconds"]:
                best[run] = result
    for run in runs:
        best[run]["peak_mb"] = child(*run, *quick, "--memory")["peak_mb"]
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    report(best, runs, cores)


def child(*arguments) -> dict:
    """One run in a fresh process: ``CONTENDER WORKLOAD THREADS`` and options."""
    command = [sys.executable, __file__, "--one", *map(str, arguments)]
    return json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def report(best: dict, runs: list, cores: int) -> None:
    speed = {run: r["samples"] / r["seconds"] for run, r in best.items()}
    print(
        f"\n{'workload':11s} {'threads':>7s} {'contender':19s} {'samples/s':>10s} "
        f"{'cpu s/s':>8s} {'peak MB':>8s} {'/ PyTorch':>9s}"
    )
    for contender, workload, threads in runs:
        run = (contender, workload, threads)
        torch_run = ("PyTorch float32", workload, threads)
        ratio = f"{speed[run] / speed[torch_run]:.2f}x" if torch_run in speed else "-"
        cpu = best[run]["cpu_seconds"] / best[run]["seconds"]
        print(
            f"{workload:11s} {threads:7d} {contender:19s} {speed[run]:10,.0f} {cpu:8.2f} "
            f"{best[run]['peak_mb']:8.1f} {ratio:>9s}"
        )
    ratios = [
        speed[("reglab float32", w, 1)] / speed[("PyTorch float32", w, 1)]
        if ("PyTorch float32", w, 1) in speed
        else float("nan")
        for w in ("digits", "mnist-size")
    ]
    print(f"reglab float32 / PyTorch: digits {ratios[0]:.2f}x, mnist-size {ratios[1]:.2f}x")


if __name__ == "__main__":
    main()
