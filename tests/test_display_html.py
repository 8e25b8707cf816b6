"""Rich displays: ``_repr_html_`` fragments that parse and hold the numbers; short reprs."""

import subprocess
import sys
import xml.etree.ElementTree as ET
from html import escape
from html.parser import HTMLParser

import numpy as np
import pytest

from reglab import Adam, EarlyStopping, fit, mlp
from reglab._rich import brief, sparkline
from reglab.data import make_moons, train_dev_test_split
from reglab.diagnose import Thresholds, diagnose
from reglab.nn import Dense, Network, ReLU
from reglab.regularizers import L1, L2
from reglab.train import History

VOID = {"br", "hr", "img", "meta", "link", "input", "col", "wbr"}


class _Balance(HTMLParser):
    """Checks that every tag opened is closed, in order (void elements excepted)."""

    def __init__(self):
        super().__init__()
        self.stack, self.errors, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def parse(fragment: str) -> str:
    """Parse ``fragment`` strictly (as XML) and as HTML; return its text."""
    assert fragment.strip()
    ET.fromstring(f"<root>{fragment}</root>")  # raises on anything not well-formed
    parser = _Balance()
    parser.feed(fragment)
    parser.close()
    assert parser.errors == [] and parser.stack == []
    return " ".join(parser.text)


@pytest.fixture(scope="module")
def trained():
    moons = make_moons(120, noise=0.3, random_state=0)
    data = train_dev_test_split(moons.X, moons.y, dev=0.25, test=0.25, random_state=0)
    lams = [0.0, 0.5, 1.0, 2.0] * 3
    network = mlp([2, 8, 1], keep_prob=0.9, regularizers=L2(lams), n_models=12, seed=3)
    stopper = EarlyStopping(patience=2, models=[0])
    trainer = fit(
        network,
        data.X_train,
        data.y_train,
        optimizer=Adam(0.05),
        epochs=40,
        dev=(data.X_dev, data.y_dev),
        callbacks=[stopper],
    )
    return network, trainer


def test_verdict_html_holds_errors_gaps_thresholds_and_remedies():
    verdict = diagnose(
        0.2, 0.31, test_error=0.33, base_error=0.04, thresholds=Thresholds(0.1, 0.05, 0.05)
    )
    text = parse(verdict._repr_html_())
    for number in ("4.00%", "20.00%", "31.00%", "33.00%", "+16.00%", "+11.00%", "10.00%"):
        assert number in text
    assert f"Verdict: {verdict.kind}" in text and verdict.kind == "high bias and high variance"
    assert text.count("HIGH") == 2
    for remedy in verdict.remedies:
        assert remedy in text
    assert verdict.explanation in text


def test_verdict_html_with_a_train_dev_error_shows_the_mismatch():
    verdict = diagnose(0.01, 0.2, train_dev_error=0.02)
    text = parse(verdict._repr_html_())
    assert "data mismatch" in text and "+18.00%" in text and "train-dev - train" in text


def test_verdict_html_of_diverged_models_and_at_the_floor():
    verdict = diagnose(0.02, 0.10, base_error=0.114, diverged=2, n_models=4)
    text = parse(verdict._repr_html_())
    assert "2 of 4 model(s) diverged" in text and "diverged" in verdict.kind
    assert "dev - base" in text and "-1.40%" in text
    everything = diagnose(0.5, 0.5, diverged=3, n_models=3)
    text = parse(everything._repr_html_())
    assert "3 of 3 model(s) diverged" in text and "measured as" not in text


def test_history_html_holds_the_last_and_best_values(trained):
    _, trainer = trained
    history = trainer.history
    fragment = history._repr_html_()
    text = parse(fragment)
    epochs = len(history.epochs)
    assert f"History: {epochs} epochs, 12 model(s)" in text
    dev = history["dev_loss"]
    for k in range(10):
        assert f"{history['train_accuracy'][-1, k]:.4g}" in text
        best = int(np.argmin(dev[:, k]))
        assert f"{dev[best, k]:.4g} ({best})" in text
    assert "... and 2 more models" in text
    assert "<svg" in fragment and "<polyline" in fragment


def test_history_html_before_training_and_without_a_dev_set():
    assert "no epoch recorded yet" in parse(History()._repr_html_())
    X = np.random.default_rng(0).normal(size=(30, 2))
    trainer = fit(mlp([2, 4, 1]), X, (X[:, 0] > 0).astype(int), epochs=3)
    text = parse(trainer.history._repr_html_())
    assert f"{trainer.history['cost'][-1, 0]:.4g}" in text and "dev_loss" not in text


