"""``reglab gradcheck``: check backpropagation against finite differences on a small network."""

from __future__ import annotations

import numpy as np

from reglab.diagnose.gradcheck import gradient_check
from reglab.nn.mlp import mlp
from reglab.regularizers import L1, L2


def add_parser(subparsers, summary: str) -> None:
    parser = subparsers.add_parser(
        "gradcheck",
        help=summary,
        description="Build a dense network on random data and report the relative difference "
        "|g - g_hat| / (|g| + |g_hat|) overall and per parameter.",
    )
    parser.add_argument(
        "--layers",
        type=int,
        nargs="+",
        default=[4, 5, 3, 1],
        help="layer_dims, input size first (default: 4 5 3 1)",
    )
    parser.add_argument("--activation", default="tanh")
    parser.add_argument(
        "--loss",
        default="binary_crossentropy",
        choices=["binary_crossentropy", "softmax_crossentropy", "mse"],
    )
    parser.add_argument("--l2", type=float, default=0.0)
    parser.add_argument("--l1", type=float, default=0.0)
    parser.add_argument("--keep-prob", type=float, default=1.0)
    parser.add_argument("--examples", type=int, default=16)
    parser.add_argument("--seed", type=int, default=0)
    parser.set_defaults(run=run)


def run(args) -> int:
    regularizers = [r for r, lam in ((L2(args.l2), args.l2), (L1(args.l1), args.l1)) if lam > 0]
    network = mlp(
        args.layers,
        activation=args.activation,
        loss=args.loss,
        keep_prob=args.keep_prob,
        regularizers=regularizers,
        seed=args.seed,
    )
    rng = np.random.default_rng(args.seed)
    X = rng.standard_normal((args.examples, args.layers[0]))
    n_out = args.layers[-1]
    if args.loss == "binary_crossentropy":
        y = rng.integers(0, 2, args.examples)
    elif args.loss == "softmax_crossentropy":
        y = rng.integers(0, n_out, args.examples)
    else:
        y = (
            rng.standard_normal(args.examples)
            if n_out == 1
            else rng.standard_normal((args.examples, n_out))
        )
    result = gradient_check(network, X, y)
    print(result)
    return 0 if result.passed else 1
