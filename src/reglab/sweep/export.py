"""``reglab sweep export``: the models of a sweep's current plan as CSV or Parquet."""

from __future__ import annotations

import csv as csv_module
from pathlib import Path

from reglab.sweep.store import Store

__all__ = ["export_models"]

PARQUET_MISSING = (
    "--parquet needs pyarrow, which is not installed: pip install pyarrow (or reglab[parquet])"
)


def _rows(store: Store) -> list[dict]:
    rows = store.model_rows(store.latest_version())
    if not rows:
        raise ValueError(f"the sweep has no stored models yet in {store.path}")
    return rows


def export_models(store: Store, *, csv: Path | None = None, parquet: Path | None = None) -> Path:
    """Write every stored model of the latest plan, one row each, to ``csv`` or ``parquet``.

    The columns are those of the ``models`` table plus ``chunk_version``, the version of
    the sweep file whose plan first made the model's chunk.
    """
    from reglab._atomic import atomic_file

    rows = _rows(store)
    path = Path(csv if csv is not None else parquet)
    path.parent.mkdir(parents=True, exist_ok=True)
    if csv is not None:
        with atomic_file(path, "w", encoding="utf-8", newline="") as handle:
            _write_csv(handle, rows)
        return path
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise ImportError(PARQUET_MISSING) from None
    with atomic_file(path, "wb") as handle:
        pyarrow.parquet.write_table(pyarrow.Table.from_pylist(rows), handle)
    return path


def _write_csv(handle, rows: list[dict]) -> None:
    columns = list(rows[0])
    for row in rows[1:]:
        columns += [key for key in row if key not in columns]
    writer = csv_module.DictWriter(handle, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
