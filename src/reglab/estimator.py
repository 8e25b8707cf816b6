"""scikit-learn estimators around the engine: a stack of one model behind ``fit``/``predict``.

:class:`RegLabClassifier` and :class:`RegLabRegressor` build a dense network with
:func:`~reglab.nn.mlp.mlp`, train it with :func:`~reglab.train.fit.fit` and expose the
result the scikit-learn way, so that ``clone``, ``Pipeline``, ``GridSearchCV`` and
``cross_val_score`` work, and the tutorial's regularizers (L1, L2, dropout, early stopping)
become hyperparameters to search over::

    from sklearn.model_selection import GridSearchCV
    search = GridSearchCV(RegLabClassifier(epochs=100, random_state=0),
                          {"l2": [0.0, 0.1, 1.0], "keep_prob": [1.0, 0.8]})

As scikit-learn asks, ``__init__`` only stores its arguments; they are checked when
``fit`` is called, with messages such as ``keep_prob must be in (0, 1], got 1.5``.

The networks, like the tutorial's, assume features on one scale. As with scikit-learn's own
``MLPClassifier``, scaling is the user's step, in a pipeline::

    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    model = make_pipeline(StandardScaler(), RegLabClassifier(random_state=0))

``fit`` warns (:class:`~reglab.diagnose.scaling.FeatureScaleWarning`) when the features'
magnitudes differ by a factor of 100 or more (or reach 1,000), and
(:class:`~reglab.train.callbacks.DivergenceWarning`) when training diverged; a diverged
model has ``diverged_ = True`` and its weights from before the divergence.
"""

from __future__ import annotations

import warnings
from numbers import Integral

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import LabelEncoder
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from reglab._validation import (
    check_choice,
    check_in_range,
    check_int,
    check_positive,
    check_real,
)
from reglab.diagnose.scaling import FeatureScaleWarning, feature_scales
from reglab.nn.mlp import mlp
from reglab.optim import OPTIMIZERS, get_optimizer
from reglab.regularizers import L1, L2, ElasticNet
from reglab.train.callbacks import DivergenceWarning, EarlyStopping
from reglab.train.fit import check_magnitude
from reglab.train.fit import fit as train_network

__all__ = ["RegLabClassifier", "RegLabRegressor"]

HIDDEN_ACTIVATIONS = ("relu", "leaky_relu", "tanh", "sigmoid", "linear")
DTYPES = {"float64": np.float64, "float32": np.float32}


def _seed(random_state) -> int:
    """The network's seed from ``random_state``: None, an int >= 0, or a NumPy generator.

    An int is used as it is, so ``random_state=7`` trains the model that
    ``mlp(..., seed=7)`` and :func:`~reglab.train.fit.fit` train. ``None`` takes fresh
    entropy from the operating system, never NumPy's global state.
    """
    if random_state is None:
        return int(np.random.SeedSequence().generate_state(1)[0])
    if isinstance(random_state, np.random.RandomState):
        return int(random_state.randint(np.iinfo(np.int32).max))
    if isinstance(random_state, np.random.Generator):
        return int(random_state.integers(np.iinfo(np.int32).max))
    if isinstance(random_state, Integral) and not isinstance(random_state, bool):
        return check_int("random_state", random_state, minimum=0)
    raise TypeError(
        f"random_state must be None, an integer or a NumPy random generator, got {random_state!r}"
    )


def _regularizers(l1: float, l2: float):
    if l1 > 0 and l2 > 0:
        return ElasticNet(l1=l1, l2=l2)
    if l1 > 0:
        return L1(l1)
    return L2(l2) if l2 > 0 else None


def _split(X, y, fraction: float, seed: int, stratify: bool):
    """Hold out ``fraction`` of the rows for early stopping, stratified when it can be.

    Stratifying needs at least two examples of every class and a held-out set with room
    for one of each; on smaller data the split is a plain random one.
    """
    n_dev = int(np.ceil(fraction * len(y)))
    _, counts = np.unique(y, return_counts=True) if stratify else (None, [])
    can_stratify = stratify and min(counts) >= 2 and len(counts) <= min(n_dev, len(y) - n_dev)
    return train_test_split(
        X, y, test_size=fraction, random_state=seed, stratify=y if can_stratify else None
    )


