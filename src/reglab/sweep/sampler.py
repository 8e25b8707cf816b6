"""Searches that learn: Optuna's ask-and-tell, a batch of trials trained as one stack.

Each round asks ``search.batch`` trials of the sampler (TPE, CMA-ES or random), turns their
parameters into configurations (every seed of the file for each), trains them through the
same runner and database as a grid, and tells each trial the mean dev error over its seeds
(a diverged model counts as an error of 1). Rounds go on until ``search.n_configs`` trials
exist. The Optuna study lives beside the results, ``optuna.journal``, under a name made of
the sweep's name, the sampler and the file's hash: running the same command again finishes
the trials an interrupted run left open (their chunks may be stored already) and goes on.
"""

from __future__ import annotations

import math

import numpy as np

from reglab.sweep.plan import apply, base_config, data_identity, make_chunks, version_key
from reglab.sweep.results import dev_score
from reglab.sweep.runner import Outcome, Runner, progress_bar
from reglab.sweep.spec import SweepFileError, SweepSpec
from reglab.sweep.store import Store

__all__ = ["OPTUNA_MISSING", "run_sampler"]

OPTUNA_MISSING = "--sampler needs Optuna, which is not installed: pip install 'reglab[optuna]'"


def _optuna():
    try:
        import optuna
    except ImportError:
        raise ImportError(OPTUNA_MISSING) from None
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    return optuna


def _choice(value):
    """A value as Optuna stores a categorical choice (a layer list becomes ``"64-64"``)."""
    return "-".join(map(str, value)) if isinstance(value, list) else value


def _unchoice(name: str, value):
    if name == "layers":
        return [int(units) for units in value.split("-")] if value else []
    return value


def distributions(spec: SweepSpec) -> dict:
    """The search's axes as Optuna distributions."""
    optuna = _optuna()
    found = {}
    for name, axis in spec.search.axes().items():
        if axis.distribution in ("uniform", "log-uniform"):
            found[name] = optuna.distributions.FloatDistribution(
                axis.low, axis.high, log=axis.distribution == "log-uniform"
            )
        else:
            choices = list(dict.fromkeys(_choice(v) for v in axis.values))
            found[name] = optuna.distributions.CategoricalDistribution(choices)
    if not found:
        raise SweepFileError(f"sweep {spec.name!r}", ["search: a sampler needs at least one axis"])
    return found


def make_sampler(name: str, seed: int):
    """``tpe`` (with the constant liar, for trials asked before others are told), ``cmaes``
    or ``random``, seeded by ``search.random_state``."""
    optuna = _optuna()
    if name == "tpe":
        return optuna.samplers.TPESampler(seed=seed, constant_liar=True)
    if name == "cmaes":
        return optuna.samplers.CmaEsSampler(seed=seed, warn_independent_sampling=False)
    if name == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    raise ValueError(f"sampler must be one of 'tpe', 'cmaes', 'random', got {name!r}")


def storage(store: Store):
    """The Optuna study's storage beside the results: ``optuna.journal``, an append-only
    log (an ask or a tell appends a line; Optuna's SQLite storage re-read every trial at
    each ask, 0.1-0.4 s apiece in our runs)."""
    optuna = _optuna()
    from optuna.storages.journal import JournalFileBackend

    backend = JournalFileBackend(str(store.path.parent / "optuna.journal"))
    return optuna.storages.JournalStorage(backend)


class _Search:
    """One sampler run: the study, the runner, and the bookkeeping of a round."""

    def __init__(self, spec, text, store, runner, sampler):
        optuna = _optuna()
        self.spec, self.store, self.runner = spec, store, runner
        self.version = store.register(version_key(spec), text, [])
        self.base, self.data = base_config(spec), data_identity(spec)
        self.space = distributions(spec)
        self.study = optuna.create_study(
            study_name=f"{spec.name}:{sampler}:{version_key(spec)}",
            storage=storage(store),
            sampler=make_sampler(sampler, spec.search.random_state),
            direction="minimize",
            load_if_exists=True,
        )
        self.states = optuna.trial.TrialState

    def count(self) -> int:
        """Trials asked so far, told or not."""
        return len(self.study.get_trials(deepcopy=False))

    def open_trials(self) -> list:
        """Trials an interrupted run asked but never told."""
        return self.study.get_trials(deepcopy=False, states=(self.states.RUNNING,))

    def scores(self, numbers: list[int]) -> dict[int, dict[int, float]]:
        """The stored dev score of each (trial, seed) of ``numbers``: trial -> seed -> score."""
        found: dict[int, dict[int, float]] = {}
        for row in self.store.trial_rows(self.version, numbers):
            found.setdefault(row["trial"], {})[row["seed"]] = dev_score(row)
        return found

    def round(self, trials: list, outcome: Outcome, capacity: int) -> None:
        """Train ``trials`` (asked, or left open) and tell each its mean dev score.

        Models stored before (an interrupted round) are not trained again; the rest are cut
        into at least ``capacity`` chunks when there are enough, so that every worker has
        one (a sampler's chunks, unlike a grid's, need not be the same from run to run).
        """
        numbers = [trial.number for trial in trials]
        stored = self.scores(numbers)
        done = {(number, seed) for number, seeds in stored.items() for seed in seeds}
        missing = len(trials) * len(self.spec.seeds) - len(done)
        if missing:
            configs = [
                apply(self.base, {k: _unchoice(k, v) for k, v in trial.params.items()})
                for trial in trials
            ]
            size = min(self.spec.chunk_size, math.ceil(missing / capacity))
            spec = self.spec.model_copy(update={"chunk_size": size})
            chunks = make_chunks(spec, configs, self.data, trials=numbers, exclude=done)
            self.store.add_chunks(self.version, chunks)
            outcome.merge(self.runner.run(chunks))
            stored = self.scores(numbers)
        for number in numbers:
            values = list(stored.get(number, {}).values())
            if len(values) == len(self.spec.seeds):
                self.study.tell(number, float(np.mean(values)))
            else:  # a chunk of it failed twice: the sampler learns nothing from it
                self.study.tell(number, state=self.states.FAIL)


def run_sampler(spec: SweepSpec, text: str, store: Store, source, sampler: str, train, on_start):
    """Run an Optuna search of ``spec`` to ``search.n_configs`` trials; see the module."""
    n_trials = spec.search.n_configs
    if n_trials is None:
        problem = "search.n_configs: a sampler needs the number of trials"
        raise SweepFileError(f"sweep {spec.name!r}", [problem])
    seeds = len(spec.seeds)
    outcome = Outcome()
    search = _Search(spec, text, store, None, sampler)
    told = search.count() - len(search.open_trials())
    if on_start is not None:
        on_start(
            source,
            f"sweep {spec.name!r}: {sampler} sampler, {n_trials} trials × {seeds} seeds = "
            f"{n_trials * seeds} models, asked and trained {spec.search.batch} trials at a time"
            f" ({told} trials told before)",
            search.version,
        )
    with progress_bar(n_trials * seeds, told * seeds, spec.name) as bar:
        search.runner = Runner(store, source, train=train, progress=bar)
        left_open = search.open_trials()
        if left_open:
            search.round(left_open, outcome, source.capacity())
        while search.count() < n_trials:
            k = min(spec.search.batch, n_trials - search.count())
            trials = [search.study.ask(search.space) for _ in range(k)]
            search.round(trials, outcome, source.capacity())
    return outcome
