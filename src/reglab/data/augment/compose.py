"""Chain several transforms into one, drawing all their parameters before applying any."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from reglab._validation import check_int

from ._base import Params, Transform
from ._checks import check_params_length, check_rng

__all__ = ["Compose", "ComposeParams"]


@dataclass(frozen=True, eq=False)
class ComposeParams:
    """Parameters of a chain: ``n`` examples and one :class:`Params` per step, in order."""

    n: int
    steps: tuple[Params, ...]

    def __len__(self) -> int:
        return self.n


class Compose(Transform):
    """Apply ``transforms`` one after another (torchvision's ``Compose``).

    Parameters
    ----------
    transforms : sequence of Transform
        The steps, all image transforms or all point transforms. Image steps must share one
        ``value_range``, since each step clips into its own.

    Notes
    -----
    :meth:`draw` draws every step's parameters, in order, from the one generator; then
    :meth:`apply` runs the steps. Each step keeps its own probability ``p``.

    Examples
    --------
    >>> import numpy as np
    >>> from reglab.data.augment import Brightness, HorizontalFlip
    >>> chain = Compose([HorizontalFlip(p=1.0), Brightness(delta=(0.5, 0.5))])
    >>> chain(np.array([[[0.0, 0.25]]]), np.random.default_rng(0))
    array([[[0.75, 0.5 ]]])
    """

    def __init__(self, transforms: Sequence[Transform]):
        self.transforms = list(transforms)
        if not self.transforms:
            raise ValueError(f"transforms must not be empty, got {transforms!r}")
        for step in self.transforms:
            if not isinstance(step, Transform):
                raise TypeError(f"transforms must hold Transform objects, got {step!r}")
        kinds = {step.kind for step in self.transforms}
        if len(kinds) > 1:
            raise ValueError(f"transforms must all be of one kind, got kinds {sorted(kinds)}")
        self.kind = kinds.pop()
        ranges = {getattr(step, "value_range", None) for step in self.transforms}
        if len(ranges) > 1:
            shown = ", ".join(repr(r) for r in sorted(ranges, key=repr))
            raise ValueError(f"transforms must share one value_range, got {shown}")
        #: The shared pixel range of image steps (None for point steps).
        self.value_range = ranges.pop()

    def draw(self, n: int, rng: np.random.Generator) -> ComposeParams:
        """Draw the parameters of every step for a batch of ``n`` examples."""
        n = check_int("n", n, minimum=0)
        check_rng(rng)
        return ComposeParams(n=n, steps=tuple(step.draw(n, rng) for step in self.transforms))

    def _check(self, data) -> np.ndarray:
        checked = self.transforms[0]._check(data)
        for step in self.transforms[1:]:
            step._check(checked)
        return checked

    def _apply_checked(self, data: np.ndarray, params: ComposeParams) -> np.ndarray:
        check_params_length(params, len(data))
        if len(params.steps) != len(self.transforms):
            raise ValueError(
                f"params must hold {len(self.transforms)} steps, got {len(params.steps)}"
            )
        for step, step_params in zip(self.transforms, params.steps, strict=True):
            data = step._apply_checked(data, step_params)
        return data
