"""One paragraph per figure: what it shows and what to read from it, in this result's numbers.

Every caption names the tutorial's section it illustrates and quotes the numbers of the
:class:`~reglab.experiments.study.StudyResult` it describes, so that a reader can check
the reading against the figure. Every qualitative word about the run ("raised", "climbs
back", "coincide", "high variance") comes from a rule with a threshold and the spread over
seeds (:mod:`reglab.report.reading`) or from the verdict's rules (``docs/verdict.md``);
sentences that explain the tutorial's ideas are marked as such. :func:`captions` returns them
keyed by the names of :data:`reglab.report.catalog.FIGURES`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from reglab.display._base import smooth
from reglab.report.captions_augmentation import (
    augmentation_curves_caption,
    gallery_caption,
    shifted_curves_caption,
    shifted_gallery_caption,
)
from reglab.report.captions_curves import (
    decomposition_caption,
    lam_boundaries_caption,
    learning_curve_caption,
    validation_curves_caption,
)
from reglab.report.catalog import FIGURES, find_run
from reglab.report.reading import (
    ACCURACY_THRESHOLD,
    COINCIDE,
    coincidence,
    difference,
    first_below,
    regions,
)

__all__ = ["CAPTIONS", "captions"]


def _accuracies(run) -> str:
    return f"train {run.mean('train_accuracy'):.3f}, dev {run.mean('dev_accuracy'):.3f}"


def _halving(run) -> int | None:
    trend = smooth(run.costs, max(1, len(run.costs) // 100))
    return first_below(trend, trend[0] / 2)


def _optimizer_costs(result) -> str:
    runs = {run.optimizer: run for run in result.optimizers}
    epochs = len(next(iter(runs.values())).costs) if runs else 0
    window = max(1, epochs // 100)
    ends = []
    for run in runs.values():
        trend = smooth(run.costs, window)
        ends.append(
            f"{run.optimizer} ends near {trend[-1]:.3f} (training accuracy {run.accuracy:.4g})"
        )
    said = ""
    if "gd" in runs and "momentum" in runs:
        gap = coincidence(runs["gd"].costs, runs["momentum"].costs)
        if gap <= COINCIDE:
            said += (
                f" gd and momentum coincide: their smoothed costs never differ by more than "
                f"{gap:.4f} (under {COINCIDE:g}), so gd is drawn dashed over momentum. At this "
                "small learning rate momentum's moving average only smooths the gradient."
            )
        else:
            said += f" momentum's smoothed cost differs from gd's by up to {gap:.3f}."
    if "adam" in runs and "gd" in runs:
        adam, gd = _halving(runs["adam"]), _halving(runs["gd"])
        if adam is not None and (gd is None or adam < gd):
            than = f"epoch {gd}" if gd is not None else f"not within {epochs} epochs"
            said += (
                f" Adam halves its cost by epoch {adam}, gd {than}: dividing each step by the "
                "root of the squared-gradient average moves every weight at a similar pace."
            )
        else:
            said += " In this run Adam does not halve its cost sooner than gd."
    return (
        "Tutorial section 5: mini-batch gradient descent, momentum (β = 0.9) and Adam train "
        f"the tutorial's [2, 5, 2, 1] network on its moons for {epochs} epochs, learning rate "
        "0.0007, batches of 64. The faint lines are the cost of each epoch's last mini-batch, "
        f"which is what the tutorial prints; the thick lines their average over {window} "
        f"epochs; the dots the printed values. {'; '.join(ends)}.{said} After 10,000 epochs "
        "the tutorial prints training accuracies of 0.7967 (momentum) and 0.94 (Adam)."
    )


def _memorizes(result, none) -> str:
    """Whether the unregularized dev loss climbs back from its minimum, beyond the seeds' noise."""
    train, dev = none.train_loss.mean(axis=1), none.dev_loss.mean(axis=1)
    best = int(np.argmin(dev))
    rise = difference(none.dev_loss[best], none.dev_loss[-1], 0.1 * dev[best])
    lead = (
        f"Without regularization the training loss falls to {train[-1]:.3f} while the dev "
        f"loss, lowest at epoch {best} ({dev[best]:.3f}), "
    )
    if rise.direction > 0:
        return lead + (
            f"climbs back to {dev[-1]:.3f}, more than 10% and two standard errors over seeds "
            f"above its minimum: the network memorizes the noise of its "
            f"{len(result.split.y_train)} training examples, the overfitting of section 1.2. "
        )
    return lead + (
        f"ends at {dev[-1]:.3f}, within 10% (or the seeds' noise) of it: no clear overfitting "
        "in the loss. "
    )


