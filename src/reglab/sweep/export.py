"""``reglab sweep export``: the models of a sweep's current plan as CSV or Parquet."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from reglab.sweep.store import Store

__all__ = ["export_models"]

PARQUET_MISSING = "--parquet needs pyarrow, which is not installed: pip install pyarrow"


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
    from reglab.sweep.files import write_bytes

    rows = _rows(store)
    if csv is not None:
        return write_bytes(csv, _csv_text(rows).encode("utf-8"))
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise ImportError(PARQUET_MISSING) from None
    table = pyarrow.Table.from_pylist(rows)
    buffer = pyarrow.BufferOutputStream()
    pyarrow.parquet.write_table(table, buffer)
    return write_bytes(parquet, buffer.getvalue().to_pybytes())


def _csv_text(rows: list[dict]) -> str:
    columns = list(rows[0])
    for row in rows[1:]:
        columns += [key for key in row if key not in columns]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
