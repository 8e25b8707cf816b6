"""The tutorial's experiment (section 5), reproduced through reglab's public API.

``np.random.seed(3)`` then ``make_moons(n_samples=300, noise=.2)``; the network
[2, 5, 2, 1] (LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID) with He weights drawn
after ``np.random.seed(3)``; mini-batches of 64 in the order of ``np.random.seed(11)``,
``seed(12)``, ... before each epoch, the last smaller batch kept; learning rate 0.0007 for
10,000 epochs; every 1,000 epochs the cost of the epoch's last mini-batch. Private
``RandomState`` objects give the same numbers as the tutorial's global seeding.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reglab._validation import check_choice, check_int
from reglab.data.batches import MiniBatches
from reglab.data.datasets import tutorial_moons
from reglab.nn.mlp import mlp
from reglab.optim import SGD, Adam, Momentum
from reglab.train.fit import fit

__all__ = ["TUTORIAL_OPTIMIZERS", "TutorialRun", "reproduce", "reproduce_many", "tutorial_data"]

TUTORIAL_OPTIMIZERS = ("gd", "momentum", "adam")
LEARNING_RATE = 0.0007  # the tutorial's, for every optimizer
BETA = 0.9  # momentum's, and Adam's beta1


def tutorial_data() -> tuple[np.ndarray, np.ndarray]:
    """The tutorial's moons: X (300, 2), y (300,), as ``np.random.seed(3)`` makes them."""
    data = tutorial_moons()
    return data.X, data.y


def tutorial_optimizer(name: str, learning_rate: float = LEARNING_RATE):
    """The tutorial's optimizer settings; Adam with epsilon inside the square root."""
    check_choice("optimizer", name, TUTORIAL_OPTIMIZERS)
    if name == "gd":
        return SGD(learning_rate)
    if name == "momentum":
        return Momentum(learning_rate, beta=BETA, form="average")
    return Adam(learning_rate, BETA, 0.999, 1e-8, epsilon_inside_sqrt=True)


@dataclass(frozen=True)
class TutorialRun:
    """What the tutorial prints, and the whole cost curve.

    ``printed`` maps epoch -> the last mini-batch's cost at epochs 0, 1000, ...;
    ``costs`` holds that cost for every epoch; ``accuracy`` is the training accuracy.
    """

    optimizer: str
    printed: dict[int, float]
    costs: np.ndarray
    accuracy: float

    def lines(self) -> list[str]:
        """The tutorial's output lines, in English."""
        rows = [f"Cost after epoch {epoch}: {cost:f}" for epoch, cost in self.printed.items()]
        return rows + [f"Accuracy: {self.accuracy}"]


def reproduce(optimizer: str = "adam", epochs: int = 10_000, callbacks=()) -> TutorialRun:
    """Train the tutorial's model with ``optimizer`` in {"gd", "momentum", "adam"}."""
    return reproduce_many([optimizer], epochs, callbacks)[0]


def reproduce_many(optimizers, epochs: int = 10_000, callbacks=()) -> list[TutorialRun]:
    """Several of the tutorial's runs, in the order asked.

    Plain descent and momentum train as one stack of two models: the tutorial's momentum
    with ``beta = 0`` is exactly plain descent (``v = 0 * v + 1 * g``), and model k of a
    stack computes exactly what it would alone, so both runs cost about one.
    """
    epochs = check_int("epochs", epochs, minimum=1)
    names = [check_choice("optimizer", name, TUTORIAL_OPTIMIZERS) for name in optimizers]
    runs = {}
    descent = [name for name in names if name in ("gd", "momentum")]
    if descent:
        beta = [0.0 if name == "gd" else BETA for name in descent]
        optimizer = Momentum(LEARNING_RATE, beta=beta, form="average")
        runs.update(zip(descent, _train(optimizer, descent, epochs, callbacks), strict=True))
    if "adam" in names:
        runs["adam"] = _train(tutorial_optimizer("adam"), ["adam"], epochs, callbacks)[0]
    return [runs[name] for name in names]


def _train(optimizer, names: list[str], epochs: int, callbacks) -> list[TutorialRun]:
    """The tutorial's data, network, initialization and batches; one model per name."""
    X, y = tutorial_data()
    K = len(names)
    network = mlp(
        [2, 5, 2, 1], activation="relu", loss="binary_crossentropy", n_models=K, seed=[0] * K
    )
    trainer = fit(
        network,
        X,
        y,
        optimizer=optimizer,
        epochs=epochs,
        batches=MiniBatches(64, legacy_seed=10),
        init_generators=[np.random.RandomState(3) for _ in range(K)],
        callbacks=callbacks,
    )
    accuracy = np.mean(network.predict(X) == y, axis=1)
    runs = []
    for k, name in enumerate(names):
        costs = trainer.history["batch_cost"][:, k]
        printed = {epoch: float(costs[epoch]) for epoch in range(0, epochs, 1000)}
        runs.append(TutorialRun(name, printed, costs, float(accuracy[k])))
    return runs
