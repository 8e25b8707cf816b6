"""Atomic outputs: files and folders replaced whole or not at all, one writer per folder."""

import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from reglab._atomic import (
    MANIFEST,
    OutputLockedError,
    _interrupts_held_back,
    atomic_file,
    check_replaceable,
    output_lock,
    replacing_folder,
    write_text,
)


def _siblings(path):
    """Everything beside ``path`` but the lock file: leftovers of a writer."""
    return sorted(p.name for p in path.parent.iterdir() if not p.name.endswith(".lock"))


def test_atomic_file_replaces_the_target_only_when_complete(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old")
    with pytest.raises(RuntimeError, match="disk on fire"):
        with atomic_file(target, "w") as handle:
            handle.write("half of the new")
            raise RuntimeError("disk on fire")
    assert target.read_text() == "old"
    assert _siblings(target) == ["out.csv"]  # the temporary file is gone
    write_text(target, "new")
    assert target.read_text() == "new"
    assert _siblings(target) == ["out.csv"]


def test_atomic_file_survives_ctrl_c_and_gets_ordinary_permissions(tmp_path):
    target = tmp_path / "model.npz"
    with pytest.raises(KeyboardInterrupt):
        with atomic_file(target) as handle:
            handle.write(b"partial")
            raise KeyboardInterrupt
    assert not target.exists() and _siblings(target) == []
    write_text(target, "x")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's private 0600


def _report(folder, names, text):
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text(text)


def test_replacing_folder_swaps_the_whole_folder(tmp_path):
    target = tmp_path / "report"
    with replacing_folder(target) as tmp:
        assert tmp.parent == tmp_path.resolve() and tmp != target
        _report(tmp, ["a.png", "b.csv"], "first")
    assert sorted(p.name for p in target.iterdir()) == [MANIFEST, "a.png", "b.csv"]
    assert json.loads((target / MANIFEST).read_text()) == {"files": ["a.png", "b.csv"]}
    with replacing_folder(target) as tmp:
        _report(tmp, ["a.png"], "second")
    # the new report alone: b.csv of the first is gone, nothing is mixed
    assert sorted(p.name for p in target.iterdir()) == [MANIFEST, "a.png"]
    assert (target / "a.png").read_text() == "second"
    assert _siblings(target) == ["report"]


@pytest.mark.parametrize("error", [KeyboardInterrupt, MemoryError, ValueError])
def test_an_interrupted_folder_leaves_the_previous_one_whole(tmp_path, error):
    target = tmp_path / "report"
    with replacing_folder(target) as tmp:
        _report(tmp, ["a.png", "b.csv"], "first")
    with pytest.raises(error):
        with replacing_folder(target) as tmp:
            _report(tmp, ["a.png"], "second, half written")
            raise error
    assert sorted(p.name for p in target.iterdir()) == [MANIFEST, "a.png", "b.csv"]
    assert {p.read_text() for p in target.glob("*.*") if p.name != MANIFEST} == {"first"}
    assert _siblings(target) == ["report"]


def test_leftovers_of_a_killed_run_are_cleared_by_the_next(tmp_path):
    target = tmp_path / "report"
    (tmp_path / ".report.abc123.tmp").mkdir()  # as a run killed by SIGKILL leaves it
    (tmp_path / ".report.def456.old").mkdir()
    (tmp_path / ".other.tmp").mkdir()  # not ours: left alone
    with replacing_folder(target) as tmp:
        _report(tmp, ["a.png"], "x")
    assert _siblings(target) == [".other.tmp", "report"]


def test_a_folder_with_files_reglab_did_not_write_is_never_replaced(tmp_path):
    target = tmp_path / "notes"
    _report(target, ["thesis.tex", "a.png"], "precious")
    with pytest.raises(
        ValueError, match=r"holds 1 file\(s\) that reglab did not write \(thesis.tex\)"
    ):
        with replacing_folder(target, known={"a.png"}):
            pytest.fail("the block must not run")
    assert (target / "thesis.tex").read_text() == "precious"
    check_replaceable(tmp_path / "missing")  # a new folder is fine
    check_replaceable(target, known={"a.png", "thesis.tex"})  # an old report, before manifests
    with pytest.raises(ValueError, match="is a file, not a folder"):
        check_replaceable(target / "a.png")


def test_a_file_added_to_a_report_folder_stops_its_replacement(tmp_path):
    target = tmp_path / "report"
    with replacing_folder(target) as tmp:
        _report(tmp, ["a.png"], "x")
    (target / "my notes.txt").write_text("mine")
    with pytest.raises(ValueError, match=r"my notes.txt"):
        check_replaceable(target)


def test_ctrl_c_during_the_swap_is_held_back_until_it_is_done():
    done = []
    with pytest.raises(KeyboardInterrupt):
        with _interrupts_held_back():
            os.kill(os.getpid(), signal.SIGINT)
            done.append("swap finished")
    assert done == ["swap finished"]


HOLD_LOCK = textwrap.dedent(
    """
    import sys, time
    from reglab._atomic import output_lock
    with output_lock(sys.argv[1]):
        print("locked", flush=True)
        time.sleep(60)
    """
)


@pytest.fixture
def locked_by_another_process(tmp_path):
    target = tmp_path / "report"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(target)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline() == "locked\n"
        yield target, holder.pid
    finally:
        holder.kill()
        holder.wait()


def test_a_second_writer_of_the_same_folder_is_refused(locked_by_another_process):
    target, pid = locked_by_another_process
    with pytest.raises(
        OutputLockedError, match=rf"being written by another reglab run \(process {pid}\)"
    ):
        with replacing_folder(target):
            pytest.fail("the block must not run")
    assert not target.exists()


def test_the_lock_is_reentrant_within_a_process_and_released_after(tmp_path):
    target = tmp_path / "report"
    with output_lock(target):
        with replacing_folder(target) as tmp:
            _report(tmp, ["a.png"], "x")
    holder = subprocess.run(
        [sys.executable, "-c", HOLD_LOCK.replace("time.sleep(60)", "pass"), str(target)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert holder.stdout == "locked\n"


def test_the_current_folder_is_never_replaced(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match="holds the current folder; choose a folder inside it"):
        check_replaceable(".")
    with pytest.raises(ValueError, match="holds the current folder"):
        check_replaceable(tmp_path.parent, known={tmp_path.name})
