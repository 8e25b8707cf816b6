"""A sweep of 8 L2 λ × 8 keep_prob × 3 seeds on the tutorial's moons: models per second.

Three ways to train the same 192 models of the tutorial's network [2, 5, 2, 1] with Adam
(learning rate 0.0007, batches of 64) on the tutorial's moons (300 points, noise 0.2, as
after ``np.random.seed(3)``; split 180/60/60 by the tutorial's rule):

* ``reglab sweep``: the sweep file below through :func:`reglab.sweep.session.run_sweep`,
  end to end (planning, a local process pool of one worker per core, SQLite, verdicts);
* scikit-learn's ``GridSearchCV`` over ``MLPClassifier`` (the same network, Adam,
  learning rate, batch size and epochs; its ``alpha`` is the tutorial's λ, both scaled
  ``λ/(2m)·‖W‖²``; it has no dropout, so 24 ``random_state`` values stand in for the
  8 keep_prob × 3 seeds), ``n_jobs=-1``, scored on the dev set (one predefined split),
  ``refit=False``;
* a plain loop over the same grid training reglab single models one after another, in one
  process.

The contenders run ``--repeat`` times, interleaved; each keeps its best time (outside load
only adds time). Usage: ``python bench/bench_sweep.py [--epochs N] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

L2_VALUES = [0.0, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]
KEEP_PROBS = [0.5, 0.6, 0.7, 0.75, 0.8, 0.86, 0.93, 1.0]
SEEDS = [0, 1, 2]
SWEEP = """
name = "bench"
seeds = {seeds}

[data]
dataset = "moons"
n_samples = 300
noise = 0.2
random_state = 3

[train]
layers = [5, 2]
optimizer = "adam"
learning_rate = 0.0007
batch_size = 64
epochs = {epochs}

[search]
l2 = {{ values = {l2} }}
keep_prob = {{ values = {keep} }}
"""


def _split():
    from reglab.data.datasets import make_moons
    from reglab.data.splits import recommend_split, train_dev_test_split

    data = make_moons(300, noise=0.2, random_state=3)
    return train_dev_test_split(data.X, data.y, **recommend_split(300).as_kwargs(), random_state=0)


def reglab_sweep(epochs: int) -> float:
    import tomllib

    from reglab.sweep.session import run_sweep
    from reglab.sweep.spec import parse_sweep

    text = SWEEP.format(seeds=SEEDS, epochs=epochs, l2=L2_VALUES, keep=KEEP_PROBS)
    folder = Path(tempfile.mkdtemp(prefix="bench-sweep-"))
    try:
        start = time.perf_counter()
        spec = parse_sweep(tomllib.loads(text))
        outcome, store = run_sweep(spec, text, out=folder)
        seconds = time.perf_counter() - start
        assert len(store.model_rows(1)) == 192 and not outcome.failed
        store.close()
    finally:
        shutil.rmtree(folder)
    return seconds


def grid_search_cv(epochs: int) -> float:
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.model_selection import GridSearchCV, PredefinedSplit
    from sklearn.neural_network import MLPClassifier

    split = _split()
    X = np.vstack([split.X_train, split.X_dev])
    y = np.concatenate([split.y_train, split.y_dev])
    folds = np.r_[np.full(len(split.y_train), -1), np.zeros(len(split.y_dev))]
    mlp = MLPClassifier(
        (5, 2),
        solver="adam",
        learning_rate_init=0.0007,
        batch_size=64,
        max_iter=epochs,
        tol=0.0,
        n_iter_no_change=epochs + 1,  # never stop before max_iter, as the others
    )
    grid = {"alpha": L2_VALUES, "random_state": list(range(len(KEEP_PROBS) * len(SEEDS)))}
    search = GridSearchCV(mlp, grid, cv=PredefinedSplit(folds), n_jobs=-1, refit=False)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        search.fit(X, y)
    seconds = time.perf_counter() - start
    assert len(search.cv_results_["params"]) == 192
    return seconds


def per_model_loop(epochs: int) -> float:
    from reglab import L2, Adam, fit, mlp

    split = _split()
    start = time.perf_counter()
    for lam in L2_VALUES:
        for keep in KEEP_PROBS:
            for seed in SEEDS:
                network = mlp([2, 5, 2, 1], keep_prob=keep, regularizers=L2(lam), seed=seed)
                fit(
                    network,
                    split.X_train,
                    split.y_train,
                    optimizer=Adam(0.0007),
                    epochs=epochs,
                    batch_size=64,
                )
                network.evaluate(split.X_dev, split.y_dev)  # as the others score the dev set
    return time.perf_counter() - start


CONTENDERS = {
    "reglab sweep": reglab_sweep,
    "GridSearchCV": grid_search_cv,
    "per-model loop": per_model_loop,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    # every fit ends at max_iter on purpose: keep scikit-learn's workers from saying so
    os.environ["PYTHONWARNINGS"] = "ignore::UserWarning"
    from threadpoolctl import threadpool_limits

    models = len(L2_VALUES) * len(KEEP_PROBS) * len(SEEDS)
    print(
        f"{models} models, {args.epochs} epochs each, {os.cpu_count()} cores; "
        f"load average before: {os.getloadavg()[0]:.1f}"
    )
    _split()  # scikit-learn and the data imported before any timing, for every contender
    best = dict.fromkeys(CONTENDERS, float("inf"))
    with threadpool_limits(limits=1):
        for round_ in range(args.repeat):
            for name, contender in CONTENDERS.items():
                seconds = contender(args.epochs)
                best[name] = min(best[name], seconds)
                print(f"  round {round_ + 1}: {name:15s} {seconds:8.2f} s", flush=True)
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    for name, seconds in best.items():
        print(f"{name:15s} {seconds:8.2f} s  {models / seconds:8.1f} models/s")
    sweep = best["reglab sweep"]
    print(
        f"reglab sweep / GridSearchCV: {best['GridSearchCV'] / sweep:.1f}x, "
        f"/ per-model loop: {best['per-model loop'] / sweep:.1f}x"
    )


if __name__ == "__main__":
    main()
