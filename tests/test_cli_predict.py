"""``reglab train`` standardizes and saves; ``reglab predict`` and ``evaluate`` read new data."""

import csv
import io

import numpy as np
import pytest

from reglab.cli import main
from reglab.data.datasets import load_breast_cancer, make_moons
from reglab.nn.serialize import load_model

FAST = ["--epochs", "60", "--seeds", "1"]


def _dev_accuracy(out: str) -> float:
    line = next(line for line in out.splitlines() if line.startswith("dev   accuracy"))
    return float(line.split()[2])


def test_train_standardizes_on_the_training_rows_by_default(capsys):
    # breast cancer's features range from 0.001 to 4,000: raw, the network underfits
    assert main(["train", "--dataset", "breast_cancer", *FAST]) == 0
    out = capsys.readouterr().out
    assert "features: standardized (mean 0, std 1 on the 341 training rows)" in out
    assert "Verdict: good" in out
    standardized = _dev_accuracy(out)
    assert main(["train", "--dataset", "breast_cancer", "--no-standardize", *FAST]) == 0
    out = capsys.readouterr().out
    assert "features: raw values (--no-standardize)" in out
    assert standardized >= 0.95 and _dev_accuracy(out) < standardized - 0.05


def _csv(path, header, rows):
    with path.open("w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def breast_cancer_files(tmp_path_factory):
    """A training CSV with text labels, and new data with the columns in another order."""
    folder = tmp_path_factory.mktemp("data")
    data = load_breast_cancer()
    names = ["malignant" if t == 0 else "benign" for t in data.y]  # sklearn: 0 is malignant
    train = _csv(
        folder / "train.csv",
        [*data.feature_names, "diagnosis"],
        [[*x, t] for x, t in zip(data.X[:450], names[:450], strict=True)],
    )
    new = _csv(
        folder / "new.csv",
        ["diagnosis", *data.feature_names[::-1]],
        [[t, *x[::-1]] for x, t in zip(data.X[450:], names[450:], strict=True)],
    )
    model = folder / "model.npz"
    argv = ["train", "--csv", str(train), "--label", "diagnosis", "--save", str(model), *FAST]
    assert main(argv) == 0
    return model, new, data.X[450:], np.array(names[450:])


def test_the_model_file_holds_the_standardization_and_the_names(breast_cancer_files):
    model_path, _, X_new, _ = breast_cancer_files
    model = load_model(model_path)
    assert model.standardizer.n_features == 30 and model.target_names == ("benign", "malignant")
    assert model.feature_names[0] == "mean radius"
    # the stored statistics are those of the training rows, not of all 450
    assert not np.allclose(model.standardizer.mean, load_breast_cancer().X[:450].mean(axis=0))


def test_predict_reads_columns_by_name_and_applies_the_standardization(
    breast_cancer_files, capsys, tmp_path
):
    model_path, new, X_new, labels = breast_cancer_files
    assert main(["predict", str(model_path), "--csv", str(new)]) == 0
    captured = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(captured.out)))
    assert list(rows[0]) == ["prediction", "p_benign", "p_malignant"]
    model = load_model(model_path)
    expected = model.network.predict(model.standardizer.transform(X_new))[0]
    assert [row["prediction"] for row in rows] == [model.target_names[k] for k in expected]
    assert np.mean(np.array([row["prediction"] for row in rows]) == labels) > 0.9
    assert "119 predictions, mean of 1 model(s); columns not used: diagnosis" in captured.err
    out = tmp_path / "predictions.csv"
    assert main(["predict", str(model_path), "--csv", str(new), "--out", str(out)]) == 0
    assert out.read_text().splitlines()[0] == "prediction,p_benign,p_malignant"
    assert len(out.read_text().splitlines()) == 120
    assert sorted(p.name for p in tmp_path.iterdir()) == ["predictions.csv"]


def test_evaluate_scores_a_file_holding_one_class_only(breast_cancer_files, capsys, tmp_path):
    model_path, new, X_new, labels = breast_cancer_files
    assert main(["evaluate", str(model_path), "--csv", str(new), "--label", "diagnosis"]) == 0
    out = capsys.readouterr().out
    assert "features standardized as in training" in out
    accuracy = float(out.split("accuracy ")[1].split()[0])
    assert accuracy > 0.9
    benign = new.read_text().splitlines()
    only = tmp_path / "benign.csv"
    only.write_text("\n".join([benign[0], *(r for r in benign[1:] if "malignant" not in r)]))
    # the labels are encoded by the model's classes, not re-counted from the file
    assert main(["evaluate", str(model_path), "--csv", str(only), "--label", "diagnosis"]) == 0
    assert "data: benign, 92 examples" in capsys.readouterr().out


