"""BLAS threads: one for small products, every core for large ones, or as asked."""

import importlib

import numpy as np
import pytest
from threadpoolctl import threadpool_info

from reglab.nn import Conv2D, Dense, Flatten, Network, mlp
from reglab.train import Callback, fit
from reglab.train.threads import (
    CROSSOVER,
    available_cores,
    blas_threads_for,
    largest_product,
    use_blas_threads,
)


def test_largest_product_counts_multiply_adds_per_batch():
    assert largest_product(mlp([2, 5, 2, 1]), 64) == 64 * 5 * 2
    assert largest_product(mlp([784, 512, 512, 10]), 128) == 128 * 512 * 784
    cnn = Network([Conv2D(8, 3), Flatten(), Dense(4)]).build((10, 10, 2))
    assert largest_product(cnn, 16) == max(16 * 8 * 8 * (8 * 3 * 3 * 2), 16 * 4 * 8 * 8 * 8)


def test_threads_follow_the_work_unless_asked():
    tiny, wide = mlp([2, 5, 2, 1]), mlp([784, 1024, 1024, 10])
    assert largest_product(tiny, 64) < CROSSOVER <= largest_product(wide, 256)
    assert blas_threads_for(tiny, 64) == 1
    assert blas_threads_for(mlp([784, 512, 512, 10]), 128) == 1  # a coin toss on 2 cores
    assert blas_threads_for(wide, 256) == available_cores()
    assert blas_threads_for(wide, 256, blas_threads=1) == 1
    with use_blas_threads(3):
        assert blas_threads_for(tiny, 64) == 3
        assert blas_threads_for(tiny, 64, blas_threads=2) == 2
        with use_blas_threads(None):
            assert blas_threads_for(tiny, 64) == 1
    assert blas_threads_for(tiny, 64) == 1
    with pytest.raises(ValueError, match="blas_threads must be >= 1, got 0"):
        blas_threads_for(tiny, 64, blas_threads=0)


class BlasThreads(Callback):
    """Records the threads of NumPy's own BLAS (SciPy may bring a second one)."""

    def on_epoch_end(self, trainer, epoch, logs):
        infos = threadpool_info()
        self.seen = {i["num_threads"] for i in infos if "numpy" in i["filepath"]}


@pytest.mark.parametrize("threads", [1, 2])
def test_fit_trains_on_the_threads_chosen(threads):
    recorder = BlasThreads()
    X = np.random.default_rng(0).standard_normal((20, 3))
    fit(mlp([3, 4, 1]), X, X[:, 0] > 0, epochs=1, callbacks=[recorder], blas_threads=threads)
    assert recorder.seen in ({threads}, set())  # empty: a NumPy without a BLAS threadpool


@pytest.mark.parametrize(
    ("option", "expected"), [([], 1), (["--blas-threads", "auto"], 1), (["--blas-threads", "2"], 2)]
)
def test_the_command_line_chooses_the_threads_of_fit(monkeypatch, option, expected):
    # auto: the tutorial-sized network of `reglab train` stays on one thread; N forces N
    from reglab.cli import main

    fit_module = importlib.import_module("reglab.train.fit")  # not reglab.train's fit()

    chosen, choose = [], fit_module.blas_threads_for
    monkeypatch.setattr(
        fit_module, "blas_threads_for", lambda *args: chosen.append(choose(*args)) or chosen[-1]
    )
    assert main([*option, "train", "--epochs", "2"]) == 0
    assert chosen and set(chosen) == {expected}
