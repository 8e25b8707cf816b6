"""Tests of reglab.diagnose.verdict: the bias / variance verdict of the tutorial (1.2, 1.3)."""

import re

import pytest

from reglab.diagnose.verdict import (
    HIGH_BIAS_REMEDIES,
    HIGH_VARIANCE_REMEDIES,
    MISMATCH_REMEDIES,
    Thresholds,
    Verdict,
    diagnose,
)


@pytest.mark.parametrize(
    "train, dev, kind",
    [
        (0.01, 0.11, "high variance"),  # train low, dev high: overfitting
        (0.15, 0.16, "high bias"),  # both high and close: underfitting
        (0.15, 0.30, "high bias and high variance"),
        (0.005, 0.01, "good"),  # both low and close
    ],
)
def test_the_tutorials_three_readings(train, dev, kind):
    assert diagnose(train, dev).kind == kind


def test_gaps_and_remedies():
    verdict = diagnose(0.15, 0.30, base_error=0.05)
    assert verdict.avoidable_bias == pytest.approx(0.10)
    assert verdict.variance == pytest.approx(0.15)
    assert verdict.mismatch is None
    assert verdict.remedies == HIGH_BIAS_REMEDIES + HIGH_VARIANCE_REMEDIES
    assert verdict.problems == ("high bias", "high variance")
    assert "Fix the bias first" in verdict.explanation
    assert diagnose(0.01, 0.02).remedies == ()


def test_remedies_name_the_tutorials_cures():
    variance = " ".join(diagnose(0.0, 0.2).remedies)
    for cure in ("more training data", "L2", "dropout", "data augmentation", "early stopping"):
        assert cure in variance
    bias = " ".join(diagnose(0.2, 0.2).remedies)
    for cure in ("more hidden layers", "architecture", "train longer", "optimizer"):
        assert cure in bias


def test_base_error_turns_high_error_into_small_avoidable_bias():
    verdict = diagnose(0.15, 0.16, base_error=0.14)
    assert verdict.kind == "good"
    assert verdict.avoidable_bias == pytest.approx(0.01)


def test_train_dev_error_separates_variance_from_mismatch():
    mismatch = diagnose(0.01, 0.20, train_dev_error=0.02)
    assert mismatch.kind == "data mismatch"
    assert mismatch.variance == pytest.approx(0.01)
    assert mismatch.mismatch == pytest.approx(0.18)
    assert mismatch.remedies == MISMATCH_REMEDIES
    both = diagnose(0.01, 0.20, train_dev_error=0.10)
    assert both.kind == "high variance and data mismatch"
    every = diagnose(0.20, 0.40, train_dev_error=0.30)
    assert every.kind == "high bias, high variance and data mismatch"
    assert diagnose(0.01, 0.02, train_dev_error=0.015).kind == "good"


@pytest.mark.parametrize(
    "train, dev, base, kind",
    [
        (0.10, 0.15, 0.10, "good"),  # variance exactly 5 points, up to rounding
        (0.20, 0.25, 0.20, "good"),
        (0.10, 0.151, 0.10, "high variance"),  # just above
        (0.15, 0.15, 0.10, "good"),  # avoidable bias exactly 5 points
        (0.151, 0.151, 0.10, "high bias"),
        (0.0, 0.05, 0.0, "good"),
        (0.0, 0.0501, 0.0, "high variance"),
    ],
)
def test_threshold_boundaries(train, dev, base, kind):
    assert diagnose(train, dev, base_error=base).kind == kind


def test_mismatch_boundary():
    assert diagnose(0.1, 0.2, train_dev_error=0.15, base_error=0.1).kind == "good"
    assert diagnose(0.1, 0.201, train_dev_error=0.15, base_error=0.1).kind == "data mismatch"


def test_custom_thresholds():
    strict = Thresholds(bias=0.01, variance=0.01, mismatch=0.01)
    assert diagnose(0.03, 0.05, thresholds=strict).kind == "high bias and high variance"
    lenient = Thresholds(bias=0.2, variance=0.2)
    assert diagnose(0.15, 0.30, thresholds=lenient).kind == "good"
    assert Thresholds() == Thresholds(0.05, 0.05, 0.05)


def test_test_error_overfitting_the_dev_set():
    verdict = diagnose(0.01, 0.02, test_error=0.10)
    assert verdict.kind == "good"
    assert "overfit the dev set" in verdict.explanation
    assert verdict.remedies[-1].startswith("a bigger dev set")
    assert diagnose(0.01, 0.02, test_error=0.03).remedies == ()


