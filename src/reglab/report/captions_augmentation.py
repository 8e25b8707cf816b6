"""Captions of the augmentation figures (tutorial 4.2), every verdict by a rule over seeds."""

from __future__ import annotations

from reglab.report.reading import ACCURACY_THRESHOLD, Difference, difference

__all__ = ["augmentation_curves_caption", "augmentation_effects", "gallery_caption"]


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
