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


@pytest.fixture
def rng():
    return np.random.default_rng(1234)
