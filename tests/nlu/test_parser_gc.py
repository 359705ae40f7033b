"""Building a parser leaves the process's garbage collector alone; freezing is the caller's choice."""

from __future__ import annotations

import gc
from decimal import Decimal

from nlu.parser import Parser
from nlu.types import Product

PRODUCTS = [
    Product("MAG-70", "Maggi Masala Noodles 70g", (("case", Decimal(96)), ("pc", Decimal(1))), "case"),
]


def test_building_a_parser_freezes_nothing() -> None:
    before = gc.get_freeze_count()
    Parser(PRODUCTS)
    assert gc.get_freeze_count() == before


def test_freeze_gc_hides_the_built_parser_from_the_collector_and_can_be_repeated() -> None:
    try:
        parser = Parser(PRODUCTS)
        parser.freeze_gc()
        first = gc.get_freeze_count()
        assert first > 0
        parser.freeze_gc()  # after a rebuild the bot calls it again: earlier objects are re-examined
        assert gc.get_freeze_count() > 0
        assert parser.parse("maggi 2 peti").lines[0].qty == 2
    finally:
        gc.unfreeze()
