"""Lazy package attributes (PEP 562), so that ``import reglab`` stays cheap.

A package lists what it exports and the module each name lives in; the module is imported
the first time one of its names is used. ``import reglab`` and ``reglab --help`` then load
neither scikit-learn, nor matplotlib, nor SciPy, which only the commands and functions
that use them import.
"""

from __future__ import annotations

import importlib
import sys

__all__ = ["lazy_exports"]


def lazy_exports(package: str, exports: dict[str, list[str]]):
    """``__getattr__``, ``__dir__`` and ``__all__`` for ``package``.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    exports : dict of str to list of str
        For each module (an absolute name), the names the package takes from it.

    Examples
    --------
    In a package's ``__init__.py``::

        __getattr__, __dir__, __all__ = lazy_exports(
            __name__, {"reglab.data.splits": ["train_dev_test_split"]}
        )
    """
    where = {name: module for module, names in exports.items() for name in names}

    def __getattr__(name: str):
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(where[name]), name)
        setattr(sys.modules[package], name, value)  # the next access is a plain lookup
        return value

    def __dir__() -> list[str]:
        return sorted(set(where) | set(vars(sys.modules[package])))

    return __getattr__, __dir__, sorted(where)
