"""The study's report: figures, HTML, JSON, CSV, captions and ``reglab study``."""

import base64
import csv
import dataclasses
import html
import json

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

import reglab.report
from reglab.cli import main
from reglab.cli.main import build_parser
from reglab.cli.study import QUICK, config_from, summary_table
from reglab.experiments.study import StudyConfig, run_study
from reglab.report import FIGURES, write_report
from reglab.report.captions import captions
from reglab.report.export import CURVE_COLUMNS, study_dict, to_plain
from reglab.report.figures_models import plot_weight_histograms

TINY = StudyConfig(
    epochs=20,
    seeds=2,
    rounds=2,
    tutorial_epochs=20,
    patience=5,
    curve_lams=(0.0, 1.0),
    curve_keep_probs=(0.5, 1.0),
    curve_sizes=(20, 100),
    digits_epochs=3,
    digits_seeds=1,
    learning_seeds=2,
    shifted_epochs=2,
    shifted_train=50,
)
TINY_OPTIONS = [
    "--epochs",
    "20",
    "--seeds",
    "1",
    "--rounds",
    "2",
    "--tutorial-epochs",
    "20",
    "--digits-epochs",
    "2",
    "--shifted-epochs",
    "2",
]


@pytest.fixture(scope="module")
def result():
    with threadpool_limits(limits=1):  # as the CLI runs it: faster for small networks
        return run_study(TINY)


