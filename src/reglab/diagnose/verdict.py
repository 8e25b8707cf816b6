"""The bias / variance verdict of the tutorial (sections 1.2 and 1.3).

Reading the error rates, after the tutorial:

- train error low, dev (or test) error high: high variance, the model overfits;
- train error high, and dev error close to it: high bias, the model underfits;
- both low and close: a good model.

Refinements make the reading right where the tutorial's two numbers mislead. The *base
error* (the noise floor no learner beats on new data: the Bayes error, or human error)
turns "train error high" into the *avoidable bias* ``train - base``; a training error far
*below* it means the model learned noise by heart, and a dev error at or below it means the
model is as good as the data allow, whatever the gap to the training error. A *train-dev*
set (held-out examples from the training distribution) separates variance from *data
mismatch*. A model that *diverged* is read as such and nothing else; features on very
different scales are named. Every rule, with an example, is in ``docs/verdict.md``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from reglab._validation import check_in_range, check_int, check_real
from reglab.diagnose._verdict_text import gap_lines, gap_rows, notes, sentences
from reglab.diagnose.scaling import FeatureScales

__all__ = [
    "DIVERGED_REMEDIES",
    "HIGH_BIAS_REMEDIES",
    "HIGH_VARIANCE_REMEDIES",
    "MISMATCH_REMEDIES",
    "STANDARDIZE_REMEDY",
    "Thresholds",
    "Verdict",
    "diagnose",
]

HIGH_BIAS_REMEDIES = (
    "a bigger network: more hidden layers or more units per layer",
    "a better-suited architecture (e.g. an AlexNet-like network for images)",
    "train longer, or with a better optimizer (momentum, Adam)",
    "weaker regularization, if any is on: a smaller lambda, keep_prob closer to 1, early "
    "stopping with more patience (or none)",
)
HIGH_VARIANCE_REMEDIES = (
    "more training data",
    "regularization: L2 (weight decay), dropout, data augmentation, early stopping",
    "a better-suited architecture: a smaller one, or one with built-in invariances",
)
MISMATCH_REMEDIES = (
    "make the training data more like the dev data: collect similar examples, or synthesize "
    "them, e.g. by data augmentation",
    "look at dev errors by hand to learn how the dev data differ from the training data",
)
DIVERGED_REMEDIES = (
    "a lower learning rate: divide it by 10 until the cost falls from its start",
    "inputs on a unit scale: standardize the features (and a regression's targets)",
)
STANDARDIZE_REMEDY = (
    "standardize the features (subtract the training rows' mean, divide by their standard "
    "deviation) and read the verdict again: the tutorial's networks assume inputs of unit scale"
)
DEV_OVERFIT_REMEDY = "a bigger dev set: the choice of model has overfit the dev set"
TOLERANCE = 1e-9


@dataclass(frozen=True)
class Thresholds:
    """How large a gap, in error-rate units, counts as a problem (0.05 = 5 percentage points).

    A gap is a problem when it is larger than its threshold (by more than ``TOLERANCE``, so
    that a gap equal to the threshold up to rounding is not). The defaults of 5 points are
    about what a dev set of a few hundred examples can resolve: at an error rate of 10% on
    300 examples the standard error is 1.7 points. Lower them for large dev sets or when a
    single point matters.

    Parameters
    ----------
    bias : float in [0, 1], default 0.05
        Largest acceptable avoidable bias, ``train_error - base_error``; a training error
        more than this below the base error counts as memorization.
    variance : float in [0, 1], default 0.05
        Largest acceptable variance, ``(train_dev_error or dev_error) - train_error``; also
        the largest acceptable ``test_error - dev_error``.
    mismatch : float in [0, 1], default 0.05
        Largest acceptable data mismatch, ``dev_error - train_dev_error``.
    """

    bias: float = 0.05
    variance: float = 0.05
    mismatch: float = 0.05

    def __post_init__(self):
        for name in ("bias", "variance", "mismatch"):
            check_in_range(name, check_real(name, getattr(self, name)), 0, 1)


@dataclass(frozen=True)
class Verdict:
    """The diagnosis of a model from its error rates; see :func:`diagnose`.

    Attributes
    ----------
    kind : str
        ``"good"``, or the problems found joined in the order diverged, high bias, high
        variance, data mismatch: ``"diverged"``, ``"high bias"``, ``"high variance"``,
        ``"high bias and high variance"``, ``"data mismatch"``, ...
    avoidable_bias : float
        ``train_error - base_error`` (negative when the model learned noise by heart).
    variance : float
        ``train_dev_error - train_error``, or ``dev_error - train_error`` without train-dev.
    mismatch : float or None
        ``dev_error - train_dev_error``; None without a train-dev error.
    remedies : tuple of str
        What to try, the divergence first, then the bias (the tutorial: fix it, then the
        variance); empty for a good model.
    explanation : str
        The reasoning in sentences.
    problems : tuple of str
        The problems that make up ``kind``.
    errors : dict
        The error rates given, by name (``"base"``, ``"train"``, ``"train-dev"``, ``"dev"``,
        ``"test"``); None where not given.
    thresholds : Thresholds
    at_floor : bool
        The dev error is at or below a known base error: as good as the data allow.
    memorized : bool
        The training error is more than ``thresholds.bias`` below the base error.
    diverged, n_models : int
        How many of the models read diverged (their errors are not in ``errors``).
    feature_scales : FeatureScales or None
    """

    kind: str
    avoidable_bias: float
    variance: float
    mismatch: float | None
    remedies: tuple[str, ...]
    explanation: str
    problems: tuple[str, ...] = ()
    errors: dict = field(default_factory=dict)
    thresholds: Thresholds = field(default_factory=Thresholds)
    at_floor: bool = False
    memorized: bool = False
    diverged: int = 0
    n_models: int = 1
    feature_scales: FeatureScales | None = None

    def __repr__(self) -> str:
        mismatch = "None" if self.mismatch is None else f"{self.mismatch:.4g}"
        return (
            f"Verdict(kind={self.kind!r}, avoidable_bias={self.avoidable_bias:.4g}, "
            f"variance={self.variance:.4g}, mismatch={mismatch})"
        )

    def _repr_html_(self) -> str:
        from reglab._rich import verdict_html

        return verdict_html(self, gap_rows(self))

    def __str__(self) -> str:
        given = ", ".join(
            f"{name} {100 * e:.2f}%" for name, e in self.errors.items() if e is not None
        )
        lines = [f"Verdict: {self.kind}", f"  errors: {given}"]
        if self.diverged < self.n_models:
            lines += gap_lines(self)
        lines += ["", self.explanation]
        if self.remedies:
            lines += ["", "Remedies:"] + [f"  - {remedy}" for remedy in self.remedies]
        return "\n".join(lines)


def exceeds(gap: float | None, threshold: float) -> bool:
    """``gap > threshold`` by more than ``TOLERANCE``; False for a gap not measured."""
    return gap is not None and gap > threshold + TOLERANCE


def _check_error(name: str, value) -> float | None:
    if value is None:
        return None
    return float(check_in_range(name, check_real(name, value), 0, 1))


def _join(words: tuple[str, ...]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _standard_error(error: float, n: int) -> float:
    """Standard error of an error rate ``error`` measured on ``n`` independent examples."""
    return math.sqrt(error * (1 - error) / n)


def diagnose(
    train_error: float,
    dev_error: float,
    *,
    test_error: float | None = None,
    base_error: float = 0.0,
    train_dev_error: float | None = None,
    thresholds: Thresholds | None = None,
    n_dev: int | None = None,
    n_test: int | None = None,
    diverged: int = 0,
    n_models: int = 1,
    feature_scales: FeatureScales | None = None,
    regularization: tuple[str, ...] | None = None,
    still_learning: str | None = None,
) -> Verdict:
    """Diagnose divergence, high bias, high variance and data mismatch from error rates.

    The rules, each with an example, are the table of ``docs/verdict.md``.

    Parameters
    ----------
    train_error, dev_error : float in [0, 1]
        Error rates (e.g. ``1 - accuracy``) on the training and dev sets; with several
        models, the means over those that did not diverge.
    test_error : float in [0, 1], optional
        When it exceeds ``dev_error`` by more than ``thresholds.variance`` (and, with
        ``n_dev`` and ``n_test``, by more than two standard errors of the difference), the
        verdict notes that the dev set has been overfit and adds the remedy of a bigger
        dev set.
    base_error : float in [0, 1], default 0.0
        The error no model can beat on new data: the Bayes error where it can be computed,
        otherwise an estimate such as human-level error; 0 when unknown. A dev error at or
        below it is as good as the data allow; a training error far below it is noise
        learned by heart.
    train_dev_error : float in [0, 1], optional
        Error on held-out examples from the training distribution. When given, variance is
        measured on it and ``dev_error - train_dev_error`` is the data mismatch.
    thresholds : Thresholds, optional
        The largest acceptable gaps; ``Thresholds()`` (5 points each) by default.
    n_dev, n_test : int, optional
        The number of dev and test examples behind ``dev_error`` and ``test_error``. With
        both, a test error above the dev error counts only when the gap is larger than the
        noise of two finite samples (on 100 examples each, error rates near 15% differ by
        up to 10 points, two standard errors, by chance alone), and the distance of the dev
        error from the base error is weighed against the dev set's noise.
    diverged : int, default 0
        How many of the ``n_models`` models read diverged (see
        :class:`~reglab.train.callbacks.NaNGuard`). All of them: the verdict is
        ``"diverged"`` and the error rates are not read. Some: ``"diverged"`` leads the
        problems, and the error rates are those of the others.
    n_models : int, default 1
    feature_scales : FeatureScales, optional
        The training features' magnitudes (:func:`~reglab.diagnose.scaling.feature_scales`);
        when they are unscaled, the verdict says so and puts standardizing first.
    regularization : tuple of str, optional
        The regularization the models trained with, as the caller names it (``("--l2 100",
        "--keep-prob 0.1")``; ``()`` for none). On high bias, weakening what is named comes
        first; with ``()`` it is not offered. Unknown (None): offered last, "if any is on".
    still_learning : str, optional
        Given when the training loss was still falling as training ended, saying by how
        much (``"the training loss fell 12% over the last 30 of 300 epochs"``): on high
        bias, training longer comes first, with these words.

    Returns
    -------
    Verdict

    Examples
    --------
    >>> diagnose(0.01, 0.11).kind
    'high variance'
    >>> diagnose(0.15, 0.16).kind
    'high bias'
    >>> diagnose(0.15, 0.30).kind
    'high bias and high variance'
    >>> diagnose(0.03, 0.0875, base_error=0.1139).kind  # dev error below the Bayes error
    'good'
    """
    thresholds = Thresholds() if thresholds is None else thresholds
    if not isinstance(thresholds, Thresholds):
        raise TypeError(f"thresholds must be a Thresholds, got {type(thresholds).__name__}")
    if feature_scales is not None and not isinstance(feature_scales, FeatureScales):
        raise TypeError(
            f"feature_scales must be a FeatureScales, got {type(feature_scales).__name__}"
        )
    errors = {
        "base": _check_error("base_error", base_error),
        "train": _check_error("train_error", train_error),
        "train-dev": _check_error("train_dev_error", train_dev_error),
        "dev": _check_error("dev_error", dev_error),
        "test": _check_error("test_error", test_error),
    }
    if (n_dev is None) != (n_test is None):
        raise ValueError(
            f"n_dev and n_test must be given together, got n_dev={n_dev} and n_test={n_test}"
        )
    sizes = None
    if n_dev is not None:
        sizes = (check_int("n_dev", n_dev, minimum=1), check_int("n_test", n_test, minimum=1))
    if regularization is not None and not (
        isinstance(regularization, tuple) and all(isinstance(r, str) for r in regularization)
    ):
        raise TypeError(
            f"regularization must be a tuple of str, got {type(regularization).__name__}"
        )
    if still_learning is not None and not isinstance(still_learning, str):
        raise TypeError(f"still_learning must be a str, got {type(still_learning).__name__}")
    n_models = check_int("n_models", n_models, minimum=1)
    diverged = check_int("diverged", diverged, minimum=0)
    if diverged > n_models:
        raise ValueError(f"diverged must be <= n_models={n_models}, got {diverged}")
    bias_remedies = _bias_remedies(regularization, still_learning)
    return _verdict(errors, thresholds, sizes, diverged, n_models, feature_scales, bias_remedies)


def _readings(errors: dict, t: Thresholds, sizes) -> dict:
    """Every gap and every yes/no reading the rules of docs/verdict.md are made of."""
    base, train, dev, train_dev, test = (
        errors[k] for k in ("base", "train", "dev", "train-dev", "test")
    )
    held_out = dev if train_dev is None else train_dev
    r = {
        "bias": train - base,
        "variance": held_out - train,
        "mismatch": None if train_dev is None else dev - train_dev,
        "test": None if test is None else test - dev,
        "floor": dev - base,
        "held_out": "dev" if train_dev is None else "train-dev",
        "n_dev": None if sizes is None else sizes[0],
    }
    # the dev error at or below a known floor: nothing left to win, whatever the other gaps
    r["at_floor"] = base > 0 and dev <= base + TOLERANCE
    # noise of the dev set around the floor: two standard errors of an error rate at it
    r["floor_noise"] = None if sizes is None else 2 * _standard_error(base, sizes[0])
    # without a floor, the noise of the dev error itself: two standard errors of it
    r["dev_noise"] = None if sizes is None else 2 * _standard_error(dev, sizes[0])
    # a dev error far below the floor (beyond its noise, or the variance threshold without
    # the set sizes): the dev set is easy, or the base error given is not a floor
    far = r["floor_noise"] if r["floor_noise"] is not None else t.variance
    r["below_floor"] = base > 0 and exceeds(-r["floor"], far)
    r["memorized"] = exceeds(base - train, t.bias) and not r["below_floor"]
    r["high_bias"] = exceeds(r["bias"], t.bias) and not r["at_floor"]
    r["high_variance"] = (
        exceeds(r["variance"], t.variance) and held_out > base + TOLERANCE and not r["at_floor"]
    )
    r["mismatch_high"] = exceeds(r["mismatch"], t.mismatch) and not r["at_floor"]
    # the dev set counts as overfit when the test error exceeds the dev error by more than
    # the variance threshold and, with the set sizes known, by more than the sampling noise
    r["test_noise"] = None
    if test is not None and sizes is not None:
        r["test_noise"] = 2 * math.sqrt(
            _standard_error(dev, sizes[0]) ** 2 + _standard_error(test, sizes[1]) ** 2
        )
    r["dev_overfit"] = exceeds(r["test"], t.variance) and (
        r["test_noise"] is None or r["test"] > r["test_noise"]
    )
    return r


def _bias_remedies(
    regularization: tuple[str, ...] | None, still_learning: str | None
) -> tuple[str, ...]:
    """High bias's remedies, what the run is known to lack first: more epochs (the training
    loss still falling), then weaker regularization (some on); unknown: the tutorial's order."""
    bigger, architecture, longer, weaker = HIGH_BIAS_REMEDIES
    first, rest = [], [bigger, architecture]
    if still_learning is None:
        rest.append(longer)
    else:
        first.append(f"train longer: {still_learning}; or with a better optimizer (momentum, Adam)")
    if regularization is None:
        rest.append(weaker)
    elif regularization:
        on = f"{_join(regularization)} {'are' if len(regularization) > 1 else 'is'} on"
        first.append(
            weaker.replace("weaker regularization, if any is on", f"weaker regularization: {on}")
        )
    return tuple(first + rest)


