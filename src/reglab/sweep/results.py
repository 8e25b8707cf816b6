"""Reading a sweep's stored models: one summary per configuration, means over seeds.

The status, the export and the report all read the database through these functions, so
they agree on what "best" means: the lowest mean dev error over the configuration's seeds
(dev loss for regression), diverged models counted as errors of 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from reglab.sweep.plan import CONFIG_KEYS

__all__ = [
    "ConfigSummary",
    "SweepSummary",
    "axis_value",
    "best_rows",
    "dev_score",
    "read_summary",
    "regularization_on",
    "summarize",
    "varying_axes",
]


def dev_score(row: dict) -> float:
    """The number a sweep minimizes for one model: dev error (1 - accuracy), or dev loss
    for regression; 1 (the worst error) for a model that diverged."""
    if row["dev_accuracy"] is not None:
        return 1.0 if row["diverged"] else 1.0 - row["dev_accuracy"]
    return float("inf") if row["diverged"] else row["dev_loss"]


def regularization_on(config: dict) -> tuple[str, ...]:
    """The regularization a configuration trains with, named as the sweep file names it
    (``("l2 = 100", "keep_prob = [0.1, 0.5]")``), for the verdict's high-bias remedies.

    ``config`` holds the keys of a stored model row (``keep_prob1``, ``keep_prob2``, ...;
    None for a layer the network lacks).
    """
    layers = sorted((k for k in config if re.fullmatch(r"keep_prob\d+", k)), key=_layer)
    keep_prob = [config[k] for k in layers if config[k] is not None]
    on = [f"{key} = {config[key]:g}" for key in ("l2", "l1") if (config.get(key) or 0) > 0]
    if any(p < 1 for p in keep_prob):
        on.append(f"keep_prob = [{', '.join(f'{p:g}' for p in keep_prob)}]")
    if config.get("early_stopping") is not None:
        on.append(f"early_stopping = {config['early_stopping']}")
    return tuple(on)


def _layer(column: str) -> int:
    return int(column.removeprefix("keep_prob"))


def axis_value(row: dict, axis: str):
    """The value of a swept axis in a stored model row (``keep_prob`` reads layer 1)."""
    if axis == "keep_prob":
        return row.get("keep_prob1", 1.0)
    return row.get(axis)


@dataclass
class ConfigSummary:
    """One configuration over its seeds.

    ``accuracy`` holds each seed's train, dev and test accuracy (None for a regression) and
    ``diverged_seeds`` which seeds diverged, for :meth:`verdict`; ``train_error``,
    ``dev_error`` and ``test_error`` are the mean error rates over the seeds that did not
    diverge (None when none is left, or for a regression).
    """

    config_id: str
    config: dict
    seeds: int
    dev_scores: np.ndarray
    train_error: float | None
    dev_error: float | None
    test_error: float | None
    diverged: int
    trials: list
    versions: set
    accuracy: dict = field(default_factory=dict)
    diverged_seeds: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))

    @property
    def score(self) -> float:
        return float(np.mean(self.dev_scores))

    @property
    def spread(self) -> float:
        return float(np.std(self.dev_scores))

    def verdict(self, base_error: float = 0.0, **reading):
        """The bias/variance verdict of the configuration's seeds (None for a regression).

        ``reading``: ``n_dev``, ``n_test`` and ``feature_scales``, passed on to
        :func:`~reglab.diagnose.training.diagnose_models` (see
        :func:`~reglab.sweep.worker.verdict_reading`).
        """
        from reglab.diagnose.training import diagnose_models

        if self.accuracy.get("train") is None:
            return None
        return diagnose_models(
            self.accuracy["train"],
            self.accuracy["dev"],
            self.accuracy["test"],
            diverged=self.diverged_seeds,
            base_error=base_error,
            regularization=regularization_on(self.config),
            **reading,
        )

    def label(self, axes) -> str:
        return ", ".join(f"{axis}={_fmt(axis_value(self.config, axis))}" for axis in axes)


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _accuracies(rows: list[dict]) -> dict:
    """Each part's accuracy per seed, or None where a part has none (a regression)."""
    parts = {}
    for part in ("train", "dev", "test"):
        values = [r[f"{part}_accuracy"] for r in rows]
        parts[part] = None if None in values else np.array(values, dtype=float)
    return parts


def _mean_error(rows: list[dict], part: str) -> float | None:
    key = f"{part}_accuracy"
    errors = [1 - r[key] for r in rows if r[key] is not None and not r["diverged"]]
    return float(np.mean(errors)) if errors else None