def _breast_cancer_scales():
    from reglab.data.datasets import load_dataset
    from reglab.diagnose.scaling import feature_scales

    return feature_scales(load_dataset("breast_cancer").X)


STUDY_BAYES = 0.1139  # the study's moons, noise 0.35
# Each row of docs/verdict.md, with its example and what the verdict must (and must not) say,
# written out here rather than read back from the code: (rule, arguments, kind, said, unsaid).
RULES = [
    (
        "R1",
        {"train_error": 0.5, "dev_error": 0.5, "diverged": 3, "n_models": 3},
        "diverged",
        "say nothing about bias or variance",
        "bigger network",
    ),
    (
        "R2",
        {"train_error": 0.01, "dev_error": 0.02, "diverged": 1, "n_models": 4},
        "diverged",
        "1 of 4 models diverged",
        "bigger network",
    ),
    (
        "R3",
        {"train_error": 0.03, "dev_error": 0.0875, "base_error": STUDY_BAYES},
        "good",
        "as good as the data allow",
        "regularization",
    ),
    ("R4", {"train_error": 0.15, "dev_error": 0.16}, "high bias", "underfits", None),
    (
        "R5",
        {"train_error": 0.0, "dev_error": 0.1375, "base_error": STUDY_BAYES},
        "high variance",
        "by heart (memorization)",
        "too high",
    ),
    (
        "R6",
        {"train_error": 0.0, "dev_error": 0.1375, "base_error": STUDY_BAYES},
        "high variance",
        "2.36% lies above the floor",
        None,
    ),
    (
        "R7",
        {"train_error": 0.0, "train_dev_error": 0.10, "dev_error": 0.20, "base_error": STUDY_BAYES},
        "data mismatch",
        "not variance to fix",
        None,
    ),
    (
        "R8",
        {"train_error": 0.01, "dev_error": 0.02, "base_error": 0.2},
        "good",
        "not a true floor",
        "by heart",
    ),
    (
        "R9",
        {
            "train_error": 0.0,
            "dev_error": 0.1375,
            "base_error": STUDY_BAYES,
            "test_error": 0.2025,
            "n_dev": 100,
            "n_test": 100,
        },
        "high variance",
        "within that noise",
        None,
    ),
    (
        "R10",
        {"train_error": 0.01, "train_dev_error": 0.02, "dev_error": 0.20},
        "data mismatch",
        "differ from the training data",
        None,
    ),
    (
        "R11",
        {"train_error": 0.01, "dev_error": 0.02, "test_error": 0.10},
        "good",
        "overfit the dev set",
        None,
    ),
    (
        "R12",
        {"train_error": 0.0, "dev_error": 0.137, "test_error": 0.203, "n_dev": 100, "n_test": 100},
        "high variance",
        "within two standard errors (10.58%)",
        "overfit the dev set.",
    ),
    (
        "R13",
        {"train_error": 0.3, "dev_error": 0.1},
        "high bias",
        "well below the training error",
        None,
    ),
    (
        "R14",
        {"train_error": 0.09, "dev_error": 0.09, "feature_scales": "breast cancer"},
        "high bias",
        "not on one scale",
        None,
    ),
    (
        "R15",
        {"train_error": 0.15, "dev_error": 0.30},
        "high bias and high variance",
        "Fix the bias first",
        None,
    ),
    ("R16", {"train_error": 0.005, "dev_error": 0.01}, "good", "a good model", None),
]


@pytest.mark.parametrize("rule, arguments, kind, said, unsaid", RULES, ids=[r[0] for r in RULES])
def test_every_rule_of_the_table(rule, arguments, kind, said, unsaid):
    arguments = dict(arguments)
    if arguments.get("feature_scales") == "breast cancer":
        arguments["feature_scales"] = _breast_cancer_scales()
    verdict = diagnose(**arguments)
    text = verdict.explanation + " " + " ".join(verdict.remedies)
    assert verdict.kind == kind
    assert said in text
    if unsaid is not None:
        assert unsaid not in text


def test_the_table_in_the_docs_lists_exactly_the_tested_rules():
    from pathlib import Path

    docs = (Path(__file__).parents[1] / "docs" / "verdict.md").read_text(encoding="utf-8")
    documented = [
        line.split("|")[1].strip() for line in docs.splitlines() if line.startswith("| R")
    ]
    assert documented == [rule for rule, *_ in RULES]


