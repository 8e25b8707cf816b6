"""Optuna searches: batches of trials trained as stacks, resumed after an interruption."""

import sys

import pytest
from conftest import ThreadSource

from reglab.cli import main
from reglab.sweep.report import render_sweep_report
from reglab.sweep.results import summarize
from reglab.sweep.sampler import run_sampler, storage
from reglab.sweep.spec import parse_sweep
from reglab.sweep.store import Store
from reglab.sweep.worker import train_chunk

optuna = pytest.importorskip("optuna")  # the dev extra installs it

SEARCH = {
    "name": "tpe",
    "seeds": [0, 1],
    "data": {"dataset": "moons", "n_samples": 80},
    "train": {"layers": [6], "epochs": 8},
    "search": {
        "method": "random",
        "n_configs": 6,
        "batch": 2,
        "l2": {"distribution": "log-uniform", "low": 0.001, "high": 10.0},
        "layers": {"values": [[6], [4, 4]]},
    },
}


def _study(store, spec, sampler="tpe"):
    return optuna.load_study(
        study_name=f"{spec.name}:{sampler}:{spec.hash}", storage=storage(store)
    )


def test_a_sampler_asks_trains_and_tells_in_batches(tmp_path):
    spec = parse_sweep(SEARCH)
    store = Store(tmp_path / "results.sqlite")
    batches = []

    def train(chunk):
        batches.append(sorted({m["trial"] for m in chunk.models}))
        return train_chunk(chunk)

    outcome = run_sampler(spec, "", store, ThreadSource(), "tpe", train, None)
    assert not outcome.failed
    rows = store.model_rows(1)
    assert len(rows) == 12 and sorted({r["trial"] for r in rows}) == list(range(6))
    assert all(max(trials) - min(trials) <= 1 for trials in batches)  # two trials a round
    study = _study(store, spec)
    assert [t.state.name for t in study.trials] == ["COMPLETE"] * 6
    best = summarize(rows)[0]
    assert study.best_value == pytest.approx(best.score)
    # the summary's best configuration is a trial of Optuna's best value (ties may be broken
    # differently: the summary by configuration id, Optuna by trial number)
    tied = [t.number for t in study.trials if t.value == pytest.approx(study.best_value)]
    assert len(best.trials) == 1 and best.trials[0] in tied
    assert "Search history" in render_sweep_report(store, spec)


def test_cma_es_samples_the_second_round_from_its_own_distribution(tmp_path):
    # CMA-ES needs told trials to fit its distribution: the first round (asked before any
    # is told) is sampled independently, every later one by CMA-ES's generations
    search = {
        "method": "random",
        "n_configs": 8,
        "batch": 4,
        "l2": {"distribution": "log-uniform", "low": 0.001, "high": 10.0},
        "learning_rate": {"distribution": "log-uniform", "low": 0.001, "high": 0.1},
    }
    spec = parse_sweep({**SEARCH, "name": "cma", "search": search})
    store = Store(tmp_path / "results.sqlite")
    outcome = run_sampler(spec, "", store, ThreadSource(), "cmaes", train_chunk, None)
    assert not outcome.failed and len(store.model_rows(1)) == 16
    trials = _study(store, spec, "cmaes").trials
    assert [t.state.name for t in trials] == ["COMPLETE"] * 8
    assert all("cma:generation" not in t.system_attrs for t in trials[:4])
    assert all("cma:generation" in t.system_attrs for t in trials[4:])
    for trial in trials:
        assert 0.001 <= trial.params["l2"] <= 10 and 0.001 <= trial.params["learning_rate"] <= 0.1


def test_an_interrupted_search_finishes_its_open_trials_and_goes_on(tmp_path):
    spec = parse_sweep(SEARCH)
    store = Store(tmp_path / "results.sqlite")
    calls = []

    def interrupted(chunk):
        calls.append(chunk.id)
        if len(calls) > 2:  # the second round's chunks: as if Ctrl-C came now
            raise KeyboardInterrupt
        return train_chunk(chunk)

    with pytest.raises(KeyboardInterrupt):
        run_sampler(spec, "", store, ThreadSource(), "random", interrupted, None)
    study = _study(store, spec, "random")
    assert "RUNNING" in {t.state.name for t in study.trials}
    run_sampler(spec, "", store, ThreadSource(), "random", train_chunk, None)
    study = _study(store, spec, "random")
    assert [t.state.name for t in study.trials] == ["COMPLETE"] * 6
    rows = store.model_rows(1)
    assert len(rows) == 12 and len({(r["trial"], r["seed"]) for r in rows}) == 12


def test_the_sampler_option_without_optuna_says_how_to_install_it(tmp_path, monkeypatch, capsys):
    path = tmp_path / "s.toml"
    path.write_text(
        '[data]\ndataset = "moons"\n[search]\nn_configs = 4\nl2 = { values = [0.0, 1.0] }\n'
    )
    monkeypatch.setitem(sys.modules, "optuna", None)  # as if not installed
    args = ["sweep", "run", str(path), "--out", str(tmp_path), "--sampler", "tpe"]
    assert main(args) == 2
    assert "pip install 'reglab[optuna]'" in capsys.readouterr().err
