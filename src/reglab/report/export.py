"""The study's numbers as files: all of them as JSON, the summary and the curves as CSV.

``study.json`` holds everything numeric in a
:class:`~reglab.experiments.study.StudyResult` (config, timings, base error, split, optimizer runs,
regularizer runs with their histories, weights and probability maps, curves,
decompositions, the split recommendation), arrays as nested lists, NaN and infinities as
``null``. The grid is stored by its axes: ``grid.x`` and ``grid.y``, from which
``np.meshgrid(x, y)`` gives back ``result.grid``. ``summary.csv`` has one row per
regularizer (:meth:`RegularizerRun.summary`); ``curves.csv`` the validation and learning
curves in long format, one row per (curve, value, seed).
"""

from __future__ import annotations

import csv
import dataclasses
import json
import math
from pathlib import Path

import numpy as np

from reglab._atomic import atomic_file

__all__ = [
    "CURVE_COLUMNS",
    "curve_rows",
    "study_dict",
    "summary_rows",
    "to_plain",
    "write_curves_csv",
    "write_json",
    "write_rows_csv",
    "write_summary_csv",
]

CURVE_COLUMNS = ("curve", "param", "value", "seed", "train_error", "dev_error")
_CURVES = (("lam", "lam_curve"), ("keep_prob", "keep_prob_curve"), ("size", "learning_curve"))


def to_plain(value):
    """``value`` as JSON types: dataclasses and dicts to dicts, arrays and tuples to lists.

    Non-finite floats become None, so the JSON stays standard (``allow_nan=False``).
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(key): to_plain(item) for key, item in value.items()}
    if isinstance(value, np.ndarray):
        return to_plain(value.tolist())
    if isinstance(value, list | tuple):
        return [to_plain(item) for item in value]
    if isinstance(value, np.generic):
        return to_plain(value.item())
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    raise TypeError(
        f"value must be made of numbers, text, arrays and dataclasses, got {type(value).__name__}"
    )


def _regularizer(run) -> dict:
    plain = to_plain(run)
    plain["summary"] = to_plain(run.summary())
    return plain


def study_dict(result) -> dict:
    """Everything numeric in ``result`` as a JSON-ready dict (see the module docstring)."""
    xx, yy = result.grid
    return {
        "config": to_plain(result.config),
        "timings": to_plain(result.timings),
        "best": result.best().name,
        "base_error": to_plain(result.base_error),
        "split": to_plain(result.split),
        "recommendation": to_plain(result.recommendation),
        "optimizers": [to_plain(run) for run in result.optimizers],
        "regularizers": [_regularizer(run) for run in result.regularizers],
        "curves": {name: to_plain(getattr(result, attr)) for name, attr in _CURVES},
        "decompositions": to_plain(result.decompositions),
        "grid": {"x": to_plain(xx[0]), "y": to_plain(yy[:, 0])},
        "augmentation": _augmentation(result.augmentation),
        "chosen": to_plain(result.chosen),
        "lam_boundaries": None
        if result.lam_boundaries is None
        else to_plain(result.lam_boundaries),
        "shifted": _augmentation(result.shifted),
    }


def _augmentation(augmentation) -> dict | None:
    if augmentation is None:
        return None
    return {
        "config": to_plain(augmentation.config),
        "runs": [to_plain(run) | {"summary": run.summary()} for run in augmentation.runs],
    }


def write_json(result, path) -> Path:
    """Write :func:`study_dict` of ``result`` to ``path`` as UTF-8 JSON."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(path, "w", encoding="utf-8") as file:
        json.dump(study_dict(result), file, allow_nan=False, ensure_ascii=False)
    return path


def summary_rows(result) -> list[dict]:
    """One dict per regularizer: name, description, means and stds over seeds, verdict."""
    return [run.summary() for run in result.regularizers]


def curve_rows(result) -> list[dict]:
    """The three curves in long format: one dict per (curve, value, seed), keys CURVE_COLUMNS."""
    rows = []
    for name, attr in _CURVES:
        curve = getattr(result, attr)
        for i, value in enumerate(curve.values):
            for j, seed in enumerate(curve.seeds):
                rows.append(
                    {
                        "curve": name,
                        "param": curve.param,
                        "value": float(value),
                        "seed": int(seed),
                        "train_error": float(curve.train_error[i, j]),
                        "dev_error": float(curve.dev_error[i, j]),
                    }
                )
    return rows


def write_rows_csv(rows: list[dict], columns, path) -> Path:
    """Write ``rows`` (dicts) to ``path`` as CSV with a header of ``columns``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(columns))
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_summary_csv(result, path) -> Path:
    """Write :func:`summary_rows` to ``path``, a header and one row per regularizer."""
    rows = summary_rows(result)
    return write_rows_csv(rows, rows[0].keys() if rows else ["regularizer"], path)


def write_curves_csv(result, path) -> Path:
    """Write :func:`curve_rows` to ``path``, columns :data:`CURVE_COLUMNS`."""
    return write_rows_csv(curve_rows(result), CURVE_COLUMNS, path)
