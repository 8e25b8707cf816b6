"""The bias / variance verdict of the tutorial (sections 1.2 and 1.3).

Reading the error rates, after the tutorial:

- train error low, dev (or test) error high: high variance, the model overfits;
- train error high, and dev error close to it: high bias, the model underfits;
- both low and close: a good model.

Two refinements make the reading sharper. The *base error* (the noise floor that no learner
beats, e.g. human error) turns "train error high" into the *avoidable bias*
``train - base``. A *train-dev* set (held-out examples from the training distribution)
separates variance ``train_dev - train`` from *data mismatch* ``dev - train_dev``, the gap
that appears when the dev data differ from the training data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from reglab._validation import check_in_range, check_int, check_real

__all__ = [
    "HIGH_BIAS_REMEDIES",
    "HIGH_VARIANCE_REMEDIES",
    "MISMATCH_REMEDIES",
    "Thresholds",
    "Verdict",
    "diagnose",
]

HIGH_BIAS_REMEDIES = (
    "a bigger network: more hidden layers or more units per layer",
    "a better-suited architecture (e.g. an AlexNet-like network for images)",
    "train longer, or with a better optimizer (momentum, Adam)",
    "weaker regularization, if any is on: a smaller lambda, keep_prob closer to 1",
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
        Largest acceptable avoidable bias, ``train_error - base_error``.
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
        ``"good"``, or the problems found joined in the order high bias, high variance,
        data mismatch: ``"high bias"``, ``"high variance"``, ``"high bias and high
        variance"``, ``"data mismatch"``, ``"high variance and data mismatch"``, ...
    avoidable_bias : float
        ``train_error - base_error``.
    variance : float
        ``train_dev_error - train_error``, or ``dev_error - train_error`` without train-dev.
    mismatch : float or None
        ``dev_error - train_dev_error``; None without a train-dev error.
    remedies : tuple of str
        What to try, for the bias first (the tutorial: fix it, then the variance); empty
        for a good model.
    explanation : str
        The reasoning in sentences.
    problems : tuple of str
        The problems that make up ``kind``.
    errors : dict
        The error rates given, by name (``"base"``, ``"train"``, ``"train-dev"``, ``"dev"``,
        ``"test"``); None where not given.
    thresholds : Thresholds
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

    def __repr__(self) -> str:
        mismatch = "None" if self.mismatch is None else f"{self.mismatch:.4g}"
        return (
            f"Verdict(kind={self.kind!r}, avoidable_bias={self.avoidable_bias:.4g}, "
            f"variance={self.variance:.4g}, mismatch={mismatch})"
        )

    def _repr_html_(self) -> str:
        from reglab._rich import verdict_html

        return verdict_html(self)

    def __str__(self) -> str:
        given = ", ".join(f"{name} {_pct(e)}" for name, e in self.errors.items() if e is not None)
        variance_from = "train-dev" if self.mismatch is not None else "dev"
        rows = [
            ("avoidable bias", "train - base", self.avoidable_bias, self.thresholds.bias),
            ("variance", f"{variance_from} - train", self.variance, self.thresholds.variance),
            ("data mismatch", "dev - train-dev", self.mismatch, self.thresholds.mismatch),
        ]
        lines = [f"Verdict: {self.kind}", f"  errors: {given}"]
        lines += [_gap_line(*row) for row in rows]
        lines += ["", self.explanation]
        if self.remedies:
            lines += ["", "Remedies:"] + [f"  - {remedy}" for remedy in self.remedies]
        return "\n".join(lines)


def _pct(value: float) -> str:
    return f"{100 * value:.2f}%"


def _gap_line(name: str, formula: str, gap: float | None, threshold: float) -> str:
    if gap is None:
        return f"  {name:<15} {formula:<18} not measured (no train-dev error)"
    flag = "HIGH" if _exceeds(gap, threshold) else "ok"
    return f"  {name:<15} {formula:<18} {100 * gap:+7.2f}%  (threshold {_pct(threshold)})  {flag}"


def _exceeds(gap: float | None, threshold: float) -> bool:
    return gap is not None and gap > threshold + TOLERANCE


def _check_error(name: str, value) -> float | None:
    if value is None:
        return None
    return float(check_in_range(name, check_real(name, value), 0, 1))


def _join(words: tuple[str, ...]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _gap_sentence(subject: str, gap: float, threshold: float, high: str, low: str) -> str:
    side = "below" if gap < 0 else "above"
    if _exceeds(gap, threshold):
        return f"{subject} {_pct(gap)} {side} {{}}, more than {_pct(threshold)}: {high}"
    return f"{subject} {_pct(abs(gap))} {side} {{}}, within {_pct(threshold)}: {low}"


def _sentences(errors: dict, gaps: dict, t: Thresholds) -> list[str]:
    """One sentence per gap, saying what it means."""
    held_out = "dev" if gaps["mismatch"] is None else "train-dev"
    said = [
        _gap_sentence(
            f"Training error {_pct(errors['train'])} is",
            gaps["bias"],
            t.bias,
            "the model underfits (high bias).",
            "the model fits the training data.",
        ).format(f"the base error {_pct(errors['base'])}"),
        _gap_sentence(
            f"The {held_out} error {_pct(errors[held_out])} is",
            gaps["variance"],
            t.variance,
            "the model overfits (high variance).",
            "the model generalises.",
        ).format("the training error"),
    ]
    if gaps["mismatch"] is not None:
        said.append(
            _gap_sentence(
                f"The dev error {_pct(errors['dev'])} is",
                gaps["mismatch"],
                t.mismatch,
                "the dev data differ from the training data (data mismatch).",
                "dev and training data look alike.",
            ).format("the train-dev error")
        )
    return said


def _notes(
    gaps: dict, problems: tuple[str, ...], t: Thresholds, dev_overfit: bool, test_se: float | None
) -> list[str]:
    """Remarks on gaps that run the wrong way, on the test error and on what to fix first."""
    notes = []
    if gaps["bias"] < -t.bias:
        notes.append("Training error is well below base_error: the base error may be too high.")
    if gaps["variance"] < -t.variance:
        notes.append(
            "The held-out error is well below the training error: the held-out set may be "
            "small or easy, or dropout was on while the training error was measured."
        )
    if dev_overfit:
        notes.append(
            f"The test error is {_pct(gaps['test'])} above the dev error: the choice of "
            "model has overfit the dev set."
        )
    elif _exceeds(gaps["test"], t.variance):
        notes.append(
            f"The test error is {_pct(gaps['test'])} above the dev error, but within two "
            f"standard errors ({_pct(2 * test_se)}) of the difference between "
            "sets of this size: not evidence that the dev set has been overfit."
        )
    if not problems:
        notes.append("Bias and variance are both low: a good model.")
    if {"high bias", "high variance"} <= set(problems):
        notes.append("Fix the bias first, then the variance; iterate until both are low.")
    return notes


def _difference_standard_error(dev: float, test: float, n_dev: int, n_test: int) -> float:
    """Standard error of ``test - dev`` for error rates measured on two independent sets."""
    return math.sqrt(dev * (1 - dev) / n_dev + test * (1 - test) / n_test)


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
) -> Verdict:
    """Diagnose high bias, high variance and data mismatch from error rates in [0, 1].

    Parameters
    ----------
    train_error, dev_error : float in [0, 1]
        Error rates (e.g. ``1 - accuracy``) on the training and dev sets.
    test_error : float in [0, 1], optional
        When it exceeds ``dev_error`` by more than ``thresholds.variance`` (and, with
        ``n_dev`` and ``n_test``, by more than two standard errors of the difference), the
        verdict notes that the dev set has been overfit and adds the remedy of a bigger
        dev set.
    base_error : float in [0, 1], default 0.0
        The error no model can beat (noise, human-level error).
    train_dev_error : float in [0, 1], optional
        Error on held-out examples from the training distribution. When given, variance is
        measured on it and ``dev_error - train_dev_error`` is the data mismatch.
    thresholds : Thresholds, optional
        The largest acceptable gaps; ``Thresholds()`` (5 points each) by default.
    n_dev, n_test : int, optional
        The number of dev and test examples behind ``dev_error`` and ``test_error``. With
        both, a test error above the dev error counts only when the gap is larger than the
        noise of two finite samples: on 100 examples each, error rates near 15% differ by
        up to 10 points (two standard errors) by chance alone.

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
    """
    thresholds = Thresholds() if thresholds is None else thresholds
    if not isinstance(thresholds, Thresholds):
        raise TypeError(f"thresholds must be a Thresholds, got {type(thresholds).__name__}")
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
    return _verdict(errors, thresholds, sizes)


def _verdict(errors: dict, t: Thresholds, sizes: tuple[int, int] | None = None) -> Verdict:
    train, dev, train_dev, test = (errors[k] for k in ("train", "dev", "train-dev", "test"))
    gaps = {
        "bias": train - errors["base"],
        "variance": (dev if train_dev is None else train_dev) - train,
        "mismatch": None if train_dev is None else dev - train_dev,
        "test": None if test is None else test - dev,
    }
    # the dev set counts as overfit when the test error exceeds the dev error by more than
    # the variance threshold and, with the set sizes known, by more than the sampling noise
    test_se = None
    if test is not None and sizes is not None:
        test_se = _difference_standard_error(dev, test, *sizes)
    dev_overfit = _exceeds(gaps["test"], t.variance) and (
        test_se is None or gaps["test"] > 2 * test_se
    )
    checks = (
        ("high bias", gaps["bias"], t.bias, HIGH_BIAS_REMEDIES),
        ("high variance", gaps["variance"], t.variance, HIGH_VARIANCE_REMEDIES),
        ("data mismatch", gaps["mismatch"], t.mismatch, MISMATCH_REMEDIES),
    )
    found = [(name, cures) for name, gap, limit, cures in checks if _exceeds(gap, limit)]
    problems = tuple(name for name, _ in found)
    remedies = tuple(cure for _, cures in found for cure in cures)
    if dev_overfit:
        remedies += (DEV_OVERFIT_REMEDY,)
    notes = _notes(gaps, problems, t, dev_overfit, test_se)
    explanation = " ".join(_sentences(errors, gaps, t) + notes)
    return Verdict(
        kind=_join(problems) if problems else "good",
        avoidable_bias=gaps["bias"],
        variance=gaps["variance"],
        mismatch=gaps["mismatch"],
        remedies=remedies,
        explanation=explanation,
        problems=problems,
        errors=errors,
        thresholds=t,
    )
