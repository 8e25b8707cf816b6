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

from reglab._atomic import replacing_folder
from reglab.report.catalog import FIGURES, draw_figures
from reglab.report.export import write_curves_csv, write_json, write_summary_csv
from reglab.report.html import write_html

__all__ = ["FIGURES", "REPORT_FILES", "write_report"]

# every name write_report may write: an old report folder holding only these is replaced
REPORT_FILES = frozenset(
    [figure.filename for figure in FIGURES]
    + ["report.html", "study.json", "summary.csv", "curves.csv"]
)


def write_report(result, out_dir) -> dict[str, Path]:
    """Write the whole report of ``result`` into ``out_dir`` (created if needed).

    The report is built in a temporary folder beside ``out_dir`` and swapped into place
    when complete (:func:`reglab._atomic.replacing_folder`): ``out_dir`` holds the previous
    report or the new one, never a mix. An existing ``out_dir`` must hold only a previous
    report.

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
    with replacing_folder(out_dir, known=REPORT_FILES) as tmp:
        paths = draw_figures(result, tmp)
        paths["html"] = write_html(result, paths, tmp / "report.html")
        paths["json"] = write_json(result, tmp / "study.json")
        paths["summary_csv"] = write_summary_csv(result, tmp / "summary.csv")
        paths["curves_csv"] = write_curves_csv(result, tmp / "curves.csv")
    return {name: Path(out_dir) / path.name for name, path in paths.items()}
