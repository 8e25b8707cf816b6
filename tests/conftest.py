from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

TINY = """
name = "tiny"
seeds = [0, 1]
chunk_size = 4

[data]
dataset = "moons"
n_samples = 120
noise = 0.3

[train]
layers = [8, 8]
epochs = 15
learning_rate = 0.02

[search]
l2 = { values = [0.0, 0.5] }
keep_prob = { values = [0.8, 1.0] }
"""


class ThreadSource:
    """An executor source without processes (two threads), for tests of a sweep's
    coordinator: what ``sweep.executors.ExecutorSource`` gives the runner and the sampler."""

    def __init__(self):
        self.executor = ThreadPoolExecutor(2)

    def rebuild(self):
        return self.executor

    def capacity(self):
        return 2


@pytest.fixture(scope="session")
def tiny_sweep(tmp_path_factory):
    """The TINY sweep run once through the local process pool (two workers): its spec,
    text, outcome and store, and its folder (the file is ``sweep.toml``, results ``out/``)."""
    from reglab.sweep.session import run_sweep
    from reglab.sweep.spec import load_sweep

    tmp_path = tmp_path_factory.mktemp("tiny")
    (tmp_path / "sweep.toml").write_text(TINY)
    spec, text = load_sweep(tmp_path / "sweep.toml")
    outcome, store = run_sweep(spec, text, out=tmp_path / "out", workers=2)
    return spec, text, outcome, store, tmp_path


@pytest.fixture(scope="session")
def tiny_study():
    """A study small enough to run in about a second (every part of it, digits included),
    shared by the tests of the displays and the rich reprs."""
    from threadpoolctl import threadpool_limits

    from reglab.experiments.study import StudyConfig, run_study

    config = StudyConfig(
        epochs=30,
        seeds=2,
        rounds=3,
        tutorial_epochs=30,
        patience=3,
        curve_lams=(0.0, 0.1, 10.0),
        curve_keep_probs=(0.5, 1.0),
        curve_sizes=(20, 100),
        learning_seeds=2,
        digits_epochs=2,
        digits_seeds=1,
        shifted_epochs=2,
        shifted_train=40,
    )
    with threadpool_limits(limits=1):  # as the CLI runs it: faster for small networks
        return run_study(config)


@pytest.fixture
def rng():
    return np.random.default_rng(1234)