def _loss_curves(result) -> str:
    parts = []
    for run in result.regularizers:
        dev = run.dev_loss.mean(axis=1)
        best = int(np.argmin(dev))
        parts.append(f"{run.name} {dev[-1]:.3f} (lowest {dev[best]:.3f} at epoch {best})")
    none = find_run(result, "none")
    lead = _memorizes(result, none) if none is not None else ""
    return (
        "Sections 2-4: train (blue) and dev (orange) cross-entropy per epoch for each "
        "regularizer, measured with dropout off and without the penalty; lines are means over "
        f"{result.config.seeds} seeds, bands their range, triangles the lowest dev loss. "
        f"{lead}A regularizer works when its dev loss stays near its minimum. Final dev loss: "
        f"{'; '.join(parts)}. Early stopping's curves are flat after its models stopped; the "
        "last panel overlays all dev losses."
    )


def _against_none(result, none) -> str:
    """Each regularizer's train and dev accuracy against no regularization, by the rules."""
    groups: dict[str, list[str]] = {}
    for run in result.regularizers:
        if run is none:
            continue
        kept = run.kept()
        dev = difference(none.dev_accuracy, run.dev_accuracy[kept], ACCURACY_THRESHOLD)
        train = difference(none.train_accuracy, run.train_accuracy[kept], ACCURACY_THRESHOLD)
        if dev.direction > 0 and train.direction < 0:
            key = "a lower training accuracy traded for a higher dev accuracy (section 1.2)"
        elif dev.direction > 0:
            key = "a higher dev accuracy"
        elif dev.direction < 0:
            key = "a lower dev accuracy"
        else:
            key = "no clear change in dev accuracy"
        groups.setdefault(key, []).append(run.name)
    said = "; ".join(f"{key}: {', '.join(names)}" for key, names in groups.items())
    return (
        f" Against no regularization (a change counts beyond {ACCURACY_THRESHOLD:g} and two "
        f"standard errors over seeds): {said}."
        if said
        else ""
    )


