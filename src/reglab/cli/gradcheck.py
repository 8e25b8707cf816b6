"""``reglab gradcheck``: check backpropagation against finite differences on a small network."""

from __future__ import annotations

from reglab.cli._options import add_network_options, count, positive_count


def add_parser(subparsers, summary: str) -> None:
    parser = subparsers.add_parser(
        "gradcheck",
        help=summary,
        description="Build a dense network on random data and report the relative difference "
        "|g - g_hat| / (|g| + |g_hat|) overall and per parameter.",
    )
    parser.add_argument(
        "--layers",
        type=positive_count,
        nargs="+",
        default=[4, 5, 3, 1],
        metavar="UNITS",
        help="the layers' sizes, input size first",
    )
    add_network_options(parser, activation="tanh")
    parser.add_argument(
        "--loss",
        default="binary_crossentropy",
        choices=["binary_crossentropy", "softmax_crossentropy", "mse"],
        help="the loss, with its output activation",
    )
    parser.add_argument(
        "--examples", type=positive_count, default=16, help="random examples the cost is taken on"
    )
    parser.add_argument(
        "--max-coordinates",
        type=count,
        default=1000,
        help="check about this many parameters drawn at random when the network has more, "
        "shared between its weight and bias arrays; 0: all (two forward passes each)",
    )
    parser.add_argument("--seed", type=count, default=0, help="seed of the data and the weights")
    parser.set_defaults(run=run)


def _check(args) -> None:
    """Options that only make sense together, refused with the options' names."""
    layers = " ".join(str(n) for n in args.layers)
    if len(args.layers) < 2:
        raise ValueError(f"--layers must list the input size and at least one layer, got {layers}")
    if args.loss == "binary_crossentropy" and args.layers[-1] != 1:
        raise ValueError(f"--loss binary_crossentropy needs --layers to end in 1, got {layers}")
    if args.loss == "softmax_crossentropy" and args.layers[-1] < 2:
        raise ValueError(
            f"--loss softmax_crossentropy needs --layers to end in 2 or more, got {layers}"
        )


def run(args) -> int:
    import numpy as np

    from reglab.diagnose.gradcheck import gradient_check
    from reglab.nn.mlp import mlp
    from reglab.regularizers import L1, L2

    _check(args)
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
    result = gradient_check(
        network, X, y, max_coordinates=args.max_coordinates or None, random_state=args.seed
    )
    print(result)
    return 0 if result.passed else 1
