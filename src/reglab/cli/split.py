"""``reglab split N``: the tutorial's train / dev / test split rule for N examples."""

from __future__ import annotations

from reglab.cli._options import count
from reglab.data.splits import recommend_split


def add_parser(subparsers, summary: str) -> None:
    parser = subparsers.add_parser(
        "split",
        help=summary,
        description="The tutorial's rule: 70/30 or 60/20/20 for small data, 98/1/1 around a "
        "million examples, 99.5/0.25/0.25 beyond.",
    )
    parser.add_argument("n", type=count, help="number of examples")
    parser.add_argument("--no-dev", action="store_true", help="no dev set (train/test only)")
    parser.set_defaults(run=run)


def run(args) -> int:
    print(recommend_split(args.n, dev=not args.no_dev))
    return 0
