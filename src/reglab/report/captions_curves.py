"""Captions of the diagnosis figures: validation curves, learning curve, decomposition.

Every qualitative word comes from a rule of :mod:`reglab.report.reading` or from the
verdict's rules (``docs/verdict.md``) applied to the curve's own numbers.
"""

from __future__ import annotations

import numpy as np

from reglab.diagnose.verdict import diagnose
from reglab.report.reading import ACCURACY_THRESHOLD, Difference, difference, regions

__all__ = [
    "decomposition_caption",
    "lam_boundaries_caption",
    "learning_curve_caption",
    "validation_curves_caption",
]


def _kind(curve, index: int, base_error: float) -> str:
    train, dev = float(curve.train_mean[index]), float(curve.dev_mean[index])
    return diagnose(train, dev, base_error=base_error).kind


def _point(curve, index: int, name: str, base_error: float) -> str:
    value, train, dev = curve.values[index], curve.train_mean[index], curve.dev_mean[index]
    kind = _kind(curve, index, base_error)
    return f"at {name} = {value:g} train error {train:.3f}, dev error {dev:.3f} ({kind})"


def _best(curve) -> tuple[int, str]:
    """The lowest mean dev error, and a remark when it lies at an edge of the grid."""
    best = int(np.argmin(curve.dev_mean))
    order = np.argsort(curve.values)
    edge = ""
    if len(order) > 2 and best in (order[0], order[-1]):
        edge = " (an edge of the grid: the best value may lie beyond it)"
    return best, edge


def _sides(curve, order, name: str, base: float) -> str:
    """What the grid shows at its two ends, by the verdict's rules."""
    low, high = _kind(curve, order[0], base), _kind(curve, order[-1], base)
    reached = []
    if "high variance" in low:
        reached.append("too little regularization leaves a gap between the curves (high variance)")
    if "high bias" in high:
        reached.append("too much lifts both (high bias)")
    if len(reached) == 2:
        return f" Over {name} the grid spans both sides: {reached[0]}, {reached[1]}."
    missing = "high-variance" if "high variance" not in low else "high-bias"
    return f" Over {name} the grid does not reach the {missing} side."


def validation_curves_caption(result) -> str:
    lam, keep, base = result.lam_curve, result.keep_prob_curve, result.base_error
    lam_order, keep_order = np.argsort(lam.values), np.argsort(keep.values)[::-1]
    (best_lam, lam_edge), (best_keep, keep_edge) = _best(lam), _best(keep)
    lam_ends = [_point(lam, lam_order[i], "λ", base) for i in (0, -1)]
    keep_ends = [_point(keep, keep_order[i], "keep_prob", base) for i in (0, -1)]
    floor = f" The dashed line is the Bayes error, {base:.3f}." if base > 0 else ""
    return (
        "Sections 1.2, 2 and 3: train and dev error (mean ± std over "
        f"{len(lam.seeds)} seeds) as L2's λ grows and as dropout's keep_prob falls, so that "
        f"regularization grows to the right in both panels.{floor} Over λ, "
        f"{'; '.join(lam_ends)}. The lowest dev error, {lam.dev_mean[best_lam]:.3f}, is at "
        f"λ = {lam.values[best_lam]:g}{lam_edge}. Over keep_prob, {'; '.join(keep_ends)}; the "
        f"lowest dev error, {keep.dev_mean[best_keep]:.3f}, is at keep_prob = "
        f"{keep.values[best_keep]:g}{keep_edge}."
        + _sides(lam, lam_order, "λ", base)
        + _sides(keep, keep_order, "keep_prob", base)
        + " The verdicts in brackets read each point's mean errors against the Bayes error by "
        "the rules of docs/verdict.md."
    )


def _steps(curve) -> list[tuple[int, Difference]]:
    """Each step of the learning curve's dev error, compared over seeds."""
    return [
        (i, difference(curve.dev_error[i], curve.dev_error[i + 1], ACCURACY_THRESHOLD))
        for i in range(len(curve.values) - 1)
    ]


def _learning_trend(curve) -> str:
    """The dev error from the first size to the last, and every step that rises."""
    values = curve.values
    if len(values) < 2:
        return ""
    whole = difference(curve.dev_error[0], curve.dev_error[-1], ACCURACY_THRESHOLD)
    said = (
        f" From {values[0]} to {values[-1]} examples the dev error "
        + whole.word("rises", "falls", "shows no clear change")
        + f" ({whole}, the margin being the larger of {ACCURACY_THRESHOLD:g} and two standard "
        "errors over seeds)."
    )
    rises = [(i, d) for i, d in _steps(curve) if d.direction > 0]
    if rises:
        listed = "; ".join(f"{values[i]} to {values[i + 1]} examples ({d})" for i, d in rises)
        lowest = values[int(np.argmin(curve.dev_mean))]
        return said + (
            f" It rises beyond that margin from {listed}: the curve is not monotone (its "
            f"lowest dev error is at n = {lowest}), so it cannot say whether more data would "
            "help; more seeds, or larger sets, would."
        )
    said += " No step rises beyond its margin: the curve is monotone within its noise."
    last = _steps(curve)[-1][1]
    said += {
        -1: " Its last step still falls beyond the noise: more data would still help.",
        0: f" Its last step ({last}) is within the noise of {len(curve.seeds)} seeds: "
        "whether more data would still help is not measurable here.",
    }[last.direction]
    return said


