"""The study as one self-contained HTML page: tables, the tutorial's output, figures, captions.

The page needs nothing beside itself: the CSS is inline and every figure is embedded as a
base64 PNG (``<img src="data:image/png;base64,...">``), so it can be mailed or archived as
one file. All text goes through :func:`html.escape`.
"""

from __future__ import annotations

import base64
import dataclasses
from html import escape
from pathlib import Path

from reglab._atomic import write_text
from reglab._rich import study_summary, table
from reglab.report.captions import captions as figure_captions
from reglab.report.catalog import FIGURES

__all__ = ["render_html", "write_html"]

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 1180px;
       margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
h1 { margin-bottom: 0.1em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: 0.2em;
     margin-top: 2em; }
.lead { color: #555; margin-top: 0; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.92em; }
th, td { border: 1px solid #ddd; padding: 0.3em 0.6em; text-align: right; }
th { background: #f3f3f3; }
tr.best td { background: #eef7ee; font-weight: 600; }
pre { background: #f7f7f7; padding: 0.6em 0.8em; border-radius: 4px; font-size: 0.85em;
      display: inline-block; margin: 0 1em 1em 0; vertical-align: top; }
figure { margin: 1.5em 0; } figure img { max-width: 100%; border: 1px solid #eee; }
figcaption { font-size: 0.93em; color: #333; max-width: 1000px; }
.verdict { margin: 0.8em 0; } .kind { font-weight: 600; }
nav a { margin-right: 0.8em; }
"""

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
        remedies = "".join(f"<li>{escape(remedy)}</li>" for remedy in run.verdict.remedies)
        parts.append(
            f'<div class="verdict"><span class="kind">{escape(run.name)}: '
            f"{escape(run.verdict.kind)}</span><br>{escape(run.verdict.explanation)}"
            + (f"<ul>{remedies}</ul>" if remedies else "")
            + "</div>"
        )
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


def _png(path) -> str:
    return base64.b64encode(Path(path).read_bytes()).decode("ascii")


def _figures(figures: dict, captions: dict) -> str:
    parts = []
    for figure in FIGURES:
        if figure.name not in figures:
            continue
        title = f"{figure.title} (tutorial section {figure.section})"
        parts.append(
            f'<figure id="fig-{escape(figure.name)}"><h3>{escape(title)}</h3>'
            f'<img alt="{escape(figure.title)}" src="data:image/png;base64,'
            f'{_png(figures[figure.name])}">'
            f"<figcaption>{escape(captions.get(figure.name, ''))}</figcaption></figure>"
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
    nav = "".join(f'<a href="#{key}">{escape(name)}</a>' for key, name in _SECTIONS)
    sections = "".join(
        f'<section id="{key}"><h2>{escape(name)}</h2>{body[key]}</section>'
        for key, name in _SECTIONS
    )
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>"
        f'<h1>{escape(title)}</h1><p class="lead">{escape(lead)}</p><nav>{nav}</nav>'
        f"{sections}</body></html>\n"
    )


def write_html(result, figures: dict, path, captions: dict | None = None) -> Path:
    """Write :func:`render_html` to ``path`` (UTF-8); return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_text(path, render_html(result, figures, captions))
