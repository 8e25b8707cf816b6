"""The regularization comparison of the study: one recipe per regularizer.

A :class:`Recipe` says how one regularizer is set up — λ of L2 and L1, ``keep_prob``,
early stopping, online jitter — and the same recipe serves the comparison (every recipe
without augmentation in one stack, each model with its own hyperparameters) and the
bias/variance decomposition (one recipe, one stack of bootstrap rounds).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reglab.data.augment import Jitter
from reglab.data.splits import Split
from reglab.diagnose.training import diagnose_models
from reglab.diagnose.verdict import Verdict
from reglab.nn.mlp import mlp
from reglab.nn.network import Network
from reglab.optim.adaptive import Adam
from reglab.regularizers import L1, L2
from reglab.train.callbacks import EarlyStopping
from reglab.train.fit import fit

__all__ = [
    "Recipe",
    "RegularizerRun",
    "build_network",
    "compare_regularizers",
    "fit_options",
    "recipes",
]


@dataclass(frozen=True)
class Recipe:
    """One regularizer's settings; zeros and ones mean "off"."""

    name: str
    description: str
    l2: float = 0.0
    l1: float = 0.0
    keep_prob: float = 1.0
    early_stopping: bool = False
    jitter: float = 0.0


def recipes(config, chosen: tuple[str, ...] = ()) -> list[Recipe]:
    """The study's regularizers, from its :class:`~reglab.experiments.study.StudyConfig`.

    ``config.l2`` and ``config.keep_prob`` must be set; ``chosen`` names those of them that
    a validation curve selected, which the descriptions then say.
    """
    l2_both, kp_both = config.l2_dropout

    def by_curve(name: str) -> str:
        return " (chosen by its validation curve)" if name in chosen else ""

    return [
        Recipe("none", "no regularization"),
        Recipe("L2", f"L2, λ = {config.l2:g}{by_curve('l2')}", l2=config.l2),
        Recipe("L1", f"L1 (proximal), λ = {config.l1:g}", l1=config.l1),
        Recipe(
            "dropout",
            f"dropout, keep_prob = {config.keep_prob:g}{by_curve('keep_prob')}",
            keep_prob=config.keep_prob,
        ),
        Recipe(
            "early stopping",
            f"early stopping on dev loss, patience {config.patience}",
            early_stopping=True,
        ),
        Recipe(
            "L2 + dropout",
            f"L2 λ = {l2_both:g} with keep_prob = {kp_both:g}",
            l2=l2_both,
            keep_prob=kp_both,
        ),
        Recipe(
            "augmentation",
            f"online jitter of the points, std {config.jitter:g}",
            jitter=config.jitter,
        ),
    ]


def build_network(config, n_models: int, seed, l2=0.0, l1=0.0, keep_prob=1.0) -> Network:
    """The study's over-sized network; λ and ``keep_prob`` may hold one value per model."""
    keep = [keep_prob] * len(config.hidden)
    return mlp(
        [2, *config.hidden, 1],
        keep_prob=keep,
        regularizers=[L2(l2), L1(l1)],
        n_models=n_models,
        seed=seed,
    )


def fit_options(config, recipe: Recipe, split: Split, callbacks=()) -> dict:
    """The ``fit`` arguments of ``recipe``: optimizer, epochs, augmentation, early stopping."""
    options = {
        "optimizer": Adam(config.learning_rate),
        "epochs": config.epochs,
        "batch_size": None,
        "callbacks": list(callbacks),
    }
    if recipe.jitter > 0:
        jitter = Jitter(recipe.jitter)
        options["augment"] = lambda X, rng: jitter(X, rng)
    if recipe.early_stopping:
        options["dev"] = (split.X_dev, split.y_dev)
        options["callbacks"].append(EarlyStopping(patience=config.patience))
    return options


