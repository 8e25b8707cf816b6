"""The sweep file: TOML, validated by pydantic into a :class:`SweepSpec`.

A sweep file names the data, the split, the fixed training settings and the search::

    name = "moons-l2-dropout"
    seeds = [0, 1, 2]

    [data]
    dataset = "moons"          # or csv = "file.csv" with label = "y", or npz = "file.npz"
    n_samples = 300
    noise = 0.3

    [train]
    layers = [64, 64]          # hidden units
    epochs = 300
    learning_rate = 0.01

    [search]                   # method = "grid" (the default) or "random"
    l2 = { values = [0.0, 0.1, 1.0] }
    keep_prob = { values = [0.6, 0.8, 1.0] }

Every problem gets one line naming the key's path as written in the file and the value,
``search.l2.values[2]: Input should be greater than or equal to 0, got -1``; all problems
of a file are reported together in one :class:`SweepFileError`.
"""

from __future__ import annotations

import hashlib
import math
import re
import tomllib
from pathlib import Path
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, model_validator

__all__ = [
    "MAX_HIDDEN_LAYERS",
    "SweepFileError",
    "SweepSpec",
    "base_error_of",
    "load_sweep",
    "parse_sweep",
]

MAX_HIDDEN_LAYERS = 16
ACTIVATION_NAMES = ("relu", "leaky_relu", "tanh", "sigmoid", "linear")
OPTIMIZER_NAMES = ("gd", "sgd", "momentum", "nesterov", "rmsprop", "adam", "adamw")
# the optimizers whose momentum beta is a per-model hyperparameter
MOMENTUM_OPTIMIZERS = ("momentum", "nesterov")

Lam = Annotated[float, Field(ge=0, allow_inf_nan=False)]
KeepProb = Annotated[float, Field(gt=0, le=1)]
LearningRate = Annotated[float, Field(gt=0, allow_inf_nan=False)]
Beta = Annotated[float, Field(ge=0, lt=1)]
Units = Annotated[int, Field(ge=1)]
Layers = list[Units]
BatchSize = Annotated[int, Field(ge=0)]
Activation = Literal[ACTIVATION_NAMES]
OptimizerName = Literal[OPTIMIZER_NAMES]
T = TypeVar("T")


class SweepFileError(ValueError):
    """A sweep file that cannot be used; ``problems`` lists one line per problem."""

    def __init__(self, source: str, problems: list[str]):
        self.problems = problems
        lines = "\n".join(f"  {problem}" for problem in problems)
        count = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
        super().__init__(f"{source}: {count}\n{lines}")


class _Strict(BaseModel):
    # strict: TOML's types are exact, so true is not 1 and "3" is not 3 (an int still
    # passes where a float is wanted)
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


def _at(key: str, message: str) -> ValueError:
    """An error of a model-level check, about the key ``key`` below the model."""
    return ValueError(f"{key}: {message}")


class ChoiceAxis(_Strict, Generic[T]):
    """An axis of settings: ``values`` (a grid's points, or a random search's choices)."""

    values: list[T] = Field(min_length=1)
    distribution: Literal["choice"] | None = None


class RangeAxis(_Strict, Generic[T]):
    """An axis of a number: ``values``, or a distribution ``uniform`` / ``log-uniform`` over
    ``[low, high]``, or ``choice`` among ``values``."""

    values: list[T] | None = None
    distribution: Literal["uniform", "log-uniform", "choice"] | None = None
    low: T | None = None
    high: T | None = None

    @model_validator(mode="after")
    def _consistent(self):
        if self.distribution in ("uniform", "log-uniform"):
            if self.values is not None:
                raise _at("values", f"a {self.distribution} distribution takes low and high")
            if self.low is None or self.high is None:
                raise ValueError(f"a {self.distribution} distribution needs low and high")
            if not self.low < self.high:
                raise _at("high", f"must be > low ({self.low}), got {self.high}")
            if self.distribution == "log-uniform" and self.low <= 0:
                raise _at("low", f"a log-uniform distribution needs low > 0, got {self.low}")
        else:
            if self.values is None or len(self.values) == 0:
                raise ValueError("an axis needs a non-empty list of values, or a distribution")
            if self.low is not None or self.high is not None:
                raise ValueError("low and high go with distribution 'uniform' or 'log-uniform'")
        return self

    @property
    def is_range(self) -> bool:
        return self.distribution in ("uniform", "log-uniform")


