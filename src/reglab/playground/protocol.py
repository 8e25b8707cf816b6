"""The playground's message protocol: what the page may send, validated at the edge.

Every message is a JSON object with a ``type``. The page sends:

``configure``  ``{"settings": Settings}``: new data, network or optimizer; training restarts.
``play``, ``pause``, ``step``, ``reset``
    Run, hold, train one epoch, start again from the initial weights.
``set``        ``{"model": k, "regularization"?, "lam"?, "keep_prob"?, "learning_rate"?}``:
    change model k's per-model hyperparameters, also while it trains.
``upload``     ``{"name": str, "text": str}``: a CSV of two feature columns and a label.
``download``   ``{"what": "model" | "history"}``: the model file or the history as CSV.
``speed``      ``{"speed": int}``: epochs per second at most (0: as fast as it goes).
``drawn``      ``{"seq": int}``: the page has drawn state ``seq``.

Anything else (malformed JSON, unknown type or key, a value out of range) is answered
with an ``error`` message naming the field and the value, and the session goes on.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

from reglab.data.datasets import GENERATED

__all__ = [
    "LIMITS",
    "Message",
    "ModelSettings",
    "ProtocolError",
    "Settings",
    "parse_message",
]

LIMITS = {
    "max_hidden_layers": 8,
    "max_units": 256,
    "max_models": 4,
    "min_points": 20,
    "max_points": 5000,
    "max_upload_bytes": 1_048_576,
    "max_upload_rows": 5000,
    "max_epochs": 100_000,
    "max_lam": 1000.0,
    "max_learning_rate": 10.0,
    "max_updates_per_second": 30,
}
MAX_SPEED = 100_000
DATASETS = (*GENERATED, "upload")


class ProtocolError(ValueError):
    """A message the playground cannot accept; its text goes back to the page."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, strict=False)


KeepProb = Annotated[float, Field(gt=0, le=1)]
Lam = Annotated[float, Field(ge=0, le=LIMITS["max_lam"])]
LearningRate = Annotated[float, Field(gt=0, le=LIMITS["max_learning_rate"])]
Regularization = Literal["none", "L2", "L1"]


class ModelSettings(_Strict):
    """One setting of compare mode (one model of the stack): its per-model hyperparameters."""

    regularization: Regularization = "none"
    lam: Lam = 0.0
    keep_prob: list[KeepProb] = Field(default_factory=lambda: [1.0, 1.0])
    learning_rate: LearningRate = 0.01
    early_stopping: bool = False


class Settings(_Strict):
    """Everything the models of one run share, and the list of models (1 to 4)."""

    dataset: Literal[DATASETS] = "moons"
    noise: float = Field(0.2, ge=0, le=2)
    n_samples: int = Field(300, ge=LIMITS["min_points"], le=LIMITS["max_points"])
    seed: int = Field(0, ge=0, le=2**31 - 1)
    hidden: list[Annotated[int, Field(ge=1, le=LIMITS["max_units"])]] = Field(
        default_factory=lambda: [8, 8], max_length=LIMITS["max_hidden_layers"]
    )
    activation: Literal["relu", "tanh", "sigmoid", "leaky_relu", "linear"] = "relu"
    initializer: Literal["he", "xavier", "normal", "zeros"] = "he"
    optimizer: Literal["gd", "minibatch", "momentum", "adam"] = "adam"
    batch_size: int = Field(32, ge=1, le=LIMITS["max_points"])
    patience: int = Field(30, ge=1, le=10_000)
    jitter: float = Field(0.0, ge=0, le=1)
    epochs: int = Field(1000, ge=1, le=LIMITS["max_epochs"])
    speed: int = Field(60, ge=0, le=MAX_SPEED)
    models: list[ModelSettings] = Field(
        default_factory=lambda: [ModelSettings()], min_length=1, max_length=LIMITS["max_models"]
    )

    @model_validator(mode="after")
    def _keep_prob_per_layer(self):
        for k, model in enumerate(self.models):
            if len(model.keep_prob) != len(self.hidden):
                raise ValueError(
                    f"models.{k}.keep_prob must have one value per hidden layer "
                    f"({len(self.hidden)}), got {len(model.keep_prob)}"
                )
        return self


class Configure(_Strict):
    type: Literal["configure"]
    settings: Settings


class Control(_Strict):
    type: Literal["play", "pause", "step", "reset"]


class SetHyperparameters(_Strict):
    type: Literal["set"]
    model: int = Field(ge=0, lt=LIMITS["max_models"])
    regularization: Regularization | None = None
    lam: Lam | None = None
    keep_prob: list[KeepProb] | None = Field(None, max_length=LIMITS["max_hidden_layers"])
    learning_rate: LearningRate | None = None


class Upload(_Strict):
    type: Literal["upload"]
    name: str = Field(max_length=200)
    text: str


class Download(_Strict):
    type: Literal["download"]
    what: Literal["model", "history"]


class Speed(_Strict):
    type: Literal["speed"]
    speed: int = Field(ge=0, le=MAX_SPEED)


class Drawn(_Strict):
    type: Literal["drawn"]
    seq: int = Field(ge=0)


Message = Annotated[
    Configure | Control | SetHyperparameters | Upload | Download | Speed | Drawn,
    Field(discriminator="type"),
]
_MESSAGE = TypeAdapter(Message)


def _describe(error: dict) -> str:
    """One pydantic error as ``field must ..., got value``."""
    where = ".".join(str(part) for part in error["loc"] if not str(part).endswith("]"))
    where = where.removeprefix("configure.").removeprefix("set.").removeprefix("upload.")
    got = error.get("input")
    kind, ctx = error["type"], error.get("ctx", {})
    if kind == "extra_forbidden":
        return f"unknown key {where.rsplit('.', 1)[-1]!r}"
    if kind == "union_tag_invalid":
        return f"type must be one of {ctx.get('expected_tags')}, got {ctx.get('tag')!r}"
    if kind == "union_tag_not_found":
        return "message must have a 'type'"
    bounds = {
        "greater_than": "> {gt}",
        "greater_than_equal": ">= {ge}",
        "less_than": "< {lt}",
        "less_than_equal": "<= {le}",
        "too_long": "at most {max_length} items long",
        "too_short": "at least {min_length} items long",
    }
    if kind in bounds:
        shown = f"{len(got)} items" if kind.startswith("too_") else repr(got)
        return f"{where} must be {bounds[kind].format(**ctx)}, got {shown}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return f"{where}: {error['msg'][0].lower()}{error['msg'][1:]}, got {got!r}"


def parse_message(text: str | bytes, max_bytes: int) -> BaseModel:
    """Parse and validate one message; raise :class:`ProtocolError` with a readable reason."""
    if len(text) > max_bytes:
        raise ProtocolError(f"message must be at most {max_bytes} bytes, got {len(text)}")
    try:
        return _MESSAGE.validate_json(text)
    except ValidationError as error:
        first = error.errors(include_url=False)
        shown = text[:60]
        if first and first[0]["type"] == "json_invalid":
            raise ProtocolError(f"message must be JSON, got {shown!r}") from None
        if first and first[0]["type"] == "dict_type" and not first[0]["loc"]:
            raise ProtocolError(f"message must be a JSON object, got {shown!r}") from None
        raise ProtocolError("; ".join(_describe(e) for e in first[:3])) from None
