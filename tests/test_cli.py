"""The command line, run in-process."""

import re

import numpy as np
import pytest

from reglab.cli import main
from reglab.data.datasets import make_moons
from reglab.diagnose.dropout_check import check_cost_decreases
from reglab.nn import mlp
from reglab.optim import SGD
from reglab.train import DivergenceWarning


def test_reproduce_prints_the_tutorials_lines_and_writes_the_plot(tmp_path, capsys):
    assert (
        main(["reproduce", "--optimizer", "adam", "--epochs", "1001", "--out", str(tmp_path)]) == 0
    )
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "== adam ==",
        "Cost after epoch 0: 0.690552",
        "Cost after epoch 1000: 0.185501",
        out[-1],
    ]
    assert out[-1].startswith("Accuracy: ")
    assert (tmp_path / "tutorial_costs.png").stat().st_size > 1000


def test_gradcheck_command(capsys):
    assert main(["gradcheck", "--l2", "0.5", "--l1", "0.1", "--keep-prob", "0.8"]) == 0
    assert "gradient check passed" in capsys.readouterr().out


def test_split_command(capsys):
    assert main(["split", "1000000"]) == 0
    assert "98" in capsys.readouterr().out


def test_user_errors_exit_with_status_2(capsys):
    with pytest.raises(SystemExit) as exit_:  # refused as it is parsed, before any work
        main(["reproduce", "--epochs", "0", "--no-plot"])
    assert exit_.value.code == 2
    assert "argument --epochs: must be an integer >= 1, got 0" in capsys.readouterr().err


def test_unknown_command_is_rejected():
    with pytest.raises(SystemExit):
        main(["frobnicate"])


def test_dropout_debug_check_finds_a_monotonic_cost():
    data = make_moons(100, noise=0.2, random_state=0)
    network = mlp([2, 16, 1], keep_prob=0.5, n_models=2)
    result = check_cost_decreases(network, data.X, data.y, epochs=50)
    assert result.monotonic.tolist() == [True, True]
    assert "fell at every epoch" in str(result)
    assert result.costs.shape == (50, 2)


def test_dropout_debug_check_names_the_epochs_where_the_cost_rose():
    data = make_moons(100, noise=0.2, random_state=0)
    network = mlp([2, 16, 1], n_models=1)
    with pytest.warns(DivergenceWarning, match="lower the learning rate"):  # rate 50 diverges
        result = check_cost_decreases(network, data.X, data.y, epochs=30, optimizer=SGD(50.0))
    assert not result.monotonic[0]
    rises = np.diff(result.costs[:, 0]) > 0
    assert result.increases[0] == [int(e) + 1 for e in np.flatnonzero(rises)]
    assert "the cost rose at" in str(result)


