"""The study's figures in report order: name, file, title, tutorial section, how to draw it.

:data:`FIGURES` is the one list that the writer (:func:`draw_figures`), the captions
(:mod:`reglab.report.captions`) and the HTML page (:mod:`reglab.report.html`) share, so a
figure added here appears everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reglab.report.augmentation import plot_augmentation_curves, plot_gallery
from reglab.report.figures import plot_early_stopping, plot_loss_curves, plot_tutorial_costs
from reglab.report.figures_diagnose import (
    plot_decomposition,
    plot_learning_curve,
    plot_validation_curves,
)
from reglab.report.figures_models import (
    plot_decision_boundaries,
    plot_lam_boundaries,
    plot_weight_histograms,
)

__all__ = ["FIGURES", "Figure", "draw_figures", "find_run"]


def find_run(result, name: str):
    """The :class:`RegularizerRun` called ``name`` in ``result``, or None."""
    return next((run for run in result.regularizers if run.name == name), None)


@dataclass(frozen=True)
class Figure:
    """One figure of the report: ``draw(result, path) -> Path`` writes ``filename``."""

    name: str
    filename: str
    title: str
    section: str
    draw: Callable[..., Path]
    needs: str | None = None  # the result's attribute this figure needs, when it may be None

    def available(self, result) -> bool:
        return self.needs is None or getattr(result, self.needs, None) is not None

    def __repr__(self) -> str:
        return f"Figure(name={self.name!r}, filename={self.filename!r}, section={self.section!r})"


def _early_stopping(result, path) -> Path:
    return plot_early_stopping(
        find_run(result, "early stopping"), path, baseline=find_run(result, "none")
    )


FIGURES: tuple[Figure, ...] = (
    Figure(
        "optimizer_costs",
        "optimizer_costs.png",
        "Optimizers: cost per epoch",
        "5",
        lambda r, p: plot_tutorial_costs(r.optimizers, p),
    ),
    Figure(
        "loss_curves",
        "loss_curves.png",
        "Train and dev loss per regularizer",
        "2-4",
        lambda r, p: plot_loss_curves(r.regularizers, p),
    ),
    Figure(
        "decision_boundaries",
        "decision_boundaries.png",
        "Decision boundaries",
        "2-4",
        plot_decision_boundaries,
    ),
    Figure(
        "lam_boundaries",
        "lam_boundaries.png",
        "Decision boundaries across λ",
        "1.2, 2",
        lambda r, p: plot_lam_boundaries(r.lam_boundaries, r.grid, r.split, p),
        needs="lam_boundaries",
    ),
    Figure("early_stopping", "early_stopping.png", "Early stopping", "4.1", _early_stopping),
    Figure(
        "validation_curves",
        "validation_curves.png",
        "Validation curves over λ and keep_prob",
        "1.2, 2, 3",
        lambda r, p: plot_validation_curves(r.lam_curve, r.keep_prob_curve, p, r.base_error),
    ),
    Figure(
        "learning_curve",
        "learning_curve.png",
        "Learning curve",
        "1.2-1.3",
        lambda r, p: plot_learning_curve(r.learning_curve, p, r.base_error),
    ),
    Figure(
        "weight_histograms",
        "weight_histograms.png",
        "Weights: none, L1, L2",
        "2",
        lambda r, p: plot_weight_histograms(r.regularizers, p),
    ),
    Figure(
        "decomposition",
        "decomposition.png",
        "Bias/variance decomposition",
        "1.2",
        lambda r, p: plot_decomposition(r.decompositions, p),
    ),
    Figure(
        "augmentation_gallery",
        "augmentation_gallery.png",
        "One digit under each transform",
        "4.2",
        lambda r, p: plot_gallery(r.augmentation.gallery, p),
        needs="augmentation",
    ),
    Figure(
        "augmentation_curves",
        "augmentation_curves.png",
        "Digits with and without augmentation",
        "4.2",
        lambda r, p: plot_augmentation_curves(r.augmentation, p),
        needs="augmentation",
    ),
    Figure(
        "shifted_gallery",
        "shifted_gallery.png",
        "Digits at random places on a larger canvas",
        "4.2",
        lambda r, p: plot_gallery(r.shifted.gallery, p),
        needs="shifted",
    ),
    Figure(
        "shifted_curves",
        "shifted_curves.png",
        "Digits at random places, with and without augmentation",
        "4.2",
        lambda r, p: plot_augmentation_curves(r.shifted, p),
        needs="shifted",
    ),
)


def draw_figures(result, out_dir) -> dict[str, Path]:
    """Draw every figure of :data:`FIGURES` for ``result`` into ``out_dir``; name -> path."""
    out_dir = Path(out_dir)
    return {
        figure.name: figure.draw(result, out_dir / figure.filename)
        for figure in FIGURES
        if figure.available(result)
    }