def _verdict(errors, t, sizes, diverged, n_models, scales, bias_remedies) -> Verdict:
    r = _readings(errors, t, sizes)
    unscaled = scales is not None and scales.unscaled
    if diverged == n_models:
        problems, remedies = ("diverged",), DIVERGED_REMEDIES
    else:
        checks = (
            ("diverged", diverged > 0, DIVERGED_REMEDIES),
            ("high bias", r["high_bias"], bias_remedies),
            ("high variance", r["high_variance"], HIGH_VARIANCE_REMEDIES),
            ("data mismatch", r["mismatch_high"], MISMATCH_REMEDIES),
        )
        problems = tuple(name for name, found, _ in checks if found)
        remedies = tuple(cure for _, found, cures in checks if found for cure in cures)
        if r["dev_overfit"]:
            remedies += (DEV_OVERFIT_REMEDY,)
    if unscaled:  # standardizing comes first, whatever else is wrong or right
        remedies = (STANDARDIZE_REMEDY,) + tuple(
            cure for cure in remedies if cure != DIVERGED_REMEDIES[1]
        )
    said = sentences(errors, r, t, diverged, n_models)
    said += notes(errors, r, t, problems, diverged, n_models, scales)
    return Verdict(
        kind=_join(problems) if problems else "good",
        avoidable_bias=r["bias"],
        variance=r["variance"],
        mismatch=r["mismatch"],
        remedies=remedies,
        explanation=" ".join(said),
        problems=problems,
        errors=errors,
        thresholds=t,
        at_floor=r["at_floor"],
        memorized=r["memorized"],
        diverged=diverged,
        n_models=n_models,
        feature_scales=scales,
    )
