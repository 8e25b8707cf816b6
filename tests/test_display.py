"""The display objects: the plot contract, their constructors, what they draw, their errors."""

import subprocess
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402

from reglab import Adam, EarlyStopping, fit, mlp  # noqa: E402
from reglab.data import make_moons, train_dev_test_split  # noqa: E402
from reglab.data.augment import Jitter, Rotation, Translation  # noqa: E402
from reglab.diagnose import decompose_network  # noqa: E402
from reglab.display import (  # noqa: E402
    AugmentationGalleryDisplay,
    BiasVarianceDisplay,
    DecisionBoundaryDisplay,
    LearningCurveDisplay,
    LossCurveDisplay,
    OptimizerCostDisplay,
    ValidationCurveDisplay,
    WeightHistogramDisplay,
)
from reglab.estimator import RegLabClassifier  # noqa: E402
from reglab.regularizers import L1, L2  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def study(tiny_study):
    return tiny_study


@pytest.fixture(scope="module")
def data():
    moons = make_moons(160, noise=0.3, random_state=0)
    return train_dev_test_split(moons.X, moons.y, dev=0.25, test=0.25, random_state=0)


@pytest.fixture(scope="module")
def trained(data):
    """A stack of 3 models, λ = 0, 0.1, 3 with L1 on the last; early stopping on the first two."""
    network = mlp([2, 16, 16, 1], regularizers=[L2([0.0, 0.1, 0.0]), L1([0, 0, 3.0])], n_models=3)
    stopper = EarlyStopping(patience=5, models=[0, 1])
    trainer = fit(
        network,
        data.X_train,
        data.y_train,
        optimizer=Adam(0.02),
        epochs=80,
        dev=(data.X_dev, data.y_dev),
        callbacks=[stopper],
    )
    return network, trainer, stopper


def _build(n_models, seed, lam=0.0):
    return mlp([2, 8, 1], regularizers=L2(lam), n_models=n_models, seed=seed)


def factories(study, data, trained):
    """One way to build each display, by name."""
    network, trainer, stopper = trained
    split = (data.X_train, data.y_train, data.X_dev, data.y_dev)
    return {
        "loss history": lambda: LossCurveDisplay.from_history(trainer, early_stopping=stopper),
        "loss results": lambda: LossCurveDisplay.from_results(study.regularizers[4]),
        "boundary network": lambda: DecisionBoundaryDisplay.from_network(
            network, data.X_train, data.y_train, X_dev=data.X_dev, y_dev=data.y_dev
        ),
        "boundary results": lambda: DecisionBoundaryDisplay.from_results(study),
        "validation results": lambda: ValidationCurveDisplay.from_results(study.lam_curve),
        "validation network": lambda: ValidationCurveDisplay.from_network(
            _build, *split, param="lam", values=[0.0, 1.0], fit_kwargs={"epochs": 5}
        ),
        "learning results": lambda: LearningCurveDisplay.from_results(study.learning_curve),
        "learning network": lambda: LearningCurveDisplay.from_network(
            _build, *split, sizes=[20, 60], fit_kwargs={"epochs": 5}
        ),
        "bias/variance": lambda: BiasVarianceDisplay.from_results(study.decompositions),
        "weights network": lambda: WeightHistogramDisplay.from_network(network),
        "weights results": lambda: WeightHistogramDisplay.from_results(study),
        "costs": lambda: OptimizerCostDisplay.from_results(study.optimizers),
        "gallery results": lambda: AugmentationGalleryDisplay.from_results(study.augmentation),
        "gallery transforms": lambda: AugmentationGalleryDisplay.from_transforms(
            study.augmentation.gallery[0][1], {"rotation": Rotation((-20, 20))}, n_variants=2
        ),
    }


NAMES = [
    "loss history",
    "loss results",
    "boundary network",
    "boundary results",
    "validation results",
    "validation network",
    "learning results",
    "learning network",
    "bias/variance",
    "weights network",
    "weights results",
    "costs",
    "gallery results",
    "gallery transforms",
]


