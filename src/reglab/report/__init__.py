"""The study's report: figures (PNG), one self-contained HTML page, JSON and CSV.

:func:`write_report` writes everything for a
:class:`~reglab.experiments.study.StudyResult`; the modules beside it draw one kind of
figure each (:mod:`~reglab.report.figures`, :mod:`~reglab.report.figures_models`,
:mod:`~reglab.report.figures_diagnose`), list them (:mod:`~reglab.report.catalog`), caption
them (:mod:`~reglab.report.captions`), and write the page (:mod:`~reglab.report.html`) and
the numbers (:mod:`~reglab.report.export`). ``reglab study`` runs the study and this.
"""

from __future__ import annotations

from pathlib import Path

from reglab.report.catalog import FIGURES, draw_figures
from reglab.report.export import write_curves_csv, write_json, write_summary_csv
from reglab.report.html import write_html

__all__ = ["FIGURES", "write_report"]


def write_report(result, out_dir) -> dict[str, Path]:
    """Write the whole report of ``result`` into ``out_dir`` (created if needed).

    Parameters
    ----------
    result : StudyResult
    out_dir : str or Path

    Returns
    -------
    dict of str to Path
        One entry per figure of :data:`FIGURES` (by its name, e.g. ``"loss_curves"``), and
        ``"html"`` (report.html), ``"json"`` (study.json), ``"summary_csv"`` (summary.csv),
        ``"curves_csv"`` (curves.csv).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = draw_figures(result, out_dir)
    paths["html"] = write_html(result, paths, out_dir / "report.html")
    paths["json"] = write_json(result, out_dir / "study.json")
    paths["summary_csv"] = write_summary_csv(result, out_dir / "summary.csv")
    paths["curves_csv"] = write_curves_csv(result, out_dir / "curves.csv")
    return paths
