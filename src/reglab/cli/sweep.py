"""``reglab sweep``: hyperparameter sweeps trained as stacks, stored in SQLite, resumable.

``run`` trains what is not yet stored (on this machine, or on a Dask cluster with
``--scheduler``), ``check`` prints the plan without training, ``status`` reads the
database, ``export`` writes it as CSV or Parquet, ``report`` writes an HTML page. Every
subcommand takes the sweep file; the results live in ``reglab-output/sweeps/NAME/``
unless ``--out`` says otherwise.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reglab.cli._options import description, positive_count
from reglab.cli._paths import output_file, output_folder

SAMPLERS = ("tpe", "cmaes", "random")


def add_parser(subparsers, summary: str) -> None:
    from reglab.cli.main import _add_blas_threads

    parser = subparsers.add_parser(
        "sweep",
        help=summary,
        description=description(__doc__),
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    helps = {
        "run": "train the models of a sweep not yet stored (resumes an interrupted one)",
        "check": "validate a sweep file and print its plan and a time estimate; train nothing",
        "status": "how far a sweep has got: chunks by state, models stored, the best so far",
        "export": "write a sweep's models as CSV or Parquet",
        "report": "write a sweep's self-contained HTML report",
    }
    for name, text in helps.items():
        sub = actions.add_parser(name, help=text, description=text)
        sub.add_argument("file", type=Path, metavar="SWEEP.toml", help="the sweep file")
        if name != "check":
            sub.add_argument(
                "--out", type=Path, help="the sweep's folder (default: reglab-output/sweeps/NAME)"
            )
        sub.set_defaults(run=run)
        # also after the action, as every command takes it after its name
        _add_blas_threads(sub, default=argparse.SUPPRESS)
        if name in ("run", "check"):
            sub.add_argument(
                "--workers",
                type=positive_count,
                help="local worker processes (default: one per core)",
            )
        if name == "run":
            sub.add_argument(
                "--scheduler",
                metavar="ADDRESS",
                help="a Dask scheduler (tcp://HOST:PORT), or 'local' for a Dask cluster on "
                "this machine; default: $DASK_SCHEDULER_ADDRESS, else a local process pool",
            )
            sub.add_argument(
                "--sampler",
                choices=SAMPLERS,
                help="search with Optuna: ask search.batch trials, train them as one stack, "
                "tell, repeat, until search.n_configs trials (needs reglab[optuna]); "
                "default: the file's search.method, grid or random",
            )
        if name == "export":
            form = sub.add_mutually_exclusive_group(required=True)
            form.add_argument("--csv", type=Path, help="write a CSV file here")
            form.add_argument("--parquet", type=Path, help="write a Parquet file (needs pyarrow)")


def run(args) -> int:
    from reglab.sweep.executors import WorkerVersionError
    from reglab.sweep.spec import load_sweep

    spec, text = load_sweep(args.file)
    try:
        return ACTIONS[args.action](args, spec, text)
    except (ImportError, WorkerVersionError) as error:  # an optional extra, a bad worker
        print(f"reglab sweep {args.action}: error: {error}", file=sys.stderr)
        return 2


def _run(args, spec, text) -> int:
    from reglab.sweep.executors import scheduler_address
    from reglab.sweep.session import run_sweep, sweep_dir

    def started(source, description, version):
        print(description)
        print(f"file version {version}; running on {source.describe()}", flush=True)

    output_folder(sweep_dir(spec, args.out), "--out")
    try:
        outcome, store = run_sweep(
            spec,
            text,
            out=args.out,
            scheduler=scheduler_address(args.scheduler),
            workers=args.workers,
            sampler=args.sampler,
            on_start=started,
        )
    except KeyboardInterrupt:
        print(
            f"\ninterrupted: what finished is stored in {sweep_dir(spec, args.out)}; "
            "run the same command again to go on",
            file=sys.stderr,
        )
        return 130
    print(
        f"trained {len(outcome.trained)} chunk(s), skipped {len(outcome.skipped)} already "
        f"stored, {len(outcome.failed)} failed"
    )
    for chunk_id, error in outcome.failed.items():
        print(f"  chunk {chunk_id} failed: {error.strip().splitlines()[-1]}")
    _print_status(store, spec)
    return 1 if outcome.failed else 0


def _check(args, spec, text) -> int:
    import os

    from reglab.sweep.plan import plan_sweep
    from reglab.sweep.session import check_data, estimate_seconds

    check_data(spec)
    plan = plan_sweep(spec)
    print(plan.describe())
    workers = args.workers or os.cpu_count() or 1
    seconds = estimate_seconds(plan, workers)
    print(
        f"estimated time: about {_duration(seconds)} on {workers} local worker(s) (measured "
        "on 3 epochs of each stack here; early stopping ends sooner)"
    )
    return 0


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def _status(args, spec, text) -> int:
    from reglab.sweep.session import open_store

    _print_status(open_store(spec, args.out), spec)
    return 0


def _print_status(store, spec) -> None:
    from reglab.sweep.status import status_lines

    print("\n".join(status_lines(store, spec)))


def _export(args, spec, text) -> int:
    from reglab.sweep.export import export_models
    from reglab.sweep.session import open_store

    option = "--csv" if args.csv is not None else "--parquet"
    target = output_file(args.csv if args.csv is not None else args.parquet, option)
    store = open_store(spec, args.out)
    path = export_models(store, **{option[2:]: target})
    print(f"models written to {path}")
    return 0


def _report(args, spec, text) -> int:
    from reglab.sweep.report import write_sweep_report
    from reglab.sweep.session import open_store, sweep_dir

    store = open_store(spec, args.out)
    path = write_sweep_report(store, spec, sweep_dir(spec, args.out) / "report.html")
    print(f"report written to {path}")
    return 0


ACTIONS = {"run": _run, "check": _check, "status": _status, "export": _export, "report": _report}
