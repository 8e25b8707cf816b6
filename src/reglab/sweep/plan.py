"""From a sweep file to chunks of work: configurations × seeds, grouped into stacks, cut.

A *configuration* is one full set of settings (a dict, every key of :data:`CONFIG_KEYS`);
a *model* is a configuration and a seed. Models whose configurations agree on the stack's
settings (:data:`STACK_KEYS`: the layers, activation, optimizer, batch size, epochs and
early stopping) train together as one stack, each with its own per-model hyperparameters
(:data:`PER_MODEL_KEYS`: λ, keep_prob per layer, learning rate, momentum β). A stack larger
than ``chunk_size`` is cut into chunks of near-equal size; a chunk is the unit of work, of
storage and of retry, and its id is a hash of everything that decides its results.

Common random numbers: a chunk holds the models of one seed only, unless a seed's share of
a stack is smaller than ``chunk_size / 8`` models (8 by default), when a few seeds are
packed into one chunk rather than training tiny stacks. The models of a one-seed chunk share
their initial-weight draws and their batch order (same seed, same generators), so the engine
gathers each batch once for the whole chunk (its fastest path, ``docs/benchmarks.md``), and
the configurations of one seed are compared on the same initialization and data order:
their differences come from the hyperparameters alone. Model k of a chunk ends with the
weights it would have trained alone, so how models are cut into chunks never changes a
result.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from reglab.sweep.spec import MOMENTUM_OPTIMIZERS, SweepSpec, log_uniform

__all__ = [
    "CONFIG_KEYS",
    "PER_MODEL_KEYS",
    "STACK_KEYS",
    "Chunk",
    "Plan",
    "config_id",
    "configurations",
    "make_chunks",
    "plan_sweep",
]

STACK_KEYS = ("layers", "activation", "optimizer", "batch_size", "epochs", "early_stopping")
PER_MODEL_KEYS = ("learning_rate", "beta", "l2", "l1", "keep_prob")
CONFIG_KEYS = STACK_KEYS + PER_MODEL_KEYS
# a seed's share of a stack smaller than chunk_size / SMALL_SHARE is packed with other seeds
SMALL_SHARE = 8
FORMAT = 1  # bump when the meaning of a chunk's content changes: every chunk id changes


def _digest(value, length: int = 16) -> str:
    text = json.dumps(value, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:length]


def config_id(config: dict) -> str:
    """A short hash of one configuration (the same for every seed)."""
    return _digest({key: config[key] for key in CONFIG_KEYS}, 12)


@dataclass(frozen=True)
class Chunk:
    """One unit of work: models sharing a stack, trained together on one worker.

    Attributes
    ----------
    id : str
        A hash of ``data``, ``split``, ``stack`` and ``models``: change any, get a new chunk.
    stack : dict
        The settings every model of the chunk shares (:data:`STACK_KEYS`).
    models : list of dict
        Per model: :data:`PER_MODEL_KEYS`, ``seed``, ``trial`` (an Optuna trial number or
        None) and ``config_id``.
    data, split : dict
        What the worker loads and how it splits it (the data file's hash included).
    """

    id: str
    stack: dict
    models: list[dict]
    data: dict
    split: dict

    @property
    def n_models(self) -> int:
        return len(self.models)

    def config(self, k: int) -> dict:
        """Model ``k``'s full configuration, without its seed."""
        return {**self.stack, **{key: self.models[k][key] for key in PER_MODEL_KEYS}}


@dataclass
class Plan:
    """The chunks of a sweep, and how they came about."""

    spec: SweepSpec
    configs: list[dict]
    chunks: list[Chunk]
    duplicates: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def n_models(self) -> int:
        return sum(chunk.n_models for chunk in self.chunks)

    def stacks(self) -> dict[str, list[Chunk]]:
        """Chunks by the stack they belong to (a readable label of its settings)."""
        groups: dict[str, list[Chunk]] = {}
        for chunk in self.chunks:
            groups.setdefault(stack_label(chunk.stack), []).append(chunk)
        return groups

    def describe(self) -> str:
        counts = (
            _count(len(self.configs), "configuration"),
            _count(len(self.spec.seeds), "seed"),
            _count(self.n_models, "model"),
        )
        lines = [
            f"sweep {self.spec.name!r}: {counts[0]} × {counts[1]} = {counts[2]} "
            f"({self.spec.search.method} search)",
        ]
        lines += [f"  note: {note}" for note in self.notes]
        stacks = self.stacks()
        lines.append(
            f"{len(stacks)} stack(s), {len(self.chunks)} chunk(s) of at most "
            f"{self.spec.chunk_size} models:"
        )
        for label, chunks in stacks.items():
            sizes = sorted({chunk.n_models for chunk in chunks})
            shared = sum(len({m["seed"] for m in chunk.models}) == 1 for chunk in chunks)
            lines.append(
                f"  {label}: {sum(c.n_models for c in chunks)} models in {len(chunks)} "
                f"chunk(s) of {'/'.join(map(str, sizes))}; {shared} with one seed "
                "(shared batch order)"
            )
        return "\n".join(lines)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def stack_label(stack: dict) -> str:
    layers = "-".join(map(str, stack["layers"])) or "none"
    batch = stack["batch_size"] or "full"
    stop = f", early stopping {stack['early_stopping']}" if stack["early_stopping"] else ""
    return (
        f"layers {layers}, {stack['activation']}, {stack['optimizer']}, batch {batch}, "
        f"{stack['epochs']} epochs{stop}"
    )


def base_config(spec: SweepSpec) -> dict:
    train = spec.train
    keep = train.keep_prob
    return {
        "layers": list(train.layers),
        "activation": train.activation,
        "optimizer": train.optimizer,
        "batch_size": train.batch_size,
        "epochs": train.epochs,
        "early_stopping": train.early_stopping,
        "learning_rate": train.learning_rate,
        "beta": train.beta,
        "l2": train.l2,
        "l1": train.l1,
        "keep_prob": list(keep) if isinstance(keep, list) else [keep] * len(train.layers),
    }


def apply(base: dict, point: dict) -> dict:
    """The configuration ``base`` with the axes' values of ``point`` set.

    ``keep_prob`` sets every hidden layer, ``keep_probN`` layer N (after ``keep_prob``);
    ``beta`` is kept only for the optimizers that have a momentum β (None otherwise).
    """
    config = {**base, **{k: v for k, v in point.items() if not k.startswith("keep_prob")}}
    config["layers"] = list(config["layers"])
    hidden = len(config["layers"])
    keep = base["keep_prob"]
    if len(keep) != hidden:  # the layers changed: a single fixed value spreads to them all
        keep = [keep[0] if keep else 1.0] * hidden
    if "keep_prob" in point:
        keep = [point["keep_prob"]] * hidden
    keep = list(keep)
    for name, value in point.items():
        if name.startswith("keep_prob") and name != "keep_prob":
            keep[int(name[9:]) - 1] = value
    config["keep_prob"] = [float(p) for p in keep]
    for key in ("learning_rate", "l2", "l1"):
        config[key] = float(config[key])
    config["beta"] = float(config["beta"]) if config["optimizer"] in MOMENTUM_OPTIMIZERS else None
    return config


def _grid(spec: SweepSpec) -> list[dict]:
    axes = spec.search.axes()
    names = list(axes)
    return [
        dict(zip(names, values, strict=True))
        for values in itertools.product(*(axes[name].values for name in names))
    ]


def _draw(axis, rng):
    if axis.distribution == "uniform":
        return float(rng.uniform(axis.low, axis.high))
    if axis.distribution == "log-uniform":
        return log_uniform(rng, axis.low, axis.high)
    return axis.values[int(rng.integers(len(axis.values)))]


def _random(spec: SweepSpec) -> list[dict]:
    rng = np.random.default_rng(spec.search.random_state)
    axes = spec.search.axes()
    return [
        {name: _draw(axis, rng) for name, axis in axes.items()}
        for _ in range(spec.search.n_configs)
    ]


def configurations(spec: SweepSpec) -> tuple[list[dict], int]:
    """The sweep's distinct configurations, in order, and how many duplicates were dropped
    (e.g. β values under an optimizer without momentum)."""
    base = base_config(spec)
    points = _grid(spec) if spec.search.method == "grid" else _random(spec)
    configs, seen = [], set()
    for point in points:
        config = apply(base, point)
        key = config_id(config)
        if key not in seen:
            seen.add(key)
            configs.append(config)
    return configs, len(points) - len(configs)


def data_identity(spec: SweepSpec) -> dict:
    """The data settings a worker needs, with the file's SHA-256 for CSV and NPZ data."""
    data = spec.data.model_dump(exclude_none=True)
    for key in ("csv", "npz"):
        if key in data:
            path = Path(data[key])
            if not path.is_file():
                raise FileNotFoundError(f"data.{key}: file {path} does not exist")
            data["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    return data


def version_key(spec: SweepSpec) -> str:
    """What makes a version of the sweep: the validated file's hash, and for CSV or NPZ
    data the file's content too (as in every chunk's id), so that data changed under an
    unchanged sweep file make a new version instead of adding their chunks to the old one's
    plan, where they would count as more seeds."""
    sha256 = data_identity(spec).get("sha256")
    return spec.hash if sha256 is None else _digest({"file": spec.hash, "data": sha256})


def _pieces(n: int, size: int) -> list[int]:
    """Cut n into ceil(n / size) parts of near-equal size (64 + 36 becomes 50 + 50)."""
    parts = math.ceil(n / size)
    return [n // parts + (i < n % parts) for i in range(parts)]


def _cut(models: list[dict], seeds: list[int], chunk_size: int) -> list[list[dict]]:
    by_seed = [group for seed in seeds if (group := [m for m in models if m["seed"] == seed])]
    per_seed = max(len(group) for group in by_seed)
    smallest = max(1, chunk_size // SMALL_SHARE)
    if per_seed >= smallest:
        groups = by_seed  # one seed per chunk: the shared batch order
    else:  # a few models per seed: pack seeds together rather than train tiny stacks
        together = math.ceil(smallest / per_seed)
        groups = [sum(by_seed[i : i + together], []) for i in range(0, len(by_seed), together)]
    chunks = []
    for group in groups:
        start = 0
        for size in _pieces(len(group), chunk_size):
            chunks.append(group[start : start + size])
            start += size
    return [chunk for chunk in chunks if chunk]


def make_chunks(
    spec: SweepSpec,
    configs: list[dict],
    data: dict,
    trials: list[int] | None = None,
    exclude: set = frozenset(),
) -> list[Chunk]:
    """Cross ``configs`` with the spec's seeds, group them into stacks and cut into chunks.

    ``trials`` gives each configuration an Optuna trial number, stored with its models;
    ``exclude`` holds (trial, seed) pairs already stored, left out.
    """
    split = spec.split.model_dump()
    stacks: dict[str, list[dict]] = {}
    stack_of: dict[str, dict] = {}
    for index, config in enumerate(configs):
        stack = {key: config[key] for key in STACK_KEYS}
        key = _digest(stack)
        stack_of[key] = stack
        trial = None if trials is None else trials[index]
        for seed in spec.seeds:
            if (trial, seed) in exclude:
                continue
            model = {k: config[k] for k in PER_MODEL_KEYS}
            model.update(seed=seed, trial=trial)
            model["config_id"] = config_id(config)
            stacks.setdefault(key, []).append(model)
    chunks = []
    for key, models in stacks.items():
        for group in _cut(models, list(spec.seeds), spec.chunk_size):
            content = {
                "format": FORMAT,
                "data": data,
                "split": split,
                "stack": stack_of[key],
                "models": group,
            }
            chunks.append(Chunk(_digest(content), stack_of[key], group, data, split))
    return chunks


def plan_sweep(spec: SweepSpec) -> Plan:
    """The whole plan of a grid or random search."""
    configs, duplicates = configurations(spec)
    notes = []
    if duplicates:
        notes.append(
            f"{duplicates} duplicate configuration(s) dropped (e.g. beta under an optimizer "
            "without momentum)"
        )
    chunks = make_chunks(spec, configs, data_identity(spec))
    return Plan(spec, configs, chunks, duplicates, notes)
