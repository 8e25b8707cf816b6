"""Reading a sweep's stored models: one summary per configuration, means over seeds.

The status, the export and the report all read the database through these functions, so
they agree on what "best" means: the lowest mean dev error over the configuration's seeds
(dev loss for regression), diverged models counted as errors of 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reglab.sweep.plan import CONFIG_KEYS

__all__ = ["ConfigSummary", "axis_value", "dev_score", "summarize"]


def dev_score(row: dict) -> float:
    """The number a sweep minimizes for one model: dev error (1 - accuracy), or dev loss
    for regression; 1 (the worst error) for a model that diverged."""
    if row["dev_accuracy"] is not None:
        return 1.0 if row["diverged"] else 1.0 - row["dev_accuracy"]
    return float("inf") if row["diverged"] else row["dev_loss"]


def axis_value(row: dict, axis: str):
    """The value of a swept axis in a stored model row (``keep_prob`` reads layer 1)."""
    if axis == "keep_prob":
        return row.get("keep_prob1", 1.0)
    return row.get(axis)


@dataclass
class ConfigSummary:
    """One configuration over its seeds."""

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

    @property
    def score(self) -> float:
        return float(np.mean(self.dev_scores))

    @property
    def spread(self) -> float:
        return float(np.std(self.dev_scores))

    def verdict(self, base_error: float = 0.0, n_dev=None, n_test=None):
        """The bias/variance verdict of the mean error rates over the seeds that did not
        diverge, with the divergences counted (None for regression)."""
        from reglab.diagnose.verdict import diagnose

        everyone = self.diverged == self.seeds  # then the error rates are not read
        if self.dev_error is None and not everyone:
            return None
        sizes = {"n_dev": n_dev, "n_test": n_test} if n_dev and n_test else {}
        return diagnose(
            1.0 if everyone else self.train_error,
            1.0 if everyone else self.dev_error,
            test_error=None if everyone else self.test_error,
            base_error=base_error,
            diverged=self.diverged,
            n_models=self.seeds,
            **sizes,
        )

    def label(self, axes) -> str:
        return ", ".join(f"{axis}={_fmt(axis_value(self.config, axis))}" for axis in axes)


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _mean_error(rows: list[dict], part: str) -> float | None:
    key = f"{part}_accuracy"
    errors = [1 - r[key] for r in rows if r[key] is not None and not r["diverged"]]
    return float(np.mean(errors)) if errors else None


def summarize(rows: list[dict]) -> list[ConfigSummary]:
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
            )
        )
    return sorted(summaries, key=lambda s: (s.score, s.config_id))
