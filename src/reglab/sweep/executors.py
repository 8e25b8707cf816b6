"""Where chunks run: a local process pool, or a Dask cluster through its executor.

Both are a :class:`concurrent.futures.Executor`, so the coordinator has one code path:
``submit(train_chunk, chunk)`` and wait for the futures.

* ``scheduler=None``: a :class:`~concurrent.futures.ProcessPoolExecutor` with one worker
  per core, each on one BLAS thread.
* ``scheduler="tcp://HOST:PORT"`` (or the ``DASK_SCHEDULER_ADDRESS`` environment
  variable): ``Client(address).get_executor()`` on an existing Dask cluster; every worker
  must have this version of reglab and reach the data file.
* ``scheduler="local"``: a Dask ``LocalCluster`` on this machine, its dashboard bound to
  127.0.0.1.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import Executor, ProcessPoolExecutor

__all__ = ["ExecutorSource", "WorkerVersionError", "check_worker_versions", "scheduler_address"]

DASK_MISSING = (
    "--scheduler needs Dask's distributed scheduler, which is not installed: "
    "pip install 'reglab[dask]'"
)


class WorkerVersionError(RuntimeError):
    """Workers that lack reglab or run another version of it."""


def scheduler_address(option: str | None) -> str | None:
    """``--scheduler`` if given, else ``DASK_SCHEDULER_ADDRESS`` if set, else None (local)."""
    if option:
        return option
    return os.environ.get("DASK_SCHEDULER_ADDRESS") or None


def _watch_parent() -> None:
    """In a pool worker: exit when its parent is gone, so that ``kill -9`` of the
    coordinator leaves no orphans (a forkserver's workers outlive it by up to a second:
    the server exits with the coordinator, then they see it gone)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1)
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _pool_context():
    # forkserver: workers start fast from a clean server process (fork would copy the
    # coordinator's threads and open database); spawn where forkserver does not exist
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if context.get_start_method() == "forkserver":
        # imported once in the server, so that no worker pays for it on its first chunk
        context.set_forkserver_preload(["reglab.sweep.worker", "reglab.data.datasets"])
    return context


def check_worker_versions(versions: dict, names: dict, expected: str) -> None:
    """Raise :class:`WorkerVersionError` naming every worker without reglab ``expected``.

    ``versions`` maps a worker's address to the version it reported, or to the exception
    it raised (a missing reglab); ``names`` maps addresses to worker names.
    """
    problems = []
    for address, version in sorted(versions.items()):
        name = names.get(address) or address
        label = f"worker {name}" + (f" ({address})" if name != address else "")
        if isinstance(version, BaseException):
            problems.append(f"{label} has no reglab installed")
        elif version != expected:
            problems.append(f"{label} runs reglab {version}")
    if problems:
        raise WorkerVersionError(
            f"every Dask worker needs reglab {expected}, as this coordinator has: "
            + "; ".join(problems)
            + f". Install it there (pip install 'reglab[dask]=={expected}') and restart them."
        )


class ExecutorSource:
    """The executor of a sweep run; :meth:`rebuild` replaces a broken local pool.

    Use as a context manager: leaving it shuts the pool down, or closes the Dask client
    (and the local cluster it started).
    """

    def __init__(self, scheduler: str | None = None, workers: int | None = None):
        self.scheduler = scheduler
        self.workers = workers or os.cpu_count() or 1
        self.client = None
        self.cluster = None
        self.dashboard = None
        self.executor = self._start()

    def _start(self) -> Executor:
        if self.scheduler is None:
            return ProcessPoolExecutor(
                self.workers,
                mp_context=_pool_context(),
                initializer=_watch_parent,
            )
        if self.client is None:
            self._connect()
        return self.client.get_executor()

    def _connect(self) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ImportError(DASK_MISSING) from None
        import reglab

        if self.scheduler == "local":
            self.cluster = LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address="127.0.0.1:8787",
            )
            self.client = Client(self.cluster)
            self.dashboard = self.cluster.dashboard_link
        else:
            self.client = Client(self.scheduler, timeout="30s")
        from importlib.metadata import version

        versions = self.client.run(version, "reglab", on_error="return")
        workers = self.client.scheduler_info().get("workers", {})
        names = {address: str(info.get("name", address)) for address, info in workers.items()}
        check_worker_versions(versions, names, reglab.__version__)

    def describe(self) -> str:
        if self.scheduler is None:
            return f"a local process pool of {self.workers} worker(s)"
        workers = len(self.client.scheduler_info().get("workers", {}))
        where = "a local Dask cluster" if self.cluster else f"Dask at {self.scheduler}"
        board = f", dashboard {self.dashboard}" if self.dashboard else ""
        return f"{where} with {workers} worker(s){board}"

    def rebuild(self) -> Executor:
        """A fresh local pool after a worker died (a broken pool takes no more work)."""
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._start()
        return self.executor

    def __enter__(self) -> ExecutorSource:
        return self

    def __exit__(self, *exc) -> None:
        interrupted = exc[0] is not None
        try:
            if self.client is None:
                self.executor.shutdown(wait=not interrupted, cancel_futures=True)
            else:  # Dask's executor cancels nothing itself: closing the client does
                self.executor.shutdown(wait=not interrupted)
        finally:
            if self.client is not None:
                self.client.close()
            if self.cluster is not None:
                self.cluster.close()