def test_trainer_html_says_why_models_stopped(trained):
    _, trainer = trained
    text = parse(trainer._repr_html_())
    assert f"{int(trainer.active.sum())} of 12 model(s) still active" in text
    assert trainer.stop_reasons[0] in text


def test_network_html_lists_layers_parameters_and_per_model_settings(trained):
    network, _ = trained
    fragment = network._repr_html_()
    text = parse(fragment)
    assert f"{network.n_params} parameters per model ({12 * network.n_params} in all)" in text
    # Dense(8) on 2 inputs: 16 + 8 parameters; Dense(1): 8 + 1
    assert '"text-align: right">24</td>' in fragment and '"text-align: right">9</td>' in fragment
    assert "L2 lam" in text and "layer 2 keep_prob" in text
    for k in range(10):
        assert f"{network.seeds[k]}" in text
    assert "... and 2 more models" in text
    unbuilt = Network([Dense(3), ReLU(), Dense(1)], regularizers=L1(0.1))
    assert "not built" in parse(unbuilt._repr_html_())


def test_study_html_holds_the_summary_table(tiny_study):
    result = tiny_study
    text = parse(result._repr_html_())
    for run in result.regularizers:
        assert run.name in text and run.verdict.kind in text
        mean, std = run.mean("dev_accuracy"), run.std("dev_accuracy")
        assert f"{mean:.3f} ± {std:.3f}" in text
    assert f"the highlighted row, {result.best().name}, has the highest" in text
    assert f"Base error {result.base_error:.4f}" in text
    short = repr(result)
    assert len(short) < 200 and result.best().name in short and "moons" in short


def test_reprs_stay_short_for_large_stacks():
    lams = np.linspace(0, 1, 500)
    network = mlp(
        [2, 64, 64, 1], keep_prob=[np.full(500, 0.8), 1.0], regularizers=L2(lams), n_models=500
    )
    text = repr(network)
    assert len(text) < 400 and "(500 values)" in text and "n_models=500" in text
    assert brief([1, 2, 3]) == "[1, 2, 3]"
    assert brief(list(range(9))) == "[0, 1, ..., 8] (9 values)"


def test_sparkline_skips_non_finite_values():
    svg = sparkline({"loss": [1.0, np.nan, 0.5, np.inf, 0.25]})
    parse(svg)
    assert "from 0.25 to 1" in svg
    assert sparkline({"loss": [np.nan]}) == ""
    assert escape("<b>") in sparkline({"<b>": [1.0, 2.0]})


def test_rich_displays_need_no_jupyter():
    code = (
        "import sys\n"
        "from reglab.diagnose import diagnose\n"
        "html = diagnose(0.1, 0.2)._repr_html_()\n"
        "print('IPython' in sys.modules, 'matplotlib' in sys.modules, html[:5])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "<div"]


def test_sweep_summary_shows_the_best_configurations(tiny_sweep):
    from reglab.sweep.results import SweepSummary, read_summary, summarize

    _, _, _, store, folder = tiny_sweep
    summary = summarize(store.model_rows(1), base_error=0.05)
    assert isinstance(summary, SweepSummary) and isinstance(summary, list) and len(summary) == 4
    assert summary.axes == ["l2", "keep_prob"]
    text = parse(summary._repr_html_())
    assert "Sweep: 4 configuration(s), 8 model(s)" in text
    for config in summary:
        assert config.label(summary.axes) in text
        assert f"{config.score:.4f} ± {config.spread:.4f}" in text
        verdict = config.verdict(0.05)
        assert verdict is None or verdict.kind in text
    best = summary[0]
    assert repr(summary) == (
        f"SweepSummary(4 configurations, best: {best.label(summary.axes)}, "
        f"dev score {best.score:.4g})"
    )
    again = read_summary(folder / "out")
    assert [s.config_id for s in again] == [s.config_id for s in summary]
    with pytest.raises(FileNotFoundError, match="must be a sweep's results.sqlite"):
        read_summary(folder / "missing.sqlite")
    assert "0 configurations" in repr(SweepSummary())
    assert parse(SweepSummary()._repr_html_())


def test_a_one_layer_sweeps_keep_prob_is_named_keep_prob():
    # a one-layer network stores keep_prob2 as None: the swept axis is still keep_prob,
    # as `reglab sweep status` says, not keep_prob1
    from types import SimpleNamespace

    from reglab.sweep.results import varying_axes

    summaries = [
        SimpleNamespace(config={"l2": l2, "keep_prob1": p, "keep_prob2": None})
        for l2 in (0.0, 1.0)
        for p in (0.6, 1.0)
    ]
    assert varying_axes(summaries) == ["l2", "keep_prob"]
