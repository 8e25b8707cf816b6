"""The digits augmentation experiment on a tiny setting, and its files."""

import json

import numpy as np
import pytest

from reglab.experiments.augmentation import AugmentConfig, gallery, run_augmentation
from reglab.report.augmentation import write_augmentation

TINY = AugmentConfig(n_train=60, n_dev=100, epochs=6, seeds=2, factor=3)


@pytest.fixture(scope="module")
def result():
    return run_augmentation(TINY)


def test_every_model_and_condition(result):
    assert [(r.model, r.condition) for r in result.runs] == [
        (m, c) for m in ("MLP", "CNN") for c in ("none", "online", "offline")
    ]
    offline = result.run("CNN", "offline")
    assert offline.n_examples == 180 and offline.epochs == 2
    assert result.run("MLP", "online").dev_accuracy.shape == (6, 2)
    assert np.all((offline.final_dev_accuracy > 0) & (offline.final_dev_accuracy <= 1))


def test_online_augmentation_changes_training_and_none_does_not(result):
    again = run_augmentation(TINY)
    for a, b in zip(result.runs, again.runs, strict=True):
        np.testing.assert_array_equal(a.dev_loss, b.dev_loss)  # reproducible from the seeds
    none, online = result.run("MLP", "none"), result.run("MLP", "online")
    assert not np.allclose(none.dev_loss, online.dev_loss)


def test_gallery_shows_each_transform():
    image = np.zeros((8, 8))
    image[2:6, 3] = 1.0
    shown = gallery(image)
    assert [name for name, _ in shown][:3] == ["original", "horizontal flip", "vertical flip"]
    assert len(shown) == 10
    np.testing.assert_array_equal(shown[0][1], image)
    np.testing.assert_array_equal(shown[1][1], image[:, ::-1])


def test_files(result, tmp_path):
    paths = write_augmentation(result, tmp_path)
    assert all(path.stat().st_size > 0 for path in paths.values())
    content = json.loads(paths["json"].read_text())
    assert len(content["runs"]) == 6
    assert paths["csv"].read_text().count("\n") == 7


def test_factor_must_be_at_least_two():
    with pytest.raises(ValueError, match="factor must be >= 2, got 1"):
        run_augmentation(AugmentConfig(factor=1))
