"""The catalog `uoms` cell is read twice: by nlu (the parser's catalog CSV) and
by domain (`orderbot import`). nlu may not import domain nor domain nlu, so each
keeps its own reader; this one table holds both to the same units and the same
refusals (docs/catalog-format.md states the rules).

An accepted row gives the (unit, factor) pairs in the cell's order. A refused
row gives words that each reader's error must contain: the offending text and
what is wrong with it, so the dealer's clerk can fix the cell.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from domain.catalog import parse_uoms as domain_parse_uoms
from nlu.catalog import parse_uoms as nlu_parse_uoms

Reader = Callable[[str], tuple[tuple[str, Decimal], ...]]

READERS: dict[str, Reader] = {
    "nlu": lambda text: nlu_parse_uoms(text, "catalog.csv line 2"),
    "domain": domain_parse_uoms,
}


class Refused(tuple[str, ...]):
    """Words the error must contain."""


def units(*pairs: tuple[str, str]) -> tuple[tuple[str, Decimal], ...]:
    return tuple((unit, Decimal(factor)) for unit, factor in pairs)


CASES: list[tuple[str, tuple[tuple[str, Decimal], ...] | Refused]] = [
    # the contract's own example
    ("case:96|pc:1", units(("case", "96"), ("pc", "1"))),
    # a single base unit is a whole uoms
    ("pc:1", units(("pc", "1"))),
    # Excel exports capitalise: unit names are read without regard to case
    ("Box:12|PC:1", units(("box", "12"), ("pc", "1"))),
    # spaces around names, factors and bars are not part of them
    (" case : 96 | pc : 1 ", units(("case", "96"), ("pc", "1"))),
    # empty entries (a trailing or doubled bar) are dropped, as in aliases
    ("case:96|pc:1|", units(("case", "96"), ("pc", "1"))),
    ("case:96||pc:1", units(("case", "96"), ("pc", "1"))),
    # a factor may be fractional: a 500 ml bottle when the base unit is the litre
    ("litre:1|bottle:0.5", units(("litre", "1"), ("bottle", "0.5"))),
    ("case:12.5|pc:1", units(("case", "12.5"), ("pc", "1"))),
    # "1.0" is the base unit as much as "1" is
    ("case:96|pc:1.0", units(("case", "96"), ("pc", "1"))),
    # nothing to read
    ("", Refused(("empty",))),
    ("  ", Refused(("empty",))),
    ("|", Refused(("empty",))),
    # not unit:factor
    ("case96|pc:1", Refused(("case96", "unit:factor"))),
    # units come from the contract's closed set
    ("crate:12|pc:1", Refused(("crate", "unknown unit"))),
    ("Crate:12|pc:1", Refused(("Crate", "unknown unit"))),
    (":12|pc:1", Refused(("unknown unit",))),
    # a factor is plain digits: no words, no exponents, no plus, no separators
    ("case:x|pc:1", Refused(("'x'", "not a number"))),
    ("case:|pc:1", Refused(("''", "not a number"))),
    ("case:NaN|pc:1", Refused(("NaN", "not a number"))),
    ("case:nan|pc:1", Refused(("nan", "not a number"))),
    ("case:sNaN|pc:1", Refused(("sNaN", "not a number"))),
    ("case:Infinity|pc:1", Refused(("Infinity", "not a number"))),
    ("case:inf|pc:1", Refused(("inf", "not a number"))),
    ("case:1e3|pc:1", Refused(("1e3", "not a number"))),
    ("case:+5|pc:1", Refused(("+5", "not a number"))),
    ("case:1_000|pc:1", Refused(("1_000", "not a number"))),
    ("case:1,000|pc:1", Refused(("1,000", "not a number"))),
    ("case:.5|pc:1", Refused(("'.5'", "not a number"))),
    ("case:12.|pc:1", Refused(("'12.'", "not a number"))),
    ("case:\u0661\u0662|pc:1", Refused(("\u0661\u0662", "not a number"))),
    ("case:96:2|pc:1", Refused(("96:2", "not a number"))),
    # a factor is more than zero
    ("case:-5|pc:1", Refused(("-5", "more than 0"))),
    ("case:-0.5|pc:1", Refused(("-0.5", "more than 0"))),
    ("case:0|pc:1", Refused(("'0'", "more than 0"))),
    ("case:0.0|pc:1", Refused(("'0.0'", "more than 0"))),
    # a unit appears once, whatever its case
    ("pc:1|pc:1", Refused(("'pc'", "twice"))),
    ("case:96|PC:1|pc:1", Refused(("'pc'", "twice"))),
    # exactly one unit has factor 1
    ("case:96|pc:2", Refused(("factor 1",))),
    ("case:1|pc:1", Refused(("factor 1",))),
]


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize(("text", "expected"), CASES)
def test_both_uoms_readers_give_the_same_units_or_refuse_with_a_named_reason(
    reader: str, text: str, expected: tuple[tuple[str, Decimal], ...] | Refused
) -> None:
    parse = READERS[reader]
    if isinstance(expected, Refused):
        with pytest.raises(ValueError) as err:
            parse(text)
        for word in expected:
            assert word in str(err.value), f"{reader}: {err.value!r} does not say {word!r}"
    else:
        assert parse(text) == expected