def test_train_command_prints_accuracies_and_the_verdict(tmp_path, capsys):
    model = tmp_path / "model.npz"
    code = main(
        [
            "train",
            "--epochs",
            "30",
            "--seeds",
            "2",
            "--layers",
            "16",
            "--early-stopping",
            "5",
            "--save",
            str(model),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "dev   accuracy" in out and "Verdict:" in out
    assert model.exists()


def test_train_command_on_a_csv_file(tmp_path, capsys):
    path = tmp_path / "data.csv"
    data = make_moons(80, noise=0.2, random_state=0)
    rows = ["a,b,label"] + [f"{a},{b},{int(c)}" for (a, b), c in zip(data.X, data.y, strict=True)]
    path.write_text("\n".join(rows) + "\n")
    assert main(["train", "--csv", str(path), "--label", "label", "--epochs", "5"]) == 0
    assert "data: " in capsys.readouterr().out


def test_train_command_needs_a_label_for_csv(tmp_path, capsys):
    path = tmp_path / "data.csv"
    path.write_text("a,b\n1,2\n")
    assert main(["train", "--csv", str(path)]) == 2
    assert "--label must name the label column" in capsys.readouterr().err


def test_augment_command(tmp_path, capsys):
    code = main(
        [
            "augment",
            "--n-train",
            "40",
            "--epochs",
            "4",
            "--seeds",
            "1",
            "--factor",
            "2",
            "--model",
            "MLP",
            "--out",
            str(tmp_path),
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert out.count("MLP") == 3
    assert (tmp_path / "augmentation_curves.png").exists()


def test_train_command_says_diverged_and_never_bigger_network(capsys):
    assert main(["train", "--optimizer", "gd", "--lr", "1e6", "--epochs", "20"]) == 0
    out = capsys.readouterr().out
    assert "train accuracy: every model diverged" in out
    assert "diverged: 3 of 3 models (seed 0: cost rose to" in out
    assert "Lower the learning rate (--lr, now 1e+06)." in out
    assert "Verdict: diverged" in out and "a lower learning rate" in out
    assert "bigger network" not in out


def test_train_command_leaves_diverged_models_out_of_a_regression(tmp_path, capsys):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 3))
    path = tmp_path / "regression.npz"
    np.savez(path, X=X, y=X @ [3.0, -2.0, 1.0] + 50.0)
    assert (
        main(["train", "--npz", str(path), "--optimizer", "gd", "--lr", "10", "--epochs", "20"])
        == 0
    )
    out = capsys.readouterr().out
    assert "inf" not in out and "nan" not in out
    assert "train mse: every model diverged" in out and "diverged: 3 of 3 models" in out


def test_train_command_names_unscaled_features(capsys):
    argv = ["train", "--dataset", "wine", "--epochs", "5", "--seeds", "1"]
    assert main([*argv, "--no-standardize"]) == 0
    out = capsys.readouterr().out
    assert "The features are not on one scale" in out and "'proline'" in out
    assert main(argv) == 0  # standardized by default: the network sees one scale
    assert "The features are not on one scale" not in capsys.readouterr().out


def test_standardized_features_are_never_called_unscaled(tmp_path, capsys):
    # after standardization a feature's largest |z| grows with the rows (sqrt(n) for a value
    # seen once), so a rare indicator among 36,000 training rows reaches |z| > 100 while a
    # balanced one stays at 1: the features are on one scale all the same, and the verdict
    # must not put "standardize the features" first for features that are standardized
    rng = np.random.default_rng(0)
    n = 60_000
    X = np.column_stack([rng.normal(size=n), rng.integers(0, 2, n), np.zeros(n)])
    X[:3, 2] = 1000.0
    y = (X[:, 0] + rng.normal(scale=0.5, size=n) > 0).astype(int)
    path = tmp_path / "rare.npz"
    np.savez(path, X=X, y=y)
    argv = ["train", "--npz", str(path), "--layers", "--epochs", "1", "--seeds", "1"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "features: standardized" in out
    assert "The features are" not in out and "standardize the features" not in out
    assert main([*argv, "--no-standardize"]) == 0  # raw: the values of 1000 are named
    assert "The features are not on one scale" in capsys.readouterr().out


def test_train_says_why_a_regression_gets_no_verdict(tmp_path, capsys):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(100, 2))
    np.savez(tmp_path / "regression.npz", X=X, y=X @ [1.0, -1.0])
    assert main(["train", "--npz", str(tmp_path / "regression.npz"), "--epochs", "2"]) == 0
    out = capsys.readouterr().out
    assert "dev   mse" in out and "Verdict" not in out
    assert "no verdict: the bias/variance verdict reads error rates" in out


def test_a_regression_is_read_against_predicting_the_training_mean(tmp_path, capsys):
    # diabetes read 'train mse 490, dev mse 6033' and nothing said that 6033 is what
    # predicting the mean gives: a target of pure noise is learned by heart, never predicted
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 5))
    np.savez(tmp_path / "noise.npz", X=X, y=rng.normal(size=300))
    np.savez(tmp_path / "line.npz", X=X, y=X @ [1.0, -1.0, 0.5, 0.0, 2.0])
    argv = ["train", "--epochs", "300", "--layers", "64", "64", "--seeds", "1"]
    assert main([*argv, "--npz", str(tmp_path / "noise.npz")]) == 0
    out = capsys.readouterr().out
    assert "predicting the training mean: train mse" in out
    assert "the dev R² is below 0.1: the model predicts new data little better" in out
    assert "it learned them by heart" in out
    assert main([*argv, "--npz", str(tmp_path / "line.npz")]) == 0
    out = capsys.readouterr().out
    dev_r2 = float(re.search(r"R² \(1 - mse / that\): train [-\d.]+, dev ([-\d.]+)", out)[1])
    assert dev_r2 > 0.9 and "little better" not in out