def test_diverged_remedies_come_first_and_standardizing_leads_when_unscaled():
    some = diagnose(0.0, 0.3, diverged=1, n_models=3)
    assert some.kind == "diverged and high variance"
    assert some.remedies[0].startswith("a lower learning rate")
    unscaled = diagnose(0.5, 0.5, diverged=1, feature_scales=_breast_cancer_scales())
    assert unscaled.remedies[0].startswith("standardize the features")
    assert unscaled.remedies[1].startswith("a lower learning rate")
    assert len(unscaled.remedies) == 2  # the diverged list's own "standardize" is not repeated
    assert "Verdict: diverged" in str(unscaled) and "avoidable bias" not in str(unscaled)


def test_unscaled_features_on_a_good_model_still_get_the_standardize_remedy():
    verdict = diagnose(0.01, 0.02, feature_scales=_breast_cancer_scales())
    assert verdict.kind == "good" and len(verdict.remedies) == 1
    assert verdict.remedies[0].startswith("standardize the features")
    assert "a ratio of 1.43e+05" in verdict.explanation


def test_the_floor_shows_in_the_gap_lines():
    text = str(diagnose(0.03, 0.0875, base_error=STUDY_BAYES))
    assert "dev - base" in text and "-2.64%  at the floor" in text
    assert "+5.75%  (threshold 5.00%)  ok" in text  # the gap is there, and not a problem


@pytest.mark.parametrize(
    "arguments, message",
    [
        ({"diverged": 2}, "diverged must be <= n_models=1, got 2"),
        ({"diverged": -1}, "diverged must be >= 0, got -1"),
        ({"n_models": 0}, "n_models must be >= 1, got 0"),
    ],
)
def test_divergence_counts_are_checked(arguments, message):
    with pytest.raises(ValueError, match=message):
        diagnose(0.1, 0.2, **arguments)


def test_feature_scales_must_be_measured():
    with pytest.raises(TypeError, match="feature_scales must be a FeatureScales, got float"):
        diagnose(0.1, 0.2, feature_scales=100.0)


def test_report_shows_the_gaps():
    text = str(diagnose(0.01, 0.11))
    assert text.splitlines()[0] == "Verdict: high variance"
    assert "errors: base 0.00%, train 1.00%, dev 11.00%" in text
    assert "dev - train" in text and "+10.00%" in text and "HIGH" in text
    assert "not measured (no train-dev error)" in text
    assert "  - more training data" in text
    with_mismatch = str(diagnose(0.01, 0.20, train_dev_error=0.02))
    assert "train-dev - train" in with_mismatch and "+18.00%" in with_mismatch


def test_repr():
    assert repr(diagnose(0.15, 0.16)) == (
        "Verdict(kind='high bias', avoidable_bias=0.15, variance=0.01, mismatch=None)"
    )
    assert isinstance(diagnose(0.1, 0.1), Verdict)


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"train_error": 1.5}, ValueError, r"train_error must be in \[0, 1\], got 1.5"),
        ({"dev_error": -0.1}, ValueError, r"dev_error must be in \[0, 1\], got -0.1"),
        ({"test_error": 2.0}, ValueError, r"test_error must be in \[0, 1\], got 2"),
        ({"base_error": 1.01}, ValueError, r"base_error must be in \[0, 1\], got 1.01"),
        ({"train_dev_error": -1}, ValueError, r"train_dev_error must be in \[0, 1\], got -1"),
        ({"train_error": float("nan")}, ValueError, r"train_error must be in \[0, 1\], got nan"),
        ({"train_error": "0.1"}, TypeError, r"train_error must be a number, got '0.1'"),
        ({"thresholds": {"bias": 0.1}}, TypeError, r"thresholds must be a Thresholds, got dict"),
    ],
)
def test_argument_errors(kwargs, error, message):
    arguments = {"train_error": 0.1, "dev_error": 0.2, **kwargs}
    with pytest.raises(error, match=message):
        diagnose(**arguments)


def test_threshold_errors():
    with pytest.raises(ValueError, match=r"bias must be in \[0, 1\], got -0.01"):
        Thresholds(bias=-0.01)
    with pytest.raises(ValueError, match=r"mismatch must be in \[0, 1\], got 1.5"):
        Thresholds(mismatch=1.5)
    with pytest.raises(TypeError, match=r"variance must be a number, got None"):
        Thresholds(variance=None)