def test_evaluate_and_predict_refuse_what_they_cannot_read(breast_cancer_files, capsys, tmp_path):
    model_path, new, _, _ = breast_cancer_files
    assert main(["evaluate", str(model_path), "--csv", str(new)]) == 2
    assert "--label must name the label column of --csv" in capsys.readouterr().err
    other = _csv(tmp_path / "other.csv", ["a", "b"], [[1, 2]])
    assert main(["predict", str(model_path), "--csv", str(other)]) == 2
    assert "must have a column for each of the model's 30 features" in capsys.readouterr().err
    assert main(["predict", str(other), "--csv", str(new)]) == 2
    # a CSV given as the model used to get NumPy's advice for pickles: "This file contains
    # pickled (object) data. If you trust the file you can load it unsafely..."
    err = capsys.readouterr().err
    assert f"{other} is not a reglab model file: not an NPZ archive" in err
    assert "pickle" not in err and "unsafely" not in err
    assert main(["predict", str(model_path), "--csv", str(new), "--out", str(tmp_path)]) == 2
    assert "--out must name a file, got the folder" in capsys.readouterr().err


def test_predict_and_evaluate_an_npz_regression(tmp_path, capsys):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 3)) * [1.0, 100.0, 0.01]
    y = X @ [3.0, 0.02, 100.0] + 5.0
    np.savez(tmp_path / "train.npz", X=X[:150], y=y[:150])
    np.savez(tmp_path / "new.npz", X=X[150:], y=y[150:])
    model = tmp_path / "model.npz"
    argv = ["train", "--npz", str(tmp_path / "train.npz"), "--save", str(model), *FAST]
    assert main(argv) == 0
    capsys.readouterr()
    assert main(["predict", str(model), "--npz", str(tmp_path / "new.npz")]) == 0
    values = [float(v) for v in capsys.readouterr().out.split()[1:]]
    assert len(values) == 50
    assert main(["evaluate", str(model), "--npz", str(tmp_path / "new.npz")]) == 0
    out = capsys.readouterr().out
    mse = float(out.split("mean prediction ")[1])
    assert mse == pytest.approx(np.mean((np.array(values) - y[150:]) ** 2), abs=5e-5)


def test_a_class_too_small_to_stratify_names_the_option(tmp_path, capsys):
    data = make_moons(60, noise=0.2, random_state=0)
    labels = np.where(np.arange(60) < 2, 2, data.y)  # class 2 has two examples
    rows = [[a, b, t] for (a, b), t in zip(data.X, labels, strict=True)]
    path = _csv(tmp_path / "data.csv", ["a", "b", "label"], rows)
    argv = ["train", "--csv", str(path), "--label", "label", "--epochs", "3", "--seeds", "1"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    # it used to say "pass stratify=False", which the command line has no way to do
    assert "class 2 has 2 examples, too few to stratify" in err
    assert "add --no-stratify or drop the class" in err and "stratify=False" not in err
    assert main([*argv, "--no-stratify"]) == 0


def test_data_file_errors_name_the_options_as_typed(breast_cancer_files, capsys, tmp_path):
    model_path, new, _, _ = breast_cancer_files
    missing = str(tmp_path / "missing.csv")
    for argv in (
        ["train", "--csv", missing, "--label", "diagnosis"],
        ["evaluate", str(model_path), "--csv", missing, "--label", "diagnosis"],
        ["predict", str(model_path), "--csv", missing],
    ):
        assert main(argv) == 2
        assert f"--csv must name an existing file, got '{missing}'" in capsys.readouterr().err
    assert main(["train", "--npz", str(tmp_path)]) == 2
    assert f"--npz must name a file, got the folder '{tmp_path}'" in capsys.readouterr().err
    assert main(["train", "--csv", str(new), "--label", "Diagnosis", *FAST]) == 2
    err = capsys.readouterr().err
    assert "--label must be one of 'diagnosis'," in err and "got 'Diagnosis'" in err
    assert main(["evaluate", str(model_path), "--csv", str(new), "--label", "Diagnosis"]) == 2
    assert "--label must be one of 'diagnosis'," in capsys.readouterr().err
    # a model file given as data: it has no X, and the message says what it is
    for argv in (
        ["train", "--npz", str(model_path)],
        ["predict", str(model_path), "--npz", str(model_path)],
    ):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert "--npz must name an NPZ file holding an array 'X'" in err
        assert "'theta'" in err and "a reglab model file?" in err and "X_key" not in err


def test_an_npz_with_the_wrong_number_of_features_names_the_option(tmp_path, capsys):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    np.savez(tmp_path / "train.npz", X=X, y=(X[:, 0] > 0).astype(int))
    np.savez(tmp_path / "wide.npz", X=rng.normal(size=(5, 3)), y=np.arange(5) % 2)
    model = tmp_path / "model.npz"
    assert main(["train", "--npz", str(tmp_path / "train.npz"), "--save", str(model), *FAST]) == 0
    capsys.readouterr()
    for command in ("predict", "evaluate"):
        assert main([command, str(model), "--npz", str(tmp_path / "wide.npz")]) == 2
        err = capsys.readouterr().err
        # it said "X must have 2 features, as the data standardized for training, got 3"
        assert "--npz must hold the model's 2 features (x1, x2), got 3 in wide.npz" in err
