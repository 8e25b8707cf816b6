"""Option values checked as they are parsed, and a help that shows every default.

Each ``type=`` function here turns the text after an option into a value or refuses it, so
that argparse names the option as the user typed it: ``argument --keep-prob: must be in
(0, 1], got 1.5``, before any work starts. NaN and infinities are refused everywhere.
"""

from __future__ import annotations

import argparse
import math

__all__ = [
    "HelpFormatter",
    "add_network_options",
    "check_label",
    "count",
    "description",
    "fraction",
    "non_negative",
    "positive",
    "positive_count",
    "probability",
]


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, got {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"must be a finite number, got {text}")
    return value


def _in(text: str, ok: bool, rule: str) -> None:
    if not ok:
        raise argparse.ArgumentTypeError(f"must be {rule}, got {text}")


def probability(text: str) -> float:
    """A keep probability: in (0, 1]."""
    value = _number(text)
    _in(text, 0 < value <= 1, "in (0, 1]")
    return value


def fraction(text: str) -> float:
    """An error rate that some model could beat: in [0, 1)."""
    value = _number(text)
    _in(text, 0 <= value < 1, "in [0, 1)")
    return value


def non_negative(text: str) -> float:
    """A finite number >= 0 (a penalty's λ, a noise level)."""
    value = _number(text)
    _in(text, value >= 0, ">= 0")
    return value


def positive(text: str) -> float:
    """A finite number > 0 (a learning rate)."""
    value = _number(text)
    _in(text, value > 0, "> 0")
    return value


def _integer(text: str, minimum: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be an integer, got {text!r}") from None
    _in(text, value >= minimum, f"an integer >= {minimum}")
    return value


def count(text: str) -> int:
    """An integer >= 0."""
    return _integer(text, 0)


def positive_count(text: str) -> int:
    """An integer >= 1."""
    return _integer(text, 1)


def add_network_options(parser, activation: str) -> None:
    """``--activation``, ``--l2``, ``--l1``, ``--keep-prob``: as train and gradcheck take them."""
    from reglab.nn.layers.activation import ACTIVATIONS

    parser.add_argument(
        "--activation",
        choices=sorted(ACTIVATIONS),
        default=activation,
        help="the hidden layers' activation",
    )
    parser.add_argument("--l2", type=non_negative, default=0.0, help="L2 penalty λ")
    parser.add_argument("--l1", type=non_negative, default=0.0, help="L1 penalty λ")
    parser.add_argument(
        "--keep-prob",
        type=probability,
        default=1.0,
        help="dropout's keep probability in the hidden layers, in (0, 1]; 1: no dropout",
    )


def check_label(args) -> None:
    """``--label`` goes with ``--csv``, and ``--csv`` needs it."""
    if args.label is not None and args.csv is None:
        raise ValueError("--label names the label column of --csv, got --label without --csv")
    if args.csv is not None and not args.label:
        raise ValueError("--label must name the label column of --csv, got none")


def description(doc: str) -> str:
    """A command's help description from its module docstring's first line, ``reglab x``:
    the text after the colon, as a sentence, without reStructuredText's double backquotes."""
    text = doc.splitlines()[0].split(": ", 1)[1].replace("``", "")
    return text[:1].upper() + text[1:]


def _shown(default) -> str:
    if isinstance(default, list | tuple):
        return " ".join(str(v) for v in default)
    return str(default)


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, with ``(default: ...)`` after every option that has one.

    Options whose help already says its default, and those without one (None, False),
    are left as written.
    """

    def _get_help_string(self, action) -> str:
        text = action.help or ""
        default = action.default
        if (
            not action.option_strings
            or "default" in text
            or default is None
            or default is False
            or default is argparse.SUPPRESS
        ):
            return text
        return f"{text} (default: {_shown(default).replace('%', '%%')})"
