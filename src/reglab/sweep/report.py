"""``reglab sweep report``: one self-contained HTML page of a sweep, read from its database.

Like the study's report (same style, figures embedded as base64 PNG, every text escaped),
it shows: what ran (models and chunks by state, time), the best configurations with
their verdicts and remedies, heat maps of mean dev error over pairs of swept axes with the
spread over seeds, validation curves along each axis, the train/dev gap against each
regularizer's strength, the search history of a sampler run, and where each chunk came
from (the current sweep file or an older version of it), failures included.
"""

from __future__ import annotations

import itertools
import tempfile
from collections import Counter
from html import escape
from pathlib import Path

from reglab._rich import table
from reglab.report.page import figure_block, page, verdict_block
from reglab.sweep import figures
from reglab.sweep.results import ConfigSummary, best_rows, summarize, varying_axes
from reglab.sweep.spec import SweepSpec, base_error_of
from reglab.sweep.status import current_version
from reglab.sweep.store import Store, chunk_from_json

__all__ = ["render_sweep_report", "write_sweep_report"]

BEST_ROWS = 10
BEST_VERDICTS = 3
MAX_PAIRS = 3


def _lead(spec: SweepSpec, rows: list[dict], chunks: list) -> str:
    states = Counter(row["state"] for row in chunks)
    planned = sum(row["n_models"] for row in chunks)
    seconds = sum(row["seconds"] or 0.0 for row in chunks)
    workers = {row["worker"] for row in chunks if row["worker"]}
    data = spec.data.dataset or spec.data.csv or spec.data.npz
    text = (
        f"{data}; {len(rows)} of {planned} models stored ({spec.search.method} search over "
        f"{', '.join(spec.search.axes()) or 'nothing'}, seeds {spec.seeds}); chunks: "
        + ", ".join(f"{n} {state}" for state, n in sorted(states.items()))
        + f"; {seconds:.1f} s of training on {len(workers)} worker(s)."
    )
    diverged = sum(bool(r["diverged"]) for r in rows)
    if diverged:
        text += f" {diverged} model(s) diverged (their cost became NaN or infinite)."
    return text


def _best(summaries: list[ConfigSummary], axes: list[str], spec: SweepSpec, reading) -> str:
    base_error, origin = base_error_of(spec.data.model_dump(exclude_none=True))
    header, rows, verdicts = best_rows(summaries, axes, base_error, reading, BEST_ROWS)
    details = []
    for (rank, label, *_), verdict in zip(rows, verdicts, strict=True):
        if verdict is not None and rank <= BEST_VERDICTS:
            details.append(verdict_block(f"{rank}. {label}", verdict))
    note = (
        "<p>Dev error: mean ± standard deviation over seeds (a diverged model counts as an "
        "error of 1). The verdict reads the mean train, dev and test errors against the "
        f"base error {base_error:.4g} ({origin}; tutorial, sections 1.2-1.3); the best "
        f"{BEST_VERDICTS} with their reasons and remedies:</p>"
    )
    classes = ["best"] + [""] * (len(rows) - 1)
    return table(header, rows, text_columns=(1, 6), classes=classes) + note + "".join(details)


def _figures(summaries, axes, folder: Path) -> str:
    parts = []
    varying = varying_axes(summaries, axes)
    pairs = list(itertools.combinations(varying, 2))[:MAX_PAIRS]
    if pairs:
        path = figures.plot_heatmaps(summaries, pairs, folder / "heatmaps.png")
        parts.append(
            figure_block(
                "Heat maps",
                path,
                "Each cell holds the best configuration "
                "with those two values; lighter is better. Numbers: mean dev "
                "error ± its standard deviation over seeds.",
            )
        )
    if varying:
        path = figures.plot_validation(summaries, varying, folder / "validation.png")
        parts.append(
            figure_block(
                "Validation curves",
                path,
                "Train and dev error at each value "
                "of an axis (the best configuration there). Where dev error "
                "rises while train error falls, the model overfits; where both "
                "rise together, it underfits.",
            )
        )
    keys = [
        k for k in ("l2", "l1", "keep_prob") if len({figures.strength(s, k) for s in summaries}) > 1
    ]
    if keys:
        path = figures.plot_gap(summaries, keys, folder / "gap.png")
        parts.append(
            figure_block(
                "Train/dev gap and regularization strength",
                path,
                "The gap "
                "between dev and train error measures variance; stronger "
                "regularization should close it, until the train error "
                "itself rises (bias).",
            )
        )
    trials = sorted((s.trials[0], s.score) for s in summaries if s.trials)
    if trials:
        path = figures.plot_history(trials, folder / "history.png")
        parts.append(
            figure_block(
                "Search history",
                path,
                "Each trial of the sampler in the "
                "order it was asked, and the best mean dev error found so far.",
            )
        )
    return "".join(parts) or "<p>No axis varies among the stored models yet.</p>"


def _provenance(store: Store, version: int, chunks: list) -> str:
    by_version = Counter(row["version"] for row in chunks)
    lines = [
        f"{n} chunk(s) first planned by version {v} of the sweep file"
        + (" (the current one)" if v == version else ", unchanged since (reused)")
        for v, n in sorted(by_version.items())
    ]
    current = {row["id"] for row in chunks}
    stale = [row for row in store.chunk_rows() if row["id"] not in current]
    if stale:
        lines.append(
            f"{len(stale)} stored chunk(s) belong only to older versions of the file and are "
            "left out of this report (they stay in the database)"
        )
    failed = [
        (row["id"], row["attempts"], (row["error"] or "").strip().splitlines()[-1:] or ["?"])
        for row in chunks
        if row["state"] == "failed"
    ]
    html = "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>"
    if failed:
        rows = [(chunk_id, attempts, error[0]) for chunk_id, attempts, error in failed]
        html += "<p>Failed chunks:</p>" + table(("chunk", "attempts", "error"), rows, (0, 2))
    return html


def render_sweep_report(store: Store, spec: SweepSpec) -> str:
    """The report page of a sweep as a string."""
    version = current_version(store, spec)
    if version is None:
        raise FileNotFoundError(f"sweep {spec.name!r} has not run yet: no results in {store.path}")
    chunks = store.chunk_rows(version)
    rows = store.model_rows(version)
    summaries = summarize(rows)
    axes = list(spec.search.axes())
    reading = _reading(chunks)
    title = f"reglab sweep: {spec.name}"
    sections = [("Summary", f"<p>{escape(_lead(spec, rows, chunks))}</p>")]
    if summaries:
        sections.append(("Best configurations", _best(summaries, axes, spec, reading)))
        with tempfile.TemporaryDirectory() as folder:
            sections.append(("Figures", _figures(summaries, axes, Path(folder))))
    sections.append(("Chunks and file versions", _provenance(store, version, chunks)))
    sections.append(("Sweep file", f"<pre>{escape(store.file_text(version))}</pre>"))
    return page(title, [(name, html, None) for name, html in sections])


def _reading(chunks: list) -> dict:
    """What the verdicts weigh besides the errors (set sizes, raw features' scales), read
    from the data of the first stored chunk, as its workers read it."""
    from reglab.sweep.worker import verdict_reading

    done = [row for row in chunks if row["state"] == "done"]
    if not done:
        return {}
    chunk = chunk_from_json(done[0]["content"])
    return verdict_reading(chunk.data, chunk.split)


def write_sweep_report(store: Store, spec: SweepSpec, path) -> Path:
    """Write :func:`render_sweep_report` to ``path`` atomically; return the path."""
    from reglab._atomic import write_text

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_text(path, render_sweep_report(store, spec))
