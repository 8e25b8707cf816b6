"""reglab: a laboratory for the regularization and optimization of neural networks.

The engine trains stacks of K small dense (and convolutional) networks in one vectorized
NumPy pass; every regularizer and optimizer of the tutorial "深度学习之正则化" is here,
with the diagnosis tools to see what each one does.
"""

from reglab.data.batches import MiniBatches
from reglab.nn import Dense, Dropout, Network, mlp
from reglab.nn.serialize import load, save
from reglab.optim import SGD, Adam, AdamW, Momentum, Nesterov, RMSprop
from reglab.regularizers import L1, L2, ElasticNet, MaxNorm
from reglab.train import EarlyStopping, History, NaNGuard, ProgressBar, fit

__version__ = "0.1.0"

__all__ = [
    "L1",
    "L2",
    "SGD",
    "Adam",
    "AdamW",
    "Dense",
    "Dropout",
    "EarlyStopping",
    "ElasticNet",
    "History",
    "MaxNorm",
    "MiniBatches",
    "Momentum",
    "NaNGuard",
    "Nesterov",
    "Network",
    "ProgressBar",
    "RMSprop",
    "fit",
    "load",
    "mlp",
    "save",
]
