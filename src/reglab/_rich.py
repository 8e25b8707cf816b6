"""Rich and short representations: the HTML fragments Jupyter shows, and brief reprs.

Jupyter calls an object's ``_repr_html_`` when it is the last value of a cell. reglab's
objects answer with a fragment built here — a table, a small inline SVG curve — from the
standard library alone, so the package needs no Jupyter. Every fragment is well-formed
XML (escaped text, closed tags), which any HTML parser reads. The classes keep one-line
methods that call these functions; :func:`brief` keeps their plain ``__repr__`` short when
a stack holds one value per model.
"""

from __future__ import annotations

from html import escape

import numpy as np

__all__ = [
    "brief",
    "history_html",
    "network_html",
    "network_repr",
    "sparkline",
    "study_html",
    "study_summary",
    "summary_rows",
    "sweep_html",
    "table",
    "trainer_html",
    "verdict_html",
]

MAX_ROWS = 10  # models listed in a per-model table before "... and N more"
_LINE_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728")


def brief(value, limit: int = 4) -> str:
    """``repr`` of ``value``, a list longer than ``limit`` cut to its ends and its length."""
    if isinstance(value, list | tuple | np.ndarray) and len(value) > limit:
        items = list(value)
        return f"[{items[0]!r}, {items[1]!r}, ..., {items[-1]!r}] ({len(items)} values)"
    return repr(value)


def _call(obj) -> str:
    """``Type(key=value, ...)`` from ``obj.get_config()``, per-model lists cut short."""
    args = ", ".join(f"{key}={brief(value)}" for key, value in obj.get_config().items())
    return f"{type(obj).__name__}({args})"


def network_repr(network) -> str:
    """A :class:`~reglab.nn.Network`'s repr, short even for a stack of hundreds of models."""
    layers = ", ".join(_call(layer) for layer in network.layers)
    regs = network.regularizers
    shown = f", regularizers=[{', '.join(_call(r) for r in regs)}]" if regs else ""
    shown += f", n_models={network.n_models}"
    if network.legacy_dropout is not None:
        shown += f", legacy_dropout={network.legacy_dropout!r}"
    if network.dtype != np.float64:
        shown += f", dtype='{np.dtype(network.dtype)}'"
    return f"Network([{layers}], loss={network.loss.name!r}{shown})"