def test_train_on_generated_data_reads_the_verdict_against_their_bayes_error(capsys):
    # circle at noise 0.3 overlaps: its Bayes error is about 20%. Against a base error of 0
    # the network's 11% training error read "high bias" with "a bigger network" first,
    # while it had learned noise by heart and its dev error (34%) was variance
    assert main(["train", "--dataset", "circle", "--noise", "0.3"]) == 0
    out = capsys.readouterr().out
    assert "base error 20.05%: the Bayes error of circle at noise 0.3" in out
    assert "Verdict: high variance" in out and "bigger network" not in out
    assert main(["train", "--dataset", "circle", "--noise", "0.3", "--base-error", "0.01"]) == 0
    out = capsys.readouterr().out  # a base error given is the one read
    assert "Bayes error" not in out and "base 1.00%" in out


def test_train_draws_generated_data_with_their_generators_noise(capsys):
    # one noise for all (0.3) made spiral 42% noise: a new user's first run was mostly noise
    assert main(["train", "--dataset", "spiral", "--epochs", "1", "--seeds", "1"]) == 0
    assert "the Bayes error of spiral at noise 0.05" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())  # argparse wraps its lines
    assert "moons 0.2, circle 0.1, xor 0.1, gaussians 0.5, spiral 0.05" in help_text


def test_train_on_fewer_training_rows_shows_the_variance_more_data_removes(capsys):
    # digits: 1,079 training rows read "good"; 50 of them, dev and test unchanged, overfit
    argv = ["train", "--dataset", "digits", "--epochs", "60", "--seeds", "1"]
    assert main([*argv, "--n-train", "50"]) == 0
    out = capsys.readouterr().out
    assert "training rows: 50 of the 1079 the split gives (--n-train)" in out
    assert "Verdict: high variance" in out and "more training data" in out
    assert main([*argv, "--n-train", "5000"]) == 2
    assert "--n-train must be at most the split's 1079 training rows, got 5000" in (
        capsys.readouterr().err
    )


def _high_bias_remedies(argv, capsys) -> list[str]:
    """The remedies ``reglab train`` prints for ``argv``, whose verdict must be high bias."""
    assert main(["train", *argv]) == 0
    out = capsys.readouterr().out
    assert "Verdict: high bias" in out
    return out.split("Remedies:\n")[1].splitlines()


def test_train_on_a_strongly_regularized_network_names_the_regularization_first(capsys):
    argv = ["--layers", "2", "--l2", "100", "--keep-prob", "0.1", "--epochs", "30"]
    remedies = _high_bias_remedies(argv, capsys)
    assert remedies[0] == (
        "  - weaker regularization: --l2 100 and --keep-prob 0.1 are on: a smaller lambda, "
        "keep_prob closer to 1, early stopping with more patience (or none)"
    )
    remedies = _high_bias_remedies(["--layers", "1", "--epochs", "5", "--seeds", "1"], capsys)
    assert not any("weaker regularization" in remedy for remedy in remedies)  # nothing on


def test_train_stopped_while_still_learning_puts_training_longer_first(capsys):
    # two epochs of digits: a [64, 64] network at 57% training error read "high bias" with
    # "a bigger network" first, while its training loss was still falling fast
    argv = ["--dataset", "digits", "--epochs", "2", "--lr", "0.0005", "--seeds", "1"]
    remedies = _high_bias_remedies(argv, capsys)
    assert remedies[0].startswith("  - train longer: the training loss fell ")
    assert remedies[0].endswith(
        "over the last 1 of 2 epochs (--epochs 2); or with a better optimizer (momentum, Adam)"
    )
    assert remedies[1].startswith("  - a bigger network")