class DataSpec(_Strict):
    """Where the examples come from: a built-in data set, a CSV file or an NPZ file."""

    dataset: str | None = None
    csv: str | None = None
    label: str | None = None
    npz: str | None = None
    n_samples: Annotated[int, Field(ge=2)] | None = None
    noise: Annotated[float, Field(ge=0)] | None = None
    random_state: Annotated[int, Field(ge=0)] = 0
    base_error: Annotated[float, Field(ge=0, le=1)] | None = None

    @model_validator(mode="after")
    def _one_source(self):
        from reglab.data.datasets import DATASETS

        given = [key for key in ("dataset", "csv", "npz") if getattr(self, key) is not None]
        if len(given) != 1:
            raise ValueError(f"name exactly one of dataset, csv, npz, got {given or 'none'}")
        if self.dataset is not None and self.dataset not in DATASETS:
            raise _at("dataset", f"must be one of {', '.join(DATASETS)}, got {self.dataset!r}")
        if (self.csv is None) != (self.label is None):
            raise _at("label", "goes with csv, naming its label column")
        return self


def base_error_of(data: dict) -> tuple[float, str]:
    """The base error the verdicts of a sweep read against, and where it comes from.

    ``data`` is the ``[data]`` table (:attr:`SweepSpec.data` dumped without its unset keys,
    as a chunk carries it): its ``base_error`` when given; else, for a generated data set,
    its Bayes error at the file's noise (the generator's when none is named), as ``reglab
    train`` reads it; else 0.
    """
    from reglab.data.bayes import bayes_error
    from reglab.data.datasets import GENERATED, default_noise

    if data.get("base_error") is not None:
        return float(data["base_error"]), "data.base_error"
    if data.get("dataset") in GENERATED:
        noise = data.get("noise")
        noise = default_noise(data["dataset"]) if noise is None else float(noise)
        return bayes_error(data["dataset"], noise), (
            f"the Bayes error of {data['dataset']} at noise {noise:g}"
        )
    return 0.0, "unknown: 0 (data.base_error names one)"


class SplitSpec(_Strict):
    """The train/dev/test split; a fraction in [0, 1) or a count of examples for each part.

    ``standardize`` (default true) scales every feature to mean 0 and standard deviation 1
    with statistics of the training rows only, as ``reglab train`` does: the tutorial's
    networks assume inputs of about unit scale.
    """

    dev: Annotated[float, Field(ge=0)] | None = None
    test: Annotated[float, Field(ge=0)] | None = None
    random_state: Annotated[int, Field(ge=0)] = 0
    stratify: bool = True
    standardize: bool = True


class TrainSpec(_Strict):
    """The settings every model shares unless the search varies them."""

    layers: Layers = Field(default_factory=lambda: [64, 64], max_length=MAX_HIDDEN_LAYERS)
    activation: Activation = "relu"
    optimizer: OptimizerName = "adam"
    learning_rate: LearningRate = 0.01
    beta: Beta = 0.9
    l2: Lam = 0.0
    l1: Lam = 0.0
    keep_prob: KeepProb | list[KeepProb] = 1.0
    epochs: Annotated[int, Field(ge=1)] = 300
    batch_size: BatchSize = 64
    early_stopping: Annotated[int, Field(ge=0)] | None = None

    @model_validator(mode="after")
    def _keep_prob_per_layer(self):
        if isinstance(self.keep_prob, list) and len(self.keep_prob) != len(self.layers):
            raise _at(
                "keep_prob",
                f"must have one value per hidden layer ({len(self.layers)}), "
                f"got {len(self.keep_prob)}",
            )
        return self


# the search's axes: per-model hyperparameters (trained side by side in one stack) ...
PER_MODEL_AXES: dict[str, Any] = {
    "l2": Lam,
    "l1": Lam,
    "learning_rate": LearningRate,
    "beta": Beta,
    "keep_prob": KeepProb,
    **{f"keep_prob{layer}": KeepProb for layer in range(1, MAX_HIDDEN_LAYERS + 1)},
}
# ... and settings that change the stack itself
STACK_AXES: dict[str, Any] = {
    "layers": Layers,
    "activation": Activation,
    "optimizer": OptimizerName,
    "batch_size": BatchSize,
}

_SearchAxes = create_model(
    "_SearchAxes",
    __base__=_Strict,
    **{name: (RangeAxis[kind] | None, None) for name, kind in PER_MODEL_AXES.items()},
    **{name: (ChoiceAxis[kind] | None, None) for name, kind in STACK_AXES.items()},
)


