"""Throughput of reglab's image augmentation, in images per second.

Two batches of 64 images go through the full chain of transforms: scikit-learn digits
(8x8 grayscale, pixels 0..16) and random 32x32 RGB images (pixels in [0, 1]). Each figure is
the best of ``REPEATS`` loops that each run for about ``MIN_SECONDS``. A per-transform
breakdown follows. If torchvision is importable, the nearest ``torchvision.transforms.v2``
chain runs on the same images in the same process and the ratios are printed.

Run from the repository root (under 30 s)::

    PYTHONPATH=src .venv/bin/python bench/bench_augment.py
"""

from __future__ import annotations

import importlib.util
import math
import os
import platform
import timeit

import numpy as np
from sklearn.datasets import load_digits

from reglab.data.augment import (
    Brightness,
    ColorJitter,
    Compose,
    Contrast,
    GaussianNoise,
    HorizontalFlip,
    RandomCrop,
    Rotation,
    Translation,
    VerticalFlip,
    Zoom,
)

BATCH = 64
MIN_SECONDS = 0.15
REPEATS = 5


def images_per_second(run, n_images: int = BATCH) -> float:
    """Best throughput of ``run()`` over ``REPEATS`` loops of about ``MIN_SECONDS`` each."""
    timer = timeit.Timer(run)
    once = timer.timeit(number=1)  # also warms up
    number = max(1, math.ceil(MIN_SECONDS / max(once, 1e-9)))
    best = min(timer.repeat(repeat=REPEATS, number=number)) / number
    return n_images / best


def reglab_steps(value_range: tuple[float, float], rgb: bool) -> list:
    """Every transform, at typical settings; colour jitter only for RGB."""
    steps = [
        HorizontalFlip(p=0.5, value_range=value_range),
        VerticalFlip(p=0.5, value_range=value_range),
        Rotation(degrees=(-15, 15), value_range=value_range),
        RandomCrop(scale=(0.5, 0.9), value_range=value_range),
        Translation(height_shift=(-0.1, 0.1), width_shift=(-0.1, 0.1), value_range=value_range),
        Zoom(scale=(0.9, 1.1), value_range=value_range),
        Contrast(factor=(0.8, 1.2), value_range=value_range),
        Brightness(delta=(-0.1, 0.1), value_range=value_range),
    ]
    if rgb:
        steps.append(ColorJitter(saturation=(0.8, 1.2), hue=(-0.05, 0.05)))
    steps.append(GaussianNoise(std=0.05, value_range=value_range))
    return steps


def cases() -> list[tuple[str, np.ndarray, tuple[float, float], bool]]:
    rng = np.random.default_rng(0)
    digits = load_digits().images[:BATCH].astype(float)  # (64, 8, 8), 0..16
    rgb = rng.random((BATCH, 32, 32, 3))
    return [("digits 8x8", digits, (0.0, 16.0), False), ("rgb 32x32x3", rgb, (0.0, 1.0), True)]


def torchvision_chain(size: int, rgb: bool):
    """The nearest torchvision.transforms.v2 chain (pixels in [0, 1], channels first).

    v2 transforms draw one set of parameters per call, so the chain is called once per image
    to match reglab's per-image draws. Brightness is multiplicative there, and
    RandomResizedCrop's scale is an area (0.5..0.9 sides = 0.25..0.81 area).
    """
    from torchvision.transforms import v2

    steps = [
        v2.RandomHorizontalFlip(p=0.5),
        v2.RandomVerticalFlip(p=0.5),
        v2.RandomRotation(degrees=15),
        v2.RandomResizedCrop(size, scale=(0.25, 0.81), ratio=(1.0, 1.0), antialias=False),
        v2.RandomAffine(degrees=0, translate=(0.1, 0.1)),
        v2.RandomAffine(degrees=0, scale=(0.9, 1.1)),
        v2.ColorJitter(brightness=0.1, contrast=0.2),
    ]
    if rgb:
        steps.append(v2.ColorJitter(saturation=0.2, hue=0.05))
    if hasattr(v2, "GaussianNoise"):  # torchvision >= 0.19
        steps.append(v2.GaussianNoise(sigma=0.05))
    return v2.Compose(steps)


def torch_images(images: np.ndarray, value_range: tuple[float, float]):
    import torch

    scaled = (images - value_range[0]) / (value_range[1] - value_range[0])
    channels_first = scaled[:, np.newaxis] if scaled.ndim == 3 else scaled.transpose(0, 3, 1, 2)
    return torch.from_numpy(np.ascontiguousarray(channels_first, dtype=np.float32))


def compare_torchvision(results: dict[str, float]) -> None:
    if importlib.util.find_spec("torchvision") is None:
        print("\ntorchvision: not importable, comparison skipped")
        return
    import torch
    import torchvision

    print(f"\ntorchvision {torchvision.__version__} (torch threads: {torch.get_num_threads()})")
    for name, images, value_range, rgb in cases():
        chain = torchvision_chain(images.shape[1], rgb)
        batch = torch_images(images, value_range)
        speed = images_per_second(lambda c=chain, b=batch: [c(image) for image in b])
        ratio = results[name] / speed
        print(f"  {name:12s} {speed:12,.0f} images/s   reglab / torchvision = {ratio:.2f}")


def main() -> None:
    print(f"reglab augmentation, batches of {BATCH}, {platform.processor() or 'cpu'}, ", end="")
    print(f"{os.cpu_count()} cores, numpy {np.__version__}")
    results = {}
    for name, images, value_range, rgb in cases():
        steps = reglab_steps(value_range, rgb)
        chain = Compose(steps)
        rng = np.random.default_rng(0)
        results[name] = images_per_second(lambda c=chain, x=images, r=rng: c(x, r))
        print(f"\n{name}: full chain of {len(steps)} {results[name]:12,.0f} images/s")
        for step in steps:
            speed = images_per_second(lambda s=step, x=images, r=rng: s(x, r))
            print(f"  {type(step).__name__:15s} {speed:12,.0f} images/s")
    compare_torchvision(results)


if __name__ == "__main__":
    main()
