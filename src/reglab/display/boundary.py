"""Decision boundaries of 2-D binary classifiers, one panel per model (tutorial 2-4).

The background is the predicted probability of class 1 (blue 1, red 0), the black line the
boundary p = 0.5, the dots the training examples and the rings the dev examples, coloured
by label. A boundary that winds around single points memorizes noise (high variance); a
smooth one generalizes; one too smooth to follow the data underfits (high bias).
"""

from __future__ import annotations

import numpy as np

from reglab._validation import check_finite_array, check_int, check_real
from reglab.display._base import Display, color_of, expect

__all__ = ["DecisionBoundaryDisplay"]

_CLASS_COLORS = ("tab:red", "tab:blue")


def _points(name_X: str, X, name_y: str, y) -> tuple[np.ndarray, np.ndarray]:
    X = check_finite_array(name_X, X, ndim=2)
    if X.shape[1] != 2:
        raise ValueError(f"{name_X} must have 2 features to draw, got {X.shape[1]}")
    y = np.asarray(y).reshape(-1)
    if len(y) != len(X):
        raise ValueError(
            f"{name_X} and {name_y} must have the same number of rows, got {len(X)} and {len(y)}"
        )
    return X, y


def _grid(arrays, resolution: int, eps: float) -> tuple[np.ndarray, np.ndarray]:
    resolution = check_int("grid_resolution", resolution, minimum=2)
    eps = check_real("eps", eps)
    X = np.concatenate(arrays)
    low, high = X.min(axis=0) - eps, X.max(axis=0) + eps
    return np.meshgrid(
        np.linspace(low[0], high[0], resolution), np.linspace(low[1], high[1], resolution)
    )