def _drawn(ax) -> int:
    return len(ax.lines) + len(ax.collections) + len(ax.images) + len(ax.patches)


@pytest.mark.parametrize("name", NAMES)
def test_plot_on_a_new_figure_returns_the_display(name, study, data, trained):
    display = factories(study, data, trained)[name]()
    assert display.figure_ is None and "not drawn yet" in repr(display)
    assert display.plot() is display
    assert display.figure_ is not None
    axes = display.axes_
    assert all(isinstance(ax, Axes) and ax.figure is display.figure_ for ax in axes)
    assert display.ax_ is axes[0] if len(axes) == 1 else display.ax_ is axes
    assert all(_drawn(ax) > 0 for ax in axes)
    assert "drawn" in repr(display) and "not drawn" not in repr(display)


@pytest.mark.parametrize("name", NAMES)
def test_plot_on_given_axes(name, study, data, trained):
    display = factories(study, data, trained)[name]()
    panels = len(display.plot().axes_)
    fig, axes = plt.subplots(1, panels + 1)
    given = axes[1:] if panels > 1 else axes[1]
    assert display.plot(ax=given) is display
    assert display.figure_ is fig
    assert np.all(display.axes_ == np.atleast_1d(given))
    assert _drawn(axes[0]) == 0 and all(_drawn(ax) > 0 for ax in np.atleast_1d(given))


def test_plot_refuses_the_wrong_number_of_axes(trained, data):
    network = trained[0]
    display = DecisionBoundaryDisplay.from_network(network, data.X_train, data.y_train)
    _, axes = plt.subplots(1, 2)
    with pytest.raises(ValueError, match=r"ax must be 3 Axes \(one per panel\), got 2 object"):
        display.plot(ax=axes)
    with pytest.raises(ValueError, match="ax must be an Axes .*got 1 object.* of type str"):
        LossCurveDisplay.from_history(trained[1]).plot(ax="left")


def test_constructors_reject_results_of_the_wrong_kind(study, trained):
    network, trainer, _ = trained
    cases = [
        (lambda: LossCurveDisplay.from_history(network), "history must be a History or Trainer"),
        (lambda: LossCurveDisplay.from_results(study.regularizers), "run must be a Regulariz"),
        (lambda: LossCurveDisplay.from_estimator(trainer), "estimator must be a RegLabClassifier"),
        (lambda: DecisionBoundaryDisplay.from_results(trainer), "result must be a StudyResult"),
        (lambda: DecisionBoundaryDisplay.from_network(trainer, [[0, 0]], [0]), "network must be"),
        (lambda: DecisionBoundaryDisplay.from_estimator(network, [[0, 0]], [0]), "fitted classi"),
        (lambda: ValidationCurveDisplay.from_results(study.regularizers[0]), "curve must be a Cur"),
        (lambda: LearningCurveDisplay.from_results(trainer), "curve must be a Curve, got Trainer"),
        (lambda: BiasVarianceDisplay.from_results([1, 2]), "decompositions must be a Mapping"),
        (lambda: WeightHistogramDisplay.from_network(study), "network must be a Network"),
        (lambda: WeightHistogramDisplay.from_results([trainer]), "runs must be a RegularizerRun"),
        (lambda: OptimizerCostDisplay.from_results(study.regularizers), "runs must be a Tutoria"),
        (lambda: OptimizerCostDisplay.from_history([trainer]), "histories must be a Mapping"),
        (lambda: AugmentationGalleryDisplay.from_results(study), "result must be an? Augment"),
        (lambda: WeightHistogramDisplay.from_results(3), "runs must be a RegularizerRun, got int"),
        (lambda: OptimizerCostDisplay.from_results(3), "runs must be a TutorialRun, got int"),
    ]
    for build, message in cases:
        with pytest.raises(TypeError, match=message):
            build()


