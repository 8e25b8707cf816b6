"""The contract every layer keeps.

A layer works on a stack of K models at once: its input ``A_prev`` has shape
``(K or 1, m, *features)`` (a leading 1 means all models see the same rows and the axis
broadcasts) and its output ``(K, m, *features_out)``. Parameters live in one flat buffer
owned by the :class:`~reglab.nn.network.Network`; a layer receives views of it in
:meth:`Layer.bind`, so an optimizer can update every parameter of every model in a few
array operations.

Life cycle: ``build(input_shape)`` returns the per-example output shape and lists the
parameter shapes; ``bind(views)`` hands the layer its parameter and gradient views;
``initialize(rng, k)`` fills model ``k``'s parameters; then ``forward`` and ``backward``
alternate, ``backward`` reading what ``forward`` cached.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Layer", "ParamSpec"]


@dataclass(frozen=True)
class ParamSpec:
    """Name and per-model shape of one parameter; ``penalized`` marks weights (not biases)."""

    name: str
    shape: tuple[int, ...]
    penalized: bool


class Layer:
    """Base class: a layer without parameters that passes shapes through unchanged."""

    def __init__(self):
        self.input_shape: tuple[int, ...] | None = None
        self.output_shape: tuple[int, ...] | None = None
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self.needs_input_grad = True

    def build(self, input_shape: tuple[int, ...], n_models: int) -> tuple[int, ...]:
        """Record the per-example input shape and return the output shape."""
        self.input_shape = tuple(input_shape)
        self.output_shape = self.input_shape
        return self.output_shape

    def param_specs(self) -> list[ParamSpec]:
        """The parameters this layer needs, in the order they sit in the flat buffer."""
        return []

    def bind(self, values: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        """Receive views of the network's flat parameter and gradient buffers."""
        self.params = values
        self.grads = grads

    def initialize(self, rng, k: int) -> None:
        """Fill model ``k``'s parameters from ``rng``; nothing to do without parameters."""

    def forward(self, A_prev: np.ndarray, training: bool) -> np.ndarray:
        raise NotImplementedError

    def backward(self, dA: np.ndarray) -> np.ndarray | None:
        raise NotImplementedError

    def get_config(self) -> dict:
        """Arguments that rebuild this layer: ``type(self)(**layer.get_config())``."""
        return {}

    def __repr__(self) -> str:
        args = ", ".join(f"{key}={value!r}" for key, value in self.get_config().items())
        return f"{type(self).__name__}({args})"
