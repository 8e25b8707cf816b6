"""Figures and files of the augmentation experiment (``reglab augment``)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from reglab._atomic import replacing_folder, write_text
from reglab.display import AugmentationGalleryDisplay, LossCurveDisplay
from reglab.report._canvas import plt, save
from reglab.report.export import to_plain, write_rows_csv

__all__ = ["AUGMENTATION_FILES", "plot_augmentation_curves", "plot_gallery", "write_augmentation"]

AUGMENTATION_FILES = frozenset(
    [
        "augmentation_curves.png",
        "augmentation_gallery.png",
        "augmentation_summary.csv",
        "augmentation.json",
    ]
)

COLOURS = {"none": "tab:gray", "online": "tab:blue", "offline": "tab:orange"}


def plot_condition(ax, run, n_train: int, quantity: str) -> None:
    """One (model, condition) on ``ax``: train (dashed) and dev (solid) ``quantity`` per epoch.

    ``quantity`` is ``"loss"`` or ``"accuracy"``; lines are means over seeds, the band ± one
    standard deviation of the dev values. The x axis counts gradient steps in epochs of the
    ``n_train`` original examples, so an offline run lines up with the others.
    """
    x = (np.arange(run.epochs) + 1) * run.n_examples / n_train
    colour = COLOURS[run.condition]
    display = LossCurveDisplay.from_results(run, quantity=quantity, x=x)
    display.plot(
        ax=ax,
        which=["train"],
        mean=True,
        band=False,
        marks=False,
        legend=False,
        color=colour,
        ls="--",
        lw=1,
        label="_nolegend_",
    )
    display.plot(
        ax=ax,
        which=["dev"],
        mean=True,
        band="std",
        marks=False,
        legend=False,
        color=colour,
        label=run.condition,
    )
    ax.set_title("")
    ax.set_xlabel("")


def plot_augmentation_curves(result, path) -> Path:
    """The tutorial's figure: loss and accuracy per epoch, with and without augmentation.

    Train (dashed) and dev (solid) curves of each condition, drawn by
    :class:`~reglab.display.LossCurveDisplay`, so the gap between them, the variance
    augmentation is meant to shrink, is visible. The x axis counts gradient steps in units of
    the plain training set's epochs, so the offline run (``factor`` times the data,
    ``1/factor`` the epochs) lines up with the others.
    """
    models = list(dict.fromkeys(run.model for run in result.runs))
    fig, axes = plt.subplots(2, len(models), figsize=(5.5 * len(models), 7), squeeze=False)
    for column, model in enumerate(models):
        for run in (r for r in result.runs if r.model == model):
            for row, quantity in enumerate(("loss", "accuracy")):
                plot_condition(axes[row, column], run, result.config.n_train, quantity)
        axes[0, column].set_title(f"{model}: loss (dashed: train, solid: dev)")
        axes[1, column].set_title(f"{model}: accuracy (dashed: train, solid: dev)")
        axes[1, column].set_xlabel("epochs of the original training set")
        axes[0, column].legend()
    fig.tight_layout()
    return save(fig, path)


def plot_gallery(gallery, path) -> Path:
    """One digit under each transform the tutorial names."""
    fig, axes = plt.subplots(1, len(gallery), figsize=(1.3 * len(gallery), 1.8))
    AugmentationGalleryDisplay(dict(gallery)).plot(ax=axes, vmin=0, vmax=1)
    return save(fig, path)


def write_augmentation(result, out_dir) -> dict[str, Path]:
    """Write both figures, the summary as CSV and everything numeric as JSON.

    The folder is built beside ``out_dir`` and swapped into place when complete
    (:func:`reglab._atomic.replacing_folder`); an existing ``out_dir`` must hold only a
    previous run's files.
    """
    with replacing_folder(out_dir, known=AUGMENTATION_FILES) as out:
        paths = {
            "curves": plot_augmentation_curves(result, out / "augmentation_curves.png"),
            "gallery": plot_gallery(result.gallery, out / "augmentation_gallery.png"),
        }
        rows = [run.summary() for run in result.runs]
        paths["csv"] = write_rows_csv(rows, rows[0], out / "augmentation_summary.csv")
        content = {
            "config": to_plain(result.config),
            "runs": [
                run.summary()
                | {
                    key: getattr(run, key).tolist()
                    for key in ("dev_loss", "dev_accuracy", "train_loss")
                }
                for run in result.runs
            ],
        }
        paths["json"] = write_text(out / "augmentation.json", json.dumps(content, indent=1))
    return {name: Path(out_dir) / path.name for name, path in paths.items()}