def test_curve_displays_refuse_the_other_kind_of_curve(study):
    with pytest.raises(ValueError, match="curve must be a validation curve, got a learning"):
        ValidationCurveDisplay.from_results(study.learning_curve)
    with pytest.raises(ValueError, match="curve must be a learning curve .* over 'lam'"):
        LearningCurveDisplay.from_results(study.lam_curve)
    with pytest.raises(ValueError, match=r"base_error must be in \[0, 1\], got 2"):
        LearningCurveDisplay.from_results(study.learning_curve, base_error=2)


def test_bad_values_are_named(study, trained, data):
    from sklearn.linear_model import LogisticRegression

    network, trainer, stopper = trained
    with pytest.raises(ValueError, match=r"models must index the 3 models, got \[3\]"):
        DecisionBoundaryDisplay.from_network(network, data.X_train, data.y_train, models=[3])
    with pytest.raises(ValueError, match="names must be regularizers of the study"):
        DecisionBoundaryDisplay.from_results(study, names=["L7"])
    with pytest.raises(ValueError, match="X must have 2 features to draw, got 3"):
        DecisionBoundaryDisplay.from_network(network, np.zeros((4, 3)), np.zeros(4))
    with pytest.raises(ValueError, match="labels must have one entry per model .3., got 2"):
        LossCurveDisplay.from_history(trainer, labels=["a", "b"])
    with pytest.raises(ValueError, match="which must be one of 'train', 'dev', got 'test'"):
        LossCurveDisplay.from_history(trainer).plot(which=["test"])
    with pytest.raises(ValueError, match="runs must hold at least one of"):
        WeightHistogramDisplay.from_results(study, names=["L7"])
    with pytest.raises(ValueError, match="must be an image transform, got a points transform"):
        AugmentationGalleryDisplay.from_transforms(np.zeros((8, 8)), {"jitter": Jitter(0.1)})
    with pytest.raises(ValueError, match=r"estimator must be fitted first, got an unfitted Reg"):
        DecisionBoundaryDisplay.from_estimator(RegLabClassifier(), data.X_train, data.y_train)
    with pytest.raises(ValueError, match=r"estimator must be fitted first, got an unfitted Log"):
        DecisionBoundaryDisplay.from_estimator(LogisticRegression(), data.X_train, data.y_train)
    with pytest.raises(ValueError, match="early_stopping must have been given to fit"):
        LossCurveDisplay.from_history(trainer, early_stopping=EarlyStopping())


def test_loss_curves_mark_early_stopping(trained):
    _, trainer, stopper = trained
    display = LossCurveDisplay.from_history(trainer, early_stopping=stopper).plot()
    dev = trainer.history["dev_loss"]
    stopped = [k for k in (0, 1) if stopper.stopped_epoch[k] >= 0]
    assert stopped, "the fixture's early stopping should stop a model"
    for k in stopped:
        kept, stop = stopper.best_epoch[k], stopper.stopped_epoch[k]
        stars = [line for line in display.ax_.lines if line.get_marker() == "*"]
        assert any(np.allclose(s.get_xydata(), [[kept, dev[kept, k]]]) for s in stars)
        crosses = [line for line in display.ax_.lines if line.get_marker() == "x"]
        assert any(np.allclose(c.get_xydata(), [[stop, dev[stop, k]]]) for c in crosses)
        # the model's dev curve ends where it stopped
        label = f"model {k}, dev"
        line = next(line for line in display.ax_.lines if line.get_label() == label)
        assert len(line.get_xdata()) == stop + 1
    # the third model is not watched: no marks, a full curve
    line = next(line for line in display.ax_.lines if line.get_label() == "model 2, dev")
    assert len(line.get_xdata()) == len(dev)


