"""An image under each augmentation transform (tutorial 4.2): what the network is shown.

Each column is a transform, each row a fresh draw of its random parameters: the variety a
model sees when augmentation is online (new draws every epoch) rather than offline.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from reglab._validation import check_int
from reglab.display._base import Display, expect

__all__ = ["AugmentationGalleryDisplay"]


class AugmentationGalleryDisplay(Display):
    """Images in a grid: one column per name, one row per variant.

    Parameters
    ----------
    images : mapping of str to array (variants, H, W) or (variants, H, W, C)
        The images of each column; every column has the same number of variants. A
        single (H, W) image stands for one variant.
    """

    def __init__(self, images: Mapping):
        expect("images", images, Mapping, "a dict of column name to images")
        self.images = {}
        for name, value in images.items():
            value = np.asarray(value, dtype=float)
            self.images[str(name)] = value[None] if value.ndim == 2 else value
        shapes = {len(v) for v in self.images.values()}
        if not self.images or len(shapes) != 1:
            raise ValueError(f"images must hold columns of one number of variants, got {shapes}")

    @classmethod
    def from_results(cls, result):
        """The gallery of an :class:`~reglab.experiments.augmentation.AugmentResult` (one
        digit under each transform the tutorial names)."""
        from reglab.experiments.augmentation import AugmentResult

        expect("result", result, AugmentResult, "run_augmentation() returns one")
        return cls(dict(result.gallery))

    @classmethod
    def from_transforms(cls, image, transforms: Mapping, *, n_variants=1, random_state=0):
        """``image`` (H, W[, C]) as it is, then under each of ``transforms`` (name ->
        image transform of :mod:`reglab.data.augment`), ``n_variants`` draws each, all
        drawn from ``np.random.default_rng(random_state)``."""
        from reglab.data.augment import Transform

        expect("transforms", transforms, Mapping, "a dict of name to transform")
        n_variants = check_int("n_variants", n_variants, minimum=1)
        image = np.asarray(image, dtype=float)
        if image.ndim not in (2, 3):
            raise ValueError(f"image must have shape (H, W) or (H, W, C), got {image.shape}")
        rng = np.random.default_rng(random_state)
        batch = np.repeat(image[None], n_variants, axis=0)
        columns = {"original": batch}
        for name, transform in transforms.items():
            expect(f"transforms[{name!r}]", transform, Transform)
            if transform.kind != "image":
                raise ValueError(
                    f"transforms[{name!r}] must be an image transform, got a "
                    f"{transform.kind} transform ({type(transform).__name__})"
                )
            columns[name] = transform(batch, rng)
        return cls(columns)

    def _describe(self) -> str:
        variants = len(next(iter(self.images.values())))
        return f"{', '.join(self.images)}; {variants} variant(s) each"

    def plot(self, ax=None, *, cmap="gray_r", **kwargs):
        """Draw the grid; return the display.

        ``ax`` holds one Axes per image (columns x variants, row by row) or is None;
        ``kwargs`` go to ``Axes.imshow`` (by default the grey levels span every image's
        range, so brightness changes show).
        """
        names = list(self.images)
        variants = len(self.images[names[0]])
        n = len(names) * variants
        axes = self._panels(ax, n, ncols=len(names), size=(1.3, 1.4))
        everything = np.concatenate([v.ravel() for v in self.images.values()])
        style = {"cmap": cmap, "vmin": everything.min(), "vmax": everything.max()} | kwargs
        for row in range(variants):
            for column, name in enumerate(names):
                ax = axes[row * len(names) + column]
                ax.imshow(self.images[name][row], **style)
                ax.set_xticks([])
                ax.set_yticks([])
                if row == 0:
                    ax.set_title(name, fontsize=7)
        return self._drawn(axes)
