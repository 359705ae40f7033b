"""A fault inside the parser is logged with its traceback and counted, never hidden as intent 'other'."""

from __future__ import annotations

import logging
from decimal import Decimal

import pytest

from nlu import parser as parser_module
from nlu.parser import Parser
from nlu.types import Product


def test_a_parser_fault_is_logged_with_its_traceback_counted_and_sent_to_a_person(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    parser = Parser(
        [Product("MAG-70", "Maggi Masala 70g", (("case", Decimal(96)), ("pc", Decimal(1))), "case")]
    )

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr(parser_module, "split_items", broken)
    with caplog.at_level(logging.ERROR, logger="nlu.parser"):
        parsed = parser.parse("maggi 10 peti secret words")

    assert (parsed.intent, parsed.needs_review) == ("other", True)
    assert parsed.notes == ("parser error: RuntimeError",)
    assert parser.errors == 1
    (record,) = caplog.records
    assert record.exc_info is not None and record.exc_info[0] is RuntimeError  # the traceback is kept
    assert "secret" not in record.getMessage()  # the dealer's words are not logged
