"""Output paths checked before any work, with one-line errors naming the option as typed.

A command checks its outputs first, so that a wrong ``--out`` or ``--save`` costs a
second, not the minutes of training before it: a folder option must not name a file and
must be creatable and writable (its parents are created, as for the default
``reglab-output/study``); a file option must not name a folder, and its folder must exist
and be writable. The writing itself is atomic (:mod:`reglab._atomic`).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from reglab._atomic import check_replaceable, output_lock

__all__ = ["claim_folder", "input_file", "output_file", "output_folder", "reading"]


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__


def _probe(folder: Path, option: str, path: Path) -> None:
    """Create and delete a file in ``folder``: the one test of writability that is exact."""
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".reglab-probe-")
    except OSError as error:
        raise ValueError(
            f"{option} must be a place reglab can write, got {str(path)!r} "
            f"(cannot write in {str(folder)!r}: {_reason(error)})"
        ) from None
    os.close(fd)
    os.unlink(probe)


def _make_folder(folder: Path, option: str, path: Path) -> None:
    """Create ``folder`` and its parents; the error names the file in the way, if any."""
    for existing in (folder, *folder.parents):
        if existing.exists():
            if not existing.is_dir():
                got = "" if existing == path else f"{str(path)!r}, below "
                raise ValueError(
                    f"{option} must name a folder, got {got}the file {str(existing)!r}"
                )
            break
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ValueError(
            f"{option} must be a folder reglab can create, got {str(path)!r} ({_reason(error)})"
        ) from None


def input_file(path, option: str) -> Path:
    """Check a file option that is read: it must name an existing file, not a folder."""
    path = Path(path)
    if path.is_dir():
        raise ValueError(f"{option} must name a file, got the folder {str(path)!r}")
    if not path.is_file():
        raise ValueError(f"{option} must name an existing file, got {str(path)!r}")
    return path


@contextlib.contextmanager
def reading(args) -> Iterator[None]:
    """Errors of reading ``--csv`` or ``--npz`` worded with the options as typed.

    A missing label column names ``--label``; an NPZ file without ``X`` or ``y`` names
    ``--npz`` (and says so when the file is a reglab model file, whose arrays differ).
    """
    from reglab.data.files import NotInFileError

    for option in ("csv", "npz"):
        if getattr(args, option, None) is not None:
            input_file(getattr(args, option), f"--{option}")
    try:
        yield
    except NotInFileError as error:
        if getattr(args, "csv", None) is not None:
            raise ValueError(error.naming("--label")) from None
        found = ", ".join(repr(name) for name in error.found)
        model = " (a reglab model file? predict and evaluate take it as MODEL)"
        model = model if "theta" in error.found else ""
        raise ValueError(
            f"--npz must name an NPZ file holding an array {error.name!r}, got {error.file} "
            f"holding {found}{model}"
        ) from None


def output_file(path, option: str, *, suffix: str | None = None) -> Path:
    """Check an output file option; return the path that will be written.

    Parameters
    ----------
    path : str or Path
    option : str
        The option as the user typed it, e.g. ``"--save"``.
    suffix : str, optional
        Appended when the name lacks it (``model`` -> ``model.npz``).

    Raises
    ------
    ValueError
        When the path (or the path with ``suffix``) is a folder, or its folder is missing
        or not writable.
    """
    typed = Path(path)
    if typed.is_dir():  # before adding a suffix: "" and "." have no name to add it to
        raise ValueError(f"{option} must name a file, got the folder {str(typed)!r}")
    path = typed
    if suffix is not None and typed.suffix != suffix:
        path = typed.with_name(typed.name + suffix)
        if path.is_dir():
            raise ValueError(f"{option} must name a file, got the folder {str(path)!r}")
    folder = path.parent
    if not folder.is_dir():
        raise ValueError(
            f"{option} must name a file in an existing folder, got {str(typed)!r} "
            f"({str(folder)!r} {'is a file' if folder.exists() else 'does not exist'})"
        )
    _probe(folder, option, typed)
    return path


def output_folder(path, option: str) -> Path:
    """Check a folder option that files are written into; create the folder."""
    path = Path(path)
    _make_folder(path, option, path)
    _probe(path, option, path)
    return path


@contextlib.contextmanager
def claim_folder(path, option: str, known: Iterable[str] = ()) -> Iterator[Path]:
    """Check a folder that a command replaces whole, and hold its lock until the block ends.

    The folder must not be a file and must hold only what reglab wrote there
    (:func:`~reglab._atomic.check_replaceable`); its parent is created and must be
    writable; no other reglab run may be writing it.
    """
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise ValueError(f"{option} must name a folder, got the file {str(path)!r}")
    _make_folder(path.parent, option, path)
    try:
        check_replaceable(path, known)
    except ValueError as error:
        raise ValueError(f"{option}: {error}") from None
    _probe(path.parent, option, path)
    with output_lock(path):
        yield path
