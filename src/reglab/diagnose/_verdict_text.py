"""The words of a :class:`~reglab.diagnose.verdict.Verdict`: one sentence per gap, then notes.

Every sentence states a reading that :func:`reglab.diagnose.verdict._readings` made from
the numbers; nothing here decides anything the rules did not.
"""

from __future__ import annotations


def pct(value: float) -> str:
    return f"{100 * value:.2f}%"


def _side(gap: float) -> str:
    return "below" if gap < 0 else "above"


def _bias_sentence(errors: dict, r: dict, t) -> str:
    train, base = errors["train"], errors["base"]
    gap = r["bias"]
    said = f"Training error {pct(train)} is {pct(abs(gap))} {_side(gap)} the base error {pct(base)}"
    if r["memorized"]:
        return (
            f"{said}, more than {pct(t.bias)}: no classifier does better than the base error "
            "on new data, so the model has learned noise of its training examples by heart "
            "(memorization), and there is no avoidable bias."
        )
    if r["below_floor"] and r["bias"] < -t.bias:
        return (
            f"{said}, more than {pct(t.bias)}; with the dev error far below the base error "
            "as well (see below), this is no evidence of memorization: no avoidable bias."
        )
    if r["high_bias"]:
        return f"{said}, more than {pct(t.bias)}: the model underfits (high bias)."
    if r["bias"] > t.bias and r["at_floor"]:
        return (
            f"{said}, more than {pct(t.bias)}, yet the dev error is at the floor: not a bias "
            "to fix (dropout left on while measuring, or a harder training set, raises a "
            "training error)."
        )
    return f"{said}, within {pct(t.bias)}: no avoidable bias, the model fits the training data."


def _variance_sentence(errors: dict, r: dict, t) -> str:
    held_out, gap, base = r["held_out"], r["variance"], errors["base"]
    said = (
        f"The {held_out} error {pct(errors[held_out])} is {pct(abs(gap))} {_side(gap)} the "
        "training error"
    )
    if r["at_floor"]:
        below = abs(r["floor"])
        text = (
            f"The dev error {pct(errors['dev'])} is at or below the base error ({pct(below)} "
            "below): the model is as good as the data allow"
        )
        if r["memorized"]:
            text += ", and the noise it learned by heart costs nothing measurable on new data"
        return text + "."
    if r["high_variance"]:
        text = f"{said}, more than {pct(t.variance)}: the model overfits (high variance)."
        if base > 0 and errors["train"] < base:
            text += (
                f" Of that gap, {pct(base - errors['train'])} is noise learned by heart (the "
                f"training error below the floor) and {pct(errors[held_out] - base)} lies "
                "above the floor: the most that regularization or more data can win back."
            )
        return text
    if gap > t.variance:  # a gap that stays at or below the floor
        return (
            f"{said}, more than {pct(t.variance)}, but the {held_out} error is not above the "
            "base error: the gap is noise learned by heart, not variance to fix."
        )
    return f"{said}, within {pct(t.variance)}: the model generalises."


def _mismatch_sentence(errors: dict, r: dict, t) -> str:
    gap = r["mismatch"]
    said = f"The dev error {pct(errors['dev'])} is {pct(abs(gap))} {_side(gap)} the train-dev error"
    if r["mismatch_high"]:
        return (
            f"{said}, more than {pct(t.mismatch)}: the dev data differ from the training "
            "data (data mismatch)."
        )
    return f"{said}, within {pct(t.mismatch)}: dev and training data look alike."


def sentences(errors: dict, r: dict, t, diverged: int, n_models: int) -> list[str]:
    """One sentence per gap, saying what it means; one sentence for a run that diverged."""
    if diverged == n_models:
        subject = "The model" if n_models == 1 else f"All {n_models} models"
        return [
            f"{subject} diverged: the cost rose far above its start or became infinite, so "
            f"the error rates (train {pct(errors['train'])}, dev {pct(errors['dev'])}) are "
            "those of weights from before the divergence and say nothing about bias or "
            "variance."
        ]
    said = [_bias_sentence(errors, r, t), _variance_sentence(errors, r, t)]
    if r["mismatch"] is not None and not r["at_floor"]:
        said.append(_mismatch_sentence(errors, r, t))
    return said


