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
import sys
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
    """In a pool worker: one BLAS thread, and exit when the coordinator is gone, so that
    ``kill -9`` of the coordinator leaves no orphans (they notice within a second)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1)
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _pool_context():
    # fork on Linux: workers start in milliseconds with the coordinator's imports (NumPy,
    # scikit-learn, reglab); a fresh interpreter importing them took 1-4 s per worker. The
    # pool is forked first, before the coordinator opens its database or starts a thread
    # (see ExecutorSource). Elsewhere fork is unsafe or missing: spawn.
    return multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")


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
    (and the local cluster it started). A local pool's workers start when it is made: make
    it before opening the database.
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
            pool = ProcessPoolExecutor(
                self.workers, mp_context=_pool_context(), initializer=_watch_parent
            )
            pool.submit(os.getpid).result()  # start the workers now (all of them, when forked)
            return pool
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

    def capacity(self) -> int:
        """How many chunks can train at once: local workers, or the Dask workers' threads."""
        if self.scheduler is None:
            return self.workers
        workers = self.client.scheduler_info().get("workers", {}).values()
        return max(1, sum(int(info.get("nthreads", 1)) for info in workers))

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
                self._close_cluster()

    def _close_cluster(self) -> None:
        """Stop the local cluster we started, without its shutdown chatter (heartbeats to
        workers already gone, nannies killing slow workers): the sweep is over."""
        import logging

        logger = logging.getLogger("distributed")
        level = logger.level
        logger.setLevel(logging.CRITICAL)
        try:
            self.cluster.close()
        finally:
            logger.setLevel(level)
