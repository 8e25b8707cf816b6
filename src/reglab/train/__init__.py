"""The fit loop and its callbacks."""

from reglab.train.callbacks import (
    Callback,
    DivergenceWarning,
    EarlyStopping,
    History,
    NaNGuard,
    ProgressBar,
)
from reglab.train.fit import Trainer, fit

__all__ = [
    "Callback",
    "DivergenceWarning",
    "EarlyStopping",
    "History",
    "NaNGuard",
    "ProgressBar",
    "Trainer",
    "fit",
]
