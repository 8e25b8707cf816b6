"""Augmentation of 2-D point data sets, X shaped (n, 2): jitter and symmetries.

For data such as ``make_moons`` or ``make_circles`` each example is one point, so the
"image" is a point and the transforms move it: Gaussian jitter, or a symmetry of the plane
that the classes are known to respect (a rotation for concentric circles, a half turn for
classes symmetric through the origin). Whether a symmetry keeps the labels is a property of
the data set, which the caller asserts by naming it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from reglab._validation import check_choice, check_positive, check_real

from ._base import Params, PointTransform
from ._checks import check_probability

__all__ = ["Jitter", "JitterParams", "SYMMETRIES", "Symmetry", "SymmetryParams"]

#: The symmetries :class:`Symmetry` knows, each a linear map of the plane about the origin.
SYMMETRIES = ("reflect_x", "reflect_y", "rotate", "rotate_180")


@dataclass(frozen=True, eq=False, repr=False)
class JitterParams(Params):
    """``applied`` (n,) and ``noise`` (n, 2), already scaled by ``std``."""

    noise: np.ndarray


class Jitter(PointTransform):
    """Add Gaussian noise to each point: ``x + std * z``, ``z ~ N(0, I)``.

    Parameters
    ----------
    std : float, default 0.05
        Standard deviation, >= 0, in the units of X; 0 is the identity.
    p : float, default 1.0
        Probability, in [0, 1], that each point moves.
    """

    def __init__(self, std: float = 0.05, p: float = 1.0):
        self.std = float(check_positive("std", check_real("std", std), strict=False))
        self.p = check_probability("p", p)

    def _draw(self, applied: np.ndarray, rng: np.random.Generator) -> JitterParams:
        return JitterParams(
            applied=applied, noise=self.std * rng.standard_normal((len(applied), 2))
        )

    def _transform(self, X: np.ndarray, params: JitterParams) -> np.ndarray:
        return X + params.noise


@dataclass(frozen=True, eq=False, repr=False)
class SymmetryParams(Params):
    """``applied`` (n,), ``choice`` (n,) index into ``names``, ``angle`` (n,) in radians.

    ``angle`` is used only where the chosen symmetry is ``"rotate"``.
    """

    choice: np.ndarray
    angle: np.ndarray


class Symmetry(PointTransform):
    """Map each point through a symmetry chosen uniformly from ``names``.

    Parameters
    ----------
    names : sequence of str, default ("reflect_x", "reflect_y", "rotate_180")
        Symmetries the labels respect, from ``SYMMETRIES``:

        - ``"reflect_x"``: ``(x, y) -> (-x, y)``, the mirror in the y axis;
        - ``"reflect_y"``: ``(x, y) -> (x, -y)``;
        - ``"rotate"``: rotation by an angle drawn uniformly in [0, 2 pi), counter-clockwise;
        - ``"rotate_180"``: ``(x, y) -> (-x, -y)``.

        All act about the origin: centre the data first if its symmetry centre is elsewhere.
    p : float, default 1.0
        Probability, in [0, 1], that each point is mapped.
    """

    def __init__(
        self,
        names: Sequence[str] = ("reflect_x", "reflect_y", "rotate_180"),
        p: float = 1.0,
    ):
        if isinstance(names, str) or len(names) == 0:
            raise ValueError(f"names must be a non-empty sequence of names, got {names!r}")
        self.names = tuple(check_choice("names", name, SYMMETRIES) for name in names)
        self.p = check_probability("p", p)

    def _draw(self, applied: np.ndarray, rng: np.random.Generator) -> SymmetryParams:
        n = len(applied)
        choice = rng.integers(len(self.names), size=n)
        angle = rng.uniform(0.0, 2.0 * np.pi, n)
        return SymmetryParams(applied=applied, choice=choice, angle=angle)

    def matrices(self, params: SymmetryParams) -> np.ndarray:
        """The 2x2 matrix of each point's symmetry, shape (n, 2, 2)."""
        cos, sin = np.cos(params.angle), np.sin(params.angle)
        rotation = np.stack([np.stack([cos, -sin], -1), np.stack([sin, cos], -1)], -2)
        fixed = {
            "reflect_x": np.diag([-1.0, 1.0]),
            "reflect_y": np.diag([1.0, -1.0]),
            "rotate_180": -np.eye(2),
        }
        chosen = np.asarray(self.names)[params.choice]
        out = np.empty((len(params), 2, 2))
        for name in set(self.names):
            where = chosen == name
            out[where] = rotation[where] if name == "rotate" else fixed[name]
        return out

    def _transform(self, X: np.ndarray, params: SymmetryParams) -> np.ndarray:
        return np.einsum("nij,nj->ni", self.matrices(params), X)