_PARAMETERS_DOC = """
    Parameters
    ----------
    hidden_layer_sizes : tuple of int, default (32, 32)
        Units of each hidden layer; ``()`` gives a linear model (logistic regression for
        the classifier).
    activation : {"relu", "leaky_relu", "tanh", "sigmoid", "linear"}, default "relu"
        Activation of the hidden layers.
    optimizer : str, default "adam"
        A name of :data:`reglab.optim.OPTIMIZERS` ("sgd", "momentum", "adam", ...).
    learning_rate : float, default 0.001
    epochs : int, default 200
        Passes over the training set (fewer with early stopping).
    batch_size : int or None, default 64
        Mini-batch size; ``None`` is full-batch gradient descent.
    l2 : float, default 0.0
        λ of the tutorial's L2 penalty ``λ/(2m) Σ‖W‖²`` (see :class:`~reglab.L2`).
    l1 : float, default 0.0
        λ of the L1 penalty ``(λ/m) Σ|W|``; with ``l2`` too, an :class:`~reglab.ElasticNet`.
    keep_prob : float in (0, 1], default 1.0
        Inverted dropout after every hidden layer; 1.0 switches it off.
    early_stopping : bool, default False
        Hold out ``validation_fraction`` of the training data and stop when its loss has not
        improved for ``patience`` epochs, keeping the best epoch's weights.
    validation_fraction : float in (0, 1), default 0.1
    patience : int, default 10
    random_state : None, int or NumPy generator, default None
        The one source of randomness: the network's seed (initial weights, batch order,
        dropout masks) and the early-stopping split.
    dtype : {"float64", "float32"}, default "float64"
        The network's floating-point type; ``X`` is cast to it once. float32 halves the
        memory and runs large layers about twice as fast.
"""


class _RegLabBase(BaseEstimator):
    """Hyperparameters, their checks and the training shared by both estimators."""

    def __init__(
        self,
        hidden_layer_sizes=(32, 32),
        activation="relu",
        optimizer="adam",
        learning_rate=0.001,
        epochs=200,
        batch_size=64,
        l2=0.0,
        l1=0.0,
        keep_prob=1.0,
        early_stopping=False,
        validation_fraction=0.1,
        patience=10,
        random_state=None,
        dtype="float64",
    ):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.optimizer = optimizer
        self.learning_rate = learning_rate
        self.epochs = epochs
        self.batch_size = batch_size
        self.l2 = l2
        self.l1 = l1
        self.keep_prob = keep_prob
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.patience = patience
        self.random_state = random_state
        self.dtype = dtype

    def _check_params(self) -> None:
        if isinstance(self.hidden_layer_sizes, str | Integral):
            sizes = self.hidden_layer_sizes
            raise TypeError(f"hidden_layer_sizes must be a sequence of integers, got {sizes!r}")
        for units in self.hidden_layer_sizes:
            check_int("hidden_layer_sizes", units, minimum=1)
        check_choice("activation", self.activation, HIDDEN_ACTIVATIONS)
        check_choice("optimizer", self.optimizer, OPTIMIZERS)
        check_positive("learning_rate", check_real("learning_rate", self.learning_rate))
        check_int("epochs", self.epochs, minimum=1)
        if self.batch_size is not None:
            check_int("batch_size", self.batch_size, minimum=1)
        check_positive("l2", check_real("l2", self.l2), strict=False)
        check_positive("l1", check_real("l1", self.l1), strict=False)
        check_in_range("keep_prob", check_real("keep_prob", self.keep_prob), 0, 1, low_open=True)
        if not isinstance(self.early_stopping, bool | np.bool_):
            raise TypeError(f"early_stopping must be True or False, got {self.early_stopping!r}")
        fraction = check_real("validation_fraction", self.validation_fraction)
        check_in_range("validation_fraction", fraction, 0, 1, low_open=True, high_open=True)
        check_int("patience", self.patience, minimum=0)
        check_choice("dtype", self.dtype, DTYPES)

    def _train(self, X, y, loss: str, n_out: int, stratify: bool) -> None:
        """Build ``network_`` and train it on ``(X, y)``; ``y`` already in the loss's form."""
        seed = _seed(self.random_state)
        self.network_ = mlp(
            [X.shape[1], *self.hidden_layer_sizes, n_out],
            activation=self.activation,
            loss=loss,
            keep_prob=float(self.keep_prob),
            regularizers=_regularizers(float(self.l1), float(self.l2)),
            seed=seed,
            dtype=self.dtype,
        )
        dev, callbacks = None, []
        if self.early_stopping:
            X, X_dev, y, y_dev = _split(X, y, self.validation_fraction, seed, stratify)
            dev = (X_dev, y_dev)
            callbacks = [EarlyStopping("dev_loss", patience=self.patience)]
        name = type(self).__name__
        scales = feature_scales(X)
        if scales.unscaled:
            warnings.warn(
                FeatureScaleWarning(
                    f"{name}: the features are {scales.problem} ({scales.describe()}); the "
                    "network trains best on standardized features: "
                    f"make_pipeline(StandardScaler(), {name}(...))"
                ),
                stacklevel=3,
            )
        with warnings.catch_warnings():  # the engine's warning, said below in our terms
            warnings.simplefilter("ignore", DivergenceWarning)
            trainer = train_network(
                self.network_,
                X,
                y,
                optimizer=get_optimizer(self.optimizer, learning_rate=float(self.learning_rate)),
                epochs=self.epochs,
                batch_size=self.batch_size,
                dev=dev,
                callbacks=callbacks,
            )
        self.history_ = trainer.history
        self.n_iter_ = len(trainer.history.epochs)
        self.diverged_ = bool(trainer.diverged[0])
        if self.diverged_:
            why = trainer.stop_reasons[0].removeprefix("diverged: ")
            warnings.warn(
                DivergenceWarning(
                    f"{name} diverged ({why}): its predictions are those of the weights from "
                    f"before; lower learning_rate (now {self.learning_rate:g}), and "
                    "standardize the features if they are large"
                ),
                stacklevel=3,
            )

    def _output(self, X) -> np.ndarray:
        """The network's output (probabilities or values) for ``X``, shape (n, n_out)."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=DTYPES[self.dtype], reset=False)
        return self.network_.output(X)[0]


class RegLabClassifier(ClassifierMixin, _RegLabBase):
    __doc__ = (
        """A dense neural-network classifier trained by reglab's engine.

    Two classes: one sigmoid output and binary cross-entropy; more: a softmax output and
    softmax cross-entropy. Labels may be of any kind (strings, integers); they are encoded
    with :class:`~sklearn.preprocessing.LabelEncoder`.
    """
        + _PARAMETERS_DOC
        + """
    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when ``X`` has column names.
    network_ : Network
        The trained stack of one model.
    history_ : History
        The epoch logs (``history_["cost"]`` has shape (epochs, 1)).
    n_iter_ : int
        Epochs run.
    diverged_ : bool
        Training diverged (a :class:`~reglab.train.callbacks.DivergenceWarning` was issued).

    Examples
    --------
    >>> from sklearn.datasets import make_moons
    >>> X, y = make_moons(200, noise=0.2, random_state=0)
    >>> clf = RegLabClassifier(hidden_layer_sizes=(16,), epochs=100, random_state=0).fit(X, y)
    >>> clf.score(X, y) > 0.8
    True
    """
    )

    def fit(self, X, y):
        """Train on ``X`` (n_samples, n_features) and labels ``y`` (n_samples,); returns self."""
        self._check_params()
        check_magnitude("X", X, DTYPES[self.dtype])  # before the cast: 1e200 is inf in float32
        X, y = validate_data(self, X, y, dtype=DTYPES[self.dtype])
        check_classification_targets(y)
        encoder = LabelEncoder().fit(y)
        self.classes_ = encoder.classes_
        if len(self.classes_) < 2:
            only = self.classes_.tolist()[0]
            raise ValueError(f"y must hold at least 2 classes, got 1 class: {only!r}")
        binary = len(self.classes_) == 2
        loss = "binary_crossentropy" if binary else "softmax_crossentropy"
        n_out = 1 if binary else len(self.classes_)
        self._train(X, encoder.transform(y), loss, n_out, stratify=True)
        return self

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities, shape (n_samples, n_classes), columns in ``classes_`` order."""
        A = self._output(X)
        return np.hstack([1.0 - A, A]) if A.shape[1] == 1 else A

    def predict_log_proba(self, X) -> np.ndarray:
        """``log(predict_proba(X))``."""
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))

    def predict(self, X) -> np.ndarray:
        """The most probable class of each sample, shape (n_samples,)."""
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]


