"""bot.replies is a package of one module per idea: callers still reach every text as `replies.name`,
and the docstring examples of each module hold."""

from __future__ import annotations

from types import ModuleType

import pytest

from bot import replies
from tests.support.packages import defined, failed_examples, submodules

MODULES = submodules(replies)
HELPERS = {"numbered"}  # shared by the modules, not a text callers send


@pytest.mark.parametrize("module", [replies, *MODULES], ids=lambda m: m.__name__)
def test_the_docstring_examples_hold(module: ModuleType) -> None:
    assert failed_examples(module) == 0


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_every_text_a_module_builds_is_named_by_the_package(module: ModuleType) -> None:
    texts = defined(module) - HELPERS
    assert texts <= set(replies.__all__)
    assert all(getattr(replies, name) is getattr(module, name) for name in texts)