def _decision_boundaries(result) -> str:
    none = find_run(result, "none")
    best = result.best()
    cut = "; ".join(f"{run.name} {regions(run.probability)}" for run in result.regularizers)
    lead = ""
    if none is not None:
        lead = (
            f"Without regularization the training accuracy is {none.mean('train_accuracy'):.3f} "
            f"and the dev accuracy {none.mean('dev_accuracy'):.3f} ({none.verdict.kind})"
        )
        pieces = regions(none.probability)
        if pieces > 2:
            lead += (
                f"; its boundary cuts the plane into {pieces} regions, islands around single "
                "training points included"
            )
        lead += ". "
    others = "; ".join(f"{run.name}: {_accuracies(run)}" for run in result.regularizers)
    return (
        "Sections 2-4: the probability of class 1 that the first seed's model predicts over "
        "the plane (blue 1, red 0), its boundary p = 0.5 in black, and the training points. "
        f"{lead}Regions the boundary cuts the plane into (2: one clean cut): {cut}. Mean "
        f"accuracies over seeds: {others}.{_against_none(result, none) if none else ''} The "
        f"highest mean dev accuracy is {best.name}'s ({best.mean('dev_accuracy'):.3f})."
        f"{_bayes(result)}"
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
    if result.best().mean("dev_accuracy") > 1 - base and n_dev:
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
    seeds = np.arange(len(kept))
    at_kept = np.mean(run.dev_loss[kept, seeds]) if len(kept) else np.nan
    compare = ""
    if none is not None and len(kept):
        train_kept = run.train_loss[kept, seeds]
        train = difference(none.train_loss[-1], train_kept, 0.1 * np.mean(train_kept))
        compare = (
            f" Trained on for all {epochs} epochs, the same models (grey, no regularization) "
            f"end at a dev loss of {none.dev_loss[-1].mean():.3f} and a dev accuracy of "
            f"{none.mean('dev_accuracy'):.3f}. At the kept epochs the training loss is "
            f"{np.mean(train_kept):.3f}, against {none.train_loss[-1].mean():.3f} for no "
            "regularization at the end"
        )
        if train.direction > 0:
            compare += (
                ": early stopping also stops the training loss from falling, so fitting and "
                "regularizing can no longer be tuned apart, the tutorial's criticism."
            )
        else:
            compare += ": not clearly higher, so in this run it did not hold the fit back."
    return (
        "Section 4.1: early stopping watches the dev loss during training and keeps the "
        f"weights of its lowest point, stopping {result.config.patience} epochs later if no "
        f"better point came. Kept epochs per seed (counted from 0, as in the tutorial's "
        f"printout): {kept_text}, of {epochs}; the dev loss "
        f"there averages {at_kept:.3f}, and the kept models reach {_accuracies(run)}."
        f"{compare}"
    )


def _weight_text(run) -> str:
    weights = np.asarray(run.weights)
    return (
        f"‖W‖ = {np.linalg.norm(weights):.2f}, {100 * np.mean(weights == 0):.1f}% exactly 0, "
        f"{100 * np.mean(np.abs(weights) < 0.01):.1f}% below 0.01 in size, largest "
        f"|w| {np.abs(weights).max():.2f}"
    )


def _weight_reading(none, l1, l2) -> str:
    said = []
    if l1 is not None:
        share = l1.mean("zero_fraction")
        said.append(
            f"L1 leaves {100 * share:.1f}% of the weights exactly 0 (mean over seeds): "
            + ("a sparse model." if share >= 0.1 else "not a sparse model at this λ.")
        )
    if l2 is not None and none is not None:
        norm = difference(none.weight_norm, l2.weight_norm, 0.1 * none.mean("weight_norm"))
        zeros = l2.mean("zero_fraction")
        said.append(
            f"L2 takes ‖W‖ from {none.mean('weight_norm'):.2f} to {l2.mean('weight_norm'):.2f} "
            + norm.word("(larger)", "(shrinks it)", "(no clear change)")
            + f" with {100 * zeros:.1f}% exact zeros."
        )
    return " ".join(said)


def _weight_histograms(result) -> str:
    none, l1, l2 = (find_run(result, name) for name in ("none", "L1", "L2"))
    texts = "; ".join(f"{run.name}: {_weight_text(run)}" for run in (none, l1, l2) if run)
    return (
        "Section 2: histograms of the first seed's weights (biases excluded, log counts), the "
        "black bar counting the weights that are exactly 0. In the tutorial's terms, L1's "
        "penalty λ/m·Σ|w| pulls every weight toward 0 by the same amount, and its proximal "
        "step stops those that reach 0 there; L2's λ/(2m)·‖W‖² pulls in proportion to the "
        f"weight (weight decay), shrinking all and zeroing none. In this run: {texts}. "
        f"{_weight_reading(none, l1, l2)}"
    )


CAPTIONS: dict[str, Callable] = {
    "optimizer_costs": _optimizer_costs,
    "loss_curves": _loss_curves,
    "decision_boundaries": _decision_boundaries,
    "lam_boundaries": lam_boundaries_caption,
    "early_stopping": _early_stopping,
    "validation_curves": validation_curves_caption,
    "learning_curve": learning_curve_caption,
    "weight_histograms": _weight_histograms,
    "decomposition": decomposition_caption,
    "augmentation_gallery": gallery_caption,
    "augmentation_curves": augmentation_curves_caption,
    "shifted_gallery": shifted_gallery_caption,
    "shifted_curves": shifted_curves_caption,
}


def captions(result) -> dict[str, str]:
    """The caption of every figure of :data:`~reglab.report.catalog.FIGURES` that ``result``
    has the data for."""
    return {
        figure.name: CAPTIONS[figure.name](result) for figure in FIGURES if figure.available(result)
    }
