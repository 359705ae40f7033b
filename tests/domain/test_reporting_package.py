"""domain.reporting is a package of one module per idea: callers still reach every report as
`reporting.name`, and the docstring examples of each module hold."""

from __future__ import annotations

from types import ModuleType

import pytest

from domain import reporting
from tests.support.packages import defined, failed_examples, submodules

MODULES = submodules(reporting)
SHARED_SQL = {"sum_paise", "booked_in"}  # the reports' own building blocks, not for callers


@pytest.mark.parametrize("module", [reporting, *MODULES], ids=lambda m: m.__name__)
def test_the_docstring_examples_hold(module: ModuleType) -> None:
    assert failed_examples(module) == 0


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_every_report_and_row_a_module_defines_is_named_by_the_package(module: ModuleType) -> None:
    names = defined(module) - SHARED_SQL
    assert names <= set(reporting.__all__)
    assert all(getattr(reporting, name) is getattr(module, name) for name in names)