@dataclass(eq=False)
class RegularizerRun:
    """One regularizer over the seeds: accuracies, weights, histories, a verdict.

    Arrays with a seed axis have one entry per seed. ``train_loss`` and ``dev_loss`` are
    (epochs, seeds) histories (flat after a model stopped early: its weights no longer
    change). For early stopping, ``best_epoch`` is the epoch whose weights were kept and
    ``stopped_epoch`` the epoch training stopped (-1: it never did); both are ``None`` for
    the other regularizers. ``weights`` are the first seed's weights (biases excluded) and
    ``probability`` its output on the study's grid. ``diverged`` marks the seeds whose
    training diverged: :meth:`mean`, :meth:`std`, :meth:`summary` and the verdict leave
    them out (all of them, if every seed diverged, so that there is something to show).
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
    best_epoch: np.ndarray | None = None
    stopped_epoch: np.ndarray | None = None
    diverged: np.ndarray | None = None

    def kept(self) -> np.ndarray:
        """The seeds that count in means: those that did not diverge (all, if every one did)."""
        diverged = (
            np.zeros(len(self.dev_accuracy), bool) if self.diverged is None else self.diverged
        )
        return ~diverged if not diverged.all() else diverged

    def mean(self, key: str) -> float:
        """The mean of a per-seed array (e.g. ``"dev_accuracy"``) over :meth:`kept` seeds."""
        return float(np.mean(getattr(self, key)[self.kept()]))

    def std(self, key: str) -> float:
        """The standard deviation of a per-seed array over :meth:`kept` seeds."""
        return float(np.std(getattr(self, key)[self.kept()]))

    def summary(self) -> dict:
        """Means and standard deviations over seeds, as plain numbers, and the verdict."""
        row = {"regularizer": self.name, "description": self.description}
        for key in (
            "train_accuracy",
            "dev_accuracy",
            "test_accuracy",
            "weight_norm",
            "zero_fraction",
        ):
            row[f"{key}_mean"] = self.mean(key)
            row[f"{key}_std"] = self.std(key)
        row["diverged"] = self.verdict.diverged
        row["verdict"] = self.verdict.kind
        return row


def compare_regularizers(
    config, split: Split, grid, base_error: float, callbacks=lambda label: [], chosen=()
) -> list[RegularizerRun]:
    """Train every recipe over ``config.seeds`` seeds; the same seeds for every recipe.

    ``chosen`` is passed to :func:`recipes`.
    """
    every = recipes(config, chosen)
    stacked = [r for r in every if r.jitter == 0]
    S = config.seeds
    per_model = {
        key: np.repeat([getattr(r, key) for r in stacked], S) for key in ("l2", "l1", "keep_prob")
    }
    network = build_network(config, S * len(stacked), list(range(S)) * len(stacked), **per_model)
    early = [i * S + s for i, r in enumerate(stacked) if r.early_stopping for s in range(S)]
    stopper = EarlyStopping(patience=config.patience, models=early)
    options = fit_options(config, Recipe("stack", ""), split, [stopper, *callbacks("regularizers")])
    trainer = fit(network, split.X_train, split.y_train, dev=(split.X_dev, split.y_dev), **options)
    measured = _Measured(trainer, split, grid, base_error)
    runs = {}
    for i, recipe in enumerate(stacked):
        models = np.arange(i * S, (i + 1) * S)
        epochs = (stopper.best_epoch[models], stopper.stopped_epoch[models])
        runs[recipe.name] = measured.run(recipe, models, epochs if recipe.early_stopping else None)
    for recipe in (r for r in every if r.jitter > 0):
        network = build_network(config, S, list(range(S)))
        options = fit_options(config, recipe, split, callbacks(recipe.name))
        trainer = fit(
            network, split.X_train, split.y_train, dev=(split.X_dev, split.y_dev), **options
        )
        measured = _Measured(trainer, split, grid, base_error)
        runs[recipe.name] = measured.run(recipe, np.arange(S), None)
    return [runs[r.name] for r in every]


class _Measured:
    """A trained stack's accuracies, weights and grid outputs, computed once for all its runs."""

    def __init__(self, trainer, split: Split, grid, base_error: float):
        network = trainer.network
        self.network, self.history, self.grid = network, trainer.history, grid
        self.base_error, self.diverged = base_error, trainer.diverged
        sets = {
            "train": (split.X_train, split.y_train),
            "dev": (split.X_dev, split.y_dev),
            "test": (split.X_test, split.y_test),
        }
        self.accuracy = {key: network.evaluate(X, y)["accuracy"] for key, (X, y) in sets.items()}
        self.n_dev, self.n_test = len(split.y_dev), len(split.y_test)
        points = np.column_stack([grid[0].ravel(), grid[1].ravel()])
        self.probability = network.output(points)[..., 0]  # (K, points)
        self.norms, self.zeros = network.weight_norms(), network.zero_fraction()

    def run(self, recipe: Recipe, models: np.ndarray, epochs) -> RegularizerRun:
        accuracy = {key: values[models] for key, values in self.accuracy.items()}
        diverged = self.diverged[models]
        verdict = diagnose_models(
            accuracy["train"],
            accuracy["dev"],
            accuracy["test"],
            diverged=diverged,
            base_error=self.base_error,
            n_dev=self.n_dev,
            n_test=self.n_test,
        )
        first = models[0]
        best, stopped = epochs if epochs is not None else (None, None)
        return RegularizerRun(
            recipe.name,
            recipe.description,
            accuracy["train"],
            accuracy["dev"],
            accuracy["test"],
            self.norms[models],
            self.zeros[models],
            self.history["train_loss"][:, models],
            self.history["dev_loss"][:, models],
            self.network.theta[first, self.network.penalized].copy(),
            self.probability[first].reshape(self.grid[0].shape),
            verdict,
            best,
            stopped,
            diverged.copy(),
        )