def test_loss_curve_means_and_keyword_arguments(study):
    run = study.regularizers[0]
    display = LossCurveDisplay.from_results(run).plot(mean=True, which=["dev"], color="red")
    (line,) = [line for line in display.ax_.lines if line.get_label() == "dev"]
    assert np.allclose(line.get_ydata(), run.dev_loss.mean(axis=1))
    assert to_rgba(line.get_color()) == to_rgba("red")
    label = LossCurveDisplay.from_results(run).plot(label="mine", legend=False)
    labels = [line.get_label() for line in label.ax_.lines]
    assert labels.count("mine") == 1


def test_loss_curves_from_an_estimator(data):
    estimator = RegLabClassifier(
        hidden_layer_sizes=(8,),
        epochs=200,
        learning_rate=0.01,
        early_stopping=True,
        patience=3,
        random_state=0,
    ).fit(data.X_train, data.y_train)
    display = LossCurveDisplay.from_estimator(estimator)
    dev = estimator.history_["dev_loss"][:, 0]
    assert display.best_epoch[0] == np.argmin(dev)
    assert display.stopped_epoch[0] == estimator.n_iter_ - 1 < 199
    display.plot()
    with pytest.raises(ValueError, match="estimator must be fitted first"):
        LossCurveDisplay.from_estimator(RegLabClassifier())


def test_decision_boundary_probabilities_are_the_networks(trained, data):
    network = trained[0]
    display = DecisionBoundaryDisplay.from_network(
        network, data.X_train, data.y_train, models=[2], grid_resolution=7
    )
    grid = np.column_stack([display.xx.ravel(), display.yy.ravel()])
    assert np.allclose(display.probability[0].ravel(), network.output(grid)[2, :, 0])
    train_accuracy = network.evaluate(data.X_train, data.y_train)["accuracy"][2]
    assert display.scores == [(train_accuracy, None)]
    display.plot(cmap="viridis")
    assert display.ax_.collections[0].get_cmap().name == "viridis"


def test_decision_boundary_of_a_scikit_learn_estimator(data):
    from sklearn.linear_model import LogisticRegression

    y = np.where(data.y_train == 1, "yes", "no")
    estimator = LogisticRegression().fit(data.X_train, y)
    display = DecisionBoundaryDisplay.from_estimator(estimator, data.X_train, y)
    grid = np.column_stack([display.xx.ravel(), display.yy.ravel()])
    assert np.allclose(display.probability[0].ravel(), estimator.predict_proba(grid)[:, 1])
    assert set(display.y_train) == {0, 1}
    assert display.plot().ax_.get_title().startswith("LogisticRegression")


def test_validation_curve_draws_the_curve_and_the_base_error(study):
    curve = study.lam_curve
    display = ValidationCurveDisplay.from_results(curve, base_error=0.1).plot()
    lines = {line.get_label(): line for line in display.ax_.lines}
    assert np.allclose(lines["dev error"].get_ydata(), curve.dev_mean)
    assert np.allclose(lines["train error"].get_ydata(), curve.train_mean)
    assert np.allclose(lines["base error 0.100"].get_ydata(), 0.1)
    best = np.argmin(curve.dev_mean)
    assert np.allclose(
        lines["lowest dev error"].get_xydata(), [[curve.values[best], curve.dev_mean[best]]]
    )
    assert display.ax_.get_xscale() == "symlog"  # 0 to 10: log, with 0 kept
    keep = ValidationCurveDisplay.from_results(study.keep_prob_curve).plot()
    assert keep.ax_.xaxis_inverted()


def test_curves_from_a_scikit_learn_estimator(data):
    from sklearn.linear_model import LogisticRegression

    X, y = data.X_train, data.y_train
    display = ValidationCurveDisplay.from_estimator(
        LogisticRegression(), X, y, param_name="C", param_range=[0.01, 1.0], cv=3
    )
    assert display.curve.dev_error.shape == (2, 3)
    assert np.all((display.curve.dev_error >= 0) & (display.curve.dev_error <= 1))
    learning = LearningCurveDisplay.from_estimator(LogisticRegression(), X, y, cv=3)
    assert learning.curve.param == "size" and learning.curve.values[-1] == 2 * len(X) // 3
    learning.plot()


