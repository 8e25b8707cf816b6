"""Learning-rate schedules: the factor that multiplies the initial rate at each epoch.

Every schedule is a small callable ``schedule(epoch) -> factor`` with ``factor(0) = 1``,
so ``learning_rate(epoch) = learning_rate0 * schedule(epoch)`` for each model.
"""

from __future__ import annotations

import math

from reglab._validation import check_choice, check_int, check_positive

__all__ = [
    "SCHEDULES",
    "Constant",
    "CosineDecay",
    "ExponentialDecay",
    "InverseTimeDecay",
    "Schedule",
    "StaircaseDecay",
    "get_schedule",
]


class Schedule:
    """Base class; subclasses define ``__call__(epoch)``."""

    def __call__(self, epoch: int) -> float:
        raise NotImplementedError

    def get_config(self) -> dict:
        return dict(vars(self))

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


class Constant(Schedule):
    """``lr = lr0``."""

    def __call__(self, epoch):
        return 1.0


class InverseTimeDecay(Schedule):
    """``lr = lr0 / (1 + decay_rate * epoch)``."""

    def __init__(self, decay_rate: float = 1.0):
        self.decay_rate = float(check_positive("decay_rate", decay_rate, strict=False))

    def __call__(self, epoch):
        return 1.0 / (1.0 + self.decay_rate * epoch)


class StaircaseDecay(Schedule):
    """``lr = lr0 / (1 + decay_rate * floor(epoch / interval))``: constant between steps."""

    def __init__(self, decay_rate: float = 1.0, interval: int = 1000):
        self.decay_rate = float(check_positive("decay_rate", decay_rate, strict=False))
        self.interval = check_int("interval", interval, minimum=1)

    def __call__(self, epoch):
        return 1.0 / (1.0 + self.decay_rate * (epoch // self.interval))


class ExponentialDecay(Schedule):
    """``lr = lr0 * decay_rate ** (epoch / interval)``, with ``decay_rate`` in (0, 1]."""

    def __init__(self, decay_rate: float = 0.95, interval: int = 1):
        self.decay_rate = float(check_positive("decay_rate", decay_rate))
        if self.decay_rate > 1:
            raise ValueError(f"decay_rate must be in (0, 1], got {decay_rate}")
        self.interval = check_int("interval", interval, minimum=1)

    def __call__(self, epoch):
        return self.decay_rate ** (epoch / self.interval)


class CosineDecay(Schedule):
    """``lr = lr0 * (a + (1 - a) * (1 + cos(pi * min(epoch, T) / T)) / 2)``, ``a = min_factor``.

    Loshchilov & Hutter (2017), without restarts: from ``lr0`` down to ``a * lr0`` at
    epoch ``T = total_epochs``, constant after.
    """

    def __init__(self, total_epochs: int = 1000, min_factor: float = 0.0):
        self.total_epochs = check_int("total_epochs", total_epochs, minimum=1)
        self.min_factor = float(check_positive("min_factor", min_factor, strict=False))

    def __call__(self, epoch):
        progress = min(epoch, self.total_epochs) / self.total_epochs
        return self.min_factor + (1 - self.min_factor) * (1 + math.cos(math.pi * progress)) / 2


SCHEDULES = {
    "constant": Constant,
    "inverse_time": InverseTimeDecay,
    "staircase": StaircaseDecay,
    "exponential": ExponentialDecay,
    "cosine": CosineDecay,
}


def get_schedule(spec) -> Schedule:
    """Accept ``None`` (constant), a :class:`Schedule` or a name from ``SCHEDULES``."""
    if spec is None:
        return Constant()
    if isinstance(spec, Schedule):
        return spec
    check_choice("schedule", spec, SCHEDULES)
    return SCHEDULES[spec]()