def test_diagnose_training_reads_each_models_last_epoch():
    from reglab.data.datasets import make_moons
    from reglab.diagnose import diagnose_training
    from reglab.nn import mlp
    from reglab.optim import Adam
    from reglab.regularizers import L2
    from reglab.train import fit

    train, dev = (
        make_moons(60, noise=0.35, random_state=0),
        make_moons(200, noise=0.35, random_state=1),
    )
    network = mlp([2, 64, 64, 1], regularizers=L2([0.0, 30.0]), n_models=2, seed=[0, 0])
    trainer = fit(network, train.X, train.y, optimizer=Adam(0.01), epochs=300, dev=(dev.X, dev.y))
    free, heavy = diagnose_training(trainer)
    assert free.kind == "high variance"  # memorizes 60 noisy points
    assert "high bias" in heavy.kind  # lambda = 30 flattens it
    history = trainer.history
    assert free.errors["dev"] == pytest.approx(1 - history["dev_accuracy"][-1, 0])


def test_diagnose_training_needs_a_dev_set():
    from reglab.data.datasets import make_moons
    from reglab.diagnose import diagnose_training
    from reglab.nn import mlp
    from reglab.train import fit

    data = make_moons(40, random_state=0)
    trainer = fit(mlp([2, 4, 1]), data.X, data.y, epochs=2)
    with pytest.raises(ValueError, match=r"trainer must come from fit\(\.\.\., dev="):
        diagnose_training(trainer)


def test_a_test_dev_gap_within_sampling_noise_is_not_called_dev_overfitting():
    # the study's "none" row: dev error 13.7%, test error 20.3%, 100 examples each; two
    # standard errors of the difference are sqrt(.137*.863/100 + .203*.797/100) * 2 = 10.6 points
    noisy = diagnose(0.0, 0.137, test_error=0.203, n_dev=100, n_test=100)
    assert "within two standard errors (10.58%)" in noisy.explanation
    assert "overfit the dev set." not in noisy.explanation
    assert not any(r.startswith("a bigger dev set") for r in noisy.remedies)
    # the same gap on 2,000 examples each is far outside the noise (2 SE = 2.4 points)
    large = diagnose(0.0, 0.137, test_error=0.203, n_dev=2000, n_test=2000)
    assert "the choice of model has overfit the dev set." in large.explanation
    assert large.remedies[-1].startswith("a bigger dev set")


@pytest.mark.parametrize(
    "sizes, message",
    [
        ({"n_dev": 100}, "n_dev and n_test must be given together, got n_dev=100 and n_test=None"),
        ({"n_dev": 0, "n_test": 5}, "n_dev must be"),
    ],
)
def test_set_sizes_are_checked(sizes, message):
    with pytest.raises(ValueError, match=message):
        diagnose(0.1, 0.2, test_error=0.3, **sizes)


def test_diagnose_training_calls_a_diverged_model_diverged():
    from reglab.data.datasets import make_moons
    from reglab.diagnose import diagnose_training
    from reglab.nn import mlp
    from reglab.optim import SGD
    from reglab.train import DivergenceWarning, fit

    train, dev = make_moons(100, random_state=0), make_moons(100, random_state=1)
    network = mlp([2, 16, 1], n_models=2, seed=[0, 0])
    with pytest.warns(DivergenceWarning, match="1 of 2 models diverged"):
        trainer = fit(
            network, train.X, train.y, optimizer=SGD([0.1, 1e6]), epochs=20, dev=(dev.X, dev.y)
        )
    calm, wild = diagnose_training(trainer)
    assert calm.kind != "diverged"
    assert wild.kind == "diverged" and wild.remedies[0].startswith("a lower learning rate")


def test_diagnose_models_reads_the_mean_errors_of_the_models_that_did_not_diverge():
    from reglab.diagnose import diagnose_models

    verdict = diagnose_models(
        [1.0, 0.9, 0.5], [0.9, 0.8, 0.5], [0.85, 0.75, 0.5], diverged=[False, False, True]
    )
    assert verdict.kind == "diverged and high variance"
    assert verdict.diverged == 1 and verdict.n_models == 3
    errors = {k: v for k, v in verdict.errors.items() if v is not None}
    assert errors == pytest.approx({"base": 0.0, "train": 0.05, "dev": 0.15, "test": 0.2})
    # one model: what diagnose says of its errors, sizes and base error passed on
    one = diagnose_models(0.96, 0.9, 0.88, base_error=0.05, n_dev=100, n_test=100)
    alone = diagnose(1 - 0.96, 1 - 0.9, test_error=1 - 0.88, base_error=0.05, n_dev=100, n_test=100)
    assert one.explanation == alone.explanation and one.remedies == alone.remedies


