"""Saving and loading a trained network or stack: a documented, versioned file format.

A reglab model file is a NumPy ``.npz`` archive (no pickles) with two arrays:

``header``
    UTF-8 JSON, as a uint8 array, with ``format = "reglab.network"``, ``version``
    (1 to 3, below), ``config`` (layers, loss, regularizers, number of models, seeds,
    input shape, dtype: everything :func:`network_from_config` needs), ``theta_shape`` and
    ``theta_sha256``, the SHA-256 of the weights' bytes (little-endian, C order); from
    version 3, ``preprocessing`` (``null``, or ``{"standardize": {"mean": [...], "scale":
    [...]}}``, applied to the inputs before the network) and ``data`` (``null``, or the
    ``feature_names`` and ``target_names`` of the training data), so that a model trained
    by ``reglab train`` reads new data as it read its own.
``theta``
    The weights of every model, shape (K, P), in the network's flat layout and dtype.

Version 1 holds float64 weights; version 2 adds float32 weights (``config["dtype"]``);
version 3 adds ``preprocessing`` and ``data``. A file is written with the lowest version
that holds it, which older reglab versions read.

Loading checks the format name, the version, the shape and the checksum, so a truncated,
corrupted or foreign file raises :class:`ModelFileError` instead of giving a wrong model
(the zip archive's CRC-32 guards the header).
"""

from __future__ import annotations

import hashlib
import json
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from reglab._atomic import atomic_file
from reglab.data.standardize import Standardizer
from reglab.nn.layers import LAYER_TYPES
from reglab.nn.layers.dropout import LegacyDropout
from reglab.nn.network import Network
from reglab.regularizers import Regularizer, regularizer_from_config

__all__ = [
    "FORMAT",
    "VERSION",
    "ModelFileError",
    "SavedModel",
    "load",
    "load_model",
    "network_from_config",
    "network_config",
    "save",
]

FORMAT = "reglab.network"
VERSION = 3
VERSIONS = (1, 2, 3)  # the versions this reglab reads


class ModelFileError(ValueError):
    """A file that is not a valid reglab model of a version this reglab reads."""


def _regularizers_config(regs) -> list[dict]:
    return [{"type": type(r).__name__, "config": r.get_config()} for r in regs]


def network_config(network: Network) -> dict:
    """Everything needed to rebuild ``network``'s architecture and hyperparameters."""
    layers = []
    for layer in network.layers:
        entry = {"type": type(layer).__name__, "config": layer.get_config()}
        own = getattr(layer, "regularizer", None)
        if own is not None:
            entry["regularizer"] = _regularizers_config(own if isinstance(own, list) else [own])
        layers.append(entry)
    return {
        "layers": layers,
        "loss": network.loss.name,
        "regularizers": _regularizers_config(network.regularizers),
        "n_models": network.n_models,
        "seeds": [int(s) for s in network.seeds],
        "input_shape": list(network.input_shape) if network.built else None,
        "legacy_dropout": legacy.get_config() if (legacy := network.legacy_dropout) else None,
        "dtype": str(network.dtype),
    }


def _regularizers(entries) -> list[Regularizer]:
    return [regularizer_from_config(e["type"], e["config"]) for e in entries]


def network_from_config(config: dict) -> Network:
    """Rebuild (and, when the input shape is known, build) a network from its config."""
    layers = []
    for entry in config["layers"]:
        if entry["type"] not in LAYER_TYPES:
            raise ModelFileError(f"unknown layer type {entry['type']!r}")
        layer = LAYER_TYPES[entry["type"]](**entry["config"])
        if "regularizer" in entry:
            layer.regularizer = _regularizers(entry["regularizer"])
        layers.append(layer)
    network = Network(
        layers,
        loss=config["loss"],
        regularizers=_regularizers(config["regularizers"]),
        n_models=config["n_models"],
        seed=config["seeds"],
        legacy_dropout=LegacyDropout(**legacy)
        if (legacy := config.get("legacy_dropout"))
        else None,
        dtype=config.get("dtype", "float64"),
    )
    if config["input_shape"] is not None:
        # the weights are set next (from the file or the pickle), not drawn
        network.build(tuple(config["input_shape"]), initialize=False)
    return network