def _floor_notes(errors: dict, r: dict, t) -> list[str]:
    base, noise, n_dev = errors["base"], r["floor_noise"], r["n_dev"]
    notes = []
    if r["below_floor"]:
        measured = (
            f"more than two standard errors ({pct(noise)}) of a dev set of {n_dev} examples"
            if noise is not None
            else f"more than {pct(t.variance)}"
        )
        notes.append(
            f"The dev error is {pct(-r['floor'])} below the base error, {measured}: no "
            "model's expected error is below the base error, so this dev set is easier than "
            "the data it stands for, or the base error given is not a true floor (an "
            "estimate such as human-level error can lie above the Bayes error)."
        )
    if (r["high_variance"] or r["high_bias"]) and base > 0 and noise is not None:
        if r["floor"] <= noise:
            notes.append(
                f"On {n_dev} dev examples an error rate at the floor varies by "
                f"{pct(noise)} (two standard errors): the dev error's {pct(r['floor'])} "
                "above the floor is within that noise, so a bigger dev set would make this "
                "reading surer."
            )
    dev_noise = r["dev_noise"]
    if r["high_variance"] and base == 0 and r["held_out"] == "dev" and dev_noise is not None:
        if r["variance"] <= dev_noise:
            notes.append(
                f"On {n_dev} dev examples an error rate of {pct(errors['dev'])} varies by "
                f"{pct(dev_noise)} (two standard errors): the gap of {pct(r['variance'])} to "
                "the training error is within that noise, so a bigger dev set would make "
                "this reading surer."
            )
    return notes


def _test_notes(r: dict, t) -> list[str]:
    if r["dev_overfit"]:
        return [
            f"The test error is {pct(r['test'])} above the dev error: the choice of "
            "model has overfit the dev set."
        ]
    if r["test"] is not None and r["test"] > t.variance + 1e-9:
        return [
            f"The test error is {pct(r['test'])} above the dev error, but within two "
            f"standard errors ({pct(r['test_noise'])}) of the difference between "
            "sets of this size: not evidence that the dev set has been overfit."
        ]
    return []


def notes(errors, r, t, problems, diverged, n_models, scales) -> list[str]:
    """Remarks on the floor, the test error, scaling, divergence and what to fix first."""
    said = []
    if 0 < diverged < n_models:
        said.append(
            f"{diverged} of {n_models} models diverged and are left out: the error rates "
            f"are the means of the other {n_models - diverged}."
        )
    if diverged < n_models:
        said += _floor_notes(errors, r, t)
        if r["variance"] < -t.variance:
            said.append(
                "The held-out error is well below the training error: the held-out set may "
                "be small or easy, or dropout was on while the training error was measured."
            )
        said += _test_notes(r, t)
    if scales is not None and scales.unscaled:
        said.append(
            f"The features are {scales.problem}: {scales.describe()}. A large feature "
            "dominates the first layer's products and slows or stalls training, which looks "
            "like high bias."
        )
    if not problems and not r["at_floor"]:
        said.append("Bias and variance are both low: a good model.")
    if {"high bias", "high variance"} <= set(problems):
        said.append("Fix the bias first, then the variance; iterate until both are low.")
    return said


def gap_rows(verdict) -> list[tuple]:
    """The gaps the verdict read: ``(name, formula, gap, threshold, flag)`` each.

    ``gap`` is None for a gap not measured (no train-dev error), ``threshold`` None for the
    distance to the floor, which has none; ``flag`` is ``"HIGH"`` when the verdict counts
    the gap a problem, else ``"ok"`` (for the floor: ``"at the floor"`` or ``"above the
    floor"``). The text (:func:`gap_lines`) and the HTML of a verdict both show these rows.
    """
    t, problems = verdict.thresholds, verdict.problems
    variance_from = "train-dev" if verdict.mismatch is not None else "dev"
    gaps = (
        ("avoidable bias", "train - base", verdict.avoidable_bias, t.bias, "high bias"),
        ("variance", f"{variance_from} - train", verdict.variance, t.variance, "high variance"),
        ("data mismatch", "dev - train-dev", verdict.mismatch, t.mismatch, "data mismatch"),
    )
    rows = [
        (name, formula, gap, limit, "HIGH" if problem in problems else "ok")
        for name, formula, gap, limit, problem in gaps
    ]
    base = verdict.errors.get("base") or 0.0
    if base > 0:
        state = "at the floor" if verdict.at_floor else "above the floor"
        rows.append(("above the floor", "dev - base", verdict.errors["dev"] - base, None, state))
    return rows


def gap_lines(verdict) -> list[str]:
    """The gaps as aligned lines, each flagged HIGH when the verdict counts it a problem."""
    lines = []
    for name, formula, gap, threshold, flag in gap_rows(verdict):
        if gap is None:
            lines.append(f"  {name:<15} {formula:<18} not measured (no train-dev error)")
            continue
        limit = f"(threshold {pct(threshold)})  " if threshold is not None else ""
        lines.append(f"  {name:<15} {formula:<18} {100 * gap:+7.2f}%  {limit}{flag}")
    return lines
