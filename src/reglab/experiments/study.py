"""The study: everything the tutorial teaches, measured on one small, noisy 2-D problem.

:func:`run_study` returns a :class:`StudyResult` — numbers and histories, no printing, no
files — with five parts:

1. the tutorial's optimizer comparison (mini-batch GD, momentum, Adam; section 5);
2. a regularization comparison on a network large enough to memorize a small noisy data
   set (sections 2-4): none, L2, L1, dropout, early stopping, L2 with dropout, and online
   data augmentation, each over several seeds, all but augmentation in one stack;
3. validation curves over λ and ``keep_prob`` (whose choices the L2 and dropout rows of the
   comparison use, unless the configuration fixes them), the decision boundaries across λ,
   and a learning curve over training sets drawn afresh from the data's generator
   (section 1.2);
4. a bootstrap bias/variance decomposition of no regularization against the best one;
5. the tutorial's split rule for the data set's size (section 1.1);
6. the digits augmentation experiment (section 4.2, :mod:`reglab.experiments.augmentation`)
   in a smaller setting, unless ``digits_epochs`` is 0, and again with the digits at random
   places on a larger canvas, where augmentation has something to teach, unless
   ``shifted_epochs`` is 0.

The split is fixed at 100 training, 100 dev and 100 test examples rather than the rule's
60/20/20, which the report shows beside it: a small training set is what makes the
over-sized network overfit, and 100 dev examples measure an accuracy to about 3 points.

The report (:mod:`reglab.report`) draws and writes it; ``reglab study`` runs both.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from reglab._validation import check_choice, check_in_range, check_int, check_positive
from reglab.data.bayes import bayes_error
from reglab.data.datasets import GENERATED, load_dataset
from reglab.data.splits import Split, SplitRecommendation, recommend_split, train_dev_test_split
from reglab.diagnose.curves import Curve, learning_curve, validation_curve
from reglab.diagnose.decomposition import Decomposition, decompose_network
from reglab.experiments.augmentation import AugmentConfig, AugmentResult, run_augmentation
from reglab.experiments.regularization import (
    Recipe,
    RegularizerRun,
    build_network,
    compare_regularizers,
    fit_options,
    recipes,
)
from reglab.experiments.selection import Boundaries, lam_boundaries, select
from reglab.experiments.tutorial import TUTORIAL_OPTIMIZERS, TutorialRun, reproduce_many

__all__ = ["RegularizerRun", "StudyConfig", "StudyResult", "run_study"]


@dataclass(frozen=True)
class StudyConfig:
    """Every setting of the study; the defaults finish in under a minute on two cores.

    Checked when built: counts and epochs must be positive, ``n_samples`` must leave at
    least 10 training examples after ``dev`` and ``test``.
    """

    dataset: str = "moons"
    n_samples: int = 300
    noise: float = 0.35
    dev: int = 100
    test: int = 100
    hidden: tuple[int, ...] = (64, 64)
    epochs: int = 600
    learning_rate: float = 0.01
    seeds: int = 4
    l2: float | None = None  # None: the λ the validation curve selects
    l1: float = 3.0
    keep_prob: float | None = None  # None: the keep_prob the validation curve selects
    l2_dropout: tuple[float, float] = (0.5, 0.8)
    patience: int = 50
    jitter: float = 0.15
    curve_lams: tuple[float, ...] = (0.0, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
    curve_keep_probs: tuple[float, ...] = (0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.85, 1.0)
    curve_sizes: tuple[int, ...] = (10, 20, 50, 100, 200, 400)
    learning_seeds: int = 8
    rounds: int = 30
    tutorial_epochs: int = 10_000
    digits_epochs: int = 60
    digits_seeds: int = 2
    shifted_epochs: int = 100
    shifted_canvas: int = 12
    shifted_train: int = 200
    random_state: int = 0

    def __post_init__(self):
        for name in (
            "n_samples",
            "dev",
            "test",
            "epochs",
            "seeds",
            "patience",
            "rounds",
            "tutorial_epochs",
            "digits_seeds",
            "learning_seeds",
            "shifted_train",
        ):
            check_int(name, getattr(self, name), minimum=1)
        check_int("digits_epochs", self.digits_epochs, minimum=0)
        check_int("shifted_epochs", self.shifted_epochs, minimum=0)
        check_int("shifted_canvas", self.shifted_canvas, minimum=8)
        check_choice("dataset", self.dataset, GENERATED)
        if self.n_samples - self.dev - self.test < 10:
            raise ValueError(
                f"n_samples must leave at least 10 training examples after dev and test, "
                f"got {self.n_samples} - {self.dev} - {self.test}"
            )
        if self.keep_prob is not None:
            check_in_range("keep_prob", self.keep_prob, 0.0, 1.0, low_open=True)
        if self.l2 is not None:
            check_positive("l2", self.l2, strict=False)
        check_positive("learning_rate", self.learning_rate)


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
    augmentation: AugmentResult | None = None  # the digits experiment (tutorial 4.2)
    timings: dict[str, float] = field(default_factory=dict)
    chosen: dict[str, float] = field(default_factory=dict)  # values the curves selected
    lam_boundaries: Boundaries | None = None  # none, the chosen λ, the grid's largest
    shifted: AugmentResult | None = None  # digits at random places on a larger canvas

    def best(self) -> RegularizerRun:
        """The regularizer with the highest mean dev accuracy."""
        return _best(self.regularizers)

    def _repr_html_(self) -> str:
        from reglab._rich import study_html

        return study_html(self)

    def __repr__(self) -> str:
        names = [run.name for run in self.regularizers]
        return (
            f"StudyResult(dataset={self.config.dataset!r}, regularizers={names}, "
            f"best={self.best().name!r})"
        )


def _best(runs: list[RegularizerRun]) -> RegularizerRun:
    return max(runs, key=lambda run: run.mean("dev_accuracy"))


Progress = Callable[[str], list]


def _no_callbacks(label: str) -> list:
    return []


def run_study(
    config: StudyConfig | None = None, callbacks: Progress = _no_callbacks
) -> StudyResult:
    """Run every part of the study; ``callbacks(label)`` gives extra callbacks per training.

    With the defaults it takes about 50 s on two cores with one BLAS thread (as ``reglab
    study`` sets it); a multi-threaded BLAS makes these small products slower, not faster.
    """
    config = config or StudyConfig()
    timings = {}
    start = time.perf_counter()

    def timed(name, function, *args):
        begin = time.perf_counter()
        result = function(*args)
        timings[name] = time.perf_counter() - begin
        return result

    data = load_dataset(
        config.dataset,
        n_samples=config.n_samples,
        noise=config.noise,
        random_state=config.random_state,
    )
    split = train_dev_test_split(
        data.X, data.y, dev=config.dev, test=config.test, random_state=config.random_state
    )
    base_error = bayes_error(config.dataset, config.noise)
    grid = _grid(data.X)
    timings["data"] = time.perf_counter() - start
    optimizers = timed("optimizers", _optimizers, config, callbacks)
    lam_curve, keep_curve, size_curve = timed("curves", _curves, config, split, callbacks)
    chosen = {
        name: select(curve, weaker)
        for name, curve, weaker in (
            ("l2", lam_curve, "smaller"),
            ("keep_prob", keep_curve, "larger"),
        )
        if getattr(config, name) is None
    }
    resolved = dataclasses.replace(config, **chosen)
    regularizers = timed(
        "regularizers",
        compare_regularizers,
        resolved,
        split,
        grid,
        base_error,
        callbacks,
        tuple(chosen),
    )
    boundaries = timed(
        "boundaries", _lam_boundaries, config, split, grid, lam_curve, base_error, callbacks
    )
    decompositions = timed(
        "decomposition", _decompositions, resolved, split, _best(regularizers), callbacks
    )
    augmentation = shifted = None
    if config.digits_epochs > 0:
        digits = AugmentConfig(
            epochs=config.digits_epochs, seeds=config.digits_seeds, random_state=config.random_state
        )
        augmentation = timed("augmentation", run_augmentation, digits, callbacks)
    if config.shifted_epochs > 0:
        placed = AugmentConfig(
            n_train=config.shifted_train,
            epochs=config.shifted_epochs,
            seeds=config.digits_seeds,
            canvas=config.shifted_canvas,
            random_state=config.random_state,
        )
        shifted = timed("shifted digits", run_augmentation, placed, callbacks)
    timings["total"] = time.perf_counter() - start
    return StudyResult(
        config,
        split,
        recommend_split(len(data.X), dev=True),
        optimizers,
        regularizers,
        lam_curve,
        keep_curve,
        size_curve,
        decompositions,
        grid,
        base_error,
        augmentation,
        timings,
        chosen,
        boundaries,
        shifted,
    )


def _optimizers(config: StudyConfig, callbacks: Progress) -> list[TutorialRun]:
    return reproduce_many(TUTORIAL_OPTIMIZERS, config.tutorial_epochs, callbacks("tutorial"))


def _grid(X: np.ndarray, size: int = 100) -> tuple[np.ndarray, np.ndarray]:
    low, high = X.min(axis=0) - 0.5, X.max(axis=0) + 0.5
    return np.meshgrid(np.linspace(low[0], high[0], size), np.linspace(low[1], high[1], size))


def _build(config: StudyConfig):
    def build(n_models, seed, lam=0.0, keep_prob=1.0):
        return build_network(config, n_models, seed, l2=lam, keep_prob=keep_prob)

    return build


def _fresh_pools(config: StudyConfig, size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``learning_seeds`` training sets of ``size`` examples, each drawn afresh from the
    data's generator (with seeds other than the study's), stacked; and each one's rows."""
    draws = [
        load_dataset(
            config.dataset,
            n_samples=size,
            noise=config.noise,
            random_state=config.random_state + 1 + j,
        )
        for j in range(config.learning_seeds)
    ]
    X, y = np.concatenate([d.X for d in draws]), np.concatenate([d.y for d in draws])
    return X, y, np.arange(len(X)).reshape(config.learning_seeds, size)


