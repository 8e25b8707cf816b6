"""Sweeps: grids, random and Optuna searches trained as stacks, stored in SQLite, resumable.

A sweep file (TOML) is validated (:mod:`~reglab.sweep.spec`) and planned into chunks of
models that train as one stack (:mod:`~reglab.sweep.plan`); the coordinator
(:mod:`~reglab.sweep.runner`) submits them to a local process pool or a Dask cluster
(:mod:`~reglab.sweep.executors`) and stores each result in one transaction
(:mod:`~reglab.sweep.store`); :mod:`~reglab.sweep.sampler` drives Optuna over the same path.
``reglab sweep`` (``cli/sweep.py``) is the command; in Python::

    from reglab.sweep import load_sweep, read_summary, run_sweep
    outcome, store = run_sweep(*load_sweep("moons.toml"))
    read_summary(store.path)     # the best configurations: a table in Jupyter

Imported on first use (see :mod:`reglab._lazy`): pydantic, Dask and Optuna load only when
needed.
"""

from reglab._lazy import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(
    __name__,
    {
        "reglab.sweep.plan": ["Chunk", "Plan", "plan_sweep"],
        "reglab.sweep.report": ["write_sweep_report"],
        "reglab.sweep.results": ["SweepSummary", "read_summary", "summarize"],
        "reglab.sweep.session": ["estimate_seconds", "open_store", "run_sweep", "sweep_dir"],
        "reglab.sweep.spec": ["SweepFileError", "SweepSpec", "load_sweep", "parse_sweep"],
        "reglab.sweep.store": ["Store"],
    },
)