def network_from_weights(config: dict, theta: np.ndarray | None) -> Network:
    """Rebuild a network from its config and set its weights (used by pickling)."""
    network = network_from_config(config)
    if theta is not None:
        network.theta[...] = theta
    return network


def _little_endian(theta: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(theta, dtype=theta.dtype.newbyteorder("<"))


def _checksum(theta: np.ndarray) -> str:
    return hashlib.sha256(_little_endian(theta).tobytes()).hexdigest()


@dataclass(frozen=True, eq=False)
class SavedModel:
    """A network with what it needs to read new data, as :func:`load_model` returns it.

    Attributes
    ----------
    network : Network
        All the models of the stack (one per seed for ``reglab train``).
    standardizer : Standardizer or None
        Applied to the inputs before the network, as in training.
    feature_names : tuple of str or None
        The training data's feature columns, in the network's input order.
    target_names : tuple of str
        The class names, in the order of the network's outputs (empty for regression).
    """

    network: Network
    standardizer: Standardizer | None = None
    feature_names: tuple[str, ...] | None = None
    target_names: tuple[str, ...] = ()

    def inputs(self, X) -> np.ndarray:
        """``X`` as the network takes it: standardized when the model was trained so."""
        return X if self.standardizer is None else self.standardizer.transform(X)

    def output(self, X) -> np.ndarray:
        """Probabilities (or values) of every model, shape (K, n, n_out)."""
        return self.network.output(self.inputs(X))

    def predict(self, X) -> np.ndarray:
        """Class indices (into :attr:`target_names`) or values of every model, (K, n)."""
        return self.network.predict(self.inputs(X))

    def evaluate(self, X, y) -> dict[str, np.ndarray]:
        """Loss and accuracy of every model on ``(X, y)``, ``y`` encoded as in training."""
        return self.network.evaluate(self.inputs(X), y)

    def __repr__(self) -> str:
        return (
            f"SavedModel({self.network!r}, standardizer={self.standardizer!r}, "
            f"classes={list(self.target_names)})"
        )


def _data_header(network: Network, standardizer, feature_names, target_names) -> dict:
    """The version 3 entries of the header, checked against the network's shapes."""
    n_in = network.input_shape[0] if len(network.input_shape) == 1 else None
    if standardizer is not None and standardizer.n_features != n_in:
        raise ValueError(
            f"standardizer must have one mean per input ({n_in}), got {standardizer.n_features}"
        )
    if feature_names is not None and len(feature_names) != n_in:
        raise ValueError(
            f"feature_names must name the {n_in} inputs, got {len(feature_names)} names"
        )
    return {
        "preprocessing": None
        if standardizer is None
        else {"standardize": standardizer.get_config()},
        "data": None
        if feature_names is None and not target_names
        else {
            "feature_names": None if feature_names is None else [str(f) for f in feature_names],
            "target_names": [str(t) for t in target_names],
        },
    }


def save(
    network: Network,
    path,
    *,
    standardizer: Standardizer | None = None,
    feature_names=None,
    target_names=(),
) -> Path:
    """Write ``network`` (all its models) to ``path`` (``.npz`` is appended if missing).

    Parameters
    ----------
    network : Network
        Built (trained, or given an input shape).
    path : str or Path
        The file; the write is atomic (a temporary file beside it, renamed into place).
    standardizer : Standardizer, optional
        The standardization the network was trained on; :func:`load_model` applies it.
    feature_names, target_names : sequence of str, optional
        The training data's feature columns and class names, kept for reading new data.
    """
    if not network.built:
        raise ValueError("network must be built (trained or given an input shape) before saving")
    path = Path(path)
    if path.suffix != ".npz" and not path.is_dir():
        path = path.with_name(path.name + ".npz")
    if path.is_dir():
        raise ValueError(f"path must name a model file, got the folder {str(path)!r}")
    data = _data_header(network, standardizer, feature_names, target_names)
    header = {
        "format": FORMAT,
        "version": 3 if any(data.values()) else 1 if network.dtype == np.float64 else 2,
        "config": network_config(network),
        "theta_shape": list(network.theta.shape),
        "theta_sha256": _checksum(network.theta),
        **(data if any(data.values()) else {}),
    }
    encoded = np.frombuffer(json.dumps(header).encode("utf-8"), dtype=np.uint8)
    # a temporary file renamed into place: a crash never leaves a half-written model
    with atomic_file(path) as handle:
        np.savez(handle, header=encoded, theta=_little_endian(network.theta))
    return path


def load_model(path) -> SavedModel:
    """Read a model file with its preprocessing and names; raise :class:`ModelFileError`."""
    path = Path(path)
    header, network = _read(path)
    try:
        preprocessing = header.get("preprocessing") or {}
        standardizer = (
            Standardizer.from_config(preprocessing["standardize"])
            if "standardize" in preprocessing
            else None
        )
        data = header.get("data") or {}
        features = data.get("feature_names")
        model = SavedModel(
            network,
            standardizer,
            None if features is None else tuple(features),
            tuple(data.get("target_names") or ()),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ModelFileError(f"{path} has an invalid preprocessing entry ({error})") from None
    return model


def load(path) -> Network:
    """Read the network of a model file written by :func:`save`.

    Raises :class:`ModelFileError` if the file is invalid. A file that also holds a
    standardization (``reglab train`` writes one) gives a warning: the bare network expects
    standardized inputs; :func:`load_model` applies the standardization.
    """
    model = load_model(path)
    if model.standardizer is not None:
        warnings.warn(
            f"{path} standardizes its inputs before the network; load_model({str(path)!r}) "
            "applies that, load() gives the bare network, which expects standardized inputs",
            UserWarning,
            stacklevel=2,
        )
    return model.network


def _read(path: Path) -> tuple[dict, Network]:
    """The header and the network of a model file, every check done."""
    if not path.exists():
        raise FileNotFoundError(f"no model file at {path}")
    if path.is_file():  # NumPy's message for other files would advise unpickling them
        with open(path, "rb") as handle:
            if handle.read(4) != b"PK\x03\x04":
                raise ModelFileError(f"{path} is not a reglab model file: not an NPZ archive")
    try:
        with np.load(path, allow_pickle=False) as archive:
            header = json.loads(archive["header"].tobytes().decode("utf-8"))
            theta = np.array(archive["theta"])
    except (
        zipfile.BadZipFile,
        EOFError,
        OSError,
        KeyError,
        ValueError,
        UnicodeDecodeError,
    ) as error:
        raise ModelFileError(f"{path} is not a readable reglab model file ({error})") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ModelFileError(f"{path} is not a reglab model file (format {header.get('format')!r})")
    if header.get("version") not in VERSIONS:
        raise ModelFileError(
            f"{path} has format version {header.get('version')}; "
            f"this reglab reads versions {', '.join(str(v) for v in VERSIONS)}"
        )
    if list(theta.shape) != header["theta_shape"] or _checksum(theta) != header["theta_sha256"]:
        raise ModelFileError(f"{path} is corrupted: its weights do not match their checksum")
    try:
        network = network_from_config(header["config"])
    except (KeyError, TypeError, ValueError) as error:
        raise ModelFileError(f"{path} has an invalid model description ({error})") from None
    if network.theta.shape != theta.shape or network.dtype != theta.dtype:
        raise ModelFileError(
            f"{path} describes a network with weights {network.theta.shape} of "
            f"{network.dtype}, holds {theta.shape} of {theta.dtype}"
        )
    network.theta[...] = theta
    return header, network
