"""The study as one self-contained HTML page: tables, the tutorial's output, figures, captions.

The page needs nothing beside itself: the CSS is inline and every figure is embedded as a
base64 PNG (``<img src="data:image/png;base64,...">``), so it can be mailed or archived as
one file. All text goes through :func:`html.escape`. Its pieces are
:mod:`reglab.report.page`'s, which a sweep's report shares.
"""

from __future__ import annotations

import dataclasses
from html import escape
from pathlib import Path

from reglab._atomic import write_text
from reglab._rich import study_summary, table
from reglab.report.captions import captions as figure_captions
from reglab.report.catalog import FIGURES
from reglab.report.page import figure_block, page, verdict_block

__all__ = ["render_html", "write_html"]

_SECTIONS = (
    ("summary", "Summary"),
    ("tutorial", "The tutorial's output"),
    ("split", "Data split"),
    ("verdicts", "Verdicts"),
    ("figures", "Figures"),
    ("decomposition", "Bias/variance"),
    ("run", "Configuration and timings"),
)


def _summary(result) -> str:
    return study_summary(result)


def _tutorial(result) -> str:
    blocks = [
        f"<pre><b>{escape(run.optimizer)}</b>\n{escape(chr(10).join(run.lines()))}</pre>"
        for run in result.optimizers
    ]
    return (
        "<p>What the tutorial's code prints (section 5): the cost of the last mini-batch "
        "every 1,000 epochs and the training accuracy.</p>" + "".join(blocks)
    )


def _split(result) -> str:
    split = result.split
    used = (
        f"This study uses {len(split.y_train)} training, {len(split.y_dev)} dev and "
        f"{len(split.y_test)} test examples."
    )
    return (
        f"<p>The tutorial's rule (section 1.1) for this data set: "
        f"{escape(str(result.recommendation))}</p><p>{escape(used)}</p>"
    )


def _verdicts(result) -> str:
    parts = []
    for run in result.regularizers:
        parts.append(verdict_block(run.name, run.verdict))
    base = (
        f"The base error is {result.base_error:.4f}, the Bayes error of the noisy data: "
        "the floor no classifier beats, so bias is measured above it."
        if result.base_error > 0
        else "No base error is known for this data set: bias is measured above 0."
    )
    lead = (
        "The tutorial's reading of train and dev error (sections 1.2-1.3), on mean error "
        f"rates, with its remedies. {base}"
    )
    return f"<p>{escape(lead)}</p>" + "".join(parts)


def _figures(figures: dict, captions: dict) -> str:
    parts = []
    for figure in FIGURES:
        if figure.name not in figures:
            continue
        title = f"{figure.title} (tutorial section {figure.section})"
        caption = captions.get(figure.name, "")
        path = figures[figure.name]
        parts.append(
            figure_block(title, path, caption, alt=figure.title, anchor=f"fig-{figure.name}")
        )
    return "".join(parts)


def _decomposition(result) -> str:
    rows = [
        (name, d.loss, d.num_rounds, f"{d.expected_loss:.4f}", f"{d.bias:.4f}", f"{d.variance:.4f}")
        for name, d in result.decompositions.items()
    ]
    header = ("regularizer", "loss", "rounds", "expected loss", "bias", "variance")
    return table(header, rows, text_columns=(0, 1))


def _run(result) -> str:
    config = [(f.name, getattr(result.config, f.name)) for f in dataclasses.fields(result.config)]
    timings = [(name, f"{seconds:.2f} s") for name, seconds in result.timings.items()]
    return table(("setting", "value"), config, text_columns=(0, 1)) + table(
        ("part", "time"), timings
    )


def render_html(
    result,
    figures: dict,
    captions: dict | None = None,
    title: str = "reglab: a study of regularization",
) -> str:
    """The report page as a string.

    Parameters
    ----------
    result : StudyResult
    figures : dict of str to path
        PNG files by figure name (:data:`~reglab.report.catalog.FIGURES`); missing ones are
        left out.
    captions : dict of str to str, optional
        By figure name; :func:`reglab.report.captions.captions` of ``result`` by default.
    title : str
    """
    captions = figure_captions(result) if captions is None else captions
    config = result.config
    lead = (
        f"{config.dataset}, {config.n_samples} examples, noise {config.noise:g}; network "
        f"[2, {', '.join(map(str, config.hidden))}, 1], {config.epochs} epochs of Adam "
        f"(lr {config.learning_rate:g}), {config.seeds} seeds."
    )
    body = {
        "summary": _summary(result),
        "tutorial": _tutorial(result),
        "split": _split(result),
        "verdicts": _verdicts(result),
        "figures": _figures(figures, captions),
        "decomposition": _decomposition(result),
        "run": _run(result),
    }
    sections = [(name, body[key], key) for key, name in _SECTIONS]
    return page(title, sections, lead=lead, nav=True)


def write_html(result, figures: dict, path, captions: dict | None = None) -> Path:
    """Write :func:`render_html` to ``path`` (UTF-8); return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_text(path, render_html(result, figures, captions))
