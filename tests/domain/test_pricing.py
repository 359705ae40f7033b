"""Price resolution: dealer > tier > default > catalog, converted through the base unit."""

from decimal import Decimal

import pytest

from domain.pricing import NoPrice, PriceRow, SkuInfo, UnknownUnit, convert_price, unit_price

D = Decimal
MAGGI = SkuInfo("MAG", "Maggi 70g", (("case", D(96)), ("pc", D(1))), "case", "Maggi", "Noodles", D("1180.80"))
LUX = SkuInfo("LUX", "Lux 100g", (("case", D(144)), ("box", D(12)), ("pc", D(1))), "box", price=D("360.00"))
CHOC = SkuInfo("CHOC", "Dairy Milk", (("case", D(240)), ("box", D(12)), ("pc", D(1))), "box")
ODD = SkuInfo("ODD", "Odd pack", (("case", D(7)), ("pc", D(1))), "case", price=D("100.00"))

ROWS = (
    PriceRow("MAG", "case", D("1152.00")),
    PriceRow("MAG", "case", D("1128.96"), tier="A"),
    PriceRow("MAG", "pc", D("11.90"), tier="A"),
    PriceRow("MAG", "case", D("1140.48"), tier="B"),
    PriceRow("MAG", "case", D("1100.00"), dealer="D1"),
    PriceRow("CHOC", "pc", D("17.00")),
    PriceRow("LUX", "case", D("4000.00"), tier="C"),
)


@pytest.mark.parametrize(
    ("info", "uom", "dealer", "tier", "expected"),
    [
        (MAGGI, "case", "D1", "A", "1100.00"),  # the dealer's own row beats his tier's
        (MAGGI, "pc", "D1", "A", "11.46"),  # dealer level has only a case row: 1100/96 = 11.458 -> 11.46
        (MAGGI, "case", "d1", None, "1100.00"),  # dealer codes compare without case
        (MAGGI, "case", "D2", "A", "1128.96"),  # tier A row
        (MAGGI, "pc", "D2", "A", "11.90"),  # tier A has a pc row: used as it is, not converted
        (MAGGI, "case", "D2", "B", "1140.48"),  # tier B row
        (MAGGI, "pc", "D2", "B", "11.88"),  # tier B case row converted: 1140.48/96 = 11.88
        (MAGGI, "case", "D2", "Z", "1152.00"),  # a tier with no rows falls to the default row
        (MAGGI, "case", "D2", None, "1152.00"),  # no tier: default row
        (MAGGI, "pc", "D2", None, "12.00"),  # default row converted: 1152/96
        (CHOC, "box", "D2", None, "204.00"),  # pc row converted up: 17 x 12
        (CHOC, "case", "D2", None, "4080.00"),  # pc row converted up: 17 x 240
        (LUX, "case", "D2", None, "4320.00"),  # catalog price is per default box: 360/12 x 144
        (LUX, "pc", "D2", None, "30.00"),  # catalog price down to a piece
        (LUX, "box", "D2", "C", "333.33"),  # tier C case row: 4000/144 x 12 = 333.333 -> 333.33
        (ODD, "pc", "D2", None, "14.29"),  # 100/7 = 14.2857 -> 14.29, rounded once
    ],
)
def test_unit_price_takes_the_most_specific_level(info: SkuInfo, uom: str, dealer: str, tier: str | None,
                                                  expected: str) -> None:
    assert str(unit_price(info, uom, ROWS, dealer, tier)) == expected


@pytest.mark.parametrize(
    ("price", "from_factor", "to_factor", "expected"),
    [
        ("1152.00", 96, 1, "12.00"),  # exact division
        ("100.00", 3, 1, "33.33"),  # 33.333.. rounds down
        ("100.00", 6, 1, "16.67"),  # 16.666.. rounds up
        ("0.05", 2, 1, "0.03"),  # 0.025 is an exact half: up
        ("1562.00", 20, 1, "78.10"),  # q27's sunflower oil piece
        ("3864.00", 96, 1, "40.25"),  # q27's coconut oil piece
    ],
)
def test_converted_prices_round_once_half_up(price: str, from_factor: int, to_factor: int,
                                                expected: str) -> None:
    assert str(convert_price(D(price), D(from_factor), D(to_factor))) == expected


def test_a_sku_without_rows_or_catalog_price_has_no_price() -> None:
    with pytest.raises(NoPrice, match="CHOC has no price"):
        unit_price(CHOC, "box", (), "D2", None)


def test_a_unit_the_sku_is_not_sold_in_is_named() -> None:
    with pytest.raises(UnknownUnit, match="MAG is not sold in 'box'"):
        unit_price(MAGGI, "box", ROWS, "D2", None)


def test_rows_of_another_sku_do_not_leak() -> None:
    rows = (PriceRow("OTHER", "case", D("1.00"), dealer="D1"),)
    assert unit_price(MAGGI, "case", rows, "D1", "A") == D("1180.80")  # falls to the catalog price
