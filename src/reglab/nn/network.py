"""A stack of K independent networks of the same architecture, trained as one.

All parameters of all models live in one flat buffer ``theta`` of shape (K, P),
and their gradients in ``grad`` of the same shape; each layer holds views of its slice
(e.g. a Dense layer's ``W`` is ``theta[:, a:b].reshape(K, n_out, n_in)``). An optimizer
updates every model with a few whole-array operations. A single model is a stack of one.

Model k of a stack is the same model as one trained alone with seed ``seeds[k]``: each
model draws its initial weights, its mini-batch order and its dropout masks from its own
generators, spawned from its seed, and every array operation acts on each model's slice
alone.

A network computes in one floating-point type, float64 by default (gradient checks, the
tutorial's digits) or float32 (half the memory, about twice the speed on large layers):
parameters, activations, losses, penalties and optimizer state all keep it, and inputs
are cast to it once, when they enter.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from reglab._validation import check_finite_array, check_int
from reglab.nn.layers.base import Layer
from reglab.nn.layers.dropout import Dropout, LegacyDropout
from reglab.nn.losses import Loss, get_loss
from reglab.regularizers import Regularizer

__all__ = ["Network", "model_generators"]


def model_generators(seed: int) -> tuple[np.random.Generator, ...]:
    """The three independent generators of one model: initial weights, batches, dropout.

    Separate streams mean that changing one thing (say ``keep_prob``) leaves the others
    (the initial weights, the batch order) exactly as they were: a controlled experiment.
    """
    return tuple(np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(3))


def _float_dtype(dtype) -> np.dtype:
    """float32 or float64, from a name or a NumPy type; anything else is refused."""
    try:
        checked = np.dtype(dtype)
    except TypeError:
        checked = None
    if checked not in (np.float32, np.float64):
        raise ValueError(f"dtype must be 'float32' or 'float64', got {dtype!r}")
    return checked


def _as_list(regularizers) -> list[Regularizer]:
    if regularizers is None:
        return []
    if isinstance(regularizers, Regularizer):
        return [regularizers]
    items = list(regularizers)
    for item in items:
        if not isinstance(item, Regularizer):
            raise TypeError(f"regularizer must be a Regularizer, got {type(item).__name__}")
    return items


class Network:
    """A stack of ``n_models`` networks: layers, a loss and weight regularizers.

    Parameters
    ----------
    layers : list of Layer
        Applied in order; the last one produces the logits ``Z`` the loss reads.
    loss : str or Loss
        ``"binary_crossentropy"``, ``"softmax_crossentropy"`` or ``"mse"``.
    regularizers : Regularizer or list, optional
        Applied to every layer's weights unless a layer sets its own.
    n_models : int, default 1
        K, the number of models in the stack.
    seed : int or sequence of K ints, default 0
        Model k's seed: ``seed + k`` for an int, ``seed[k]`` for a sequence.
    legacy_dropout : LegacyDropout, optional
        Draw every dropout mask as the tutorial's NumPy code does (see
        :class:`~reglab.nn.layers.dropout.LegacyDropout`), instead of from each model's
        own generator.
    dtype : {"float64", "float32"}, default "float64"
        The floating-point type of every array the network computes.
    """

    def __init__(
        self,
        layers: Sequence[Layer],
        loss="binary_crossentropy",
        regularizers=None,
        n_models: int = 1,
        seed=0,
        legacy_dropout: LegacyDropout | None = None,
        dtype="float64",
    ):
        self.layers = list(layers)
        for layer in self.layers:
            if not isinstance(layer, Layer):
                raise TypeError(f"layers must hold Layer objects, got {type(layer).__name__}")
        if not any(type(layer).param_specs is not Layer.param_specs for layer in self.layers):
            raise ValueError("layers must contain at least one layer with weights, got none")
        self.loss: Loss = get_loss(loss)
        self.regularizers = _as_list(regularizers)
        self.n_models = check_int("n_models", n_models, minimum=1)
        self.seeds = self._seeds(seed)
        if legacy_dropout is not None and not isinstance(legacy_dropout, LegacyDropout):
            raise TypeError(
                f"legacy_dropout must be a LegacyDropout, got {type(legacy_dropout).__name__}"
            )
        self.legacy_dropout = legacy_dropout
        self.dtype = _float_dtype(dtype)
        self.input_shape: tuple[int, ...] | None = None

    def _seeds(self, seed) -> np.ndarray:
        if np.ndim(seed) == 0:
            return check_int("seed", seed, minimum=0) + np.arange(self.n_models)
        seeds = [check_int("seed", s, minimum=0) for s in seed]
        if len(seeds) != self.n_models:
            raise ValueError(
                f"seed must have one value per model ({self.n_models}), got {len(seeds)}"
            )
        return np.asarray(seeds)

    # -- building -------------------------------------------------------------------------
    @property
    def built(self) -> bool:
        return self.input_shape is not None

    def build(self, input_shape: tuple[int, ...], init_generators=None, *, initialize=True):
        """Fix the per-example input shape, allocate ``theta``/``grad`` and initialize.

        Parameters are named as in the tutorial, ``W1, b1, W2, b2, ...``, counting the
        layers that have weights (Dense, Conv2D) only. ``initialize=False`` leaves the
        weights at zero, for a caller that sets them (loading a model file).
        """
        shape = tuple(int(d) for d in input_shape)
        K = self.n_models
        specs = []
        for layer in self.layers:
            shape = layer.build(shape, K)
            specs.append(layer.param_specs())
        self.output_shape = shape
        self.input_shape = tuple(int(d) for d in input_shape)
        sizes = [int(np.prod(s.shape)) for layer_specs in specs for s in layer_specs]
        self.n_params = int(sum(sizes))
        self.theta = np.zeros((K, self.n_params), dtype=self.dtype)
        self.grad = np.zeros((K, self.n_params), dtype=self.dtype)
        self.penalized = np.zeros(self.n_params, dtype=bool)
        self.weights: list[tuple[str, np.ndarray, np.ndarray, list[Regularizer]]] = []
        self.slices: dict[str, slice] = {}  # each parameter's columns of theta, by name
        self._named: dict[str, np.ndarray] = {}  # each parameter's (K, ...) view, by name
        offset, number = 0, 0
        for layer, layer_specs in zip(self.layers, specs, strict=True):
            number += bool(layer_specs)
            values, grads = {}, {}
            for spec in layer_specs:
                size = int(np.prod(spec.shape))
                name = f"{spec.name}{number}"
                window = self.slices[name] = slice(offset, offset + size)
                values[spec.name] = self.theta[:, window].reshape((K,) + spec.shape)
                grads[spec.name] = self.grad[:, window].reshape((K,) + spec.shape)
                self._named[name] = values[spec.name]
                if spec.penalized:
                    self.penalized[window] = True
                    own = getattr(layer, "regularizer", None)
                    regs = self.regularizers if own is None else _as_list(own)
                    for reg in regs:
                        reg.check_models(K)
                    self.weights.append((name, values[spec.name], grads[spec.name], regs))
                offset += size
            layer.bind(values, grads)
        self.has_constraints = any(
            type(reg).project is not Regularizer.project
            for *_, regs in self.weights
            for reg in regs
        )
        first = next(layer for layer in self.layers if layer.param_specs())
        first.needs_input_grad = False
        if initialize:
            self.initialize(init_generators)
        else:
            self._reset_generators()
        return self

    def _reset_generators(self) -> list[np.random.Generator]:
        """Give every model fresh batch and dropout generators; return its weights' ones."""
        streams = [model_generators(int(s)) for s in self.seeds]
        self.batch_generators = [s[1] for s in streams]
        for layer in self.layers:
            if isinstance(layer, Dropout):
                layer.generators = [s[2] for s in streams]
                layer.legacy = self.legacy_dropout
        if self.legacy_dropout is not None:
            self.legacy_dropout.start()
        return [s[0] for s in streams]

    def initialize(self, init_generators=None) -> Network:
        """Draw every model's initial weights and reset its batch and dropout generators.

        ``init_generators`` (one per model) replaces the generators drawn from the seeds
        for the initial weights only, e.g. ``[np.random.RandomState(3)]`` to reproduce the
        tutorial's ``np.random.seed(3)`` initialization.
        """
        own = self._reset_generators()
        init = list(init_generators) if init_generators is not None else own
        if len(init) != self.n_models:
            raise ValueError(f"init_generators must have {self.n_models} entries, got {len(init)}")
        for k, rng in enumerate(init):
            for layer in self.layers:
                layer.initialize(rng, k)
        return self

    def parameters(self) -> dict[str, np.ndarray]:
        """Every parameter by name (``W1``, ``b1``, ...), each a view of shape (K, ...)."""
        return dict(self._named) if self.built else {}

    def get_weights(self, model: int = 0) -> dict[str, np.ndarray]:
        """Model ``model``'s parameters, copied, in the tutorial's orientation.

        ``{"W1": W1, "b1": b1, ...}`` as the tutorial's ``parameters`` dict: a Dense
        layer's ``W`` has shape ``(n_out, n_in)``, one row per unit; every ``b`` is a
        column ``(n_out, 1)``; a Conv2D layer's ``W`` is ``(C_out, kh, kw, C_in)``.
        """
        k = self._model_index(model)
        return {
            name: value[k].reshape(-1, 1).copy() if name[0] == "b" else value[k].copy()
            for name, value in self.parameters().items()
        }

    def set_weights(self, weights, model: int = 0) -> None:
        """Set model ``model``'s parameters from a dict like :meth:`get_weights` returns.

        Every parameter must be given, with the shape :meth:`get_weights` gives it (a
        bias may also be flat, ``(n_out,)``); nothing is changed unless all are valid.
        """
        k = self._model_index(model)
        current = self.get_weights(k)
        missing, unknown = current.keys() - weights.keys(), weights.keys() - current.keys()
        if missing or unknown:
            raise ValueError(
                f"weights must have exactly the keys {list(current)}, got "
                f"{sorted(missing)} missing and {sorted(unknown)} unknown"
            )
        checked = {}
        for name, value in current.items():
            given = check_finite_array(f"weights[{name!r}]", weights[name])
            if given.shape != value.shape and not (
                name[0] == "b" and given.shape == value.shape[:1]
            ):
                raise ValueError(
                    f"weights[{name!r}] must have shape {value.shape}, got {given.shape}"
                )
            checked[name] = given
        for name, view in self.parameters().items():
            view[k] = checked[name].reshape(view.shape[1:])

    def _model_index(self, model) -> int:
        if not self.built:
            raise ValueError("the network must be built (trained, or given an input shape) first")
        model = check_int("model", model, minimum=0)
        if model >= self.n_models:
            raise ValueError(f"model must be < n_models ({self.n_models}), got {model}")
        return model

    # -- the math -------------------------------------------------------------------------
    def forward(self, A: np.ndarray, training: bool) -> np.ndarray:
        """Run ``A`` (K or 1, m, *features) through every layer; return the logits ``Z``."""
        if training and self.legacy_dropout is not None:
            self.legacy_dropout.before_forward()
        for layer in self.layers:
            A = layer.forward(A, training)
        return A

    def backward(self, dZ: np.ndarray) -> None:
        """Backpropagate ``dZ`` through the layers, filling ``grad``."""
        for layer in reversed(self.layers):
            dZ = layer.backward(dZ)
            if dZ is None:
                break

    def penalty(self, m: int) -> np.ndarray:
        """Sum of every regularizer's penalty over every weight matrix, shape (K,)."""
        total = np.zeros(self.n_models, dtype=self.dtype)
        for _, W, _, regs in self.weights:
            for reg in regs:
                total += reg.penalty(W, m)
        return total

    def cost_and_gradients(self, X, Y, *, training=True, exact=False) -> np.ndarray:
        """Forward, cost ``J = loss + penalty`` per model, backward; returns ``J`` (K,).

        ``exact=True`` adds each regularizer's true (sub)gradient, as gradient checking
        needs, rather than its training gradient (proximal L1 acts after the step).
        """
        Z = self.forward(X, training)
        m = Z.shape[1]
        cost, dZ = self.loss.value_and_gradient(Z, Y)
        self.backward(dZ)
        for _, W, dW, regs in self.weights:
            for reg in regs:
                cost = cost + reg.penalty(W, m)
                dW += reg.gradient(W, m) if exact else reg.training_gradient(W, m)
        return cost

    def apply_constraints(self, step: np.ndarray, m: int) -> None:
        """Let each regularizer act on the weights after a step (proximal L1, max-norm)."""
        for _, W, _, regs in self.weights:
            for reg in regs:
                reg.project(W, step, m)

    # -- using a trained stack --------------------------------------------------------------
    def _check_trained(self) -> None:
        if not self.built:
            raise ValueError(
                "network has no weights yet: train it with fit(network, X, y) (or build it "
                "for an input shape) before predicting or evaluating"
            )

    def check_X(self, X, name: str = "X") -> np.ndarray:
        """Validate inputs of shape (n, *input_shape) and return them in the network's dtype."""
        ndim = (len(self.input_shape) + 1,) if self.built else None
        X = check_finite_array(name, X, ndim=ndim, dtype=self.dtype)
        if self.built and X.shape[1:] != self.input_shape:
            raise ValueError(
                f"{name} must have per-example shape {self.input_shape}, got {X.shape[1:]}"
            )
        return X

    def encode(self, y, n: int, name: str = "y", x_name: str = "X") -> np.ndarray:
        """Validate labels ``y`` (n,) and turn them into targets (n, n_out) for the loss."""
        y = check_finite_array(name, y)
        if y.ndim > 2 or (y.ndim == 2 and self.loss.task != "regression"):
            raise ValueError(f"{name} must have shape (n_samples,), got {y.shape}")
        if len(y) != n:
            raise ValueError(
                f"{x_name} and {name} must have the same number of rows, got {n} and {len(y)}"
            )
        return self.loss.encode(y, self.output_shape[-1]).astype(self.dtype, copy=False)

    def logits(self, X, batch_size: int = 4096) -> np.ndarray:
        """The last layer's output ``Z`` in evaluation mode, shape (K, n, n_out)."""
        self._check_trained()
        return self._logits(self.check_X(X), batch_size)

    def _logits(self, X: np.ndarray, batch_size: int = 4096) -> np.ndarray:
        parts = [
            self.forward(X[None, i : i + batch_size], False) for i in range(0, len(X), batch_size)
        ]
        return parts[0] if len(parts) == 1 else np.concatenate(parts, axis=1)

    def output(self, X) -> np.ndarray:
        """The loss's output (probabilities, or values for ``mse``), shape (K, n, n_out)."""
        return self.loss.output(self.logits(X))

    def _labels(self, A: np.ndarray) -> np.ndarray:
        if self.loss.task == "binary":
            return (A[..., 0] > 0.5).astype(int)
        if self.loss.task == "multiclass":
            return A.argmax(axis=-1)
        return A[..., 0] if A.shape[-1] == 1 else A

    def predict(self, X) -> np.ndarray:
        """Class labels (K, n) for classification, values (K, n[, n_out]) for regression."""
        return self._labels(self.output(X))

    def evaluate(self, X, y) -> dict[str, np.ndarray]:
        """Loss (without penalty) and, for classification, accuracy per model on ``(X, y)``."""
        self._check_trained()
        X = self.check_X(X)
        return self.scores(X, self.encode(y, len(X)), np.asarray(y))

    def scores(self, X: np.ndarray, Y: np.ndarray, y: np.ndarray) -> dict[str, np.ndarray]:
        """:meth:`evaluate` on data already checked and encoded (``Y = encode(y)``), as the
        training loop has them: it evaluates every epoch and need not check them again."""
        Z = self._logits(X)
        result = {"loss": self.loss.value(Z, Y[None])}
        if self.loss.task != "regression":
            result["accuracy"] = np.mean(self._labels(self.loss.output(Z)) == y, axis=1)
        return result

    def weight_norms(self) -> np.ndarray:
        """``sqrt(Σ_l ‖W[l]‖_F²)`` per model, shape (K,)."""
        return np.sqrt(
            sum(np.sum(W.reshape(self.n_models, -1) ** 2, axis=1) for _, W, _, _ in self.weights)
        )

    def zero_fraction(self) -> np.ndarray:
        """The share of weights (biases excluded) that are exactly zero, per model."""
        flat = self.theta[:, self.penalized]
        return np.mean(flat == 0.0, axis=1)

    def astype(self, dtype) -> Network:
        """A copy of this network (architecture, seeds, weights) computing in ``dtype``.

        ``network.astype("float64")`` of a float32 network holds its weights exactly, e.g.
        to check its gradients in float64.
        """
        from reglab.nn.serialize import network_config, network_from_weights

        config = {**network_config(self), "dtype": str(_float_dtype(dtype))}
        return network_from_weights(config, self.theta if self.built else None)

    def __reduce__(self):
        """Pickle as (architecture, weights): a plain copy of the layers would hold copies of
        ``theta``'s views, and training the copy would then not change its layers."""
        from reglab.nn.serialize import network_config, network_from_weights

        theta = self.theta.copy() if self.built else None
        return network_from_weights, (network_config(self), theta)

    def _repr_html_(self) -> str:
        from reglab._rich import network_html

        return network_html(self)

    def __repr__(self) -> str:
        from reglab._rich import network_repr

        return network_repr(self)
