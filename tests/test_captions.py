"""The captions say only what the numbers say: each is run on numbers that point the other way.

The results here are built by hand (no training), so that each caption meets numbers chosen
to contradict what a default study shows: augmentation that hurts both networks, a learning
curve that is not monotone, optimizers that do not coincide, and so on.
"""

from types import SimpleNamespace

import numpy as np
import pytest

from reglab.diagnose.curves import Curve
from reglab.diagnose.decomposition import Decomposition
from reglab.diagnose.verdict import diagnose
from reglab.experiments.augmentation import AugmentConfig, AugmentResult, ConditionRun
from reglab.experiments.regularization import RegularizerRun
from reglab.experiments.tutorial import TutorialRun
from reglab.report.captions import CAPTIONS
from reglab.report.reading import Difference, coincidence, difference, regions

SEEDS = 6


def _seeds(mean, spread=0.002):
    """Per-seed values whose mean is ``mean`` and whose standard deviation is ``spread``."""
    pattern = np.linspace(-1, 1, SEEDS)
    return mean + spread * pattern / pattern.std()


def _condition(model, condition, dev_accuracy, spread=0.002, epochs=10):
    final = _seeds(dev_accuracy, spread)
    ramp = np.linspace(0.2, 1.0, epochs)[:, None]
    return ConditionRun(
        model,
        condition,
        200,
        epochs,
        train_loss=np.ones((epochs, SEEDS)),
        dev_loss=np.ones((epochs, SEEDS)),
        train_accuracy=np.ones((epochs, SEEDS)),
        dev_accuracy=ramp * final,
    )


def _augmentation(accuracies, spread=0.002):
    runs = [
        _condition(model, condition, accuracy, spread)
        for (model, condition), accuracy in accuracies.items()
    ]
    return SimpleNamespace(augmentation=AugmentResult(AugmentConfig(seeds=SEEDS), runs, []))


def test_augmentation_that_lowers_dev_accuracy_for_both_networks_is_said_so():
    result = _augmentation(
        {
            ("MLP", "none"): 0.93,
            ("MLP", "online"): 0.86,
            ("MLP", "offline"): 0.90,
            ("CNN", "none"): 0.92,
            ("CNN", "online"): 0.88,
            ("CNN", "offline"): 0.89,
        }
    )
    text = CAPTIONS["augmentation_curves"](result)
    assert "online augmentation lowered it" in text and "offline augmentation lowered it" in text
    assert "lowered dev accuracy everywhere" in text
    assert "raised" not in text and "helps" not in text


def test_augmentation_that_helps_only_the_cnn_is_said_so():
    result = _augmentation(
        {
            ("MLP", "none"): 0.93,
            ("MLP", "online"): 0.93,
            ("MLP", "offline"): 0.93,
            ("CNN", "none"): 0.90,
            ("CNN", "online"): 0.95,
            ("CNN", "offline"): 0.95,
        }
    )
    text = CAPTIONS["augmentation_curves"](result)
    assert text.count("did not clearly change") == 2  # the MLP's two conditions
    assert "CNN: dev accuracy 0.900 without" in text and "online augmentation raised it" in text
    assert "it does the CNN more good" in text


def test_augmentation_within_the_seeds_noise_is_no_change():
    result = _augmentation(
        {
            ("MLP", "none"): 0.90,
            ("MLP", "online"): 0.93,
            ("MLP", "offline"): 0.87,
            ("CNN", "none"): 0.90,
            ("CNN", "online"): 0.93,
            ("CNN", "offline"): 0.87,
        },
        spread=0.06,
    )
    text = CAPTIONS["augmentation_curves"](result)
    assert "raised it" not in text and "lowered it" not in text
    assert "raised dev accuracy nowhere beyond the noise" in text


def _curve(param, values, train, dev, spread=0.002):
    train = np.array([_seeds(t, spread) for t in train]).clip(0, 1)
    dev = np.array([_seeds(d, spread) for d in dev]).clip(0, 1)
    return Curve(param, np.asarray(values), np.arange(SEEDS), train, dev)


def _study(**parts):
    split = SimpleNamespace(y_train=np.zeros(100), y_dev=np.zeros(100), y_test=np.zeros(100))
    return SimpleNamespace(split=split, base_error=0.1139, **parts)


def test_a_learning_curve_that_is_not_monotone_is_not_read_as_more_data_helps():
    sizes = [10, 20, 40, 70, 100]
    curve = _curve("size", sizes, [0, 0, 0, 0, 0], [0.28, 0.10, 0.13, 0.16, 0.14])
    text = CAPTIONS["learning_curve"](_study(learning_curve=curve))
    assert "the curve is not monotone" in text
    assert "from 20 to 40 examples" in text and "40 to 70 examples" in text
    assert "more data would still help" not in text and "lowest dev error is at n = 20" in text
    assert "The dashed line is the Bayes error, 0.114" in text


