"""``reglab sweep status``: how far a sweep has got, read from its database."""

from __future__ import annotations

from collections import Counter

from reglab.sweep.plan import version_key
from reglab.sweep.results import summarize
from reglab.sweep.spec import SweepSpec, base_error_of
from reglab.sweep.store import Store

__all__ = ["status_lines"]


def current_version(store: Store, spec: SweepSpec) -> int | None:
    """The version of ``spec`` (with its data file's content) in the database, else the
    latest version stored (also when the data file is gone)."""
    try:
        key = version_key(spec)
    except FileNotFoundError:
        key = None
    row = store.db.execute("SELECT version FROM files WHERE sha256 = ?", (key,)).fetchone()
    return int(row[0]) if row is not None else store.latest_version()


def status_lines(store: Store, spec: SweepSpec) -> list[str]:
    """The status as lines of text: chunks by state, models stored, the best so far."""
    version = current_version(store, spec)
    latest = store.latest_version()
    chunks = store.chunk_rows(version)
    states = Counter(row["state"] for row in chunks)
    planned = sum(row["n_models"] for row in chunks)
    rows = store.model_rows(version)
    lines = [
        f"sweep {spec.name!r}: {store.path} (file version {version} of {latest})",
        f"chunks: {len(chunks)} planned: {states['done']} done, {states['running']} running "
        f"or interrupted, {states['pending']} pending, {states['failed']} failed",
        f"models: {len(rows)} of {planned} stored, "
        f"{sum(bool(r['diverged']) for r in rows)} diverged",
    ]
    summaries = summarize(rows)
    if summaries:
        best = summaries[0]
        axes = list(spec.search.axes()) or ["l2"]
        measure = "dev error" if best.dev_error is not None else "dev loss"
        verdict = best.verdict(base_error_of(spec.data.model_dump(exclude_none=True))[0])
        lines.append(
            f"best so far: {best.label(axes)}: {measure} {best.score:.4f} ± {best.spread:.4f} "
            f"over {best.seeds} seed(s)" + (f", {verdict.kind}" if verdict else "")
        )
    for row in chunks:
        if row["state"] == "failed":
            last = (row["error"] or "").strip().splitlines()[-1:] or ["?"]
            lines.append(f"failed chunk {row['id']} after {row['attempts']} attempts: {last[0]}")
    return lines
