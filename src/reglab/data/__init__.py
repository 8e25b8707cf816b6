"""Data: built-in data sets, loaders for the user's own data, and train / dev / test splits.

Imported on first use (see :mod:`reglab._lazy`): the data sets and splits need
scikit-learn, which the engine's mini-batching (``reglab.data.batches``) does not.
"""

from reglab._lazy import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(
    __name__,
    {
        "reglab.data.datasets": [
            "DATASETS",
            "SYMMETRIES",
            "Dataset",
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
            "tutorial_moons",
        ],
        "reglab.data.splits": [
            "Split",
            "SplitRecommendation",
            "recommend_split",
            "train_dev_test_split",
        ],
    },
)