def test_diagnose_models_quotes_the_errors_of_models_that_all_diverged():
    from reglab.diagnose import diagnose_models

    verdict = diagnose_models([0.5, 0.7], [0.5, 0.6], diverged=[True, True])
    assert verdict.kind == "diverged" and verdict.diverged == verdict.n_models == 2
    assert "(train 40.00%, dev 45.00%)" in verdict.explanation


@pytest.mark.parametrize(
    "arguments, message",
    [
        (([], []), "train_accuracy must hold one value per model, got 0"),
        (([1.0, 0.9], [0.9]), "dev_accuracy must hold one value per model (2), got 1"),
        (([1.0], [0.9], [0.8, 0.7]), "test_accuracy must hold one value per model (1), got 2"),
    ],
)
def test_diagnose_models_checks_one_value_per_model(arguments, message):
    from reglab.diagnose import diagnose_models

    with pytest.raises(ValueError, match=re.escape(message)):
        diagnose_models(*arguments)
    with pytest.raises(
        ValueError, match=re.escape("diverged must hold one value per model (1), got 2")
    ):
        diagnose_models([1.0], [0.9], diverged=[True, False])


def test_standardized_features_are_on_one_scale_whatever_their_largest_z():
    import numpy as np

    from reglab.data.standardize import Standardizer
    from reglab.diagnose.scaling import feature_scales

    rng = np.random.default_rng(0)
    X = rng.integers(0, 2, (20_000, 2)).astype(float)
    X[0, 1] = 1000.0
    raw = feature_scales(X)
    assert raw.unscaled and not raw.standardized
    scaled = feature_scales(Standardizer.fit(X).transform(X))
    assert scaled.ratio > 100  # the value seen once lies 141 standard deviations out
    assert scaled.standardized and not scaled.unscaled
    assert "standardize the features" not in " ".join(
        diagnose(0.1, 0.1, feature_scales=scaled).remedies
    )


def test_a_variance_gap_within_a_small_dev_sets_noise_says_so_without_a_base_error():
    # wine's dev set has 36 examples: 3 errors make 8.33%, which varies by 9.21 points (two
    # standard errors); the reading stands (R9), and says it rests on less than its noise
    small = diagnose(0.0, 3 / 36, test_error=3 / 36, n_dev=36, n_test=36)
    assert small.kind == "high variance"
    assert "On 36 dev examples an error rate of 8.33% varies by 9.21%" in small.explanation
    assert "the gap of 8.33% to the training error is within that noise" in small.explanation
    large = diagnose(0.0, 0.0833, test_error=0.0833, n_dev=3600, n_test=3600)
    assert large.kind == "high variance" and "within that noise" not in large.explanation
    assert "within that noise" not in diagnose(0.0, 3 / 36).explanation  # sizes unknown


def test_high_bias_remedies_name_early_stopping_among_the_regularizers_to_weaken():
    # early stopping regularizes too (tutorial 4.1): a model it stopped too soon reads high
    # bias, and the remedy is a longer patience, as it is a smaller lambda for L2
    weaker = next(r for r in HIGH_BIAS_REMEDIES if r.startswith("weaker regularization"))
    assert "lambda" in weaker and "keep_prob" in weaker and "early stopping" in weaker


def test_high_bias_puts_weakening_the_regularization_on_first():
    # reglab train --layers 2 --l2 100 --keep-prob 0.1 trains at chance level; its verdict
    # said "a bigger network" first and "weaker regularization, if any is on" last
    strong = diagnose(0.5, 0.5, regularization=("--l2 100", "--keep-prob 0.1"))
    assert strong.kind == "high bias"
    assert strong.remedies[0] == (
        "weaker regularization: --l2 100 and --keep-prob 0.1 are on: a smaller lambda, "
        "keep_prob closer to 1, early stopping with more patience (or none)"
    )
    assert strong.remedies[1].startswith("a bigger network")
    assert len(strong.remedies) == len(HIGH_BIAS_REMEDIES)
    plain = diagnose(0.5, 0.5, regularization=())  # none on: nothing to weaken
    assert plain.remedies == HIGH_BIAS_REMEDIES[:-1]
    assert diagnose(0.5, 0.5).remedies == HIGH_BIAS_REMEDIES  # not said: as before
    with pytest.raises(TypeError, match="regularization must be a tuple of str, got str"):
        diagnose(0.5, 0.5, regularization="--l2 100")
