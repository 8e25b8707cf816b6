"""Sweeps on Dask: a real scheduler and two worker processes on 127.0.0.1, started here."""

import socket
import subprocess
import sys

import pytest

from reglab.cli import main
from reglab.sweep.executors import WorkerVersionError, check_worker_versions
from reglab.sweep.session import run_sweep

distributed = pytest.importorskip("distributed")  # the dev extra installs it

SWEEP = """
name = "on-dask"
seeds = [0, 1]
chunk_size = 3

[data]
dataset = "circle"
n_samples = 100

[train]
layers = [6]
epochs = 10

[search]
l2 = { values = [0.0, 0.3, 3.0] }
learning_rate = { values = [0.01, 0.03] }
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def scheduler_address():
    """A Dask scheduler and two single-threaded workers (w0, w1), torn down after."""
    address = f"tcp://127.0.0.1:{_free_port()}"
    common = ["--host", "127.0.0.1", "--no-dashboard"]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_scheduler", "--port", address[-5:]]
            + common,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    processes += [
        subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_worker", address, "--name", f"w{i}"]
            + ["--nthreads", "1", "--no-nanny", "--preload", "reglab.sweep.worker"]
            + common,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for i in range(2)
    ]
    try:
        with distributed.Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        # workers first, each given time to leave the scheduler, which goes last
        for process in reversed(processes):
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def _metrics(store) -> dict:
    keys = ("train_loss", "dev_loss", "test_loss", "dev_accuracy", "weight_norm", "verdict")
    return {(r["config_id"], r["seed"]): [r[k] for k in keys] for r in store.model_rows(1)}


def test_a_sweep_on_a_dask_cluster_stores_the_metrics_of_the_local_run(
    scheduler_address, tiny_sweep, tmp_path
):
    spec, text, local, local_store, _ = tiny_sweep  # run on the local process pool
    dask, store = run_sweep(spec, text, out=tmp_path, scheduler=scheduler_address)
    assert len(dask.trained) == len(local.trained) == 2 and not dask.failed
    assert len(_metrics(store)) == 8
    assert _metrics(store) == _metrics(local_store)
    workers = {row["worker"] for row in store.chunk_rows(1)}
    assert workers <= {"w0", "w1"} and workers


def test_a_sweep_on_a_local_dask_cluster_stores_the_metrics_of_the_local_run(
    tiny_sweep, tmp_path, capsys
):
    # --scheduler local: a LocalCluster of this machine, bound to 127.0.0.1 only
    spec, text, _, local_store, run_path = tiny_sweep
    argv = ["sweep", "run", str(run_path / "sweep.toml"), "--out", str(tmp_path)]
    assert main([*argv, "--scheduler", "local", "--workers", "2"]) == 0
    out = capsys.readouterr().out
    assert "running on a local Dask cluster with 2 worker(s), dashboard http://127.0.0.1:" in out
    from reglab.sweep.store import Store

    store = Store(tmp_path / "results.sqlite")
    assert _metrics(store) == _metrics(local_store)


def test_the_scheduler_address_may_come_from_the_environment(
    scheduler_address, tmp_path, monkeypatch, capsys
):
    path = tmp_path / "sweep.toml"
    path.write_text(SWEEP.replace("[0.01, 0.03]", "[0.01]"))
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", scheduler_address)
    assert main(["sweep", "run", str(path), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert f"running on Dask at {scheduler_address} with 2 worker(s)" in out
    assert "trained 2 chunk(s)" in out


def test_workers_without_reglab_or_with_another_version_are_named():
    versions = {
        "tcp://10.0.0.5:4000": "0.1.0",
        "tcp://10.0.0.6:4000": ModuleNotFoundError("reglab"),
        "tcp://10.0.0.7:4000": "0.0.9",
    }
    names = {"tcp://10.0.0.6:4000": "gpu-box", "tcp://10.0.0.7:4000": "old-box"}
    with pytest.raises(WorkerVersionError) as caught:
        check_worker_versions(versions, names, "0.1.0")
    message = str(caught.value)
    assert "worker gpu-box (tcp://10.0.0.6:4000) has no reglab installed" in message
    assert "worker old-box (tcp://10.0.0.7:4000) runs reglab 0.0.9" in message
    assert "10.0.0.5" not in message
    check_worker_versions({"tcp://10.0.0.5:4000": "0.1.0"}, {}, "0.1.0")


def test_the_scheduler_option_without_dask_says_how_to_install_it(tmp_path, monkeypatch, capsys):
    path = tmp_path / "sweep.toml"
    path.write_text(SWEEP)
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    args = ["sweep", "run", str(path), "--out", str(tmp_path), "--scheduler", "tcp://127.0.0.1:9"]
    assert main(args) == 2
    assert "pip install 'reglab[dask]'" in capsys.readouterr().err
