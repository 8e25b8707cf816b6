"""Writing outputs so that nothing is ever half-written, and one writer per output folder.

Every file reglab writes (model files, CSV, JSON, PNG, HTML) goes through
:func:`atomic_file`: the bytes go to a temporary file beside the target, which is flushed
to disk and then renamed over the target (``os.replace``, atomic on POSIX and Windows).
An interrupted or failing writer leaves the previous file, or none, never a truncated one.

A folder of outputs (the study's report) is built whole in a temporary folder beside its
target by :func:`replacing_folder` and then swapped into place: the old folder is renamed
aside, the new one renamed in, the old one deleted, with Ctrl-C held back during the two
renames. So the target holds the previous complete folder or the new one, never a mix.
The new folder lists its files in a manifest (:data:`MANIFEST`); a folder is only replaced
when it holds nothing else (:func:`check_replaceable`), so no file reglab did not write
is ever deleted.

:func:`output_lock` keeps two runs from writing the same folder at once: the second one
refuses with a message (an advisory ``flock`` on a lock file beside the folder, released by
the operating system when its process ends, however it ends).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

__all__ = [
    "MANIFEST",
    "OutputLockedError",
    "atomic_file",
    "check_replaceable",
    "output_lock",
    "replacing_folder",
    "write_text",
]

MANIFEST = ".reglab-manifest.json"
_UMASK = os.umask(0)
os.umask(_UMASK)
_HELD: dict[Path, int] = {}  # lock files this process holds, with their nesting depth


class OutputLockedError(OSError):
    """Another process is writing the same output folder."""


def _temporary_name(target: Path) -> str:
    """The prefix of the hidden temporary names beside ``target``."""
    return f".{target.name}."


@contextlib.contextmanager
def atomic_file(path, mode: str = "wb", *, encoding: str | None = None, newline=None):
    """Open a temporary file beside ``path``; on success, rename it to ``path``.

    Parameters
    ----------
    path : str or Path
        The target; its folder must exist.
    mode : {"wb", "w"}
        Binary or text.
    encoding, newline :
        As for :func:`open`, text mode only.

    Yields
    ------
    file object
        Write to it inside the ``with`` block. When the block raises (an error, Ctrl-C),
        the temporary file is deleted and the target is left as it was.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=_temporary_name(path), suffix=".tmp")
    try:
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp's files are private (0600)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_text(path, text: str) -> Path:
    """Write ``text`` to ``path`` as UTF-8, atomically; return the path."""
    with atomic_file(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    return Path(path)


def _manifest(folder: Path) -> set[str] | None:
    """The names a reglab manifest in ``folder`` lists, or None without a readable one."""
    try:
        files = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return {str(name) for name in files}


def check_replaceable(folder, known: Iterable[str] = ()) -> None:
    """Check that replacing ``folder`` deletes nothing that reglab did not write.

    ``folder`` is replaceable when it does not exist, is empty, or holds only the files
    its manifest lists, or (a folder written before manifests) only names in ``known``.

    Raises
    ------
    ValueError
        Naming the folder and up to three of the files in the way.
    """
    folder = Path(folder)
    if not folder.exists():
        return
    if not folder.is_dir():
        raise ValueError(f"{folder} is a file, not a folder")
    here = Path.cwd()
    if folder.resolve() in (here, *here.parents):
        raise ValueError(f"{folder} holds the current folder; choose a folder inside it")
    entries = {entry.name for entry in folder.iterdir()}
    allowed = (_manifest(folder) or set()) | set(known) | {MANIFEST}
    foreign = sorted(entries - allowed)
    if foreign:
        shown = ", ".join(foreign[:3]) + (", ..." if len(foreign) > 3 else "")
        raise ValueError(
            f"{folder} holds {len(foreign)} file(s) that reglab did not write ({shown}); "
            "choose a new or empty folder, or move them"
        )


@contextlib.contextmanager
def _interrupts_held_back() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) back until the block ends, then deliver it (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: received.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if received:
            os.kill(os.getpid(), signal.SIGINT)


def _swap_into_place(new: Path, target: Path) -> None:
    """Rename ``new`` to ``target``; an existing ``target`` is renamed aside, then deleted."""
    if not target.exists():
        os.rename(new, target)
        return
    old = Path(tempfile.mkdtemp(dir=target.parent, prefix=_temporary_name(target), suffix=".old"))
    with _interrupts_held_back():
        os.rename(target, old)  # onto the empty folder mkdtemp made
        os.rename(new, target)
    shutil.rmtree(old, ignore_errors=True)


def _remove_leftovers(target: Path) -> None:
    """Delete temporary folders that a killed run left beside ``target`` (under its lock)."""
    prefix = _temporary_name(target)
    for entry in target.parent.iterdir():
        ours = entry.name.startswith(prefix) and entry.suffix in (".tmp", ".old")
        if ours and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)


@contextlib.contextmanager
def replacing_folder(target, known: Iterable[str] = ()) -> Iterator[Path]:
    """Build a folder in a temporary folder beside ``target``; on success, swap it in.

    Parameters
    ----------
    target : str or Path
        The folder to write; its parents are created. If it exists it must be replaceable
        (:func:`check_replaceable` with ``known``).
    known : iterable of str
        File names the writer writes, accepted in an existing folder without a manifest.

    Yields
    ------
    Path
        The temporary folder: write every file into it. When the block raises (an error,
        Ctrl-C), it is deleted and ``target`` is left as it was.
    """
    target = Path(target).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with output_lock(target):
        check_replaceable(target, known)
        _remove_leftovers(target)
        prefix = _temporary_name(target)
        tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=prefix, suffix=".tmp"))
        try:
            os.chmod(tmp, 0o777 & ~_UMASK)
            yield tmp
            files = sorted(entry.name for entry in tmp.iterdir())
            write_text(tmp / MANIFEST, json.dumps({"files": files}, indent=1))
            _swap_into_place(tmp, target)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise


def _lock_path(target: Path) -> Path:
    return target.parent / f".{target.name}.lock"


@contextlib.contextmanager
def output_lock(target) -> Iterator[Path]:
    """Hold the lock of the output folder ``target`` (its parent must exist).

    Re-entrant within a process. A lock held by another process raises
    :class:`OutputLockedError` at once, naming that process.
    """
    import fcntl  # POSIX only; imported here so that the module loads everywhere

    target = Path(target).resolve()
    lock = _lock_path(target)
    if lock in _HELD:
        _HELD[lock] += 1
        try:
            yield lock
        finally:
            _HELD[lock] -= 1
        return
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode("ascii", "replace").strip() or "unknown"
            raise OutputLockedError(
                f"{target} is being written by another reglab run "
                f"(process {holder}); wait for it to end or choose another folder"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode("ascii"))
        _HELD[lock] = 1
        try:
            yield lock
        finally:
            del _HELD[lock]
    finally:
        os.close(fd)  # closing the file releases the lock
