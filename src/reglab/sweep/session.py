"""A sweep from its file to its database: where it lives, planning, running, estimating.

These functions join the parts (:mod:`~reglab.sweep.spec`, :mod:`~reglab.sweep.plan`,
:mod:`~reglab.sweep.store`, :mod:`~reglab.sweep.runner`) for ``reglab sweep`` and for
Python users alike. Nothing here prints.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

from reglab.sweep.executors import ExecutorSource
from reglab.sweep.plan import Chunk, Plan, plan_sweep, version_key
from reglab.sweep.runner import Outcome, Runner, progress_bar
from reglab.sweep.spec import SweepSpec
from reglab.sweep.store import Store
from reglab.sweep.worker import load_split, train_chunk

__all__ = [
    "DEFAULT_ROOT",
    "check_data",
    "estimate_seconds",
    "open_store",
    "run_sweep",
    "sweep_dir",
]

DEFAULT_ROOT = Path("reglab-output/sweeps")


def sweep_dir(spec: SweepSpec, out: Path | None = None) -> Path:
    """The sweep's folder: ``out`` if given, else ``reglab-output/sweeps/NAME``."""
    return Path(out) if out is not None else DEFAULT_ROOT / spec.name


def check_data(spec: SweepSpec) -> None:
    """Load and split the sweep's data once, here, before any work.

    A mistake in them (a label that is not a column, a value that is not a number, a class
    too small to stratify) is then one problem of the sweep file, naming its key, rather
    than a failure of every chunk. The workers of a local pool, forked from here, find the
    data loaded.

    Raises
    ------
    SweepFileError
    """
    from reglab.data.files import NotInFileError
    from reglab.data.splits import StratifyError
    from reglab.sweep.plan import data_identity
    from reglab.sweep.spec import SweepFileError

    source = f"sweep {spec.name!r}"
    try:
        load_split(data_identity(spec), spec.split.model_dump())
    except NotInFileError as error:
        if spec.data.csv is not None:
            problem = error.naming("data.label:")
        else:
            found = ", ".join(repr(name) for name in error.found)
            problem = f"data.npz: must hold the arrays X and y, got {found}"
        raise SweepFileError(source, [problem]) from None
    except StratifyError as error:
        problem = f"split.stratify: {error.reason}; set it to false or drop the class"
        raise SweepFileError(source, [problem]) from None
    except (OSError, ValueError) as error:
        said = str(error)
        problem = said if said.startswith("data.") else f"data: {said}"
        raise SweepFileError(source, [problem]) from None


def open_store(spec: SweepSpec, out: Path | None = None) -> Store:
    """The results database of a sweep that has run (``results.sqlite`` in its folder).

    Raises ``FileNotFoundError`` when there is none: reading never creates one.
    """
    path = sweep_dir(spec, out) / "results.sqlite"
    if not path.is_file():
        raise FileNotFoundError(f"sweep {spec.name!r} has not run yet: no results in {path}")
    return Store(path)


def run_sweep(
    spec: SweepSpec,
    text: str,
    *,
    out: Path | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    sampler: str | None = None,
    train=train_chunk,
    on_start=None,
) -> tuple[Outcome, Store]:
    """Plan the sweep, register this version of its file, and train what is not stored.

    Parameters
    ----------
    spec, text : the validated sweep file and its text (as :func:`load_sweep` returns)
    out : folder of the sweep (default ``reglab-output/sweeps/NAME``)
    scheduler : None (a local process pool), ``"local"`` or a Dask scheduler's address
    workers : local workers (default: one per core)
    sampler : None (the file's grid or random search) or an Optuna sampler's name
    train : the worker function (tests replace it to make a chunk fail)
    on_start : called with the :class:`ExecutorSource`, a description of the plan and the
        file's version once work can start

    Returns
    -------
    (Outcome, Store)
    """
    from reglab._atomic import output_lock

    check_data(spec)
    folder = sweep_dir(spec, out)
    folder.mkdir(parents=True, exist_ok=True)
    with ExecutorSource(scheduler, workers) as source:  # first: local workers fork from here
        # one coordinator per sweep: a second one would train the same chunks again
        with output_lock(folder):
            store = Store(folder / "results.sqlite")
            if sampler is not None:
                from reglab.sweep.sampler import run_sampler

                return run_sampler(spec, text, store, source, sampler, train, on_start), store
            return _run(spec, text, store, source, train, on_start), store


def _run(spec, text, store, source, train, on_start) -> Outcome:
    plan = plan_sweep(spec)
    version = store.register(version_key(spec), text, plan.chunks)
    states = store.states(chunk.id for chunk in plan.chunks)
    done = sum(chunk.n_models for chunk in plan.chunks if states.get(chunk.id) == "done")
    if on_start is not None:
        on_start(source, plan.describe(), version)
    with progress_bar(plan.n_models, done, spec.name) as bar:
        return Runner(store, source, train=train, progress=bar).run(plan.chunks)


def _probe(chunk: Chunk, epochs: int) -> Chunk:
    stack = {**chunk.stack, "epochs": epochs, "early_stopping": None}
    return dataclasses.replace(chunk, stack=stack)


def estimate_seconds(plan: Plan, workers: int, probe_epochs: int = 3) -> float:
    """A rough wall time: each stack's largest chunk trained for ``probe_epochs`` epochs
    here, scaled to its epochs and models, spread over ``workers``. An upper bound when
    early stopping is on (models stop sooner)."""
    total = 0.0
    for chunks in plan.stacks().values():
        largest = max(chunks, key=lambda c: c.n_models)
        load_split(largest.data, largest.split)  # loading is paid once per worker
        epochs = min(probe_epochs, largest.stack["epochs"])
        start = time.perf_counter()
        train_chunk(_probe(largest, epochs))
        per_epoch_model = (time.perf_counter() - start) / epochs / largest.n_models
        total += per_epoch_model * largest.stack["epochs"] * sum(c.n_models for c in chunks)
    return total / max(1, min(workers, len(plan.chunks)))
