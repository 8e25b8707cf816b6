"""The study leaves diverged models out of its means over seeds, and says how many."""

import dataclasses

import numpy as np
import pytest

from reglab.cli.study import summary_table
from reglab.data.datasets import load_dataset
from reglab.data.splits import train_dev_test_split
from reglab.diagnose.verdict import diagnose
from reglab.experiments.regularization import RegularizerRun, compare_regularizers
from reglab.experiments.study import StudyConfig, _grid
from reglab.train import DivergenceWarning

TINY = StudyConfig(epochs=15, seeds=2, patience=3, l2=1.0, keep_prob=0.6)


def _run(**arrays) -> RegularizerRun:
    seeds = len(arrays["dev_accuracy"])
    zeros = np.zeros(seeds)
    fields = {
        "train_accuracy": zeros + 1,
        "test_accuracy": zeros + 0.8,
        "weight_norm": zeros + 3,
        "zero_fraction": zeros,
        **arrays,
    }
    return RegularizerRun(
        "none",
        "no regularization",
        train_loss=np.zeros((3, seeds)),
        dev_loss=np.zeros((3, seeds)),
        weights=np.zeros(4),
        probability=np.zeros((2, 2)),
        verdict=diagnose(0.0, 0.1, diverged=1, n_models=seeds),
        **fields,
    )


def test_means_and_the_summary_leave_diverged_seeds_out():
    run = _run(dev_accuracy=np.array([0.9, 0.5, 0.8]), diverged=np.array([False, True, False]))
    assert run.mean("dev_accuracy") == pytest.approx(0.85)
    assert run.std("dev_accuracy") == pytest.approx(0.05)
    summary = run.summary()
    assert summary["dev_accuracy_mean"] == pytest.approx(0.85) and summary["diverged"] == 1
    every = _run(dev_accuracy=np.array([0.5, 0.4]), diverged=np.array([True, True]))
    assert every.mean("dev_accuracy") == pytest.approx(0.45)  # nothing left: all shown


def test_a_study_that_diverges_says_so_in_every_verdict_and_the_table():
    config = dataclasses.replace(TINY, learning_rate=1e6)
    data = load_dataset("moons", n_samples=300, noise=0.35, random_state=0)
    split = train_dev_test_split(data.X, data.y, dev=100, test=100, random_state=0)
    with pytest.warns(DivergenceWarning):
        runs = compare_regularizers(config, split, _grid(data.X, 5), 0.1139)
    assert all(run.verdict.kind == "diverged" for run in runs)
    assert all(run.summary()["diverged"] == config.seeds for run in runs)

    class Result:
        regularizers = runs
        base_error = 0.1139
        chosen = {}

        def best(self):
            return runs[0]

    Result.config = config
    text = summary_table(Result())
    assert f"{len(runs) * config.seeds} diverged model(s) left out of the means" in text