class DecisionBoundaryDisplay(Display):
    """P(class 1) over a grid of the plane for one or several models, side by side.

    Parameters
    ----------
    xx, yy : ndarray of shape (G1, G2)
        The grid, as ``np.meshgrid`` makes it.
    probability : ndarray of shape (P, G1, G2)
        P(class 1) of each panel's model on the grid.
    X_train, y_train : arrays (n, 2) and (n,)
        Drawn as dots, coloured by label (0 red, 1 blue).
    X_dev, y_dev : arrays, optional
        Drawn as rings.
    names : sequence of P str, optional
        Panel titles; a known regularizer's name gets its colour.
    scores : sequence of P (train accuracy, dev accuracy or None), optional
        Shown under the names.
    """

    def __init__(
        self,
        xx,
        yy,
        probability,
        X_train,
        y_train,
        X_dev=None,
        y_dev=None,
        *,
        names=None,
        scores=None,
    ):
        self.xx, self.yy = np.asarray(xx, dtype=float), np.asarray(yy, dtype=float)
        probability = np.asarray(probability, dtype=float)
        if probability.ndim == 2:
            probability = probability[None]
        if probability.shape[1:] != self.xx.shape or self.xx.shape != self.yy.shape:
            raise ValueError(
                f"probability must have shape (panels, *xx.shape) = (P, {self.xx.shape}), "
                f"got {probability.shape}"
            )
        self.probability = probability
        self.X_train, self.y_train = _points("X_train", X_train, "y_train", y_train)
        self.X_dev = self.y_dev = None
        if X_dev is not None:
            self.X_dev, self.y_dev = _points("X_dev", X_dev, "y_dev", y_dev)
        P = len(probability)
        self.names = [f"model {k}" for k in range(P)] if names is None else list(names)
        self.scores = [None] * P if scores is None else list(scores)
        if len(self.names) != P or len(self.scores) != P:
            raise ValueError(
                f"names and scores must have one entry per panel ({P}), "
                f"got {len(self.names)} and {len(self.scores)}"
            )

    @classmethod
    def from_network(
        cls,
        network,
        X,
        y,
        *,
        X_dev=None,
        y_dev=None,
        models=None,
        names=None,
        grid_resolution: int = 100,
        eps: float = 0.5,
    ):
        """Models of a trained binary :class:`~reglab.nn.Network` with 2 inputs.

        ``models`` picks models of the stack (all by default); ``(X, y)`` are the training
        points and ``(X_dev, y_dev)`` the dev points, both also scored.
        """
        from reglab.nn.network import Network

        expect("network", network, Network)
        if not network.built or network.input_shape != (2,) or network.loss.task != "binary":
            shape = network.input_shape if network.built else "not built"
            raise ValueError(
                "network must be a built binary classifier with 2 inputs, got input shape "
                f"{shape} and loss {network.loss.name!r}"
            )
        models = np.arange(network.n_models) if models is None else np.asarray(models).ravel()
        if models.size == 0 or models.min() < 0 or models.max() >= network.n_models:
            raise ValueError(f"models must index the {network.n_models} models, got {models}")
        X, y = _points("X", X, "y", y)
        sets = [X] if X_dev is None else [X, _points("X_dev", X_dev, "y_dev", y_dev)[0]]
        xx, yy = _grid(sets, grid_resolution, eps)
        grid = np.column_stack([xx.ravel(), yy.ravel()])
        probability = network.output(grid)[models, :, 0].reshape((len(models),) + xx.shape)
        train = network.evaluate(X, y)["accuracy"][models]
        dev = network.evaluate(X_dev, y_dev)["accuracy"][models] if X_dev is not None else None
        scores = [(train[i], None if dev is None else dev[i]) for i in range(len(models))]
        names = [f"model {k}" for k in models] if names is None else names
        return cls(xx, yy, probability, X, y, X_dev, y_dev, names=names, scores=scores)

    @classmethod
    def from_estimator(
        cls, estimator, X, y, *, X_dev=None, y_dev=None, name=None, grid_resolution=100, eps=0.5
    ):
        """A fitted binary classifier with ``predict_proba`` (reglab's or scikit-learn's)."""
        if not hasattr(estimator, "predict_proba"):
            raise TypeError(
                "estimator must be a fitted classifier with predict_proba, got "
                f"{type(estimator).__name__}"
            )
        if not hasattr(estimator, "classes_"):
            raise ValueError(f"estimator must be fitted first, got an unfitted {estimator!r}")
        if len(estimator.classes_) != 2:
            raise ValueError(f"estimator must have 2 classes, got {len(estimator.classes_)}")
        X, y = _points("X", X, "y", y)
        sets = [X] if X_dev is None else [X, _points("X_dev", X_dev, "y_dev", y_dev)[0]]
        xx, yy = _grid(sets, grid_resolution, eps)
        grid = np.column_stack([xx.ravel(), yy.ravel()])
        probability = estimator.predict_proba(grid)[:, 1].reshape(xx.shape)
        # labels as indices of classes_, so the colours follow predict_proba's columns
        y_index = np.searchsorted(estimator.classes_, y)
        dev_index = None if X_dev is None else np.searchsorted(estimator.classes_, y_dev)
        score = (estimator.score(X, y), None if X_dev is None else estimator.score(X_dev, y_dev))
        name = name or type(estimator).__name__
        return cls(xx, yy, probability, X, y_index, X_dev, dev_index, names=[name], scores=[score])

    @classmethod
    def from_results(cls, result, *, names=None):
        """The first seed of each regularizer of a :class:`~reglab.experiments.study.StudyResult`
        (or those in ``names``), with its training and dev points; the accuracies shown are
        means over the seeds that did not diverge."""
        from reglab.experiments.study import StudyResult

        expect("result", result, StudyResult, "run_study() returns one")
        runs = result.regularizers
        if names is not None:
            known = [run.name for run in runs]
            missing = [name for name in names if name not in known]
            if missing:
                raise ValueError(f"names must be regularizers of the study {known}, got {missing}")
            runs = [next(run for run in runs if run.name == name) for name in names]
        split = result.split
        scores = [(run.mean("train_accuracy"), run.mean("dev_accuracy")) for run in runs]
        return cls(
            *result.grid,
            np.stack([run.probability for run in runs]),
            split.X_train,
            split.y_train,
            split.X_dev,
            split.y_dev,
            names=[run.name for run in runs],
            scores=scores,
        )

    def _describe(self) -> str:
        return f"{len(self.probability)} panel(s): {', '.join(self.names)}"

    def plot(
        self,
        ax=None,
        *,
        ncols=4,
        show_dev=True,
        legend=True,
        contour_kw=None,
        scatter_kw=None,
        **kwargs,
    ):
        """Draw one panel per model; return the display.

        Parameters
        ----------
        ax : Axes or sequence of Axes, optional
            One per panel; a new figure of ``ncols`` panels a row when None.
        show_dev : bool, default True
            Draw the dev points (rings) beside the training points (dots).
        legend : bool, default True
            A legend of the point kinds on the first panel.
        contour_kw, scatter_kw : dict, optional
            Passed to the boundary's ``Axes.contour`` and to the points' ``Axes.scatter``.
        **kwargs
            Passed to ``Axes.contourf`` of the background (``cmap``, ``alpha``, ``levels``).
        """
        axes = self._panels(ax, len(self.probability), ncols=ncols, size=(3.2, 3.2))
        background = {"levels": np.linspace(0, 1, 11), "cmap": "RdBu", "alpha": 0.4} | kwargs
        contour = {"levels": [0.5], "colors": "black", "linewidths": 1.4} | (contour_kw or {})
        for panel, (ax, probability) in enumerate(zip(axes, self.probability, strict=True)):
            ax.contourf(self.xx, self.yy, probability, **background)
            ax.contour(self.xx, self.yy, probability, **contour)
            self._scatter(ax, show_dev, scatter_kw or {})
            ax.set_title(self._title(panel), fontsize=9, color=color_of(self.names[panel]))
            ax.set_xticks([])
            ax.set_yticks([])
        if legend:
            axes[0].legend(fontsize=7, loc="lower right", framealpha=0.8)
        return self._drawn(axes)

    def _scatter(self, ax, show_dev: bool, scatter_kw: dict) -> None:
        sets = [("train", self.X_train, self.y_train)]
        if show_dev and self.X_dev is not None:
            sets.append(("dev", self.X_dev, self.y_dev))
        for kind, X, y in sets:
            for label, color in enumerate(_CLASS_COLORS):
                points = X[y == label]
                style = {"s": 12, "lw": 0.4, "label": f"class {label} ({kind})"}
                if kind == "train":
                    style |= {"color": color, "edgecolors": "black"}
                else:
                    style |= {"facecolors": "none", "edgecolors": color, "lw": 0.9}
                ax.scatter(points[:, 0], points[:, 1], **(style | scatter_kw))

    def _title(self, panel: int) -> str:
        score = self.scores[panel]
        if score is None:
            return self.names[panel]
        train, dev = score
        text = f"train {train:.3f}" + ("" if dev is None else f", dev {dev:.3f}")
        return f"{self.names[panel]}\n{text}"
