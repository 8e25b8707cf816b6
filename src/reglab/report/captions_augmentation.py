"""Captions of the augmentation figures (tutorial 4.2), every verdict by a rule over seeds."""

from __future__ import annotations

import numpy as np

from reglab.report.reading import ACCURACY_THRESHOLD, Difference, difference

__all__ = [
    "augmentation_curves_caption",
    "augmentation_effects",
    "epochs_to_reach",
    "gallery_caption",
    "shifted_curves_caption",
    "shifted_gallery_caption",
]


def gallery_caption(result) -> str:
    return (
        "Section 4.2: one training digit under each transform the tutorial names: flips, "
        "rotation, a random crop resized back, translation, zoom, contrast, brightness and "
        "noise. A flipped digit is no longer the same digit, so flips are shown here but not "
        "used for training: augmentation must keep the label."
    )


def augmentation_effects(augmentation) -> dict[tuple[str, str], Difference]:
    """Final dev accuracy of each (model, condition) against the same model without."""
    effects = {}
    for model in dict.fromkeys(run.model for run in augmentation.runs):
        plain = augmentation.run(model, "none").final_dev_accuracy
        for condition in ("online", "offline"):
            treated = augmentation.run(model, condition).final_dev_accuracy
            effects[model, condition] = difference(plain, treated, ACCURACY_THRESHOLD)
    return effects


def _effect_sentence(model: str, effects: dict) -> str:
    parts = []
    for condition in ("online", "offline"):
        change = effects[model, condition]
        word = change.word("raised", "lowered", "did not clearly change")
        parts.append(f"{condition} augmentation {word} it ({change})")
    return f"{model}: dev accuracy {effects[model, 'online'].before:.3f} without; " + ", ".join(
        parts
    )


def _who_gains_more(effects: dict, models: list[str]) -> str:
    """Whether augmentation helped one network more than the other, beyond the noise."""
    if len(models) != 2:
        return ""
    first, second = models
    said = []
    for condition in ("online", "offline"):
        a, b = effects[first, condition], effects[second, condition]
        gap = Difference(a.change, b.change, max(a.noise, b.noise), ACCURACY_THRESHOLD)
        said.append(
            f"{condition}, its gain for the {second} minus that for the {first} is "
            f"{gap.change:+.3f}: "
            + gap.word(
                f"it does the {second} more good (or less harm)",
                f"it does the {first} more good (or less harm)",
                "no clear difference between the two networks",
            )
        )
    return " Comparing the networks: " + "; ".join(said) + "."


def _any_gain(effects: dict) -> str:
    if all(change.direction < 0 for change in effects.values()):
        return " In this run augmentation lowered dev accuracy everywhere."
    if not any(change.direction > 0 for change in effects.values()):
        return " In this run augmentation raised dev accuracy nowhere beyond the noise."
    return ""


def augmentation_curves_caption(result) -> str:
    augmentation = result.augmentation
    if augmentation is None:
        return ""
    effects = augmentation_effects(augmentation)
    models = list(dict.fromkeys(run.model for run in augmentation.runs))
    config = augmentation.config
    return (
        f"Section 4.2, the tutorial's loss and accuracy plot: {config.n_train} training digits, "
        f"shifted at random by up to {config.shift * 8:g} pixel each way, online (every batch "
        f"transformed afresh) or offline ({config.factor}x the data up front, trained for "
        f"1/{config.factor} of the epochs so every condition takes the same number of steps); "
        f"mean over {config.seeds} seeds, band ± one standard deviation; solid lines dev, "
        "dashed lines train. "
        + "; ".join(_effect_sentence(model, effects) for model in models)
        + f". A change counts when it exceeds {ACCURACY_THRESHOLD:g} and two standard errors "
        "over seeds."
        + _who_gains_more(effects, models)
        + _any_gain(effects)
        + " A shift is a change a convolution can learn to ignore and a dense layer cannot; "
        "these 8x8 digits are already centred, so the training set leaves little for a shift "
        "to teach."
    )


def shifted_gallery_caption(result) -> str:
    config = result.shifted.config
    return (
        f"Section 4.2, where augmentation has something to teach: each 8x8 digit sits at a "
        f"random place on a {config.canvas}x{config.canvas} canvas, in the training set and "
        "in the dev set alike. The training transform moves a digit, whole, to a new random "
        "place: the way the dev digits vary. Shown: one training digit, four of its "
        "placements, and three dev digits."
    )


def epochs_to_reach(run, level: float, n_train: int) -> np.ndarray:
    """Per seed, the epochs (of the ``n_train`` original examples) a run took until its dev
    accuracy first reached ``level``; ``inf`` where it never did."""
    scale = run.n_examples / n_train
    reached = run.dev_accuracy >= level  # (epochs, seeds)
    first = np.argmax(reached, axis=0).astype(float)
    first[~reached.any(axis=0)] = np.inf
    return (first + 1) * scale


def _speed(plain, treated, level: float, n_train: int, epochs: int) -> str:
    """Whether ``treated`` reached ``level`` in clearly fewer epochs than ``plain``."""
    before, after = epochs_to_reach(plain, level, n_train), epochs_to_reach(treated, level, n_train)
    if not np.all(np.isfinite(after)):
        missed = int(np.sum(~np.isfinite(after)))
        return f"no faster ({missed} of {len(after)} seeds never reach it)"
    change = difference(before, after, 0.1 * epochs)
    word = change.word("slower", "faster", "no faster, no slower")
    return f"{word} (epochs to reach it: {np.mean(before):.0f} without, {np.mean(after):.0f} with)"


def _better_and_faster(augmentation, model: str, effects: dict) -> str:
    config = augmentation.config
    plain = augmentation.run(model, "none")
    level = float(np.min(plain.final_dev_accuracy))  # every seed without reaches it
    parts = []
    for condition in ("online", "offline"):
        better = effects[model, condition].word("better", "worse", "no better, no worse")
        faster = _speed(
            plain, augmentation.run(model, condition), level, config.n_train, config.epochs
        )
        parts.append(f"{condition}: {better} ({effects[model, condition]}), {faster}")
    return (
        f"{model}, against the dev accuracy every seed reaches without augmentation "
        f"({level:.3f}): " + "; ".join(parts)
    )


def shifted_curves_caption(result) -> str:
    augmentation = result.shifted
    effects = augmentation_effects(augmentation)
    models = list(dict.fromkeys(run.model for run in augmentation.runs))
    config = augmentation.config
    return (
        f"Section 4.2, does augmentation make learning better and faster? {config.n_train} "
        f"training digits at random places on a {config.canvas}x{config.canvas} canvas, dev "
        f"digits placed the same way; online (every batch moved afresh) or offline "
        f"({config.factor}x the data up front, 1/{config.factor} of the epochs: the same number "
        f"of steps); mean over {config.seeds} seeds, band ± one standard deviation, dashed "
        "lines train. Better: the final dev accuracy against no augmentation; faster: the "
        "epochs (in steps of the original set) until the dev accuracy first reaches the lowest "
        "final dev accuracy of no augmentation's seeds. A difference counts beyond "
        f"{ACCURACY_THRESHOLD:g} in accuracy, or 10% of the epochs, and two standard errors "
        "over seeds. "
        + ". ".join(_better_and_faster(augmentation, model, effects) for model in models)
        + "."
        + _who_gains_more(effects, models)
    )
