"""The pieces of reglab's self-contained HTML pages: style, figures, verdicts, the page.

The study's report (:mod:`reglab.report.html`) and a sweep's report
(:mod:`reglab.sweep.report`) are both made of these, so they look alike and embed their
figures the same way: every PNG as base64 (``<img src="data:image/png;base64,...">``), the
CSS inline, nothing fetched. Every text goes through :func:`html.escape`.
"""

from __future__ import annotations

import base64
from html import escape
from pathlib import Path

__all__ = ["CSS", "embedded_png", "figure_block", "page", "verdict_block"]

CSS = """
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


def embedded_png(path) -> str:
    """The bytes of a PNG file as base64 text, for a ``data:image/png;base64,`` URL."""
    return base64.b64encode(Path(path).read_bytes()).decode("ascii")


def figure_block(title: str, path, caption: str, *, alt: str | None = None, anchor=None) -> str:
    """A ``<figure>``: the title, the PNG at ``path`` embedded, the caption."""
    where = f' id="{escape(anchor)}"' if anchor else ""
    return (
        f"<figure{where}><h3>{escape(title)}</h3>"
        f'<img alt="{escape(title if alt is None else alt)}" '
        f'src="data:image/png;base64,{embedded_png(path)}">'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
    )


def verdict_block(label: str, verdict) -> str:
    """A verdict as a paragraph: ``label: kind``, its explanation, its remedies as a list."""
    remedies = "".join(f"<li>{escape(remedy)}</li>" for remedy in verdict.remedies)
    return (
        f'<div class="verdict"><span class="kind">{escape(label)}: '
        f"{escape(verdict.kind)}</span><br>{escape(verdict.explanation)}"
        + (f"<ul>{remedies}</ul>" if remedies else "")
        + "</div>"
    )


def page(title: str, sections, *, lead: str | None = None, nav: bool = False) -> str:
    """The whole page: ``sections`` is a list of ``(heading, html, anchor or None)``.

    ``lead`` is a line under the title; with ``nav``, links to the anchored sections.
    """
    links = "".join(
        f'<a href="#{escape(anchor)}">{escape(heading)}</a>'
        for heading, _, anchor in sections
        if anchor
    )
    body = "".join(
        (f'<section id="{escape(anchor)}">' if anchor else "<section>")
        + f"<h2>{escape(heading)}</h2>{html}</section>"
        for heading, html, anchor in sections
    )
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
        f"<h1>{escape(title)}</h1>"
        + (f'<p class="lead">{escape(lead)}</p>' if lead is not None else "")
        + (f"<nav>{links}</nav>" if nav else "")
        + f"{body}</body></html>\n"
    )