class RegLabRegressor(RegressorMixin, _RegLabBase):
    __doc__ = (
        """A dense neural-network regressor trained by reglab's engine (mean squared error).

    ``y`` may have several columns (multi-output regression); ``predict`` returns
    (n_samples,) for one target and (n_samples, n_targets) for several.
    """
        + _PARAMETERS_DOC
        + """
    Attributes
    ----------
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when ``X`` has column names.
    n_outputs_ : int
        Number of targets.
    network_ : Network
        The trained stack of one model.
    history_ : History
        The epoch logs.
    n_iter_ : int
        Epochs run.
    diverged_ : bool
        Training diverged (a :class:`~reglab.train.callbacks.DivergenceWarning` was issued).
    """
    )

    def fit(self, X, y):
        """Train on ``X`` (n_samples, n_features) and targets ``y`` (n_samples[, n_targets])."""
        self._check_params()
        dtype = DTYPES[self.dtype]
        check_magnitude("X", X, dtype)  # before the cast: 1e200 is inf in float32
        X, y = validate_data(self, X, y, dtype=dtype, multi_output=True, y_numeric=True)
        self.n_outputs_ = 1 if y.ndim == 1 else y.shape[1]
        self._train(X, y, "mse", self.n_outputs_, stratify=False)
        return self

    def predict(self, X) -> np.ndarray:
        """Predicted values, shape (n_samples,) or (n_samples, n_targets)."""
        A = self._output(X)
        return A[:, 0] if self.n_outputs_ == 1 else A

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags
