"""One paragraph per figure: what it shows and what to read from it, in this result's numbers.

Every caption names the tutorial's section it illustrates and quotes the numbers of the
:class:`~reglab.experiments.study.StudyResult` it describes, so that a reader can check
the reading against the figure. :func:`captions` returns them keyed by the names of
:data:`reglab.report.catalog.FIGURES`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from reglab.diagnose.verdict import diagnose
from reglab.report._canvas import smooth
from reglab.report.catalog import find_run

__all__ = ["CAPTIONS", "captions"]


def _mean(values) -> float:
    return float(np.mean(values))


def _accuracies(run) -> str:
    return f"train {_mean(run.train_accuracy):.3f}, dev {_mean(run.dev_accuracy):.3f}"


def _optimizer_costs(result) -> str:
    runs = result.optimizers
    epochs = len(runs[0].costs) if runs else 0
    window = max(1, epochs // 100)
    ends = []
    for run in runs:
        trend = smooth(run.costs, window)
        below = np.flatnonzero(trend <= trend[0] / 2)
        half = f"halves its cost by epoch {below[0]}" if below.size else "never halves its cost"
        ends.append(
            f"{run.optimizer} ends near {trend[-1]:.3f} (training accuracy {run.accuracy:.4g}) "
            f"and {half}"
        )
    return (
        "Tutorial section 5: mini-batch gradient descent, momentum (β = 0.9) and Adam train "
        f"the tutorial's [2, 5, 2, 1] network on its moons for {epochs} epochs, learning rate "
        "0.0007, batches of 64. The faint lines are the cost of each epoch's last mini-batch, "
        f"which is what the tutorial prints; the thick lines their average over {window} "
        f"epochs; the dots the printed values. {'; '.join(ends)}. At this small learning rate "
        "momentum's moving average only smooths the gradient, so it follows plain gradient "
        "descent almost exactly; Adam divides each step by the root of the squared-gradient "
        "average, so every weight moves at a similar pace and the cost falls many times "
        "faster. After 10,000 epochs the tutorial prints training accuracies of 0.7967 "
        "(momentum) and 0.94 (Adam)."
    )


def _loss_curves(result) -> str:
    parts = []
    for run in result.regularizers:
        dev = run.dev_loss.mean(axis=1)
        best = int(np.argmin(dev))
        parts.append(f"{run.name} {dev[-1]:.3f} (lowest {dev[best]:.3f} at epoch {best})")
    none = find_run(result, "none")
    lead = ""
    if none is not None:
        train, dev = none.train_loss.mean(axis=1), none.dev_loss.mean(axis=1)
        best = int(np.argmin(dev))
        lead = (
            f"Without regularization the training loss falls to {train[-1]:.3f} while the "
            f"dev loss, lowest at epoch {best} ({dev[best]:.3f}), "
        )
        if dev[-1] > 1.1 * dev[best]:
            lead += (
                f"climbs back to {dev[-1]:.3f}: the network memorizes the noise of its "
                f"{len(result.split.y_train)} training examples, the overfitting of section "
                "1.2. "
            )
        else:
            lead += f"ends at {dev[-1]:.3f}, close to it: no clear overfitting in this run. "
    return (
        "Sections 2-4: train (blue) and dev (orange) cross-entropy per epoch for each "
        "regularizer, measured with dropout off and without the penalty; lines are means over "
        f"{result.config.seeds} seeds, bands their range, triangles the lowest dev loss. "
        f"{lead}A regularizer works when its dev loss stays near its minimum. Final dev loss: "
        f"{'; '.join(parts)}. Early stopping's curves are flat after its models stopped; the "
        "last panel overlays all dev losses."
    )


def _decision_boundaries(result) -> str:
    none = find_run(result, "none")
    best = result.best()
    lead = ""
    if none is not None:
        lead = (
            f"Without regularization the training accuracy is {_mean(none.train_accuracy):.3f} "
            f"and the dev accuracy {_mean(none.dev_accuracy):.3f}"
        )
        if "high variance" in none.verdict.kind:
            lead += (
                ": its boundary bends around single noisy points, islands and all, which is "
                "high variance. "
            )
        else:
            lead += f" (verdict: {none.verdict.kind}). "
    others = "; ".join(f"{run.name}: {_accuracies(run)}" for run in result.regularizers)
    return (
        "Sections 2-4: the probability of class 1 that the first seed's model predicts over "
        "the plane (blue 1, red 0), its boundary p = 0.5 in black, and the training points. "
        f"{lead}Regularization smooths the boundary, trading a little training accuracy for "
        f"dev accuracy. Mean accuracies over seeds: {others}. The highest dev accuracy is "
        f"{best.name}'s ({_mean(best.dev_accuracy):.3f}).{_bayes(result)}"
    )


def _bayes(result) -> str:
    base, n_dev = result.base_error, len(result.split.y_dev)
    if base <= 0:
        return ""
    text = (
        f" The Bayes error of this data is {base:.3f} (section 1.2's noise floor): no "
        f"classifier's expected accuracy exceeds {1 - base:.3f}, so training accuracy above "
        "that is noise learned by heart."
    )
    if _mean(result.best().dev_accuracy) > 1 - base and n_dev:
        error = np.sqrt(base * (1 - base) / n_dev)
        text += (
            f" An accuracy measured on {n_dev} dev examples has a standard error of about "
            f"{error:.3f}, which is how the best dev accuracies can lie above that bound."
        )
    return text


def _early_stopping(result) -> str:
    run, none = find_run(result, "early stopping"), find_run(result, "none")
    kept = np.atleast_1d(run.best_epoch).astype(int) if run.best_epoch is not None else []
    kept_text = ", ".join(str(k) for k in kept)
    epochs = len(run.dev_loss)
    at_kept = np.mean([run.dev_loss[k, s] for s, k in enumerate(kept)]) if len(kept) else np.nan
    compare = ""
    if none is not None:
        compare = (
            f" Trained on for all {epochs} epochs, the same models (grey, no regularization) "
            f"end at a dev loss of {none.dev_loss[-1].mean():.3f} and a dev accuracy of "
            f"{_mean(none.dev_accuracy):.3f}."
        )
    return (
        "Section 4.1: early stopping watches the dev loss during training and keeps the "
        f"weights of its lowest point, stopping {result.config.patience} epochs later if no "
        f"better point came. Kept epochs per seed (counted from 0, as in the tutorial's "
        f"printout): {kept_text}, of {epochs}; the dev loss "
        f"there averages {at_kept:.3f}, and the kept models reach {_accuracies(run)}."
        f"{compare} As the tutorial notes, it treats the symptom: it also stops the "
        "training loss from falling, so fitting and regularizing can no longer be tuned "
        "apart."
    )


def _curve_end(curve, index: int, name: str, base_error: float) -> str:
    value = curve.values[index]
    train, dev = curve.train_mean[index], curve.dev_mean[index]
    kind = diagnose(float(train), float(dev), base_error=base_error).kind
    return f"at {name} = {value:g} train error {train:.3f}, dev error {dev:.3f} ({kind})"


def _validation_curves(result) -> str:
    lam, keep, base = result.lam_curve, result.keep_prob_curve, result.base_error
    lam_order, keep_order = np.argsort(lam.values), np.argsort(keep.values)[::-1]
    best_lam, best_keep = int(np.argmin(lam.dev_mean)), int(np.argmin(keep.dev_mean))
    lam_ends = [_curve_end(lam, lam_order[i], "λ", base) for i in (0, -1)]
    keep_ends = [_curve_end(keep, keep_order[i], "keep_prob", base) for i in (0, -1)]
    return (
        "Sections 1.2, 2 and 3: train and dev error (mean ± std over "
        f"{len(lam.seeds)} seeds) as L2's λ grows and as dropout's keep_prob falls, so that "
        f"regularization grows to the right in both panels. Over λ, {'; '.join(lam_ends)}. "
        f"The lowest dev error, {lam.dev_mean[best_lam]:.3f}, is at "
        f"λ = {lam.values[best_lam]:g}. Over keep_prob, {'; '.join(keep_ends)}; the lowest "
        f"dev error, {keep.dev_mean[best_keep]:.3f}, is at keep_prob = "
        f"{keep.values[best_keep]:g}. Too little regularization leaves a gap between the "
        "curves (high variance), too much lifts both (high bias); the dev set picks the value "
        "between."
    )


def _learning_curve(result) -> str:
    curve, base = result.learning_curve, result.base_error
    first, last = 0, len(curve.values) - 1
    trend = ""
    if last > 0:
        before, after = curve.dev_mean[last - 1], curve.dev_mean[last]
        word = "still falls" if after < before else "no longer falls"
        trend = (
            f" From {curve.values[last - 1]} to {curve.values[last]} examples the dev error "
            f"{word} ({before:.3f} to {after:.3f})"
            + (": more data would still help." if after < before else ".")
        )
    return (
        "Sections 1.2-1.3: train and dev error of the unregularized network trained on the "
        f"first n of its {len(result.split.y_train)} training examples (mean ± std over "
        f"{len(curve.seeds)} seeds). {_curve_end(curve, first, 'n', base).capitalize()}; "
        f"{_curve_end(curve, last, 'n', base)}.{trend}{_learning_reading(curve)}"
    )


def _learning_reading(curve) -> str:
    if np.max(curve.train_mean) < 0.02:
        return (
            " The training error stays near 0 at every size, so the gap to the dev error is "
            "variance, for which the tutorial's remedies are more data and regularization."
        )
    return (
        " Where train and dev error meet at a high value, more data will not help (high "
        "bias); a persistent gap says it would (high variance)."
    )


def _weight_text(run) -> str:
    weights = np.asarray(run.weights)
    return (
        f"‖W‖ = {np.linalg.norm(weights):.2f}, {100 * np.mean(weights == 0):.1f}% exactly 0, "
        f"{100 * np.mean(np.abs(weights) < 0.01):.1f}% below 0.01 in size, largest "
        f"|w| {np.abs(weights).max():.2f}"
    )


def _weight_histograms(result) -> str:
    shown = [find_run(result, name) for name in ("none", "L1", "L2")]
    texts = "; ".join(f"{run.name}: {_weight_text(run)}" for run in shown if run is not None)
    return (
        "Section 2: histograms of the first seed's weights (biases excluded, log counts), the "
        "black bar counting the weights that are exactly 0. L1's penalty λ/m·Σ|w| pulls "
        "every weight toward 0 by the same amount, and its proximal step stops those that "
        "reach 0 there: a sparse model. L2's λ/(2m)·‖W‖² pulls in proportion to the weight "
        "(weight decay), so it shrinks all of them and zeros none; this is why L2 is the more "
        f"common choice. In this run: {texts}."
    )


def _decomposition(result) -> str:
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


def _decomposition_reading(none, name: str, other) -> str:
    verdict = "lowers" if other.expected_loss < none.expected_loss else "does not lower"
    return (
        f" Against no regularization, {name} takes the variance from {none.variance:.3f} to "
        f"{other.variance:.3f} and the bias from {none.bias:.3f} to {other.bias:.3f}, and so "
        f"{verdict} the expected loss ({none.expected_loss:.3f} to {other.expected_loss:.3f}): "
        "regularization pays off when it removes more variance than it adds bias."
    )


def _augmentation_gallery(result) -> str:
    return (
        "Section 4.2: one training digit under each transform the tutorial names: flips, "
        "rotation, a random crop resized back, translation, zoom, contrast, brightness and "
        "noise. A flipped digit is no longer the same digit, so flips are shown here but not "
        "used for training: augmentation must keep the label."
    )


def _augmentation_curves(result) -> str:
    augmentation = result.augmentation
    if augmentation is None:
        return ""
    parts = []
    for model in dict.fromkeys(run.model for run in augmentation.runs):
        accuracy = {
            run.condition: run.summary()["dev_accuracy_mean"]
            for run in augmentation.runs
            if run.model == model
        }
        parts.append(
            f"{model}: dev accuracy {accuracy['none']:.3f} without augmentation, "
            f"{accuracy['online']:.3f} online, {accuracy['offline']:.3f} offline"
        )
    config = augmentation.config
    return (
        f"Section 4.2, the tutorial's loss and accuracy plot: {config.n_train} training digits, "
        f"shifted at random by up to {config.shift * 8:g} pixel each way, online (every batch "
        f"transformed afresh) or offline ({config.factor}x the data up front, trained for "
        f"1/{config.factor} of the epochs so every condition takes the same number of steps); "
        f"mean over {config.seeds} seeds, band ± one standard deviation. "
        + "; ".join(parts)
        + ". Read the dev curves against the unaugmented ones: a shift is a change a "
        "convolution can learn to ignore and a dense layer cannot, so augmentation tends to "
        "help the CNN more than the MLP; on these small, centred 8x8 digits the gain is small "
        "at best, and stronger transforms (rotations) lowered dev accuracy in our runs."
    )


CAPTIONS: dict[str, Callable] = {
    "optimizer_costs": _optimizer_costs,
    "loss_curves": _loss_curves,
    "decision_boundaries": _decision_boundaries,
    "early_stopping": _early_stopping,
    "validation_curves": _validation_curves,
    "learning_curve": _learning_curve,
    "weight_histograms": _weight_histograms,
    "decomposition": _decomposition,
    "augmentation_gallery": _augmentation_gallery,
    "augmentation_curves": _augmentation_curves,
}


def captions(result) -> dict[str, str]:
    """The caption of every figure of :data:`~reglab.report.catalog.FIGURES` for ``result``."""
    return {name: write(result) for name, write in CAPTIONS.items()}