def _curves(config: StudyConfig, split: Split, callbacks: Progress):
    seeds = list(range(min(config.seeds, 2)))  # two seeds per point keep the study short
    data = (split.X_train, split.y_train, split.X_dev, split.y_dev)
    build = _build(config)

    def options(label):
        return fit_options(config, Recipe(label, ""), split, callbacks(label))

    lam = validation_curve(
        build,
        *data,
        param="lam",
        values=list(config.curve_lams),
        seeds=seeds,
        fit_kwargs=options("λ curve"),
    )
    keep = validation_curve(
        build,
        *data,
        param="keep_prob",
        values=list(config.curve_keep_probs),
        seeds=seeds,
        fit_kwargs=options("keep_prob curve"),
    )
    # the learning curve averages over training sets, not only over subsets of one: each
    # seed draws its own from the data's generator, up to sizes beyond the study's 100
    X_pool, y_pool, pools = _fresh_pools(config, max(config.curve_sizes))
    size = learning_curve(
        build,
        X_pool,
        y_pool,
        split.X_dev,
        split.y_dev,
        sizes=list(config.curve_sizes),
        seeds=list(range(config.learning_seeds)),
        fit_kwargs=options("learning curve"),
        pools=pools,
    )
    return lam, keep, size


def _lam_boundaries(config, split, grid, lam_curve, base_error, callbacks) -> Boundaries:
    options = fit_options(config, Recipe("λ boundaries", ""), split, callbacks("λ boundaries"))
    return lam_boundaries(_build(config), split, grid, lam_curve, base_error, options)


def _decompositions(config, split, best: RegularizerRun, callbacks) -> dict[str, Decomposition]:
    """No regularization against the best regularizer (by dev accuracy), whichever it is."""
    chosen = {r.name: r for r in recipes(config)}
    results = {}
    for name in dict.fromkeys(("none", best.name)):
        recipe = chosen[name]

        def build(n_models, seed, recipe=recipe):
            return build_network(config, n_models, seed, recipe.l2, recipe.l1, recipe.keep_prob)

        results[name] = decompose_network(
            build,
            split.X_train,
            split.y_train,
            split.X_test,
            split.y_test,
            num_rounds=config.rounds,
            random_state=config.random_state,
            fit_kwargs=fit_options(config, recipe, split, callbacks(f"bias/variance: {name}")),
        )
    return results
