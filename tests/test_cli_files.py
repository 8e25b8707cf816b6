"""The command line's outputs: paths checked before any work, locks, and Ctrl-C."""

import os
import signal
import subprocess
import sys
import tempfile
import textwrap

import pytest

import reglab.cli.study
import reglab.cli.train
from reglab.cli import main


@pytest.fixture
def no_training(monkeypatch):
    """Any training fails the test: the checks must refuse before it."""

    def trained(*args, **kwargs):
        raise AssertionError("training started before the output path was checked")

    monkeypatch.setattr(reglab.cli.train, "fit", trained)
    monkeypatch.setattr(reglab.cli.study, "run_study", trained)


def _error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err  # one line
    return err


def test_save_naming_a_folder_is_refused_before_training(tmp_path, capsys, no_training):
    (tmp_path / "out").mkdir()
    assert main(["train", "--save", str(tmp_path / "out")]) == 2
    assert "--save must name a file, got the folder" in _error(capsys)
    assert not (tmp_path / "out.npz").exists()  # it used to write out.npz beside the folder


def test_save_in_a_missing_folder_is_refused_before_training(tmp_path, capsys, no_training):
    assert main(["train", "--save", str(tmp_path / "nodir" / "model.npz")]) == 2
    err = _error(capsys)
    assert "--save must name a file in an existing folder" in err and "does not exist" in err


def test_an_empty_save_or_out_is_refused_naming_the_option(capsys, no_training):
    # --save "" failed in pathlib with "PosixPath('.') has an empty name"
    assert main(["train", "--save", ""]) == 2
    assert "--save must name a file, got the folder '.'" in _error(capsys)
    assert main(["predict", "model.npz", "--csv", "new.csv", "--out", ""]) == 2
    assert "--out must name a file, got the folder '.'" in _error(capsys)


def test_out_naming_a_file_is_refused_before_training(tmp_path, capsys, no_training):
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["study", "--out", str(tmp_path / "notes.txt")]) == 2
    assert "--out must name a folder, got the file" in _error(capsys)
    assert main(["study", "--out", str(tmp_path / "notes.txt" / "report")]) == 2
    assert "below the file" in _error(capsys)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_out_holding_other_files_is_refused_before_training(tmp_path, capsys, no_training):
    (tmp_path / "thesis.tex").write_text("mine")
    assert main(["study", "--out", str(tmp_path)]) == 2
    assert "that reglab did not write (thesis.tex)" in _error(capsys)


def test_an_unwritable_place_is_refused_before_training(tmp_path, capsys, monkeypatch, no_training):
    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    assert main(["study", "--out", str(tmp_path / "report")]) == 2
    assert "--out must be a place reglab can write" in _error(capsys)
    assert main(["train", "--save", str(tmp_path / "model.npz")]) == 2
    err = _error(capsys)
    assert "--save must be a place reglab can write" in err and "Permission denied" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_is_refused_before_training(tmp_path, capsys, no_training):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        assert main(["train", "--save", str(locked / "model.npz")]) == 2
        assert "Permission denied" in _error(capsys)
        assert main(["study", "--out", str(locked / "report")]) == 2
        assert "Permission denied" in _error(capsys)
    finally:
        locked.chmod(0o755)


def test_a_second_study_into_the_same_folder_is_refused(tmp_path, capsys, no_training):
    hold = "from reglab._atomic import output_lock; import sys, time\n"
    hold += "with output_lock(sys.argv[1]):\n    print('locked', flush=True); time.sleep(60)"
    target = tmp_path / "report"
    holder = subprocess.Popen([sys.executable, "-c", hold, str(target)], stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline() == b"locked\n"
        assert main(["study", "--out", str(target)]) == 2
        assert "is being written by another reglab run" in _error(capsys)
    finally:
        holder.kill()
        holder.wait()


def test_options_after_the_command_and_version(capsys):
    assert main(["split", "100", "--blas-threads", "2"]) == 0  # refused before
    assert "60 train" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.startswith("reglab 0.")


# -- Ctrl-C, in a real process sent SIGINT --

RUN_AND_SAY_READY = textwrap.dedent(
    """
    import sys
    from reglab.cli.main import main
    from reglab.train.callbacks import History

    original = History.on_train_begin
    def on_train_begin(self, trainer):
        print("training", flush=True)  # SIGINT is sent once training runs
        original(self, trainer)
    History.on_train_begin = on_train_begin
    sys.exit(main(sys.argv[1:]))
    """
)


def _interrupt(args, cwd):
    process = subprocess.Popen(
        [sys.executable, "-c", RUN_AND_SAY_READY, *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline() == "training\n"
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    return process.returncode, err


def test_ctrl_c_in_train_says_what_was_kept_without_a_traceback(tmp_path):
    (tmp_path / "model.npz").write_bytes(b"the previous model")
    code, err = _interrupt(["train", "--epochs", "100000", "--save", "model.npz"], tmp_path)
    assert code == 130
    assert err == "reglab train: interrupted; model.npz kept as it was; nothing half-written\n"
    assert (tmp_path / "model.npz").read_bytes() == b"the previous model"
    code, err = _interrupt(["train", "--epochs", "100000", "--save", "new.npz"], tmp_path)
    assert err == "reglab train: interrupted; new.npz not written; nothing half-written\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.npz"]


def test_ctrl_c_in_study_leaves_the_previous_report(tmp_path):
    report = tmp_path / "report"
    report.mkdir()
    (report / "report.html").write_text("the previous report")
    code, err = _interrupt(["study", "--quick", "--out", "report"], tmp_path)
    assert code == 130
    assert err == "reglab study: interrupted; report kept as it was; nothing half-written\n"
    assert [p.name for p in report.iterdir()] == ["report.html"]
    assert (report / "report.html").read_text() == "the previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".report.lock", "report"]