def test_bias_variance_bars_hold_the_numbers(data):
    found = decompose_network(
        _build, data.X_train, data.y_train, data.X_test, data.y_test, num_rounds=3, random_state=0
    )
    display = BiasVarianceDisplay.from_results(found).plot()
    heights = sorted(round(p.get_height(), 12) for p in display.ax_.patches)
    assert heights == sorted(
        round(v, 12) for v in (found.expected_loss, found.bias, found.variance)
    )
    with pytest.raises(TypeError, match="decompositions' values must be a Decomposition"):
        BiasVarianceDisplay({"a": 0.5})


def test_weight_histograms_count_exact_zeros(trained):
    network = trained[0]
    display = WeightHistogramDisplay.from_network(network, models=[2]).plot()
    zeros = int(np.sum(network.theta[2, network.penalized] == 0))
    assert zeros > 0  # L1 with a proximal step makes exact zeros
    bars = [c for c in display.ax_.containers if c.get_label() == "exactly 0"]
    assert len(bars) == 1 and bars[0].patches[0].get_height() == zeros


def test_optimizer_costs_mark_the_printed_costs(study):
    display = OptimizerCostDisplay.from_results(study.optimizers).plot()
    for run in study.optimizers:
        dots = [line for line in display.ax_.lines if line.get_marker() == "o"]
        assert any(np.allclose(d.get_xydata(), sorted(run.printed.items())) for d in dots)
    history = OptimizerCostDisplay.from_history({"adam": _tiny_fit()})
    assert list(history.costs) == ["adam [0]", "adam [1]"]


def _tiny_fit():
    X = np.random.default_rng(0).normal(size=(40, 2))
    return fit(_build(2, [0, 1]), X, (X[:, 0] > 0).astype(int), epochs=3)


def test_gallery_shows_each_transform_and_variant(study):
    image = study.augmentation.gallery[0][1]
    transforms = {"rotation": Rotation((-20, 20)), "shift": Translation((-0.2, 0.2))}
    display = AugmentationGalleryDisplay.from_transforms(image, transforms, n_variants=3).plot()
    assert len(display.axes_) == 9
    assert [ax.get_title() for ax in display.axes_[:3]] == ["original", "rotation", "shift"]
    assert np.array_equal(display.axes_[3].images[0].get_array(), image)
    assert not np.array_equal(display.images["rotation"][0], display.images["rotation"][1])


def test_importing_the_displays_leaves_matplotlib_unimported():
    code = "import sys, reglab.display; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_optimizer_costs_say_when_two_curves_coincide():
    epochs = np.arange(200)
    costs = {"gd": np.exp(-epochs / 50), "momentum": np.exp(-epochs / 50) + 1e-4}
    costs["adam"] = np.exp(-epochs / 10)
    display = OptimizerCostDisplay(costs).plot(window=0)
    styles = {line.get_label(): line.get_linestyle() for line in display.ax_.lines}
    assert styles == {"gd": "-", "momentum, the same curve as gd": "--", "adam": "-"}


LINE_DISPLAYS = ["loss history", "loss results", "validation results", "learning results", "costs"]


@pytest.mark.parametrize("name", LINE_DISPLAYS)
def test_line_keywords_by_their_full_names_reach_the_lines(name, study, data, trained):
    # the displays' own styles say ls, lw, ms: the full names replace them, not clash
    display = factories(study, data, trained)[name]()
    display.plot(linestyle=":", linewidth=3.0, markersize=2.0)
    styled = [line for line in display.ax_.lines if line.get_linewidth() == 3.0]
    assert styled and all(line.get_linestyle() == ":" for line in styled)
