"""The coordinator: submit the chunks not yet stored, store each result as it comes.

Nothing lost, nothing twice: a chunk's models are stored together with its state ``done``
in one transaction, and a run skips every chunk already done, so a sweep stopped at any
moment (Ctrl-C, ``kill -9``, a worker dying) and run again ends with every model stored
exactly once. A chunk whose training raises is recorded with its error and submitted again
``retries`` times (once by default); after that it is recorded ``failed`` and the sweep
goes on. A later run gives failed chunks another chance.
"""

from __future__ import annotations

import sys
import traceback
from concurrent.futures import FIRST_COMPLETED, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from reglab.sweep.plan import Chunk
from reglab.sweep.store import Store
from reglab.sweep.worker import train_chunk

__all__ = ["Outcome", "Runner"]


@dataclass
class Outcome:
    """What a run did: chunk ids trained, skipped (already stored) and failed (with errors)."""

    trained: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)

    def merge(self, other: Outcome) -> None:
        self.trained += other.trained
        self.skipped += other.skipped
        self.failed.update(other.failed)


def describe_error(error: BaseException) -> str:
    """The error as stored: a plain line for known causes, else the traceback."""
    if isinstance(error, ModuleNotFoundError) and (error.name or "").startswith("reglab"):
        return (
            f"a worker has no reglab installed ({error}): install this version of reglab "
            "on every worker"
        )
    if isinstance(error, BrokenProcessPool):
        return f"the worker process died while training this chunk ({error})"
    text = "".join(traceback.format_exception(error))
    return text[-4000:]


class Runner:
    """Runs chunks on an executor and stores their results.

    Parameters
    ----------
    store : Store
    source : ExecutorSource
        Gives the executor (and a fresh one when a local pool broke).
    train : callable, default :func:`~reglab.sweep.worker.train_chunk`
        What a worker runs on a chunk; must be importable by the workers.
    retries : int, default 1
        Further attempts of a chunk that raised, within one run.
    progress : tqdm-like, optional
        Told ``update(n_models)`` for every chunk stored.
    """

    def __init__(self, store: Store, source, *, train=train_chunk, retries=1, progress=None):
        self.store = store
        self.source = source
        self.train = train
        self.retries = retries
        self.progress = progress

    def run(self, chunks: list[Chunk]) -> Outcome:
        """Train every chunk of ``chunks`` not yet stored; return what happened."""
        outcome = Outcome()
        states = self.store.states(chunk.id for chunk in chunks)
        todo = [chunk for chunk in chunks if states.get(chunk.id) != "done"]
        outcome.skipped = [chunk.id for chunk in chunks if states.get(chunk.id) == "done"]
        self.attempts = dict.fromkeys((chunk.id for chunk in todo), 0)
        self.futures: dict = {}
        try:
            for chunk in todo:
                self._submit(chunk)
            while self.futures:
                finished, _ = wait(list(self.futures), return_when=FIRST_COMPLETED)
                for future in finished:
                    self._collect(future, outcome)
        except BaseException:
            for future in self.futures:
                future.cancel()
            self.store.mark_pending(chunk.id for chunk, _ in self.futures.values())
            raise
        return outcome

    def _submit(self, chunk: Chunk) -> None:
        self.store.mark_running(chunk.id)
        self.attempts[chunk.id] += 1
        executor = self.source.executor
        self.futures[executor.submit(self.train, chunk)] = (chunk, executor)

    def _collect(self, future, outcome: Outcome) -> None:
        import reglab

        chunk, executor = self.futures.pop(future)
        try:
            result = future.result()
            if result["reglab_version"] != reglab.__version__:
                raise RuntimeError(
                    f"worker {result['worker']} runs reglab {result['reglab_version']}, "
                    f"this coordinator {reglab.__version__}: install one version everywhere"
                )
        except Exception as error:
            if isinstance(error, BrokenProcessPool) and executor is self.source.executor:
                self.source.rebuild()  # a pool whose worker died takes no more work
            final = self.attempts[chunk.id] > self.retries
            self.store.record_error(chunk.id, describe_error(error), final)
            if final:
                outcome.failed[chunk.id] = describe_error(error)
            else:
                self._submit(chunk)
            return
        self.store.record_done(chunk, result)
        outcome.trained.append(chunk.id)
        if self.progress is not None:
            self.progress.update(chunk.n_models)


def progress_bar(total: int, done: int, label: str, stream=None):
    """A tqdm bar over models (rate, time left), silent when ``stream`` is not a terminal."""
    from tqdm import tqdm

    stream = sys.stderr if stream is None else stream
    return tqdm(
        total=total,
        initial=done,
        unit="model",
        desc=label,
        file=stream,
        disable=not stream.isatty(),
        dynamic_ncols=True,
    )
