"""The :class:`Dataset` container that every data set and loader returns.

:data:`SYMMETRIES` names the 2-D point symmetries (about the origin) that a data set may
declare as keeping its labels, so that data augmentation knows which transformations are
safe; :data:`TASKS` the kinds of target.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reglab._validation import check_choice, check_finite_array

__all__ = ["SYMMETRIES", "TASKS", "Dataset"]

SYMMETRIES: dict[str, str] = {
    "reflect_x": "(x, y) -> (-x, y): negate x, a left-right flip",
    "reflect_y": "(x, y) -> (x, -y): negate y, an up-down flip",
    "reflect_diagonal": "(x, y) -> (y, x): mirror in the line y = x",
    "reflect_antidiagonal": "(x, y) -> (-y, -x): mirror in the line y = -x",
    "rotate_90": "(x, y) -> (-y, x): a quarter turn",
    "rotate_180": "(x, y) -> (-x, -y): a half turn",
    "rotate": "a rotation by any angle about the origin",
}
TASKS = ("binary", "multiclass", "regression")


@dataclass(frozen=True, eq=False)
class Dataset:
    """A data set with examples in rows.

    Attributes
    ----------
    X : ndarray of shape (n_samples, n_features), float64
    y : ndarray of shape (n_samples,)
        Int labels ``0 .. n_classes - 1`` for classification, floats for regression.
    name : str
    task : {"binary", "multiclass", "regression"}
    feature_names : tuple of str, one per column of ``X``
    target_names : tuple of str, the name of each class (empty for regression)
    symmetries : tuple of str
        Label-preserving point symmetries, keys of :data:`SYMMETRIES`; empty when none.
    """

    X: np.ndarray
    y: np.ndarray
    name: str
    task: str
    feature_names: tuple[str, ...]
    target_names: tuple[str, ...] = ()
    symmetries: tuple[str, ...] = ()

    def __post_init__(self):
        X = check_finite_array("X", self.X, ndim=2)
        y = check_finite_array("y", self.y, ndim=1)
        if len(X) != len(y):
            raise ValueError(
                f"X and y must have the same number of rows, got {len(X)} and {len(y)}"
            )
        check_choice("task", self.task, TASKS)
        if self.task != "regression":
            y = y.astype(np.int64)
        if len(self.feature_names) != X.shape[1]:
            raise ValueError(
                f"feature_names must name {X.shape[1]} columns, got {len(self.feature_names)}"
            )
        for symmetry in self.symmetries:
            check_choice("symmetries", symmetry, SYMMETRIES)
        object.__setattr__(self, "X", X)
        object.__setattr__(self, "y", y)

    @property
    def n_samples(self) -> int:
        return self.X.shape[0]

    @property
    def n_features(self) -> int:
        return self.X.shape[1]

    @property
    def n_classes(self) -> int:
        """The number of classes; 0 for regression."""
        return len(self.target_names)

    def __repr__(self) -> str:
        return (
            f"Dataset(name={self.name!r}, task={self.task!r}, n_samples={self.n_samples}, "
            f"n_features={self.n_features}, n_classes={self.n_classes}, "
            f"symmetries={self.symmetries})"
        )