@pytest.fixture(scope="module")
def report(result, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    return out, write_report(result, out)


def test_every_file_is_written_and_non_empty(report):
    out, paths = report
    expected = {figure.name for figure in FIGURES} | {"html", "json", "summary_csv", "curves_csv"}
    assert set(paths) == expected
    for path in paths.values():
        assert path.parent == out and path.stat().st_size > 0
    for figure in FIGURES:
        assert paths[figure.name].name == figure.filename
        assert paths[figure.name].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    names = {path.name for path in paths.values()}
    assert {"report.html", "study.json", "summary.csv", "curves.csv"} <= names


def test_html_embeds_every_figure_and_caption(result, report):
    _, paths = report
    page = paths["html"].read_text(encoding="utf-8")
    for figure in FIGURES:
        encoded = base64.b64encode(paths[figure.name].read_bytes()).decode("ascii")
        assert f"data:image/png;base64,{encoded}" in page
    for caption in captions(result).values():
        assert html.escape(caption) in page
    for run in result.regularizers:
        assert html.escape(run.verdict.explanation) in page
    for line in result.optimizers[0].lines():
        assert line in page
    assert "http://" not in page and "https://" not in page and "<script" not in page


def test_captions_cover_every_figure_and_quote_the_numbers(result):
    texts = captions(result)
    assert set(texts) == {figure.name for figure in FIGURES}
    none = next(run for run in result.regularizers if run.name == "none")
    boundaries = texts["decision_boundaries"]
    assert f"training accuracy is {np.mean(none.train_accuracy):.3f}" in boundaries
    assert f"dev accuracy {np.mean(none.dev_accuracy):.3f}" in boundaries
    for name, decomposition in result.decompositions.items():
        assert f"{name}: expected loss {decomposition.expected_loss:.3f}" in texts["decomposition"]
    assert "Section 4.1" in texts["early_stopping"]


def test_the_l2_and_dropout_rows_use_the_values_their_curves_select(result):
    from reglab.experiments.selection import select

    assert result.chosen == {
        "l2": select(result.lam_curve, "smaller"),
        "keep_prob": select(result.keep_prob_curve, "larger"),
    }
    rows = {run.name: run.description for run in result.regularizers}
    assert rows["dropout"] == (
        f"dropout, keep_prob = {result.chosen['keep_prob']:g} (chosen by its validation curve)"
    )
    assert rows["L2"] == f"L2, λ = {result.chosen['l2']:g} (chosen by its validation curve)"
    assert "chosen by the validation curves on the dev set" in summary_table(result)


def test_json_holds_the_results_numbers(result, report):
    _, paths = report
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert set(data) == {
        "config",
        "timings",
        "best",
        "base_error",
        "split",
        "recommendation",
        "optimizers",
        "regularizers",
        "curves",
        "decompositions",
        "grid",
        "augmentation",
        "chosen",
        "lam_boundaries",
        "shifted",
    }
    assert len(data["augmentation"]["runs"]) == len(result.augmentation.runs)
    assert data["config"] == json.loads(json.dumps(dataclasses.asdict(result.config)))
    assert data["timings"] == result.timings
    assert data["best"] == result.best().name
    assert data["base_error"] == result.base_error
    assert [run["name"] for run in data["regularizers"]] == [r.name for r in result.regularizers]
    for saved, run in zip(data["regularizers"], result.regularizers, strict=True):
        assert saved["train_accuracy"] == run.train_accuracy.tolist()
        assert saved["dev_loss"] == run.dev_loss.tolist()
        assert saved["weights"] == run.weights.tolist()
        assert saved["verdict"]["kind"] == run.verdict.kind
        assert saved["summary"] == run.summary()
    assert data["curves"]["lam"]["dev_error"] == result.lam_curve.dev_error.tolist()
    assert data["curves"]["size"]["values"] == result.learning_curve.values.tolist()
    for name, decomposition in result.decompositions.items():
        assert data["decompositions"][name] == dataclasses.asdict(decomposition)
    xx, yy = np.meshgrid(data["grid"]["x"], data["grid"]["y"])
    assert np.array_equal(xx, result.grid[0]) and np.array_equal(yy, result.grid[1])
    assert data["split"]["y_test"] == result.split.y_test.tolist()
    assert data["optimizers"][0]["costs"] == result.optimizers[0].costs.tolist()


def test_summary_csv_has_one_row_per_regularizer(result, report):
    _, paths = report
    with paths["summary_csv"].open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert [row["regularizer"] for row in rows] == [run.name for run in result.regularizers]
    for row, run in zip(rows, result.regularizers, strict=True):
        assert float(row["dev_accuracy_mean"]) == pytest.approx(np.mean(run.dev_accuracy))
        assert row["verdict"] == run.verdict.kind


def test_curves_csv_is_long_format(result, report):
    _, paths = report
    with paths["curves_csv"].open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        rows = list(reader)
    assert tuple(reader.fieldnames) == CURVE_COLUMNS
    curves = (result.lam_curve, result.keep_prob_curve, result.learning_curve)
    assert len(rows) == sum(curve.train_error.size for curve in curves)
    lam_rows = [row for row in rows if row["curve"] == "lam"]
    dev_errors = [float(row["dev_error"]) for row in lam_rows]
    assert dev_errors == result.lam_curve.dev_error.ravel().tolist()


def test_to_plain_writes_nan_as_null_and_refuses_objects():
    assert to_plain({"a": np.array([1.0, np.nan]), "b": (np.int64(2), np.bool_(True))}) == {
        "a": [1.0, None],
        "b": [2, True],
    }
    with pytest.raises(TypeError, match="value must be made of numbers"):
        to_plain(object())


def test_study_dict_is_standard_json(result):
    json.dumps(study_dict(result), allow_nan=False)


def test_weight_histograms_need_a_named_run(result, tmp_path):
    with pytest.raises(ValueError, match="runs must hold at least one of"):
        plot_weight_histograms(result.regularizers, tmp_path / "w.png", names=("nothing",))


def test_summary_table_has_a_row_per_regularizer(result):
    lines = summary_table(result).splitlines()
    assert lines[0].startswith("regularizer")
    rows = lines[2 : 2 + len(result.regularizers)]
    assert len(rows) == len(result.regularizers)
    assert len({len(row) - len(row.split("  ")[-1]) for row in rows}) == 1  # aligned columns


def test_quick_options_override_the_quick_config():
    args = build_parser().parse_args(["study", "--quick", "--epochs", "7", "--dataset", "xor"])
    assert config_from(args) == dataclasses.replace(QUICK, epochs=7, dataset="xor")
    assert config_from(build_parser().parse_args(["study"])) == StudyConfig()


def test_study_command_writes_the_report(tmp_path, capsys):
    assert main(["study", "--quick", "--out", str(tmp_path), *TINY_OPTIONS]) == 0
    out = capsys.readouterr().out
    assert (tmp_path / "report.html").stat().st_size > 0
    assert "regularizer" in out and "augmentation" in out and str(tmp_path) in out


def test_study_command_rejects_bad_options(tmp_path, capsys):
    for argv, message in (
        (["--seeds", "0"], "argument --seeds: must be an integer >= 1, got 0"),
        (["--noise", "-1"], "argument --noise: must be >= 0, got -1"),
    ):
        with pytest.raises(SystemExit) as caught:
            main(["study", *argv, "--out", str(tmp_path)])
        assert caught.value.code == 2 and message in capsys.readouterr().err
    assert not any(tmp_path.iterdir())  # refused before any work


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"seeds": 0}, r"seeds must be >= 1, got 0"),
        ({"n_samples": 205}, r"n_samples must leave at least 10 training examples .* got 205"),
        ({"dataset": "digits"}, r"dataset must be one of 'moons', .*, got 'digits'"),
        ({"keep_prob": 1.5}, r"keep_prob must be in \(0, 1\], got 1.5"),
        ({"digits_epochs": -1}, r"digits_epochs must be >= 0, got -1"),
    ],
)
def test_study_config_rejects_bad_settings(changes, message):
    with pytest.raises(ValueError, match=message):
        dataclasses.replace(StudyConfig(), **changes)


def test_an_interrupted_report_leaves_the_previous_one_whole(result, report, monkeypatch):
    out, paths = report
    before = {path.name: path.read_bytes() for path in out.iterdir()}

    def interrupted(result, path):  # Ctrl-C after every figure has been drawn
        raise KeyboardInterrupt

    monkeypatch.setattr(reglab.report, "write_json", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_report(result, out)
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")] == [
        f".{out.name}.lock"
    ]


def test_a_study_on_other_generated_data_reads_against_their_bayes_error():
    # the study knew only the moons' Bayes error: on circle (noise 0.35, a Bayes error of
    # 24%) every verdict was read against 0, and noise of the data read as high bias
    with threadpool_limits(limits=1):
        circle = run_study(dataclasses.replace(TINY, dataset="circle"))
    assert circle.base_error == pytest.approx(0.24, abs=0.01)
    assert all(run.verdict.errors["base"] == circle.base_error for run in circle.regularizers)
