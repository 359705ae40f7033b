"""A rate the dealer asks ("@1150", "rate 370", "bhav 28 per strip") rides on its line, never as a quantity.

The bot prices every order at the list and sends an asked rate below it to an approver
(domain/services/special_prices.py); the parser's part is to read which rate belongs to which
line and unit, and to send what it cannot tell to a person.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from nlu.parser import Parser

ROOT = Path(__file__).resolve().parents[2]
TRADES = Path(__file__).parent / "trades"


@pytest.fixture(scope="module")
def parsers() -> dict[str, Parser]:
    return {
        "fmcg": Parser.from_csv(ROOT / "fixtures" / "catalog.csv"),
        "building": Parser.from_csv(TRADES / "building" / "catalog.csv"),
        "pharma": Parser.from_csv(TRADES / "pharma" / "catalog.csv"),
    }


# (trade, message, [(sku, qty, uom, rate, rate unit)], needs review)
CASES = [
    # '@' after the quantity: the rate of that line, per its unit
    ("fmcg", "maggi 10 peti @1000", [("MAG-MAS-70", "10", "case", "1000", "case")], False),
    # each line keeps its own rate; '/-' and 'rs' around the number are read with it
    (
        "fmcg",
        "maggi 10 peti @ rs 1000/-, tata salt 5 bag @480",
        [("MAG-MAS-70", "10", "case", "1000", "case"), ("TAT-SALT-1KG", "5", "bag", "480", "bag")],
        False,
    ),
    # 'rate N' and 'N rate', with Hindi around it
    ("fmcg", "maggi 10 peti rate 1000 lagana", [("MAG-MAS-70", "10", "case", "1000", "case")], False),
    ("fmcg", "10 peti maggi 1000 rate lagao", [("MAG-MAS-70", "10", "case", "1000", "case")], False),
    # a rate per another unit says so
    ("fmcg", "maggi 10 peti @ 11.50 per pc", [("MAG-MAS-70", "10", "case", "11.50", "pc")], False),
    ("fmcg", "maggi 10 peti bhav 1000/cs", [("MAG-MAS-70", "10", "case", "1000", "case")], False),
    # no rate: none on the line
    ("fmcg", "maggi 10 peti", [("MAG-MAS-70", "10", "case", None, None)], False),
    # two rates for one item: a person reads it
    ("fmcg", "maggi 10 peti @1000 @990", [("MAG-MAS-70", "10", "case", None, None)], True),
    # the same item twice at different rates: merged, the rate left to a person
    ("fmcg", "maggi 10 peti @1000, maggi 5 peti @990", [("MAG-MAS-70", "15", "case", None, None)], True),
    # a rate per a unit the product is not sold in: a person reads it
    ("fmcg", "maggi 10 peti @ 40 per kg", [("MAG-MAS-70", "10", "case", None, None)], True),
    # 'rate' before a quantity with its unit is chat ("same rate"), the number a quantity
    ("fmcg", "same rate 5 cs maggi", [("MAG-MAS-70", "5", "case", None, None)], False),
    # '@' before a quantity with its unit: a rate or a quantity? a person reads it
    ("fmcg", "maggi @ 10 cs", [], True),
    # a rate no one could mean: a person reads it
    ("fmcg", "maggi 10 cs @ " + "9" * 40, [("MAG-MAS-70", "10", "case", None, None)], True),
    # a rate of nothing: a person reads it
    ("fmcg", "maggi 10 cs @ 0", [("MAG-MAS-70", "10", "case", None, None)], True),
    # a price question is not an order line
    ("fmcg", "maggi ka rate kya hai", [], True),
    # other trades: the pack size (650, 50kg) is never the rate, nor the quantity
    ("building", "ultratech ppc 200 bag @370", [("UT-PPC-50", "200", "bag", "370", "bag")], False),
    ("pharma", "dolo 650 20 strip @28", [("DOLO-650", "20", "strip", "28", "strip")], False),
]


@pytest.mark.parametrize(("trade", "text", "lines", "review"), CASES)
def test_an_asked_rate_is_read_with_its_line(
    parsers: dict[str, Parser],
    trade: str,
    text: str,
    lines: list[tuple[str, str, str, str | None, str | None]],
    review: bool,
) -> None:
    parsed = parsers[trade].parse(text)
    got = [
        (
            ln.sku,
            f"{ln.qty.normalize():f}",
            ln.uom,
            None if ln.rate is None else f"{ln.rate.normalize():f}",
            ln.rate_unit if ln.rate is not None else None,
        )
        for ln in parsed.lines
    ]
    want = [(s, q, u, None if r is None else f"{Decimal(r).normalize():f}", ru) for s, q, u, r, ru in lines]
    assert got == want
    assert parsed.needs_review is review


def test_the_contract_output_carries_the_rate_as_money() -> None:
    parser = Parser.from_csv(ROOT / "fixtures" / "catalog.csv")
    [line] = parser.parse("maggi 10 peti @1000").to_contract()["lines"]
    assert (line["rate"], line["rate_uom"]) == ("1000.00", "case")
    [plain] = parser.parse("maggi 10 peti").to_contract()["lines"]
    assert "rate" not in plain  # the contract's fields only, when no rate was asked


def test_an_item_the_parser_cannot_settle_keeps_the_rate_asked_for_it() -> None:
    parser = Parser.from_csv(ROOT / "fixtures" / "catalog.csv")
    [loose] = parser.parse("lux 1 peti @2400").unmatched
    assert (loose.rate, loose.rate_uom) == (Decimal(2400), "")
