"""Start-up: ``import reglab`` and ``reglab --help`` load no heavy library (checked in a fresh
interpreter, since this test session has imported everything already)."""

import subprocess
import sys

import pytest

import reglab
from reglab.cli.main import COMMANDS, build_parser

HEAVY = ("sklearn", "matplotlib", "scipy.ndimage")


def loaded_after(code: str) -> set[str]:
    """The top-level packages and ``scipy.ndimage`` in ``sys.modules`` after running ``code``."""
    probe = (
        f"{code}\nimport sys\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules} | "
        "({'scipy.ndimage'} & set(sys.modules)))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


def test_import_reglab_loads_no_heavy_library():
    assert not loaded_after("import reglab") & {*HEAVY, "numpy", "scipy"}


def test_training_a_network_loads_no_heavy_library():
    loaded = loaded_after(
        "import numpy as np\n"
        "from reglab import Adam, L2, MiniBatches, fit, mlp\n"
        "X = np.random.default_rng(0).standard_normal((40, 3))\n"
        "fit(mlp([3, 4, 1], keep_prob=0.8, regularizers=L2(0.1)), X, X[:, 0] > 0,\n"
        "    optimizer=Adam(), epochs=2, batches=MiniBatches(16))"
    )
    assert "numpy" in loaded and not loaded & set(HEAVY)


def test_help_loads_neither_numpy_nor_any_heavy_library():
    # `reglab --help` lists the commands from their summaries alone
    loaded = loaded_after(
        "from reglab.cli.main import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass"
    )
    assert "argparse" in loaded and not loaded & {*HEAVY, "numpy", "scipy"}


def test_every_command_is_registered_with_its_module():
    parser = build_parser()
    arguments = {
        "split": ["10"],
        "sweep": ["status", "sweep.toml"],
        "predict": ["model.npz", "--csv", "new.csv"],
        "evaluate": ["model.npz", "--npz", "test.npz"],
    }
    for name in COMMANDS:
        args = parser.parse_args([name] + arguments.get(name, []))
        assert args.command == name and callable(args.run)


def test_lazy_names_resolve_and_unknown_ones_raise():
    for name in reglab.__all__:
        assert getattr(reglab, name) is not None
    assert "mlp" in dir(reglab)
    with pytest.raises(AttributeError, match="has no attribute 'frobnicate'"):
        reglab.frobnicate  # noqa: B018
