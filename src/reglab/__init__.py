"""reglab: a laboratory for the regularization and optimization of neural networks.

The engine trains stacks of K small dense (and convolutional) networks in one vectorized
NumPy pass; every regularizer and optimizer of the tutorial "深度学习之正则化" is here,
with the diagnosis tools to see what each one does.

The names below are imported on first use (see :mod:`reglab._lazy`): ``import reglab``
itself loads almost nothing, so the command line starts at once.
"""

from reglab._lazy import lazy_exports

__version__ = "0.1.0"

__getattr__, __dir__, __all__ = lazy_exports(
    __name__,
    {
        "reglab.data.batches": ["MiniBatches"],
        "reglab.nn": ["Dense", "Dropout", "LegacyDropout", "Network", "mlp"],
        "reglab.nn.serialize": ["load", "save"],
        "reglab.optim": ["SGD", "Adam", "AdamW", "Momentum", "Nesterov", "RMSprop"],
        "reglab.regularizers": ["L1", "L2", "ElasticNet", "MaxNorm"],
        "reglab.train": ["EarlyStopping", "History", "NaNGuard", "ProgressBar", "fit"],
    },
)
