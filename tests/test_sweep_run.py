"""Running sweeps: SQLite results, resume, retries, divergence, kill -9 of the coordinator."""

import csv
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest
from conftest import TINY, ThreadSource

from reglab.cli import main
from reglab.data.datasets import make_moons
from reglab.data.splits import recommend_split, train_dev_test_split
from reglab.data.standardize import standardize_split
from reglab.nn import mlp
from reglab.optim import Adam
from reglab.regularizers import L2
from reglab.sweep.plan import plan_sweep
from reglab.sweep.report import render_sweep_report
from reglab.sweep.runner import Runner
from reglab.sweep.session import run_sweep
from reglab.sweep.spec import load_sweep, parse_sweep
from reglab.sweep.store import Store
from reglab.sweep.worker import load_split, train_chunk
from reglab.train import fit


def _write(tmp_path, text, name="sweep.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def _metrics(rows):
    keys = ("train_loss", "dev_loss", "test_loss", "dev_accuracy", "weight_norm", "epochs_run")
    return {(r["config_id"], r["seed"]): tuple(r[k] for k in keys) for r in rows}


def test_a_local_sweep_stores_every_model_once(tiny_sweep):
    spec, _, outcome, store, _ = tiny_sweep
    assert len(outcome.trained) == 2 and not outcome.failed  # 4 configurations per seed
    rows = store.model_rows(1)
    assert len(rows) == 8
    assert len({(r["config_id"], r["seed"]) for r in rows}) == 8
    assert {r["verdict"] for r in rows} <= {
        "good",
        "high bias",
        "high variance",
        "high bias and high variance",
    }
    journal = store.db.execute("PRAGMA journal_mode").fetchone()[0]
    assert journal == "wal"
    chunk = store.chunk_rows(1)[0]
    assert chunk["state"] == "done" and chunk["attempts"] == 1 and chunk["worker"]


def test_a_stored_model_has_the_metrics_of_the_same_model_trained_alone(tiny_sweep):
    _, _, _, store, _ = tiny_sweep
    row = next(r for r in store.model_rows(1) if r["l2"] == 0.5 and r["keep_prob1"] == 0.8)
    data = make_moons(120, noise=0.3, random_state=0)
    split = train_dev_test_split(data.X, data.y, **recommend_split(120).as_kwargs(), random_state=0)
    split, _ = standardize_split(split)  # a sweep standardizes as reglab train does
    network = mlp([2, 8, 8, 1], keep_prob=0.8, regularizers=L2(0.5), seed=row["seed"])
    fit(
        network,
        split.X_train,
        split.y_train,
        optimizer=Adam(0.02),
        epochs=15,
        dev=(split.X_dev, split.y_dev),
    )
    dev = network.evaluate(split.X_dev, split.y_dev)
    assert row["dev_loss"] == pytest.approx(dev["loss"][0], abs=1e-10)
    assert row["dev_accuracy"] == pytest.approx(dev["accuracy"][0])


def test_a_sweep_standardizes_on_the_training_rows_unless_told_not_to():
    data = {"dataset": "breast_cancer", "random_state": 0}
    split = {"dev": 0.2, "test": 0.2, "random_state": 0, "stratify": True}
    _, raw = load_split(data, {**split, "standardize": False})
    _, scaled = load_split(data, split)  # the default
    assert raw.X_train.max() > 1000  # areas near 1,000 beside smoothness near 0.1
    np.testing.assert_allclose(scaled.X_train.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(scaled.X_train.std(axis=0), 1, rtol=1e-12)
    mean, std = raw.X_train.mean(axis=0), raw.X_train.std(axis=0)
    np.testing.assert_allclose(scaled.X_dev, (raw.X_dev - mean) / std, rtol=1e-10, atol=1e-12)
    sweep = {"name": "t", "data": data}
    assert parse_sweep(sweep).split.standardize is True
    assert parse_sweep({**sweep, "split": {"standardize": False}}).split.standardize is False


def test_running_again_skips_every_stored_chunk(tiny_sweep):
    spec, text, first, store, tmp_path = tiny_sweep
    outcome, _ = run_sweep(spec, text, out=tmp_path / "out", workers=1)
    assert outcome.trained == [] and sorted(outcome.skipped) == sorted(first.trained)
    assert len(store.model_rows(1)) == 8


def test_a_changed_file_makes_new_chunks_and_keeps_the_unchanged_ones(tiny_sweep, tmp_path, capsys):
    # on a copy of the shared sweep, which other tests read as it was first run
    (tmp_path / "out").mkdir()
    with sqlite3.connect(tmp_path / "out" / "results.sqlite") as copy:
        tiny_sweep[3].db.backup(copy)
    changed = TINY.replace("[search]", "[search]\nlayers = { values = [[8, 8], [4]] }")
    path = _write(tmp_path, changed, "changed.toml")
    outcome, store = run_sweep(*load_sweep(path), out=tmp_path / "out", workers=1)
    assert len(outcome.skipped) == 2 and len(outcome.trained) == 2  # the [4] stack is new
    rows = store.model_rows(2)
    assert sorted({r["chunk_version"] for r in rows}) == [1, 2]
    assert main(["sweep", "status", str(path), "--out", str(tmp_path / "out")]) == 0
    assert "(file version 2 of 2)" in capsys.readouterr().out
    html = render_sweep_report(store, load_sweep(path)[0])
    assert "2 chunk(s) first planned by version 1 of the sweep file, unchanged since" in html
    assert "2 chunk(s) first planned by version 2 of the sweep file (the current one)" in html


def test_changed_data_under_the_same_file_is_a_new_version_not_more_seeds(tmp_path, capsys):
    # a CSV file edited between runs of an unchanged sweep file used to add its chunks to
    # version 1's plan: status said "4 planned: 4 done", "16 of 16 stored" and the best
    # configuration's dev error "over 4 seed(s)" for a sweep of 2 seeds, old data and new
    # pooled as if they were more seeds
    rows = "".join(f"{i / 40},{(i * 7 % 40) / 40},{(i * 3) % 2}\n" for i in range(60))
    (tmp_path / "points.csv").write_text("a,b,y\n" + rows)
    path = _write(
        tmp_path,
        TINY.replace('dataset = "moons"', 'csv = "points.csv"\nlabel = "y"').replace(
            "n_samples = 120\nnoise = 0.3\n", ""
        ),
    )
    out = str(tmp_path / "out")
    assert main(["sweep", "run", str(path), "--out", out, "--workers", "1"]) == 0
    (tmp_path / "points.csv").write_text("a,b,y\n" + rows + "0.5,0.5,1\n")
    assert main(["sweep", "run", str(path), "--out", out, "--workers", "1"]) == 0
    capsys.readouterr()
    assert main(["sweep", "status", str(path), "--out", out]) == 0
    status = capsys.readouterr().out
    assert "(file version 2 of 2)" in status
    assert "chunks: 2 planned: 2 done" in status and "models: 8 of 8 stored" in status
    assert "over 2 seed(s)" in status
    store = Store(tmp_path / "out" / "results.sqlite")
    assert len(store.model_rows(2)) == 8 and len(store.model_rows(1)) == 8


def test_a_chunk_that_raises_is_retried_once_then_recorded_failed(tmp_path):
    spec = parse_sweep(
        {
            "name": "flaky",
            "seeds": [0, 1, 2],
            "chunk_size": 2,
            "data": {"dataset": "moons", "n_samples": 60},
            "train": {"layers": [4], "epochs": 3},
            "search": {"l2": {"values": [0.0, 1.0]}},
        }
    )
    chunks = plan_sweep(spec).chunks
    bad = chunks[1].id
    calls = []

    def flaky(chunk):
        calls.append(chunk.id)
        if chunk.id == bad:
            raise RuntimeError("the chunk's training raised")
        return train_chunk(chunk)

    store = Store(tmp_path / "results.sqlite")
    store.register(spec.hash, "", chunks)
    outcome = Runner(store, ThreadSource(), train=flaky).run(chunks)
    assert calls.count(bad) == 2 and len(calls) == 4
    assert list(outcome.failed) == [bad] and len(outcome.trained) == 2
    row = store.db.execute("SELECT * FROM chunks WHERE id = ?", (bad,)).fetchone()
    assert (row["state"], row["attempts"]) == ("failed", 2)
    assert "RuntimeError: the chunk's training raised" in row["error"]
    assert len(store.model_rows(1)) == 4
    # a later run gives the failed chunk another chance, and stores it once
    again = Runner(store, ThreadSource()).run(chunks)
    assert again.trained == [bad] and len(store.model_rows(1)) == 6


def test_a_model_whose_loss_turns_nan_is_stored_as_diverged(tmp_path):
    spec = parse_sweep(
        {
            "name": "nan",
            "data": {"dataset": "moons", "n_samples": 100},
            "train": {"layers": [8], "epochs": 20, "optimizer": "gd"},
            "search": {"learning_rate": {"values": [0.1, 1e150]}},
        }
    )
    chunks = plan_sweep(spec).chunks
    store = Store(tmp_path / "results.sqlite")
    store.register(spec.hash, "", chunks)
    Runner(store, ThreadSource()).run(chunks)
    rows = {r["learning_rate"]: r for r in store.model_rows(1)}
    assert rows[1e150]["diverged"] == 1 and rows[1e150]["verdict"] == "diverged"
    assert rows[1e150]["epochs_run"] < 20
    assert rows[0.1]["diverged"] == 0 and rows[0.1]["epochs_run"] == 20


SLOW = """
name = "slow"
seeds = [0, 1, 2, 3, 4, 5]
chunk_size = 4

[data]
dataset = "moons"
n_samples = 200

[train]
layers = [16, 16]
epochs = 50

[search]
l2 = { values = [0.0, 0.1] }
keep_prob = { values = [0.8, 1.0] }
"""


def _done(db_path) -> int:
    if not db_path.exists():
        return 0
    with sqlite3.connect(db_path, timeout=10) as db:
        try:
            return db.execute("SELECT COUNT(*) FROM chunks WHERE state = 'done'").fetchone()[0]
        except sqlite3.OperationalError:  # the tables are not there yet
            return 0


def test_a_sweep_killed_with_sigkill_resumes_with_every_model_stored_once(tmp_path):
    path = _write(tmp_path, SLOW)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "reglab.cli.main", "sweep", "run", str(path)]
    process = subprocess.Popen(
        command + ["--out", str(out), "--workers", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while _done(out / "results.sqlite") < 2 and process.poll() is None:
            assert time.monotonic() < deadline, "the sweep stored nothing in 120 s"
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # the pool's workers, if any are left
        except ProcessLookupError:
            pass
    stored = _done(out / "results.sqlite")
    assert 2 <= stored < 6, f"the kill came too late to test anything: {stored} chunks done"

    spec, text = load_sweep(path)
    outcome, store = run_sweep(spec, text, out=out, workers=1)
    assert len(outcome.skipped) == stored and len(outcome.trained) == 6 - stored
    rows = store.model_rows(1)
    assert len(rows) == 24 and len({(r["config_id"], r["seed"]) for r in rows}) == 24
    # the same numbers as an uninterrupted run: every chunk trained here, in this process
    expected = []
    for chunk in plan_sweep(spec).chunks:
        for model, metrics in zip(chunk.models, train_chunk(chunk)["models"], strict=True):
            expected.append({**model, **metrics})
    assert _metrics(rows) == _metrics(expected)


def test_sweep_check_prints_the_plan(tmp_path, capsys):
    path = _write(tmp_path, TINY)
    assert main(["sweep", "check", str(path), "--workers", "2"]) == 0
    out = capsys.readouterr().out
    assert "4 configurations × 2 seeds = 8 models (grid search)" in out
    assert "1 stack(s), 2 chunk(s)" in out and "estimated time: about" in out
    one = _write(tmp_path, TINY.replace("seeds = [0, 1]", "seeds = [0]").split("[search]")[0])
    assert main(["sweep", "check", str(one)]) == 0
    assert "1 configuration × 1 seed = 1 model (grid search)" in capsys.readouterr().out


def test_sweep_commands_report_a_bad_file_with_its_key_path(tmp_path, capsys):
    path = _write(tmp_path, TINY.replace("[0.8, 1.0]", "[0.8, 1.5]"))
    assert main(["sweep", "run", str(path)]) == 2
    err = capsys.readouterr().err
    assert "search.keep_prob.values[1]: Input should be less than or equal to 1, got 1.5" in err


def test_a_data_mistake_is_a_problem_of_the_file_found_before_any_training(tmp_path, capsys):
    # a wrong label column made every chunk fail twice, each with the loader's message
    (tmp_path / "points.csv").write_text(
        "a,b,y\n" + "".join(f"{i},{-i},{i % 2}\n" for i in range(40))
    )
    path = _write(
        tmp_path,
        TINY.replace('dataset = "moons"', 'csv = "points.csv"\nlabel = "label"').replace(
            "n_samples = 120\nnoise = 0.3\n", ""
        ),
    )
    for argv in (["check"], ["run", "--out", str(tmp_path / "out")]):
        assert main(["sweep", argv[0], str(path), *argv[1:]]) == 2
        captured = capsys.readouterr()
        assert "data.label: must be one of 'a', 'b', 'y', got 'label'" in captured.err
        assert "configurations" not in captured.out  # refused before the plan
    assert not (tmp_path / "out" / "results.sqlite").exists()
    (tmp_path / "points.csv").write_text("a,label\n1,0\n2,0\n3,0\n4,1\n")
    assert main(["sweep", "check", str(path)]) == 2
    assert "split.stratify: class 1 has 1 examples" in capsys.readouterr().err


def test_sweep_output_paths_are_checked_before_any_work(tiny_sweep, tmp_path, capsys):
    _, _, _, _, run_path = tiny_sweep
    sweep, out = str(run_path / "sweep.toml"), str(run_path / "out")
    a_file = tmp_path / "a_file"
    a_file.write_text("mine")
    assert main(["sweep", "run", sweep, "--out", str(a_file)]) == 2
    assert f"--out must name a folder, got the file '{a_file}'" in capsys.readouterr().err
    target = tmp_path / "missing" / "models.csv"
    assert main(["sweep", "export", sweep, "--out", out, "--csv", str(target)]) == 2
    assert "--csv must name a file in an existing folder" in capsys.readouterr().err
    assert not target.parent.exists()  # it used to create the folder and write there
    assert main(["sweep", "export", sweep, "--out", out, "--csv", str(tmp_path)]) == 2
    assert f"--csv must name a file, got the folder '{tmp_path}'" in capsys.readouterr().err


def test_blas_threads_goes_after_a_sweep_action_too(tiny_sweep, capsys):
    _, _, _, _, run_path = tiny_sweep
    argv = ["status", str(run_path / "sweep.toml"), "--out", str(run_path / "out")]
    assert main(["sweep", *argv, "--blas-threads", "2"]) == 0
    assert main(["--blas-threads", "2", "sweep", *argv]) == 0
    assert "models: 8 of 8 stored" in capsys.readouterr().out


def test_exports_hold_one_row_per_model(tiny_sweep, tmp_path):
    _, _, _, store, run_path = tiny_sweep
    target = tmp_path / "models.csv"
    args = ["sweep", "export", str(run_path / "sweep.toml"), "--out", str(run_path / "out")]
    assert main(args + ["--csv", str(target)]) == 0
    lines = target.read_text().splitlines()
    assert lines[0].startswith("chunk_id,position,config_id,seed")
    assert len(lines) == 1 + len(store.model_rows(store.latest_version()))


def test_the_parquet_export_holds_the_rows_and_values_of_the_csv_export(tiny_sweep, tmp_path):
    pyarrow_parquet = pytest.importorskip("pyarrow.parquet")
    _, _, _, store, run_path = tiny_sweep
    args = ["sweep", "export", str(run_path / "sweep.toml"), "--out", str(run_path / "out")]
    assert main(args + ["--csv", str(tmp_path / "m.csv")]) == 0
    assert main(args + ["--parquet", str(tmp_path / "m.parquet")]) == 0
    table = pyarrow_parquet.read_table(tmp_path / "m.parquet").to_pylist()
    with open(tmp_path / "m.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(table) == len(rows) == len(store.model_rows(store.latest_version()))
    assert list(table[0]) == list(rows[0])  # the same columns in the same order
    for stored, written in zip(table, rows, strict=True):
        for column, value in stored.items():
            if isinstance(value, float):  # numbers as numbers, not text
                assert value == pytest.approx(float(written[column]), rel=1e-12, nan_ok=True)
            else:
                assert str("" if value is None else value) == written[column], column


def test_the_report_is_one_self_contained_page(tiny_sweep, tmp_path, capsys):
    _, _, _, _, run_path = tiny_sweep
    args = ["sweep", "report", str(run_path / "sweep.toml"), "--out", str(tmp_path)]
    assert main(args) == 2  # nothing has run in that folder
    assert "has not run yet" in capsys.readouterr().err
    assert not (tmp_path / "results.sqlite").exists()  # and reading created nothing
    assert main(args[:3] + ["--out", str(run_path / "out")]) == 0
    html = (run_path / "out" / "report.html").read_text()
    for heading in ("Best configurations", "Heat maps", "Validation curves"):
        assert heading in html
    assert "Train/dev gap and regularization strength" in html
    assert html.count('src="data:image/png;base64,') == 3 and "<script" not in html
    assert "the current one" in html and "<li>" in html  # a verdict's remedies
    assert "l2 = { values = [0.0, 0.5] }" in html  # the sweep file itself


def _marker(chunk) -> Path:
    return Path(tempfile.gettempdir()) / f"reglab-test-worker-died-{chunk.id}"


def die_once(chunk):
    """Kill the worker process the first time the seed-1 chunk comes (a crash, not an error)."""
    if chunk.models[0]["seed"] == 1 and not _marker(chunk).exists():
        _marker(chunk).touch()
        os._exit(1)
    return train_chunk(chunk)


def test_a_worker_that_dies_costs_its_chunk_one_attempt_and_the_pool_goes_on(tmp_path):
    spec, text = load_sweep(_write(tmp_path, TINY.replace("[0, 1]", "[0, 1, 2]")))
    for chunk in plan_sweep(spec).chunks:
        _marker(chunk).unlink(missing_ok=True)
    try:
        outcome, store = run_sweep(spec, text, out=tmp_path / "out", workers=2, train=die_once)
    finally:
        for chunk in plan_sweep(spec).chunks:
            _marker(chunk).unlink(missing_ok=True)
    assert not outcome.failed and len(outcome.trained) == 3
    attempts = {row["id"]: row["attempts"] for row in store.chunk_rows(1)}
    died = next(c.id for c in plan_sweep(spec).chunks if c.models[0]["seed"] == 1)
    assert attempts[died] == 2
    assert len(store.model_rows(1)) == 12


def test_parquet_without_pyarrow_says_how_to_install_it(tiny_sweep, tmp_path, monkeypatch, capsys):
    _, _, _, _, run_path = tiny_sweep
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if not installed
    args = ["sweep", "export", str(run_path / "sweep.toml"), "--out", str(run_path / "out")]
    assert main(args + ["--parquet", str(tmp_path / "m.parquet")]) == 2
    assert "pip install pyarrow" in capsys.readouterr().err
    assert not (tmp_path / "m.parquet").exists()


def test_the_verdicts_of_a_sweep_on_raw_features_name_them_as_reglab_train_does(tmp_path):
    # breast cancer unstandardized: reglab train --no-standardize puts "standardize the
    # features" first; the sweep's report and its models' verdicts read the same numbers
    spec = parse_sweep(
        {
            "name": "raw",
            "data": {"dataset": "breast_cancer"},
            "split": {"standardize": False},
            "train": {"layers": [8], "epochs": 3},
            "search": {"l2": {"values": [0.0, 1.0]}},
        }
    )
    chunks = plan_sweep(spec).chunks
    store = Store(tmp_path / "results.sqlite")
    store.register(spec.hash, "", chunks)
    Runner(store, ThreadSource()).run(chunks)
    page = render_sweep_report(store, spec)
    assert "The features are not on one scale" in page
    assert "standardize the features (subtract" in page


def test_a_generated_data_sets_verdicts_read_against_its_bayes_error(tiny_sweep, tmp_path):
    # moons at noise 0.3 have a Bayes error of 8.6%: read against 0 (the default before), a
    # training error of noise read as high bias, as reglab train's did before it knew the floor
    from reglab.data.bayes import bayes_error
    from reglab.diagnose.training import diagnose_models
    from reglab.sweep.results import read_summary
    from reglab.sweep.spec import base_error_of
    from reglab.sweep.worker import verdict_reading

    spec, _, _, store, run_path = tiny_sweep
    floor = bayes_error("moons", 0.3)
    assert base_error_of(spec.data.model_dump(exclude_none=True)) == (
        floor,
        "the Bayes error of moons at noise 0.3",
    )
    chunk = plan_sweep(spec).chunks[0]
    reading = verdict_reading(chunk.data, chunk.split)
    for row in store.model_rows(1):
        accuracies = [np.array([row[f"{part}_accuracy"]]) for part in ("train", "dev", "test")]
        expected = diagnose_models(*accuracies, base_error=floor, **reading).kind
        assert row["verdict"] == expected
    assert read_summary(run_path / "out").base_error == floor
    assert read_summary(run_path / "out", base_error=0.01).base_error == 0.01
    args = ["sweep", "report", str(run_path / "sweep.toml"), "--out", str(run_path / "out")]
    assert main(args) == 0
    html = (run_path / "out" / "report.html").read_text()
    assert f"base error {floor:.4g} (the Bayes error of moons at noise 0.3;" in html


@pytest.mark.parametrize(
    "config, expected",
    [
        ({"l2": 0.0, "l1": 0.0, "keep_prob1": 1.0, "early_stopping": None}, ()),
        (
            {"l2": 100.0, "l1": 0.0, "keep_prob1": 0.1, "keep_prob2": 0.5, "early_stopping": 5},
            ("l2 = 100", "keep_prob = [0.1, 0.5]", "early_stopping = 5"),
        ),
        (
            {"l2": 0.0, "l1": 0.01, "keep_prob1": 1.0, "keep_prob2": 0.8, "keep_prob3": None},
            ("l1 = 0.01", "keep_prob = [1, 0.8]"),
        ),
    ],
)
def test_the_regularization_a_configuration_trains_with(config, expected):
    from reglab.sweep.results import regularization_on

    assert regularization_on(config) == expected


def test_a_strongly_regularized_configurations_high_bias_names_its_regularization_first():
    # as reglab train's: a configuration at chance with l2 = 100 was told 'a bigger network'
    from reglab.sweep.results import summarize

    row = {
        "config_id": "c",
        "l2": 100.0,
        "l1": 0.0,
        "keep_prob1": 1.0,
        "early_stopping": None,
        "train_accuracy": 0.5,
        "dev_accuracy": 0.5,
        "test_accuracy": 0.5,
        "dev_loss": 0.69,
        "diverged": 0,
        "trial": None,
        "chunk_version": 1,
    }
    (summary,) = summarize([row])
    remedies = summary.verdict(base_error=0.05).remedies
    assert remedies[0].startswith("weaker regularization: l2 = 100 is on")


@pytest.mark.parametrize(
    "data, expected",
    [
        ({"dataset": "moons", "base_error": 0.05}, (0.05, "data.base_error")),
        ({"dataset": "spiral"}, (None, "the Bayes error of spiral at noise 0.05")),
        ({"dataset": "digits"}, (0.0, "unknown: 0 (data.base_error names one)")),
        ({"csv": "d.csv", "label": "y"}, (0.0, "unknown: 0 (data.base_error names one)")),
    ],
)
def test_the_base_error_of_a_sweeps_data(data, expected):
    from reglab.data.bayes import bayes_error
    from reglab.sweep.spec import base_error_of

    base_error, origin = base_error_of(data)
    assert origin == expected[1]
    assert base_error == (bayes_error("spiral", 0.05) if expected[0] is None else expected[0])


def test_a_configuration_whose_every_seed_diverged_quotes_their_errors():
    from reglab.sweep.results import summarize

    row = {
        "config_id": "c",
        "train_accuracy": 0.5,
        "dev_accuracy": 0.4,
        "test_accuracy": 0.45,
        "dev_loss": float("inf"),
        "diverged": 1,
        "trial": None,
        "chunk_version": 1,
    }
    (summary,) = summarize([row, {**row, "train_accuracy": 0.7, "dev_accuracy": 0.6}])
    verdict = summary.verdict()
    assert verdict.kind == "diverged" and verdict.n_models == 2
    assert "(train 40.00%, dev 50.00%)" in verdict.explanation  # not 100%, not measured
