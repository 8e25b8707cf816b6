"""Online and offline augmentation of the rows a network consumes.

Networks in reglab take examples as rows, ``(batch, features)``, and the engine trains a
stack of K models at once on ``(K, batch, features)``. These helpers reshape such rows into
what a transform expects (images of ``image_shape``, or 2-D points), transform, and reshape
back.

- Online: :func:`augment_batch` on each mini-batch as it is fed, so every epoch sees new
  variants (what the tutorial's code does).
- Offline: :func:`expand_offline` once, up front: the data plus ``factor - 1`` transformed
  copies, ``n * factor`` examples in all (a flip with ``factor=2`` doubles the data set).
"""

from __future__ import annotations

import numpy as np

from reglab._validation import check_finite_array, check_int

from ._base import Transform

__all__ = ["augment_batch", "expand_offline"]


def augment_batch(
    transform: Transform,
    X,
    rng: np.random.Generator,
    *,
    image_shape: tuple[int, ...] | None = None,
    training: bool = True,
) -> np.ndarray:
    """Augment one mini-batch of rows, online.

    Parameters
    ----------
    transform : Transform
        An image transform (``image_shape`` needed) or a point transform (2 features).
    X : array_like, shape (batch, features) or (K, batch, features)
        Rows, one per example; a leading model axis K is flattened away, every row gets its
        own draw from the one ``rng``, and the shape is restored.
    rng : numpy.random.Generator
        The only source of randomness.
    image_shape : (int, int) or (int, int, int), optional
        ``(H, W)`` or ``(H, W, C)`` of each image, with ``H * W * C == features``; required
        for image transforms, rejected for point transforms.
    training : bool, default True
        When False the batch is returned unchanged (as a float64 copy).

    Returns
    -------
    ndarray of float64, same shape as ``X``
    """
    _check_transform(transform)
    rows = check_finite_array("X", X, ndim=(2, 3))
    data = _rows_as_data(transform, rows.reshape(-1, rows.shape[-1]), image_shape)
    return transform(data, rng, training=training).reshape(rows.shape)


def expand_offline(
    transform: Transform,
    X,
    y,
    factor: int,
    rng: np.random.Generator,
    *,
    image_shape: tuple[int, ...] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Enlarge a data set up front: the originals plus ``factor - 1`` transformed copies.

    Parameters
    ----------
    transform : Transform
        The augmentation; each copy is a fresh draw.
    X : array_like, shape (n, features), or (n, H, W[, C]) images
        The examples: rows (2-D points, or images flattened to rows with ``image_shape``),
        or an array of images.
    y : array_like, shape (n, ...)
        Labels, repeated for every copy.
    factor : int
        Size of the result relative to the data, >= 1; 1 returns a copy of the data.
    rng : numpy.random.Generator
        The only source of randomness.
    image_shape : (int, int) or (int, int, int), optional
        Shape of each image when X holds rows of images.

    Returns
    -------
    X_new : ndarray, shape (n * factor, ...)
        ``X`` first, then copy 1, ..., copy ``factor - 1``, each in the shape of ``X``.
    y_new : ndarray, shape (n * factor, ...)
        ``y`` repeated ``factor`` times, aligned with ``X_new``.
    """
    _check_transform(transform)
    factor = check_int("factor", factor, minimum=1)
    X = check_finite_array("X", X)
    y = np.asarray(y)
    if y.ndim == 0 or len(y) != len(X):
        raise ValueError(f"y must have one label per example of X ({len(X)}), got shape {y.shape}")
    if X.ndim != 2 and image_shape is not None:
        raise ValueError(
            f"image_shape is only for rows (n, features), got {image_shape!r} with X of "
            f"shape {X.shape}"
        )
    data = _rows_as_data(transform, X, image_shape) if X.ndim == 2 else X
    copies = [transform(data, rng).reshape(X.shape) for _ in range(factor - 1)]
    return np.concatenate([X, *copies]), np.concatenate([y] * factor)


def _check_transform(transform) -> None:
    if not isinstance(transform, Transform):
        raise TypeError(f"transform must be a Transform, got {type(transform).__name__}")


def _rows_as_data(transform: Transform, rows: np.ndarray, image_shape) -> np.ndarray:
    """Reshape rows (n, features) into what ``transform`` takes."""
    if transform.kind != "image":
        if image_shape is not None:
            raise ValueError(f"image_shape is only for image transforms, got {image_shape!r}")
        return rows
    if image_shape is None:
        raise ValueError("image_shape must be given to augment rows of images, got None")
    shape = tuple(int(s) for s in image_shape)
    if len(shape) not in (2, 3) or int(np.prod(shape)) != rows.shape[1]:
        raise ValueError(
            f"image_shape must be (H, W) or (H, W, C) with H * W * C = {rows.shape[1]} "
            f"features, got {image_shape!r}"
        )
    return rows.reshape(len(rows), *shape)
