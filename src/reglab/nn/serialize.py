"""Saving and loading a trained network or stack: a documented, versioned file format.

A reglab model file is a NumPy ``.npz`` archive (no pickles) with two arrays:

``header``
    UTF-8 JSON, as a uint8 array, with ``format = "reglab.network"``, ``version``
    (currently 1), ``config`` (layers, loss, regularizers, number of models, seeds,
    input shape: everything :func:`network_from_config` needs), ``theta_shape`` and
    ``theta_sha256``, the SHA-256 of the weights' bytes (float64, little-endian, C order).
``theta``
    The weights of every model, shape (K, P), in the network's flat layout.

Loading checks the format name, the version, the shape and the checksum, so a truncated,
corrupted or foreign file raises :class:`ModelFileError` instead of giving a wrong model.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import numpy as np

from reglab._atomic import atomic_file
from reglab.nn.layers import LAYER_TYPES
from reglab.nn.layers.dropout import LegacyDropout
from reglab.nn.network import Network
from reglab.regularizers import Regularizer, regularizer_from_config

__all__ = [
    "FORMAT",
    "VERSION",
    "ModelFileError",
    "load",
    "network_from_config",
    "network_config",
    "save",
]

FORMAT = "reglab.network"
VERSION = 1


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


def _checksum(theta: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(theta, dtype="<f8").tobytes()).hexdigest()


def save(network: Network, path) -> Path:
    """Write ``network`` (all its models) to ``path`` (``.npz`` is appended if missing)."""
    if not network.built:
        raise ValueError("network must be built (trained or given an input shape) before saving")
    path = Path(path)
    if path.is_dir():
        raise ValueError(f"path must name a model file, got the folder {str(path)!r}")
    if path.suffix != ".npz":
        path = path.with_name(path.name + ".npz")
    header = {
        "format": FORMAT,
        "version": VERSION,
        "config": network_config(network),
        "theta_shape": list(network.theta.shape),
        "theta_sha256": _checksum(network.theta),
    }
    encoded = np.frombuffer(json.dumps(header).encode("utf-8"), dtype=np.uint8)
    if path.is_dir():
        raise ValueError(f"path must name a model file, got the folder {str(path)!r}")
    # a temporary file renamed into place: a crash never leaves a half-written model
    with atomic_file(path) as handle:
        np.savez(handle, header=encoded, theta=network.theta.astype("<f8"))
    return path


def load(path) -> Network:
    """Read a model file written by :func:`save`; raise :class:`ModelFileError` if invalid."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no model file at {path}")
    try:
        with np.load(path, allow_pickle=False) as archive:
            header = json.loads(archive["header"].tobytes().decode("utf-8"))
            theta = np.array(archive["theta"], dtype=np.float64)
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
    if header.get("version") != VERSION:
        raise ModelFileError(
            f"{path} has format version {header.get('version')}; "
            f"this reglab reads version {VERSION}"
        )
    if list(theta.shape) != header["theta_shape"] or _checksum(theta) != header["theta_sha256"]:
        raise ModelFileError(f"{path} is corrupted: its weights do not match their checksum")
    try:
        network = network_from_config(header["config"])
    except (KeyError, TypeError, ValueError) as error:
        raise ModelFileError(f"{path} has an invalid model description ({error})") from None
    if network.theta.shape != theta.shape:
        raise ModelFileError(
            f"{path} describes a network with weights {network.theta.shape}, holds {theta.shape}"
        )
    network.theta[...] = theta
    return network
