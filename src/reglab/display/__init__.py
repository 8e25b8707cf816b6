"""Figures as scikit-learn-style display objects, for notebooks and for the study's report.

Each display is built by a ``from_*`` class method — ``from_network`` / ``from_estimator``
(compute from a model), ``from_history`` (from a training run), ``from_results`` (from what
reglab's experiments and diagnosis functions return) — and drawn by
``plot(ax=None, **kwargs)``, which returns the display with ``figure_``, ``ax_`` and
``axes_`` set; keyword arguments go to matplotlib::

    from reglab.display import LossCurveDisplay
    trainer = fit(network, X, y, dev=(X_dev, y_dev), callbacks=[stopper])
    LossCurveDisplay.from_history(trainer, early_stopping=stopper).plot()

====================================  =====================================================
display                               what it draws
====================================  =====================================================
:class:`LossCurveDisplay`             train/dev loss per epoch of each model of a stack,
                                      early stopping's kept and stop epochs
:class:`DecisionBoundaryDisplay`      P(class 1) and the boundary of 2-D classifiers, one
                                      panel per model, train and dev points
:class:`ValidationCurveDisplay`       train/dev error against λ, ``keep_prob``, epochs...
:class:`LearningCurveDisplay`         train/dev error against the training-set size
:class:`BiasVarianceDisplay`          expected loss, bias and variance as grouped bars
:class:`WeightHistogramDisplay`       weight histograms, exact zeros marked (L1 vs L2)
:class:`OptimizerCostDisplay`         the tutorial's cost per epoch of each optimizer
:class:`AugmentationGalleryDisplay`   an image under each augmentation transform
====================================  =====================================================

matplotlib is imported only when a display draws; importing this package chooses no
backend, so figures show inline in Jupyter.
"""

from reglab.display._base import Display
from reglab.display.boundary import DecisionBoundaryDisplay
from reglab.display.costs import OptimizerCostDisplay
from reglab.display.curves import LearningCurveDisplay, ValidationCurveDisplay
from reglab.display.decomposition import BiasVarianceDisplay
from reglab.display.gallery import AugmentationGalleryDisplay
from reglab.display.losses import LossCurveDisplay
from reglab.display.weights import WeightHistogramDisplay

__all__ = [
    "AugmentationGalleryDisplay",
    "BiasVarianceDisplay",
    "DecisionBoundaryDisplay",
    "Display",
    "LearningCurveDisplay",
    "LossCurveDisplay",
    "OptimizerCostDisplay",
    "ValidationCurveDisplay",
    "WeightHistogramDisplay",
]
