"""The report for a learner: curves that reach both sides, choices the table uses, figures.

The default study's curves are computed once here (about 12 s of CPU): the keep_prob grid
must reach the high-bias side, the learning curve must be monotone within its noise, and
the boundaries across λ must show both failures.
"""

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from reglab.data.bayes import moons_bayes_error
from reglab.data.datasets import load_dataset
from reglab.data.splits import train_dev_test_split
from reglab.diagnose.curves import Curve
from reglab.diagnose.verdict import diagnose
from reglab.display import LearningCurveDisplay
from reglab.experiments.augmentation import AugmentConfig, run_augmentation
from reglab.experiments.regularization import Recipe, fit_options
from reglab.experiments.selection import lam_boundaries, select
from reglab.experiments.study import StudyConfig, _build, _curves, _grid, _no_callbacks
from reglab.report._canvas import plt
from reglab.report.captions_curves import _steps

CONFIG = StudyConfig()
BAYES = moons_bayes_error(CONFIG.noise)


@pytest.fixture(scope="module")
def study_data():
    data = load_dataset("moons", n_samples=300, noise=CONFIG.noise, random_state=0)
    split = train_dev_test_split(data.X, data.y, dev=100, test=100, random_state=0)
    return data, split


@pytest.fixture(scope="module")
def curves(study_data):
    with threadpool_limits(limits=1):
        return _curves(CONFIG, study_data[1], _no_callbacks)


def _kind(curve, index):
    return diagnose(curve.train_mean[index], curve.dev_mean[index], base_error=BAYES).kind


def test_the_keep_prob_curve_reaches_the_high_bias_side_and_chooses_inside_its_grid(curves):
    _, keep, _ = curves
    smallest, largest = int(np.argmin(keep.values)), int(np.argmax(keep.values))
    assert "high bias" in _kind(keep, smallest)
    assert "high variance" in _kind(keep, largest)
    assert keep.values.min() < select(keep, "larger") < keep.values.max()  # not at an edge


def test_the_learning_curve_is_monotone_within_its_noise(curves):
    _, _, learning = curves
    assert len(learning.seeds) == CONFIG.learning_seeds
    assert all(step.direction <= 0 for _, step in _steps(learning))
    assert learning.dev_mean[-1] < learning.dev_mean[0]


def test_boundaries_across_lam_show_overfitting_and_underfitting(curves, study_data):
    data, split = study_data
    lam, _, _ = curves
    options = fit_options(CONFIG, Recipe("test", ""), split)
    with threadpool_limits(limits=1):
        shown = lam_boundaries(_build(CONFIG), split, _grid(data.X, 30), lam, BAYES, options)
    assert shown.values.tolist() == [0.0, select(lam, "smaller"), max(CONFIG.curve_lams)]
    assert shown.roles == ("no penalty", "chosen by the dev set", "the grid's largest")
    assert shown.probability.shape == (3, 30, 30)
    kinds = [verdict.kind for verdict in shown.verdicts]
    assert kinds[0] == "high variance" and kinds[1] == "good" and kinds[2] == "high bias"
    # the same models as the curve's seed 0
    assert 1 - shown.dev_accuracy[0] == pytest.approx(lam.dev_error[0, 0])


def test_select_breaks_ties_toward_the_weaker_regularization():
    seeds = np.array([0])
    tie = np.array([[0.1], [0.08], [0.08], [0.2]])
    lam = Curve("lam", np.array([0.0, 0.3, 1.0, 3.0]), seeds, tie, tie)
    assert select(lam, "smaller") == 0.3
    keep = Curve("keep_prob", np.array([0.1, 0.3, 0.5, 1.0]), seeds, tie, tie)
    assert select(keep, "larger") == 0.5


def test_digits_at_random_places_on_a_larger_canvas():
    config = AugmentConfig(n_train=40, n_dev=30, epochs=2, seeds=1, models=("MLP",), canvas=12)
    with threadpool_limits(limits=1):
        result = run_augmentation(config)
    assert [name for name, _ in result.gallery][:2] == ["training digit", "moved (1)"]
    assert all(image.shape == (12, 12) for _, image in result.gallery)
    moved = [image for name, image in result.gallery if name.startswith("moved")]
    assert all(image.sum() == pytest.approx(result.gallery[0][1].sum()) for image in moved)
    assert {run.condition for run in result.runs} == {"none", "online", "offline"}
    assert result.run("MLP", "offline").n_examples == 4 * 40


def test_error_curves_draw_the_bayes_error_as_a_line():
    curve = Curve("size", np.array([10, 20]), np.array([0, 1]), np.zeros((2, 2)), np.ones((2, 2)))
    fig, ax = plt.subplots()
    display = LearningCurveDisplay(curve, base_error=0.1139)
    display.plot(ax=ax, whiskers=True, base_label="Bayes error")
    labels = [line.get_label() for line in ax.get_lines()]
    assert "Bayes error 0.114" in labels
    bayes = next(line for line in ax.get_lines() if line.get_label() == "Bayes error 0.114")
    assert set(bayes.get_ydata()) == {0.1139}
    plt.close(fig)
