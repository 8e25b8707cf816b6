"""Debian's Chromium driven by Playwright, for the playground's browser tests and benchmark.

:func:`launch_chromium` starts ``/usr/bin/chromium`` (or the path in ``REGLAB_CHROMIUM``)
headless, with the flags a sandboxed machine needs. Playwright's own browser download
(``playwright install``) is never used.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["CHROMIUM_ARGS", "chromium_path", "launch_chromium"]

CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
INSTALL_CHROMIUM = (
    "the playground's browser tests need Chromium at {path}: install Debian's package "
    "(apt-get install -y chromium; .ci/run does this) or set REGLAB_CHROMIUM to a Chromium binary"
)


def chromium_path() -> Path:
    """The Chromium to drive; ``FileNotFoundError`` saying what to install when it is missing."""
    path = Path(os.environ.get("REGLAB_CHROMIUM", "/usr/bin/chromium"))
    if not path.is_file():
        raise FileNotFoundError(INSTALL_CHROMIUM.format(path=path))
    return path


def launch_chromium(playwright):
    """A headless Chromium browser from a started ``sync_playwright()``."""
    return playwright.chromium.launch(
        executable_path=str(chromium_path()), args=list(CHROMIUM_ARGS), headless=True
    )
