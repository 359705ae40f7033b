"""A module split into a package of one module per idea, as its tests see it: the submodules, what
each defines, and whether its docstring examples hold.

    MODULES = submodules(replies)
    assert defined(MODULES[0]) <= set(replies.__all__)   # callers reach it as replies.name
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil
from types import ModuleType


def submodules(package: ModuleType) -> list[ModuleType]:
    """The modules of `package`, imported, in name order."""
    return [
        importlib.import_module(f"{package.__name__}.{info.name}")
        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda info: info.name)
    ]


def defined(module: ModuleType) -> set[str]:
    """The public functions and classes whose home is `module` (not the ones it imports)."""
    return {
        name
        for name, value in vars(module).items()
        if (inspect.isfunction(value) or inspect.isclass(value))
        and value.__module__ == module.__name__
        and not name.startswith("_")
    }


def failed_examples(module: ModuleType) -> int:
    """How many of `module`'s docstring examples (its own, not re-exported ones) fail."""
    return doctest.testmod(module).failed