class SearchSpec(_SearchAxes):
    """What varies: ``method`` ``grid`` (every combination of the axes' values) or
    ``random`` (``n_configs`` draws from the axes' distributions, seeded by
    ``random_state``). With an Optuna sampler, ``n_configs`` is the number of trials and
    ``batch`` the trials asked and trained together as one stack."""

    method: Literal["grid", "random"] = "grid"
    n_configs: Annotated[int, Field(ge=1)] | None = None
    batch: Annotated[int, Field(ge=1)] = 16
    random_state: Annotated[int, Field(ge=0)] = 0

    @model_validator(mode="after")
    def _method(self):
        if self.method == "random" and self.n_configs is None:
            raise _at("n_configs", "a random search needs the number of configurations")
        if self.method == "grid":
            ranged = [name for name, axis in self.axes().items() if axis.distribution]
            if ranged:
                raise _at(
                    f"{ranged[0]}.distribution",
                    "a grid takes values, not distributions (method = 'random' takes both)",
                )
        return self

    def axes(self) -> dict[str, RangeAxis | ChoiceAxis]:
        """The axes the file gives, by name, in a fixed order."""
        names = list(STACK_AXES) + list(PER_MODEL_AXES)
        return {name: getattr(self, name) for name in names if getattr(self, name) is not None}


class SweepSpec(_Strict):
    """A whole sweep file; see the module's docstring."""

    name: Annotated[str, Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")]
    seeds: list[Annotated[int, Field(ge=0)]] = Field(default_factory=lambda: [0], min_length=1)
    chunk_size: Annotated[int, Field(ge=1)] = 64
    data: DataSpec
    split: SplitSpec = Field(default_factory=SplitSpec)
    train: TrainSpec = Field(default_factory=TrainSpec)
    search: SearchSpec = Field(default_factory=SearchSpec)

    @model_validator(mode="after")
    def _search_fits_train(self):
        if len(set(self.seeds)) != len(self.seeds):
            raise _at("seeds", f"must not repeat, got {self.seeds}")
        axes = self.search.axes()
        hidden = [len(v) for v in axes["layers"].values] if "layers" in axes else []
        fewest = min(hidden) if hidden else len(self.train.layers)
        for name in axes:
            if name.startswith("keep_prob") and name != "keep_prob" and int(name[9:]) > fewest:
                raise _at(
                    f"search.{name}",
                    f"names hidden layer {name[9:]}, but a network has {fewest} hidden layer(s)",
                )
        if isinstance(self.train.keep_prob, list) and hidden:
            raise _at("train.keep_prob", "one value per layer cannot go with search.layers")
        return self

    @property
    def hash(self) -> str:
        """A short hash of the validated content (not of the file's spelling)."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()[:16]


def _path(loc: tuple) -> str:
    """('search', 'l2', 'values', 2) -> 'search.l2.values[2]'."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif "[" in str(part) or part in ("function-after",):
            continue  # pydantic's names for a union member or a validator, not the user's key
        else:
            text += f".{part}" if text else str(part)
    return text


def _problem(error: dict) -> str:
    where = _path(error["loc"])
    message = error["msg"].removeprefix("Value error, ")
    key, _, rest = message.partition(": ")
    if error["type"] == "value_error" and rest and re.fullmatch(r"[\w.\[\]]+", key):
        where, message = (f"{where}.{key}" if where else key), rest
    where = where or "the file"
    if error["type"] in ("missing",):
        return f"{where}: {message}"
    value = error.get("input")
    if error["type"] == "extra_forbidden":
        return f"{where}: unknown key (a typo?), got {value!r}"
    if isinstance(value, dict) or error["type"].startswith("value_error"):
        return f"{where}: {message}"
    return f"{where}: {message}, got {value!r}"


def _problems(error: ValidationError) -> list[str]:
    problems = []
    for item in error.errors():
        # a float axis reports the same bad value once per member of ``float | list[float]``
        line = _problem(item)
        if line not in problems:
            problems.append(line)
    return problems


def parse_sweep(data: dict, source: str = "sweep file", default_name: str | None = None):
    """Validate a sweep already read from TOML (a dict) into a :class:`SweepSpec`."""
    data = dict(data)
    if default_name is not None:
        data.setdefault("name", default_name)
    try:
        return SweepSpec.model_validate(data)
    except ValidationError as error:
        raise SweepFileError(source, _problems(error)) from None


def load_sweep(path) -> tuple[SweepSpec, str]:
    """Read and validate a sweep file; return the spec and the file's text.

    Relative data paths (``csv``, ``npz``) are taken relative to the sweep file's folder.
    The name defaults to the file's stem.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"sweep file {path} does not exist")
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SweepFileError(str(path), [f"not valid TOML: {error}"]) from None
    for key in ("csv", "npz"):
        value = data.get("data", {}).get(key) if isinstance(data.get("data"), dict) else None
        if isinstance(value, str) and not Path(value).is_absolute():
            data["data"][key] = str((path.parent / value).resolve())
    return parse_sweep(data, str(path), default_name=path.stem), text


def log_uniform(rng, low: float, high: float) -> float:
    """A draw whose logarithm is uniform on ``[log low, log high]``."""
    return math.exp(rng.uniform(math.log(low), math.log(high)))