def _learning_reading(curve) -> str:
    if np.max(curve.train_mean) < 0.02:
        return (
            " The training error stays below 0.02 at every size, so the gap to the dev error "
            "is variance, for which the tutorial's remedies are more data and regularization."
        )
    return ""


def learning_curve_caption(result) -> str:
    curve, base = result.learning_curve, result.base_error
    first, last = 0, len(curve.values) - 1
    floor = f" The dashed line is the Bayes error, {base:.3f}." if base > 0 else ""
    return (
        "Sections 1.2-1.3: train and dev error of the unregularized network trained on n "
        f"examples, for each of {len(curve.seeds)} seeds a training set of its own drawn afresh "
        "from the data's generator (the study's other parts use one draw of "
        f"{len(result.split.y_train)}), scored on the study's dev set; lines are means over "
        "seeds, bands ± one standard deviation, whiskers two standard errors of the mean."
        f"{floor} "
        f"{_point(curve, first, 'n', base).capitalize()}; {_point(curve, last, 'n', base)}."
        f"{_learning_trend(curve)}{_learning_reading(curve)}"
    )


def _decomposition_reading(none, name: str, other) -> str:
    noise = 2 * np.hypot(
        none.loss_std / np.sqrt(none.num_rounds), other.loss_std / np.sqrt(other.num_rounds)
    )
    change = Difference(none.expected_loss, other.expected_loss, float(noise), ACCURACY_THRESHOLD)
    verdict = change.word("raises", "lowers", "does not clearly change")
    return (
        f" Against no regularization, {name} takes the variance from {none.variance:.3f} to "
        f"{other.variance:.3f} and the bias from {none.bias:.3f} to {other.bias:.3f}, and "
        f"{verdict} the expected loss ({change}, two standard errors over rounds "
        f"{change.noise:.3f}){_trade(none, other)}."
    )


def _trade(none, other) -> str:
    """The tutorial's trade (bias added, variance removed) where the numbers show it."""
    bias, variance = other.bias - none.bias, other.variance - none.variance
    if bias > 0 > variance:
        return ": regularization pays off when it removes more variance than it adds bias"
    return (
        f": not the tutorial's trade of bias for variance, the bias changed by {bias:+.3f} "
        f"and the variance by {variance:+.3f}"
    )


def decomposition_caption(result) -> str:
    items = list(result.decompositions.items())
    if not items:
        return "Section 1.2: no bias/variance decomposition was run."
    parts = "; ".join(
        f"{name}: expected loss {d.expected_loss:.3f}, bias {d.bias:.3f}, variance {d.variance:.3f}"
        for name, d in items
    )
    first = items[0][1]
    note = ""
    chosen = [name for name, _ in items if name != "none"]
    if not chosen:
        note = " No regularizer beat no regularization on the dev set, so only it is decomposed."
    if chosen and "none" in result.decompositions:
        note += _decomposition_reading(
            result.decompositions["none"], chosen[0], result.decompositions[chosen[0]]
        )
    loss = "0-1 loss" if first.loss == "0-1_loss" else "squared error"
    return (
        "Section 1.2: bias and variance estimated by bootstrap: "
        f"{first.num_rounds} models each trained on a resample of the training set and "
        f"scored on the {len(result.split.y_test)} test examples with the {loss}. "
        "Bias is the error of the majority vote, variance how often a model disagrees with "
        "it (Domingos); with 0-1 loss the two need not add up to the expected loss. "
        f"{parts}.{note}"
    )


def lam_boundaries_caption(result) -> str:
    shown = result.lam_boundaries
    panels = "; ".join(
        f"λ = {value:g} ({role}): train {train:.3f}, dev {dev:.3f}, {verdict.kind}, the "
        f"boundary cutting the plane into {regions(probability)} regions"
        for value, role, train, dev, verdict, probability in zip(
            shown.values,
            shown.roles,
            shown.train_accuracy,
            shown.dev_accuracy,
            shown.verdicts,
            shown.probability,
            strict=True,
        )
    )
    kinds = [verdict.kind for verdict in shown.verdicts]
    both = any("high variance" in k for k in kinds) and any("high bias" in k for k in kinds)
    reading = (
        " Overfitting and underfitting seen at once: a boundary that winds around single "
        "points on the left, one too smooth to follow the moons on the right."
        if both
        else " These three λ do not show both sides here (see the verdicts)."
    )
    return (
        "Sections 1.2 and 2: the same network (seed 0) trained with three values of L2's λ: "
        "none, the value the validation curve chose on the dev set, and the grid's largest. "
        f"{panels}. The verdicts read each model's own errors against the Bayes error "
        f"(docs/verdict.md); 2 regions is one clean cut.{reading}"
    )