def test_a_learning_curve_still_falling_at_its_end_says_more_data_would_help():
    curve = _curve("size", [20, 50, 100], [0, 0, 0], [0.30, 0.22, 0.15])
    text = CAPTIONS["learning_curve"](_study(learning_curve=curve))
    assert "the dev error falls" in text
    assert "monotone within its noise" in text
    assert "more data would still help" in text


def test_a_learning_curve_within_its_noise_says_it_cannot_tell():
    curve = _curve("size", [20, 100], [0, 0], [0.15, 0.14], spread=0.05)
    text = CAPTIONS["learning_curve"](_study(learning_curve=curve))
    assert "shows no clear change" in text and "is not measurable here" in text


def test_validation_curves_say_which_sides_the_grid_reaches():
    lam = _curve("lam", [0, 1, 10], [0.0, 0.05, 0.19], [0.14, 0.09, 0.17])
    keep = _curve("keep_prob", [0.3, 0.6, 1.0], [0.03, 0.01, 0.0], [0.08, 0.10, 0.14])
    text = CAPTIONS["validation_curves"](_study(lam_curve=lam, keep_prob_curve=keep))
    assert "Over λ the grid spans both sides" in text
    assert "Over keep_prob the grid does not reach the high-bias side" in text
    assert "keep_prob = 0.3 (an edge of the grid" in text
    flat = _curve("lam", [0, 1, 10], [0.0, 0.0, 0.0], [0.14, 0.14, 0.13])
    text = CAPTIONS["validation_curves"](_study(lam_curve=flat, keep_prob_curve=keep))
    assert "Over λ the grid does not reach the high-bias side" in text


def _tutorial(name, costs):
    return TutorialRun(name, {0: float(costs[0])}, np.asarray(costs, dtype=float), 0.8)


def test_optimizer_curves_that_differ_are_not_said_to_coincide():
    epochs = np.arange(1000)
    runs = [
        _tutorial("gd", 0.7 - 0.0001 * epochs),
        _tutorial("momentum", 0.7 - 0.0004 * epochs),
        _tutorial("adam", 0.7 - 0.00005 * epochs),
    ]
    text = CAPTIONS["optimizer_costs"](SimpleNamespace(optimizers=runs))
    assert "coincide" not in text and "momentum's smoothed cost differs from gd's by up to" in text
    assert "Adam does not halve its cost sooner than gd" in text


def _regularizer(name, train, dev, *, dev_loss=None, train_loss=None, norm=3.0, zeros=0.0):
    probability = np.tile(np.linspace(0, 1, 8), (8, 1))
    dev_loss = np.full((5, SEEDS), 0.3) if dev_loss is None else dev_loss
    train_loss = np.full((5, SEEDS), 0.1) if train_loss is None else train_loss
    return RegularizerRun(
        name,
        name,
        _seeds(train),
        _seeds(dev),
        _seeds(dev - 0.02),
        _seeds(norm, 0.01),
        _seeds(zeros, 0.0),
        train_loss,
        dev_loss,
        np.ones(10),
        probability,
        diagnose(1 - train, 1 - dev, base_error=0.1139),
        best_epoch=np.full(SEEDS, 2) if name == "early stopping" else None,
        stopped_epoch=np.full(SEEDS, 4) if name == "early stopping" else None,
    )


def _regularizers(runs):
    config = SimpleNamespace(seeds=SEEDS, patience=5)
    study = _study(regularizers=runs, config=config)
    study.best = lambda: max(runs, key=lambda run: run.mean("dev_accuracy"))
    return study


def test_regularizers_that_lower_dev_accuracy_and_a_flat_dev_loss_are_said_so():
    none = _regularizer("none", 1.0, 0.86)
    worse = _regularizer("L2", 0.9, 0.80)
    same = _regularizer("dropout", 0.99, 0.862)
    study = _regularizers([none, worse, same])
    text = CAPTIONS["decision_boundaries"](study)
    assert "a lower dev accuracy: L2" in text
    assert "no clear change in dev accuracy: dropout" in text
    assert "trade" not in text and "islands" not in text  # a straight boundary: 2 regions
    loss = CAPTIONS["loss_curves"](study)
    assert "no clear overfitting in the loss" in loss and "memorizes" not in loss


def test_early_stopping_that_does_not_hold_the_fit_back_is_said_so():
    none = _regularizer("none", 1.0, 0.86, train_loss=np.full((5, SEEDS), 0.1))
    stopped = _regularizer("early stopping", 1.0, 0.87, train_loss=np.full((5, SEEDS), 0.1))
    text = CAPTIONS["early_stopping"](_regularizers([none, stopped]))
    assert "did not hold the fit back" in text and "criticism" not in text


def test_weights_that_l1_barely_zeros_and_l2_does_not_shrink_are_said_so():
    runs = [
        _regularizer("none", 1.0, 0.86, norm=30.0),
        _regularizer("L1", 1.0, 0.86, zeros=0.02),
        _regularizer("L2", 1.0, 0.86, norm=30.0),
    ]
    text = CAPTIONS["weight_histograms"](_regularizers(runs))
    assert "not a sparse model at this λ" in text
    assert "(no clear change)" in text and "(shrinks it)" not in text


