"""Option values refused as they are parsed, naming the option as typed; help and defaults."""

import argparse

import pytest

import reglab.cli.train
from reglab.cli import main
from reglab.cli.main import build_parser


@pytest.fixture
def no_training(monkeypatch):
    def trained(*args, **kwargs):
        raise AssertionError("training started before the options were checked")

    monkeypatch.setattr(reglab.cli.train, "fit", trained)


@pytest.mark.parametrize(
    "argv, message",
    [
        # each used to be accepted: 1.5 and nan silently meant "no dropout", inf trained a
        # useless model, a base error of 2 was refused only after training
        (["train", "--keep-prob", "1.5"], "argument --keep-prob: must be in (0, 1], got 1.5"),
        (["train", "--keep-prob", "nan"], "argument --keep-prob: must be a finite number, got nan"),
        (["train", "--keep-prob", "0"], "argument --keep-prob: must be in (0, 1], got 0"),
        (["train", "--l2", "inf"], "argument --l2: must be a finite number, got inf"),
        (["train", "--l1", "-1"], "argument --l1: must be >= 0, got -1"),
        (["train", "--lr", "0"], "argument --lr: must be > 0, got 0"),
        (["train", "--base-error", "2"], "argument --base-error: must be in [0, 1), got 2"),
        (["train", "--layers", "64", "0"], "argument --layers: must be an integer >= 1, got 0"),
        (["train", "--epochs", "0"], "argument --epochs: must be an integer >= 1, got 0"),
        # a negative count used to be refused with the wrong rule, "an integer >= 0", although
        # 0 is refused as well
        (["reproduce", "--epochs", "-5"], "argument --epochs: must be an integer >= 1, got -5"),
        (["train", "--batch-size", "-1"], "argument --batch-size: must be an integer >= 0"),
        (["train", "--seeds", "x"], "argument --seeds: must be an integer, got 'x'"),
        (["train", "--activation", "swish"], "argument --activation: invalid choice: 'swish'"),
        (["gradcheck", "--keep-prob", "1.5"], "argument --keep-prob: must be in (0, 1]"),
        (["gradcheck", "--l2", "nan"], "argument --l2: must be a finite number, got nan"),
        (["augment", "--shift", "-0.1"], "argument --shift: must be in [0, 1), got -0.1"),
        (["split", "10", "--blas-threads", "0"], "argument --blas-threads: must be an integer"),
        # the study and split took argparse's int ("invalid int value: '1e3'"), and a study
        # of --epochs 0 was refused only after the parse, without "argument"
        (["study", "--seeds", "1e3"], "argument --seeds: must be an integer, got '1e3'"),
        (["study", "--epochs", "0"], "argument --epochs: must be an integer >= 1, got 0"),
        (["study", "--noise", "-1"], "argument --noise: must be >= 0, got -1"),
        (["study", "--digits-epochs", "-1"], "argument --digits-epochs: must be an integer >= 0"),
        (["split", "1e6"], "argument n: must be an integer, got '1e6'"),
    ],
)
def test_bad_values_are_refused_naming_the_option(argv, message, capsys, no_training):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv, message",
    [
        # --label without --csv used to be ignored
        (["train", "--label", "y"], "--label names the label column of --csv, got --label"),
        (
            ["train", "--dataset", "wine", "--n-samples", "100"],
            "--n-samples applies to generated data sets (moons, circle, xor, gaussians, spiral), "
            "got --dataset wine",
        ),
        (["gradcheck", "--layers", "3"], "--layers must list the input size and at least one"),
        (["gradcheck", "--layers", "4", "3"], "--loss binary_crossentropy needs --layers to end"),
        (["augment", "--factor", "1"], "--factor must be >= 2 (the originals and a copy), got 1"),
        (["study", "--n-samples", "205"], "--n-samples must leave at least 10 training examples"),
    ],
)
def test_options_that_do_not_go_together_are_refused_first(argv, message, capsys, no_training):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def _options(parser, name="reglab"):
    """Every option of every command (and sub-command), with its parser."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command, subparser in action.choices.items():
                yield from _options(subparser, f"{name} {command}")
        elif not isinstance(action, argparse._HelpAction | argparse._VersionAction):
            yield name, parser, action


def test_every_option_has_a_help_text_that_shows_its_default():
    options = list(_options(build_parser()))
    assert len(options) > 60
    for command, parser, action in options:
        where = f"{command} {action.option_strings or action.dest}"
        assert action.help, f"{where} has no help text"
        shown = parser.formatter_class(command)._get_help_string(action)
        if action.option_strings and action.default not in (None, False, argparse.SUPPRESS):
            assert "default" in shown, f"{where}: the help does not show the default"


def test_the_help_shows_defaults_as_typed(capsys):
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "(default: 64 64)" in help_text and "learning rate (default: 0.01)" in help_text


@pytest.mark.parametrize(
    "command, first",
    [
        ("train", "Train a network on a built-in or your own data set, then read the verdict."),
        ("predict", "Predictions of a model saved by reglab train --save for new data."),
        ("evaluate", "A model saved by reglab train --save, scored on labelled data."),
        ("sweep", "Hyperparameter sweeps trained as stacks, stored in SQLite, resumable."),
    ],
)
def test_help_descriptions_are_sentences_without_markup(command, first, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    out = capsys.readouterr().out
    assert first in " ".join(out.split()) and "``" not in out


def test_reproduce_help_says_its_default_once(capsys):
    with pytest.raises(SystemExit):
        main(["reproduce", "--help"])
    assert " ".join(capsys.readouterr().out.split()).count("10000") == 1
