"""The study: everything the tutorial teaches, measured on one small, noisy 2-D problem.

:func:`run_study` returns a :class:`StudyResult` — numbers and histories, no printing, no
files — with five parts:

1. the tutorial's optimizer comparison (mini-batch GD, momentum, Adam; section 5);
2. a regularization comparison on a network large enough to memorize a small noisy data
   set (sections 2-4): none, L2, L1, dropout, early stopping, L2 with dropout, and online
   data augmentation, each over several seeds, all but augmentation in one stack;
3. validation curves over λ and ``keep_prob``, and a learning curve (section 1.2);
4. a bootstrap bias/variance decomposition of no regularization against the best one;
5. the tutorial's split rule for the data set's size (section 1.1).

The report (:mod:`reglab.report`) draws and writes it; ``reglab study`` runs both.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from reglab.data.augment import Jitter
from reglab.data.bayes import moons_bayes_error
from reglab.data.datasets import load_dataset
from reglab.data.splits import Split, SplitRecommendation, recommend_split, train_dev_test_split
from reglab.diagnose.curves import Curve, learning_curve, validation_curve
from reglab.diagnose.decomposition import Decomposition, decompose_network
from reglab.diagnose.verdict import Verdict, diagnose
from reglab.experiments.tutorial import TUTORIAL_OPTIMIZERS, TutorialRun, reproduce
from reglab.nn.mlp import mlp
from reglab.nn.network import Network
from reglab.optim.adaptive import Adam
from reglab.regularizers import L1, L2
from reglab.train.callbacks import EarlyStopping
from reglab.train.fit import fit

__all__ = ["RegularizerRun", "StudyConfig", "StudyResult", "run_study"]


@dataclass(frozen=True)
class StudyConfig:
    """Every setting of the study; the defaults finish in under a minute on two cores."""

    dataset: str = "moons"
    n_samples: int = 300
    noise: float = 0.35
    dev: int = 100
    test: int = 100
    hidden: tuple[int, ...] = (64, 64)
    epochs: int = 600
    learning_rate: float = 0.01
    seeds: int = 4
    l2: float = 1.0
    l1: float = 3.0
    keep_prob: float = 0.6
    l2_dropout: tuple[float, float] = (0.5, 0.8)
    patience: int = 50
    jitter: float = 0.15
    curve_lams: tuple[float, ...] = (0.0, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
    curve_keep_probs: tuple[float, ...] = (0.3, 0.5, 0.7, 0.85, 1.0)
    curve_sizes: tuple[int, ...] = (10, 20, 40, 70, 100)
    rounds: int = 50
    tutorial_epochs: int = 10_000
    random_state: int = 0


@dataclass(eq=False)
class RegularizerRun:
    """One regularizer over ``seeds``: accuracies, weights, histories, a verdict.

    Arrays with a seed axis have one entry per seed. ``train_loss`` and ``dev_loss`` are
    (epochs, seeds) histories (flat after a model stopped early: its weights no longer
    change); ``stopped_epoch`` holds the epoch whose weights early stopping kept (``None``
    for the others); ``weights`` are the first seed's weights (biases excluded) and
    ``probability`` its output on the study's grid.
    """

    name: str
    description: str
    train_accuracy: np.ndarray
    dev_accuracy: np.ndarray
    test_accuracy: np.ndarray
    weight_norm: np.ndarray
    zero_fraction: np.ndarray
    train_loss: np.ndarray
    dev_loss: np.ndarray
    weights: np.ndarray
    probability: np.ndarray
    verdict: Verdict
    stopped_epoch: np.ndarray | None = None

    def summary(self) -> dict:
        """Means and standard deviations over seeds, as plain numbers."""
        row = {"regularizer": self.name, "description": self.description}
        for key in (
            "train_accuracy",
            "dev_accuracy",
            "test_accuracy",
            "weight_norm",
            "zero_fraction",
        ):
            values = getattr(self, key)
            row[f"{key}_mean"] = float(np.mean(values))
            row[f"{key}_std"] = float(np.std(values))
        row["verdict"] = self.verdict.kind
        return row


@dataclass(eq=False)
class StudyResult:
    """Everything :func:`run_study` measured; see the module docstring for the parts."""

    config: StudyConfig
    split: Split
    recommendation: SplitRecommendation
    optimizers: list[TutorialRun]
    regularizers: list[RegularizerRun]
    lam_curve: Curve
    keep_prob_curve: Curve
    learning_curve: Curve
    decompositions: dict[str, Decomposition]
    grid: tuple[np.ndarray, np.ndarray]
    base_error: float = 0.0  # the Bayes error of the data's distribution, where known
    timings: dict[str, float] = field(default_factory=dict)

    def best(self) -> RegularizerRun:
        """The regularizer with the highest mean dev accuracy."""
        return max(self.regularizers, key=lambda run: float(np.mean(run.dev_accuracy)))


Progress = Callable[[str], list]


def _no_callbacks(label: str) -> list:
    return []


def run_study(
    config: StudyConfig | None = None, callbacks: Progress = _no_callbacks
) -> StudyResult:
    """Run every part of the study; ``callbacks(label)`` gives extra callbacks per training."""
    config = config or StudyConfig()
    timings = {}
    start = time.perf_counter()
    data = load_dataset(
        config.dataset,
        n_samples=config.n_samples,
        noise=config.noise,
        random_state=config.random_state,
    )
    split = train_dev_test_split(
        data.X, data.y, dev=config.dev, test=config.test, random_state=config.random_state
    )
    base_error = moons_bayes_error(config.noise) if config.dataset == "moons" else 0.0
    problem = _Problem(split, _grid(data.X), base_error)
    timings["data"] = time.perf_counter() - start

    def timed(name, function, *args):
        begin = time.perf_counter()
        result = function(*args)
        timings[name] = time.perf_counter() - begin
        return result

    optimizers = timed("optimizers", _optimizers, config, callbacks)
    regularizers = timed("regularizers", _regularizers, config, problem, callbacks)
    lam_curve, keep_curve, size_curve = timed("curves", _curves, config, split, callbacks)
    best = max(regularizers, key=lambda run: float(np.mean(run.dev_accuracy)))
    decompositions = timed("decomposition", _decompositions, config, split, best, callbacks)
    recommendation = recommend_split(len(data.X), dev=True)
    timings["total"] = time.perf_counter() - start
    return StudyResult(
        config,
        split,
        recommendation,
        optimizers,
        regularizers,
        lam_curve,
        keep_curve,
        size_curve,
        decompositions,
        problem.grid,
        base_error,
        timings,
    )


@dataclass(frozen=True)
class _Problem:
    """What every regularizer run is measured on: the split, a grid over X, the base error."""

    split: Split
    grid: tuple[np.ndarray, np.ndarray]
    base_error: float


def _optimizers(config: StudyConfig, callbacks: Progress) -> list[TutorialRun]:
    return [
        reproduce(name, config.tutorial_epochs, callbacks=callbacks(f"tutorial {name}"))
        for name in TUTORIAL_OPTIMIZERS
    ]


def _grid(X: np.ndarray, size: int = 120) -> tuple[np.ndarray, np.ndarray]:
    low, high = X.min(axis=0) - 0.5, X.max(axis=0) + 0.5
    return np.meshgrid(np.linspace(low[0], high[0], size), np.linspace(low[1], high[1], size))


# name, description, (l2, l1, keep_prob, early stopping)
def _settings(config: StudyConfig) -> list[tuple[str, str, tuple]]:
    l2_both, kp_both = config.l2_dropout
    return [
        ("none", "no regularization", (0.0, 0.0, 1.0, False)),
        ("L2", f"L2, λ = {config.l2:g}", (config.l2, 0.0, 1.0, False)),
        ("L1", f"L1 (proximal), λ = {config.l1:g}", (0.0, config.l1, 1.0, False)),
        (
            "dropout",
            f"dropout, keep_prob = {config.keep_prob:g}",
            (0.0, 0.0, config.keep_prob, False),
        ),
        (
            "early stopping",
            f"early stopping on dev loss, patience {config.patience}",
            (0.0, 0.0, 1.0, True),
        ),
        (
            "L2 + dropout",
            f"L2 λ = {l2_both:g} with keep_prob = {kp_both:g}",
            (l2_both, 0.0, kp_both, False),
        ),
    ]


def _network(config: StudyConfig, n_models: int, seed, l2=0.0, l1=0.0, keep_prob=1.0) -> Network:
    keep = [keep_prob] * len(config.hidden)
    return mlp(
        [2, *config.hidden, 1],
        keep_prob=keep,
        regularizers=[L2(l2), L1(l1)],
        n_models=n_models,
        seed=seed,
    )


def _regularizers(config, problem, callbacks) -> list[RegularizerRun]:
    split = problem.split
    settings = _settings(config)
    S = config.seeds
    columns = np.array([s[2] for s in settings], dtype=float)  # (configs, 4)
    per_model = np.repeat(columns, S, axis=0)
    seeds = list(range(S)) * len(settings)
    network = _network(config, len(seeds), seeds, per_model[:, 0], per_model[:, 1], per_model[:, 2])
    early = np.flatnonzero(per_model[:, 3] > 0)
    stopper = EarlyStopping(patience=config.patience, models=early)

    trainer = fit(
        network,
        split.X_train,
        split.y_train,
        optimizer=Adam(config.learning_rate),
        epochs=config.epochs,
        batch_size=None,
        dev=(split.X_dev, split.y_dev),
        callbacks=[stopper, *callbacks("regularizers")],
    )
    runs = []
    for i, (name, description, _) in enumerate(settings):
        models = np.arange(i * S, (i + 1) * S)
        stopped = stopper.best_epoch[models] if name == "early stopping" else None
        runs.append(_run(name, description, network, trainer.history, models, problem, stopped))
    runs.append(_augmented(config, problem, callbacks))
    return runs


def _augmented(config, problem, callbacks) -> RegularizerRun:
    split = problem.split

    jitter = Jitter(config.jitter)
    network = _network(config, config.seeds, list(range(config.seeds)))
    trainer = fit(
        network,
        split.X_train,
        split.y_train,
        optimizer=Adam(config.learning_rate),
        epochs=config.epochs,
        batch_size=None,
        dev=(split.X_dev, split.y_dev),
        augment=lambda X, rng: jitter(X, rng),
        callbacks=callbacks("augmentation"),
    )
    models = np.arange(config.seeds)
    return _run(
        "augmentation",
        f"online jitter, std {config.jitter:g}",
        network,
        trainer.history,
        models,
        problem,
        None,
    )


def _run(name, description, network, history, models, problem, stopped) -> RegularizerRun:
    split, grid = problem.split, problem.grid
    accuracy = {
        key: network.evaluate(X, y)["accuracy"][models]
        for key, (X, y) in {
            "train": (split.X_train, split.y_train),
            "dev": (split.X_dev, split.y_dev),
            "test": (split.X_test, split.y_test),
        }.items()
    }
    first = models[0]
    points = np.column_stack([grid[0].ravel(), grid[1].ravel()])
    probability = network.output(points)[first, :, 0].reshape(grid[0].shape)
    verdict = diagnose(
        1 - float(np.mean(accuracy["train"])),
        1 - float(np.mean(accuracy["dev"])),
        test_error=1 - float(np.mean(accuracy["test"])),
        base_error=problem.base_error,
    )
    return RegularizerRun(
        name,
        description,
        accuracy["train"],
        accuracy["dev"],
        accuracy["test"],
        network.weight_norms()[models],
        network.zero_fraction()[models],
        history["train_loss"][:, models],
        history["dev_loss"][:, models],
        network.theta[first, network.penalized].copy(),
        probability,
        verdict,
        stopped,
    )


def _curves(config: StudyConfig, split: Split, callbacks: Progress):
    fit_kwargs = {
        "optimizer": Adam(config.learning_rate),
        "epochs": config.epochs,
        "batch_size": None,
    }
    seeds = list(range(min(config.seeds, 3)))
    data = (split.X_train, split.y_train, split.X_dev, split.y_dev)

    def build(n_models, seed, lam=0.0, keep_prob=1.0):
        return _network(config, n_models, seed, l2=lam, keep_prob=keep_prob)

    lam = validation_curve(
        build,
        *data,
        param="lam",
        values=list(config.curve_lams),
        seeds=seeds,
        fit_kwargs={**fit_kwargs, "callbacks": callbacks("λ curve")},
    )
    keep = validation_curve(
        build,
        *data,
        param="keep_prob",
        values=list(config.curve_keep_probs),
        seeds=seeds,
        fit_kwargs={**fit_kwargs, "callbacks": callbacks("keep_prob curve")},
    )
    sizes = [s for s in config.curve_sizes if s <= len(split.X_train)]
    size = learning_curve(
        build,
        *data,
        sizes=sizes,
        seeds=seeds,
        fit_kwargs={**fit_kwargs, "callbacks": callbacks("learning curve")},
    )
    return lam, keep, size


def _decompositions(config, split, best: RegularizerRun, callbacks) -> dict[str, Decomposition]:
    settings = {name: values for name, _, values in _settings(config)}
    chosen = best.name if best.name in settings and best.name != "early stopping" else "L2"
    results = {}
    for name in ("none", chosen):
        l2, l1, keep_prob, _ = settings[name]

        def build(n_models, seed, l2=l2, l1=l1, keep_prob=keep_prob):
            return _network(config, n_models, seed, l2=l2, l1=l1, keep_prob=keep_prob)

        results[name] = decompose_network(
            build,
            split.X_train,
            split.y_train,
            split.X_test,
            split.y_test,
            num_rounds=config.rounds,
            random_state=config.random_state,
            fit_kwargs={
                "optimizer": Adam(config.learning_rate),
                "epochs": config.epochs,
                "batch_size": None,
                "callbacks": callbacks(f"bias/variance: {name}"),
            },
        )
    return results
