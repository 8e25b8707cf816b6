"""The Bayes error of the generated data sets: the floor no classifier can beat (tutorial, 1.2).

scikit-learn's ``make_moons`` places half the points on the upper half circle
``(cos t, sin t)`` (class 0) and half on the shifted lower one ``(1 - cos t, 0.5 - sin t)``
(class 1), ``t`` spread evenly over [0, π], then adds Gaussian noise of standard deviation
``noise`` to both coordinates. The class densities are therefore known:

    p(x | c) = (1/π) ∫_0^π N(x; μ_c(t), noise² I) dt,

and the Bayes classifier picks the class with the larger density (the classes are equally
likely). Its error, ``E_x[min(P(0|x), P(1|x))]``, is estimated here by Monte Carlo over
points drawn from the same process, with the integral over ``t`` done on a fine grid.

The other generators (circle, xor, gaussians, spiral) also add Gaussian noise of standard
deviation ``noise`` to noise-free points drawn from a known process, so each class density is
the mean of Gaussians centred on that process's points: :func:`bayes_error` draws the centres
from the generator itself (``noise=0``) and estimates the error the same way.
"""

from __future__ import annotations

import functools

import numpy as np

from reglab._validation import check_choice, check_int, check_positive

__all__ = ["bayes_error", "moons_bayes_error"]


def _centres(t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    outer = np.column_stack([np.cos(t), np.sin(t)])
    inner = np.column_stack([1 - np.cos(t), 1 - np.sin(t) - 0.5])
    return outer, inner


def _density(X: np.ndarray, centres: np.ndarray, noise: float) -> np.ndarray:
    """``(1/T) Σ_t N(x; centre_t, noise² I)`` for each row of X, up to a shared constant."""
    squared = ((X[:, None, :] - centres[None, :, :]) ** 2).sum(axis=-1)
    return np.exp(-squared / (2 * noise**2)).mean(axis=1)


def moons_bayes_error(
    noise: float, n_points: int = 10_000, n_grid: int = 400, random_state: int = 0
) -> float:
    """Monte Carlo estimate of the Bayes error of ``make_moons(noise=noise)``.

    With the defaults the standard error is below 0.003 (a mean of posteriors varies
    less than one of 0-1 errors). For ``noise=0.2`` (the tutorial's
    data) it is about 0.03; for ``noise=0.35``, about 0.12.
    """
    noise = float(check_positive("noise", noise))
    n_points = check_int("n_points", n_points, minimum=1)
    n_grid = check_int("n_grid", n_grid, minimum=2)
    rng = np.random.default_rng(random_state)
    outer, inner = _centres(np.linspace(0, np.pi, n_grid))
    labels = rng.integers(0, 2, n_points)
    t = rng.uniform(0, np.pi, n_points)
    means = np.where(labels[:, None] == 0, *_centres(t))
    X = means + rng.normal(scale=noise, size=(n_points, 2))
    errors = np.empty(n_points)
    for start in range(0, n_points, 2000):  # bounded memory: 2000 x n_grid pairs at a time
        rows = slice(start, start + 2000)
        p0, p1 = _density(X[rows], outer, noise), _density(X[rows], inner, noise)
        errors[rows] = np.minimum(p0, p1) / (p0 + p1)
    return float(errors.mean())


def _posterior_0(X: np.ndarray, centres: np.ndarray, labels: np.ndarray, noise: float):
    """``P(0 | x)`` for each row of X, each class density the mean of its centres' Gaussians.

    The exponents are shifted by each row's largest, so that a point far from every centre
    (small ``noise``) still gets a posterior instead of 0 / 0.
    """
    squared = (X**2).sum(1)[:, None] + (centres**2).sum(1)[None, :] - 2 * X @ centres.T
    exponent = -np.maximum(squared, 0) / (2 * noise**2)
    kernel = np.exp(exponent - exponent.max(axis=1, keepdims=True))
    p0 = kernel[:, labels == 0].mean(axis=1)
    p1 = kernel[:, labels == 1].mean(axis=1)
    return p0 / (p0 + p1)


@functools.lru_cache(maxsize=32)
def bayes_error(
    dataset: str,
    noise: float,
    n_points: int = 10_000,
    n_centres: int = 2_000,
    random_state: int = 0,
) -> float:
    """Monte Carlo estimate of the Bayes error of a generated data set at ``noise``.

    ``dataset`` is one of ``reglab.data.datasets.GENERATED``; the moons use
    :func:`moons_bayes_error`. For the others, ``n_centres`` noise-free points drawn from the
    generator stand for the process, and the error ``E_x[min(P(0|x), P(1|x))]`` is averaged
    over ``n_points`` noisy points. With no noise the classes do not overlap: 0. A result
    is kept for the same arguments (a deterministic estimate: its ``random_state`` is
    fixed), so a sweep's chunks or the playground's reconfigurations compute it once.

    >>> round(bayes_error("gaussians", 1.0), 2)  # the closed form: Φ(-√2) = 0.079
    0.08
    """
    from reglab.data.datasets import GENERATED, load_dataset

    check_choice("dataset", dataset, GENERATED)
    noise = float(check_positive("noise", noise, strict=False))
    if noise == 0:
        return 0.0
    if dataset == "moons":
        return moons_bayes_error(noise, n_points=n_points, random_state=random_state)
    centres = load_dataset(dataset, n_samples=n_centres, noise=0.0, random_state=random_state)
    points = load_dataset(dataset, n_samples=n_points, noise=noise, random_state=random_state + 1)
    errors = np.empty(n_points)
    for start in range(0, n_points, 2000):  # bounded memory: 2000 x n_centres pairs at a time
        rows = slice(start, start + 2000)
        p0 = _posterior_0(points.X[rows], centres.X, centres.y, noise)
        errors[rows] = np.minimum(p0, 1 - p0)
    return float(errors.mean())