def test_a_regularizer_that_raises_the_expected_loss_is_said_so():
    none = Decomposition(0.15, 0.14, 0.05, "0-1_loss", 30, loss_std=0.01)
    worse = Decomposition(0.20, 0.19, 0.03, "0-1_loss", 30, loss_std=0.01)
    study = _study(decompositions={"none": none, "L2": worse})
    assert "and raises the expected loss" in CAPTIONS["decomposition"](study)
    close = Decomposition(0.155, 0.14, 0.04, "0-1_loss", 30, loss_std=0.05)
    study = _study(decompositions={"none": none, "L2": close})
    assert "does not clearly change the expected loss" in CAPTIONS["decomposition"](study)


def test_a_difference_counts_only_beyond_its_threshold_and_the_seeds_noise():
    assert difference([0.9, 0.9], [0.95, 0.95], 0.01).direction == 1
    assert difference([0.9, 0.9], [0.905, 0.905], 0.01).direction == 0  # below the threshold
    noisy = difference([0.8, 1.0], [0.95, 0.95], 0.01)  # 2 SE of [0.8, 1.0] is 0.2
    assert noisy.direction == 0 and noisy.margin == pytest.approx(0.2)
    assert Difference(1.0, 0.5, 0.1, 0.1).word("up", "down", "same") == "down"
    assert difference(0.5, 0.7, 0.1).noise == 0.0  # one value each: no spread to measure


def test_regions_count_the_islands_a_boundary_cuts():
    plane = np.zeros((20, 20))
    plane[:, 10:] = 1
    assert regions(plane) == 2
    plane[3:5, 3:5] = 1  # an island of class 1 inside class 0
    assert regions(plane) == 3


def test_coincidence_is_the_largest_gap_between_smoothed_curves():
    assert coincidence(np.ones(500), np.ones(500) + 0.02) == pytest.approx(0.02)


def test_augmentation_that_makes_learning_worse_and_slower_is_said_so():
    runs = []
    for model in ("MLP", "CNN"):
        runs.append(_condition(model, "none", 0.90))
        slow = _condition(model, "online", 0.85)
        slow.dev_accuracy[:] = np.linspace(0.1, 1, 10)[:, None] ** 3 * slow.dev_accuracy[-1]
        runs.append(slow)
        runs.append(_condition(model, "offline", 0.90))
    config = AugmentConfig(seeds=SEEDS, canvas=12, epochs=10)
    text = CAPTIONS["shifted_curves"](SimpleNamespace(shifted=AugmentResult(config, runs, [])))
    assert "online: worse" in text and "never reach it" in text
    assert "offline: no better, no worse" in text and "no faster, no slower" in text
    assert "online: better" not in text and ", faster" not in text


def test_the_optimizer_figure_says_when_two_curves_coincide():
    from reglab.report._canvas import plt
    from reglab.report.figures import draw_tutorial_costs

    epochs = np.arange(1000)
    same = [_tutorial(name, 0.7 - 0.0001 * epochs) for name in ("gd", "momentum", "adam")]
    fig, ax = plt.subplots()
    draw_tutorial_costs(ax, same)
    assert any("gd and momentum coincide" in text.get_text() for text in ax.texts)
    plt.close(fig)
    apart = [_tutorial("gd", 0.7 - 0.0001 * epochs), _tutorial("momentum", 0.7 - 0.0004 * epochs)]
    fig, ax = plt.subplots()
    draw_tutorial_costs(ax, apart)
    assert not ax.texts
    plt.close(fig)


def test_the_augmentation_figure_draws_train_and_dev_curves():
    from reglab.report._canvas import plt
    from reglab.report.augmentation import plot_condition

    fig, ax = plt.subplots()
    plot_condition(ax, _condition("MLP", "online", 0.9), 200, "accuracy")
    assert [line.get_linestyle() for line in ax.get_lines()] == ["--", "-"]
    plt.close(fig)


def test_the_decomposition_names_the_trade_of_bias_for_variance_only_where_it_happened():
    # the default study's numbers: augmentation lowered the bias by 0.070 and the variance
    # by 0.009, and the caption ended "regularization pays off when it removes more variance
    # than it adds bias", as if the gain were that trade
    none = Decomposition(0.197, 0.200, 0.077, "0-1_loss", 30, loss_std=0.02)
    both = Decomposition(0.155, 0.130, 0.068, "0-1_loss", 30, loss_std=0.02)
    text = CAPTIONS["decomposition"](_study(decompositions={"none": none, "L2": both}))
    assert "and lowers the expected loss" in text and "pays off" not in text
    assert "not the tutorial's trade of bias for variance, the bias changed by -0.070 and " in text
    assert "the variance by -0.009." in text
    traded = Decomposition(0.17, 0.21, 0.04, "0-1_loss", 30, loss_std=0.005)
    text = CAPTIONS["decomposition"](_study(decompositions={"none": none, "L2": traded}))
    assert "pays off when it removes more variance than it adds bias." in text