class SweepSummary(list):
    """A sweep's configurations, best first: a list of :class:`ConfigSummary` that shows as
    the table of the best configurations in Jupyter.

    Parameters
    ----------
    summaries : iterable of ConfigSummary
    axes : sequence of str, optional
        The settings that name a configuration; by default those whose values differ
        between the configurations.
    base_error : float, default 0.0
        The error no model beats, for the verdicts.
    """

    def __init__(self, summaries=(), axes=None, base_error: float = 0.0):
        super().__init__(summaries)
        self.axes = list(axes) if axes is not None else varying_axes(self)
        self.base_error = float(base_error)

    def _repr_html_(self) -> str:
        from reglab._rich import sweep_html

        header, rows, _ = best_rows(self, self.axes, self.base_error)
        return sweep_html(self, header, rows)

    def __repr__(self) -> str:
        if not self:
            return "SweepSummary(0 configurations)"
        best = self[0]
        return (
            f"SweepSummary({len(self)} configurations, best: "
            f"{best.label(self.axes) or 'the fixed settings'}, dev score {best.score:.4g})"
        )


def varying_axes(summaries, axes=None) -> list[str]:
    """Those of ``axes`` (by default every configuration key, the per-layer ``keep_prob1``,
    ``keep_prob2``... as one ``keep_prob`` where every configuration has them equal) whose
    values differ between ``summaries``."""
    if axes is None:
        axes = list(dict.fromkeys(key for s in summaries for key in s.config))
        layers = [key for key in axes if key.startswith("keep_prob")]
        # a layer the network lacks stores None (keep_prob2 of a one-layer network)
        if all(len({s.config.get(key) for key in layers} - {None}) <= 1 for s in summaries):
            axes = [key for key in axes if key not in layers] + ["keep_prob"] * bool(layers)
    return [a for a in axes if len({str(axis_value(s.config, a)) for s in summaries}) > 1]


def best_rows(summaries, axes, base_error: float = 0.0, reading=None, limit: int = 10):
    """The table of the best ``limit`` configurations: header, rows and their verdicts.

    Each row: rank, configuration (its ``axes``), mean dev error ± its standard deviation
    over seeds, train and test error, seeds (and how many diverged), the verdict's kind
    (``reading`` as for :meth:`ConfigSummary.verdict`). The sweep's report and a
    :class:`SweepSummary` in Jupyter both show it.
    """
    header = ("rank", "configuration", "dev error", "train error", "test error", "seeds")
    header += ("verdict",)
    rows, verdicts = [], []
    for rank, summary in enumerate(summaries[:limit], start=1):
        verdict = summary.verdict(base_error, **(reading or {}))
        kind = verdict.kind if verdict else "diverged" if summary.diverged else "-"
        rows.append(
            (
                rank,
                summary.label(axes) or "the fixed settings",
                f"{summary.score:.4f} ± {summary.spread:.4f}",
                "-" if summary.train_error is None else f"{summary.train_error:.4f}",
                "-" if summary.test_error is None else f"{summary.test_error:.4f}",
                f"{summary.seeds}"
                + (f" ({summary.diverged} diverged)" if summary.diverged else ""),
                kind,
            )
        )
        verdicts.append(verdict)
    return header, rows, verdicts


def read_summary(path, base_error: float | None = None) -> SweepSummary:
    """The configurations of the latest sweep file version stored at ``path`` (a sweep's
    ``results.sqlite``, or the folder holding it), best first.

    The verdicts read against ``base_error``; by default the one the sweep's own verdicts
    read against (:func:`~reglab.sweep.spec.base_error_of` its stored file's data).
    """
    import tomllib
    from pathlib import Path

    from reglab.sweep.spec import base_error_of
    from reglab.sweep.store import Store

    path = Path(path)
    path = path / "results.sqlite" if path.is_dir() else path
    if not path.is_file():
        raise FileNotFoundError(f"path must be a sweep's results.sqlite or its folder, got {path}")
    store = Store(path)
    try:
        version = store.latest_version()
        if base_error is None:
            data = tomllib.loads(store.file_text(version)).get("data", {}) if version else {}
            base_error = base_error_of(data)[0]
        return summarize(store.model_rows(version), base_error=base_error)
    finally:
        store.close()


def summarize(rows: list[dict], axes=None, base_error: float = 0.0) -> SweepSummary:
    """Group model rows by configuration; best (lowest mean dev score) first."""
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row["config_id"], []).append(row)
    summaries = []
    for key, members in groups.items():
        first = members[0]
        config = {k: first[k] for k in CONFIG_KEYS if k in first}
        config.update({k: v for k, v in first.items() if k.startswith("keep_prob")})
        summaries.append(
            ConfigSummary(
                config_id=key,
                config=config,
                seeds=len(members),
                dev_scores=np.array([dev_score(r) for r in members]),
                train_error=_mean_error(members, "train"),
                dev_error=_mean_error(members, "dev"),
                test_error=_mean_error(members, "test"),
                diverged=sum(bool(r["diverged"]) for r in members),
                trials=sorted({r["trial"] for r in members if r["trial"] is not None}),
                versions={r["chunk_version"] for r in members},
                accuracy=_accuracies(members),
                diverged_seeds=np.array([bool(r["diverged"]) for r in members]),
            )
        )
    ranked = sorted(summaries, key=lambda s: (s.score, s.config_id))
    return SweepSummary(ranked, axes, base_error)