def table(header, rows, text_columns=(0,), classes=None) -> str:
    """An HTML table; every cell escaped; ``classes[i]`` is row ``i``'s class attribute."""

    def cell(tag, i, value):
        align = "left" if i in text_columns else "right"
        return f'<{tag} style="text-align: {align}">{escape(str(value))}</{tag}>'

    head = "".join(cell("th", i, value) for i, value in enumerate(header))
    body = []
    for r, row in enumerate(rows):
        klass = f' class="{escape(classes[r])}"' if classes and classes[r] else ""
        body.append(f"<tr{klass}>" + "".join(cell("td", i, v) for i, v in enumerate(row)) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def sparkline(series: dict, width: int = 260, height: int = 70) -> str:
    """A small inline SVG of one or more curves (name -> 1-D values), with a legend.

    Non-finite values are left out; curves longer than ``width`` points are thinned.
    """
    finite = {k: np.asarray(v, dtype=float) for k, v in series.items()}
    values = np.concatenate([v[np.isfinite(v)] for v in finite.values()] or [np.zeros(0)])
    if values.size == 0:
        return ""
    low, high = float(values.min()), float(values.max())
    span = high - low or 1.0
    pad, legend = 4, 14
    lines = []
    for i, (name, curve) in enumerate(finite.items()):
        step = max(1, len(curve) // width)
        x = np.arange(0, len(curve), step)
        keep = np.isfinite(curve[x])
        px = pad + (width - 2 * pad) * x[keep] / max(1, len(curve) - 1)
        py = pad + (height - legend - 2 * pad) * (high - curve[x][keep]) / span
        points = " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(px, py, strict=True))
        color = _LINE_COLORS[i % len(_LINE_COLORS)]
        lines.append(
            f'<polyline fill="none" stroke="{color}" stroke-width="1.5" points="{points}"/>'
            f'<text x="{pad + 90 * i}" y="{height - 3}" font-size="10" fill="{color}">'
            f"{escape(str(name))}</text>"
        )
    label = f"{escape(', '.join(map(str, finite)))} from {low:.4g} to {high:.4g}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img"><title>{label}</title>'
        f'<rect width="{width}" height="{height}" fill="white" stroke="#ddd"/>'
        f"{''.join(lines)}</svg>"
    )


def _pct(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.2f}%"


def _block(kind: str, title: str, body: str) -> str:
    return f'<div class="reglab-{kind}"><p><strong>{escape(title)}</strong></p>{body}</div>'


def verdict_html(verdict, gap_rows: list[tuple]) -> str:
    """The verdict: the error rates, each gap against its threshold, the reading, remedies.

    ``gap_rows`` are the verdict's ``(name, formula, gap, threshold, flag)`` rows, as its
    text shows them (:func:`reglab.diagnose._verdict_text.gap_rows`).
    """
    errors = [(name, _pct(value)) for name, value in verdict.errors.items() if value is not None]
    body = table(("error", "rate"), errors)
    if verdict.diverged:
        body += f"<p>{verdict.diverged} of {verdict.n_models} model(s) diverged.</p>"
    if verdict.diverged < verdict.n_models:  # else no gap was read
        rows = [
            (name, formula, f"{100 * gap:+.2f}%", _pct(limit), flag)
            for name, formula, gap, limit, flag in gap_rows
            if gap is not None
        ]
        header = ("gap", "measured as", "value", "threshold", "")
        body += table(header, rows, text_columns=(0, 1, 4))
    body += f"<p>{escape(verdict.explanation)}</p>"
    if verdict.remedies:
        items = "".join(f"<li>{escape(remedy)}</li>" for remedy in verdict.remedies)
        body += f"<p>Remedies:</p><ul>{items}</ul>"
    return _block("verdict", f"Verdict: {verdict.kind}", body)


def history_html(history) -> str:
    """The training history: the last value of every log per model, and a small curve."""
    if not getattr(history, "epochs", None):
        return _block("history", "History: no epoch recorded yet", "")
    keys = [key for key in history.keys() if key != "batch_cost"]
    logs = {key: history[key] for key in keys}  # each (epochs, K)
    epochs, K = next(iter(logs.values())).shape
    header = ["model"] + [f"{key} (last)" for key in keys]
    if "dev_loss" in logs:
        header.append("lowest dev_loss (epoch)")
    rows = []
    for k in range(min(K, MAX_ROWS)):
        row = [k] + [f"{logs[key][-1, k]:.4g}" for key in keys]
        if "dev_loss" in logs:
            best = (
                int(np.nanargmin(logs["dev_loss"][:, k]))
                if np.isfinite(logs["dev_loss"][:, k]).any()
                else 0
            )
            row.append(f"{logs['dev_loss'][best, k]:.4g} ({best})")
        rows.append(row)
    body = table(header, rows) + _more(K)
    shown = [key for key in ("train_loss", "dev_loss") if key in logs] or ["cost"]
    mean = "mean over models" if K > 1 else "one model"
    curves = {key: np.nanmean(logs[key], axis=1) for key in shown if key in logs}
    body += f"<p>{escape(', '.join(curves))} per epoch ({mean}):</p>{sparkline(curves)}"
    return _block("history", f"History: {epochs} epochs, {K} model(s)", body)


def _more(count: int) -> str:
    return f"<p>... and {count - MAX_ROWS} more models</p>" if count > MAX_ROWS else ""


def network_html(network) -> str:
    """A network: its layers with shapes and parameter counts, and each model's settings."""
    K, built = network.n_models, network.built
    rows = []
    for i, layer in enumerate(network.layers):
        shape = str(layer.output_shape) if built else "not built"
        count = sum(int(np.prod(p.shape[1:])) for p in layer.params.values())
        rows.append((i, _call(layer), shape, count if built else ""))
    total = network.n_params if built else 0
    title = f"Network: {K} model(s), loss {network.loss.name}"
    if built:
        title += f", {total} parameters per model ({K * total} in all)"
    body = table(("#", "layer", "output shape", "parameters per model"), rows, (1,))
    body += _per_model_table(network)
    return _block("network", title, body)


def _per_model_table(network) -> str:
    """One row per model: its seed and each setting that may differ between models."""
    K = network.n_models
    columns = {"seed": network.seeds}
    settings = [(f"{type(r).__name__} ", r) for r in network.regularizers]
    settings += [(f"layer {i} ", layer) for i, layer in enumerate(network.layers)]
    for prefix, obj in settings:
        for key, value in obj.get_config().items():
            # hyperparameters are floats (λ, keep_prob, max_norm); sizes (units) are ints
            array = np.asarray(value) if not isinstance(value, str | bool) else None
            if array is not None and array.dtype.kind == "f" and array.size in (1, K):
                columns[f"{prefix}{key}"] = np.broadcast_to(array.reshape(-1), (K,))
    header = ["model", *columns]
    rows = [[k] + [f"{v[k]:g}" for v in columns.values()] for k in range(min(K, MAX_ROWS))]
    return "<p>Per model:</p>" + table(header, rows) + _more(K)


def summary_rows(result) -> tuple[tuple, list[tuple]]:
    """The study's summary table: header and one row per regularizer (means ± standard
    deviations over the seeds that did not diverge)."""
    header = (
        "regularizer",
        "description",
        "train accuracy",
        "dev accuracy",
        "test accuracy",
        "verdict",
        "‖W‖",
        "zero weights",
    )
    rows = [
        (
            run.name,
            run.description,
            _pm(run, "train_accuracy"),
            _pm(run, "dev_accuracy"),
            _pm(run, "test_accuracy"),
            run.verdict.kind,
            _pm(run, "weight_norm", 2),
            f"{100 * run.mean('zero_fraction'):.1f}%",
        )
        for run in result.regularizers
    ]
    return header, rows


def _pm(run, key: str, digits: int = 3) -> str:
    """Mean ± standard deviation over the seeds that did not diverge."""
    return f"{run.mean(key):.{digits}f} ± {run.std(key):.{digits}f}"


def study_summary(result) -> str:
    """The summary table of a study, the best regularizer highlighted, and how to read it;
    the report's page and a :class:`~reglab.experiments.study.StudyResult` in Jupyter show
    the same."""
    header, rows = summary_rows(result)
    best = result.best().name
    classes = ["best" if run.name == best else "" for run in result.regularizers]
    diverged = sum(run.verdict.diverged for run in result.regularizers)
    left_out = f" ({diverged} diverged models left out)" if diverged else ""
    chosen = ", ".join(
        f"{'λ' if name == 'l2' else name} = {value:g}" for name, value in result.chosen.items()
    )
    by_curves = (
        f" The L2 and dropout rows use the values their validation curves chose on the dev "
        f"set ({chosen}), so their dev accuracies are slightly optimistic; the test column is "
        "not."
        if chosen
        else ""
    )
    note = (
        f"<p>Mean ± standard deviation over {result.config.seeds} seeds{left_out}; the "
        f"highlighted row, {escape(best)}, has the highest mean dev accuracy."
        f"{escape(by_curves)}</p>"
    )
    return table(header, rows, text_columns=(0, 1, 5), classes=classes) + note


def study_html(result) -> str:
    """The study's summary table, its base error and running time."""
    config = result.config
    body = study_summary(result) + (
        f"<p>Base error {result.base_error:.4f}; "
        f"{result.timings.get('total', float('nan')):.1f} s in all.</p>"
    )
    title = f"Study: {config.dataset}, {config.n_samples} examples, noise {config.noise:g}"
    return _block("study", title, body)


def trainer_html(trainer) -> str:
    """A training run: why each stopped model stopped, then its history."""
    stopped = [(k, r) for k, r in enumerate(trainer.stop_reasons) if r is not None]
    active = int(np.sum(trainer.active))
    title = f"Trainer: {active} of {trainer.network.n_models} model(s) still active"
    body = table(("model", "stopped because"), stopped[:MAX_ROWS], (1,)) if stopped else ""
    body += _more(len(stopped)).replace("models", "stopped models")
    return _block("trainer", title, body) + history_html(trainer.history)


def sweep_html(summary, header, rows) -> str:
    """A sweep's best configurations (``rows`` under ``header``, the best first)."""
    seeds = sum(s.seeds for s in summary)
    title = f"Sweep: {len(summary)} configuration(s), {seeds} model(s)"
    if not rows:
        return _block("sweep", title, "")
    body = table(header, rows, text_columns=(1, 6), classes=["best"] + [""] * (len(rows) - 1))
    more = len(summary) - len(rows)
    if more > 0:
        body += f"<p>... and {more} more configurations</p>"
    body += (
        "<p>Dev error: mean ± standard deviation over seeds (a diverged model counts as an "
        f"error of 1); verdicts against the base error {summary.base_error:g}.</p>"
    )
    return _block("sweep", title, body)
