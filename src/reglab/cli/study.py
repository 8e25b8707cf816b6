"""``reglab study``: run the whole study, print its summary and write the report.

With no arguments it runs the default :class:`~reglab.experiments.study.StudyConfig`
(about a minute on two cores, report included) and writes ``reglab-output/study/``;
``--quick`` runs a small configuration for a first look (about 13 s). A progress bar per
training shows on a terminal (stderr); the summary table and the paths go to stdout.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from reglab._validation import check_int, check_positive
from reglab.cli._options import count, non_negative, positive_count
from reglab.cli._paths import claim_folder
from reglab.data.datasets import GENERATED
from reglab.experiments.study import StudyConfig, run_study
from reglab.train.callbacks import ProgressBar

DEFAULT = StudyConfig()  # its values are the defaults the help shows
QUICK = StudyConfig(
    epochs=150,
    seeds=2,
    rounds=8,
    tutorial_epochs=1000,
    curve_lams=(0.0, 0.1, 1.0, 10.0),
    curve_keep_probs=(0.1, 0.5, 1.0),
    curve_sizes=(20, 50, 100),
    learning_seeds=3,
    digits_epochs=30,
    digits_seeds=1,
    shifted_epochs=30,
)
# the options that override StudyConfig fields of the same name, with their smallest value
_INT_OPTIONS = {
    "epochs": 1,
    "seeds": 1,
    "rounds": 1,
    "tutorial_epochs": 1,
    "n_samples": 1,
    "digits_epochs": 0,
    "shifted_epochs": 0,
    "random_state": 0,
}


def add_parser(subparsers, summary: str) -> None:
    parser = subparsers.add_parser(
        "study",
        help=summary,
        description="Compare the tutorial's optimizers, seven regularizers over several seeds, "
        "validation and learning curves and a bias/variance decomposition on one small noisy "
        "2-D data set, and augmentation on digits; print a summary and write a "
        "self-contained report.html with every "
        "figure, study.json, summary.csv and curves.csv.",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("reglab-output/study"),
        help="report folder (default: reglab-output/study)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a small configuration for a fast look (the options below override it)",
    )
    parser.add_argument(
        "--epochs",
        type=positive_count,
        help=f"epochs of every regularized training (default: {DEFAULT.epochs})",
    )
    parser.add_argument(
        "--seeds", type=positive_count, help=f"seeds per regularizer (default: {DEFAULT.seeds})"
    )
    parser.add_argument(
        "--rounds",
        type=positive_count,
        help=f"bootstrap rounds of the bias/variance decomposition (default: {DEFAULT.rounds})",
    )
    parser.add_argument(
        "--tutorial-epochs",
        type=positive_count,
        help=f"epochs of the tutorial's optimizer comparison (default: {DEFAULT.tutorial_epochs})",
    )
    parser.add_argument(
        "--dataset", choices=GENERATED, help=f"data set (default: {DEFAULT.dataset})"
    )
    parser.add_argument(
        "--noise", type=non_negative, help=f"the data set's noise (default: {DEFAULT.noise})"
    )
    parser.add_argument(
        "--n-samples",
        type=positive_count,
        help=f"examples, split {DEFAULT.dev} dev, {DEFAULT.test} test and the rest training "
        f"(default: {DEFAULT.n_samples})",
    )
    parser.add_argument(
        "--digits-epochs",
        type=count,
        help="epochs of the digits augmentation experiment, 0 to skip it "
        f"(default: {DEFAULT.digits_epochs})",
    )
    parser.add_argument(
        "--shifted-epochs",
        type=count,
        help="epochs of the augmentation experiment with digits at random places on a "
        f"{DEFAULT.shifted_canvas}x{DEFAULT.shifted_canvas} canvas, 0 to skip it "
        f"(default: {DEFAULT.shifted_epochs})",
    )
    parser.add_argument(
        "--random-state",
        type=count,
        help=f"seed of the data and the split (default: {DEFAULT.random_state})",
    )
    parser.set_defaults(run=run, outputs=lambda args: [args.out])


def config_from(args) -> StudyConfig:
    """The :class:`StudyConfig` that ``args`` ask for: default or quick, then overrides."""
    changes = {}
    for option, minimum in _INT_OPTIONS.items():
        if getattr(args, option, None) is not None:
            changes[option] = check_int(_typed(option), getattr(args, option), minimum=minimum)
    if getattr(args, "noise", None) is not None:
        changes["noise"] = float(check_positive("--noise", args.noise, strict=False))
    if getattr(args, "dataset", None) is not None:
        changes["dataset"] = args.dataset
    try:
        return dataclasses.replace(QUICK if args.quick else StudyConfig(), **changes)
    except ValueError as error:  # StudyConfig names its field; the user typed the option
        field = str(error).split(" ", 1)[0]
        if field not in changes:
            raise
        raise ValueError(f"{_typed(field)}{str(error)[len(field) :]}") from None


def _typed(field: str) -> str:
    """The option that sets a :class:`StudyConfig` field, as the user types it."""
    return "--" + field.replace("_", "-")


def summary_table(result) -> str:
    """The regularizers as a fixed-width text table, the best by dev accuracy starred."""
    columns = ("train acc", "dev acc", "test acc")
    header = (
        f"{'regularizer':<16}"
        + "".join(f"{c:>15}" for c in columns)
        + f"{'‖W‖':>8}{'zeros':>8}  verdict"
    )
    best = result.best().name
    lines = [header, "-" * len(header)]
    for run in result.regularizers:
        name = f"{run.name}{' *' if run.name == best else ''}"
        cells = "".join(
            f"{run.mean(key):>8.3f} ± {run.std(key):.3f}"
            for key in ("train_accuracy", "dev_accuracy", "test_accuracy")
        )
        lines.append(
            f"{name:<16}{cells}{run.mean('weight_norm'):>8.2f}"
            f"{100 * run.mean('zero_fraction'):>7.1f}%  {run.verdict.kind}"
        )
    lines.append(f"mean ± std over {result.config.seeds} seeds; * highest dev accuracy")
    if result.chosen:
        chosen = ", ".join(f"{name} = {value:g}" for name, value in result.chosen.items())
        lines.append(f"chosen by the validation curves on the dev set: {chosen}")
    diverged = sum(run.verdict.diverged for run in result.regularizers)
    if diverged:
        lines.append(f"{diverged} diverged model(s) left out of the means (see the verdicts)")
    if result.base_error > 0:
        lines.append(f"Bayes error of the data (verdicts' base error): {result.base_error:.4f}")
    return "\n".join(lines)


def run(args) -> int:
    from reglab.report import REPORT_FILES, write_report

    config = config_from(args)
    with claim_folder(args.out, "--out", REPORT_FILES):
        result = run_study(config, callbacks=lambda label: [ProgressBar(label=label)])
        print(summary_table(result))
        print(f"study: {result.timings.get('total', 0.0):.1f} s")
        paths = write_report(result, args.out)
    print("written:")
    for name, path in paths.items():
        print(f"  {name:<20} {path}")
    return 0
