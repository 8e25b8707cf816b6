"""Data: built-in data sets, loaders for the user's own data, and train / dev / test splits."""

from reglab.data.datasets import (
    DATASETS,
    SYMMETRIES,
    Dataset,
    load_breast_cancer,
    load_csv,
    load_dataset,
    load_digits,
    load_iris,
    load_npz,
    load_wine,
    make_circle,
    make_gaussians,
    make_moons,
    make_spiral,
    make_xor,
    tutorial_moons,
)
from reglab.data.splits import (
    Split,
    SplitRecommendation,
    recommend_split,
    train_dev_test_split,
)

__all__ = [
    "DATASETS",
    "SYMMETRIES",
    "Dataset",
    "Split",
    "SplitRecommendation",
    "load_breast_cancer",
    "load_csv",
    "load_dataset",
    "load_digits",
    "load_iris",
    "load_npz",
    "load_wine",
    "make_circle",
    "make_gaussians",
    "make_moons",
    "make_spiral",
    "make_xor",
    "recommend_split",
    "train_dev_test_split",
    "tutorial_moons",
]
