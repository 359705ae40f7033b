"""Schemes: free goods, quantity and value slabs, validity, tiers, stacking and nudges."""

from datetime import date
from decimal import Decimal

import pytest

from domain.pricing import SkuInfo
from domain.quote import DealerTerms, LineRequest, PriceBook, quote_order
from domain.schemes import SchemeLine, SchemeRow, apply_schemes

D = Decimal
ON = date(2026, 3, 16)


def sku(code: str, name: str, case: int, brand: str, category: str, price: str, gst: int = 18) -> SkuInfo:
    """A SKU sold in cases of `case` pieces, priced per case."""
    return SkuInfo(code, name, (("case", D(case)), ("pc", D(1))), "case", brand, category, D(price), D(gst))


SKUS = {
    "MAG": sku("MAG", "Maggi 70g", 96, "Maggi", "Noodles", "1200.00"),
    "CUP": sku("CUP", "Maggi Cup", 24, "Maggi", "Noodles", "1000.00"),
    "PG": sku("PG", "Parle-G", 72, "Parle", "Biscuits", "600.00"),
    "MON": sku("MON", "Monaco", 72, "Parle", "Biscuits", "700.00"),
    "BHU": sku("BHU", "Aloo Bhujia", 40, "Hal", "Namkeen", "1000.00", 12),
    "NAV": sku("NAV", "Navratan", 40, "Hal", "Namkeen", "1000.00", 12),
    "EW": sku("EW", "Surf Easy", 24, "Surf", "Detergent", "1440.00"),
    "QW": sku("QW", "Surf Quick", 24, "Surf", "Detergent", "2160.00"),
    "RIN": sku("RIN", "Rin Bar", 80, "Rin", "Detergent", "1600.00"),
}


def slab(code: str, kind: str, applies_to: str, target: str, **kw: object) -> SchemeRow:
    return SchemeRow(code, code, kind, applies_to, target, **kw)  # type: ignore[arg-type]


MAGGI_10P1 = slab("M10", "free_goods", "sku", "MAG", min_qty=D(10), min_uom="case", free_qty=D(1),
                  recursive=True)
BHU_ONCE = slab("B3", "free_goods", "sku", "BHU", min_qty=D(3), min_uom="case", free_qty=D(6), free_uom="pc")
SURF_RIN = slab("S4", "free_goods", "brand", "surf", min_qty=D(4), min_uom="case", free_sku="RIN",
                free_qty=D(6), free_uom="pc", recursive=True)  # "surf": brands compare without case
PARLE_2 = slab("PQ", "qty_discount", "brand", "Parle", min_qty=D(10), min_uom="case", discount_pct=D(2))
PARLE_4 = slab("PQ", "qty_discount", "brand", "Parle", min_qty=D(25), min_uom="case", discount_pct=D(4))
NAMKEEN = slab("NV", "value_discount", "category", "Namkeen", min_value=D(10000), discount_pct=D(3))
MAGGI_VD = slab("MV", "value_discount", "brand", "Maggi", min_value=D(15000), discount_pct=D(2))


def run(rows: list[SchemeRow], *lines: tuple[str, int | str, str], on: date = ON, tier: str | None = None):
    priced = [SchemeLine(sku, D(qty), uom, SKUS[sku].price * D(qty) * SKUS[sku].require_factor(uom)  # type: ignore
                         / SKUS[sku].require_factor("case")) for sku, qty, uom in lines]
    return apply_schemes(priced, SKUS, rows, on, tier)


Free = list[tuple[str, str, str, str]]


def free(rows: list[SchemeRow], *lines: tuple[str, int | str, str], **kw: object) -> Free:
    return [(f.sku, str(f.qty), f.uom, f.scheme) for f in run(rows, *lines, **kw).free_goods]  # type: ignore


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([("MAG", 9, "case")], []),  # one below the slab
        ([("MAG", 10, "case")], [("MAG", "1", "case", "M10")]),  # exactly the slab
        ([("MAG", 19, "case")], [("MAG", "1", "case", "M10")]),  # recursive counts full multiples only
        ([("MAG", 20, "case")], [("MAG", "2", "case", "M10")]),  # second multiple
        ([("MAG", 960, "pc")], [("MAG", "1", "case", "M10")]),  # pieces converted to cases: 960/96 = 10
        ([("MAG", 959, "pc")], []),  # 9.99 cases is not 10
        ([("MAG", 9, "case"), ("MAG", 96, "pc")], [("MAG", "1", "case", "M10")]),  # two units of a SKU add
        ([("BHU", 3, "case")], [("BHU", "6", "pc", "B3")]),  # free unit given in the row
        ([("BHU", 7, "case")], [("BHU", "6", "pc", "B3")]),  # not recursive: once, however much more
        ([("EW", 2, "case"), ("QW", 2, "case")], [("RIN", "6", "pc", "S4")]),  # brand group, another SKU free
        ([("EW", 3, "case"), ("QW", 24, "pc")], [("RIN", "6", "pc", "S4")]),  # mixed units: 24 pc = 1 case
        ([("EW", 5, "case"), ("QW", 4, "case")], [("RIN", "12", "pc", "S4")]),  # 9 cases: two multiples of 4
        ([("EW", 3, "case"), ("RIN", 1, "case")], []),  # another brand's line does not count
    ],
)
def test_free_goods(lines: list[tuple[str, int, str]], expected: list[tuple[str, str, str, str]]) -> None:
    assert free([MAGGI_10P1, BHU_ONCE, SURF_RIN], *lines) == expected


def test_free_goods_default_to_the_free_skus_default_unit() -> None:
    row = slab("X", "free_goods", "sku", "PG", min_qty=D(1), min_uom="case", free_sku="MON", free_qty=D(2))
    assert free([row], ("PG", 1, "case")) == [("MON", "2", "case", "X")]


def test_free_goods_slabs_take_the_highest_reached_and_multiply_it() -> None:
    low = slab("F", "free_goods", "sku", "MAG", min_qty=D(10), min_uom="case", free_qty=D(1), recursive=True)
    high = slab("F", "free_goods", "sku", "MAG", min_qty=D(25), min_uom="case", free_qty=D(3), recursive=True)
    assert free([low, high], ("MAG", 24, "case")) == [("MAG", "2", "case", "F")]  # low slab, twice
    assert free([low, high], ("MAG", 50, "case")) == [("MAG", "6", "case", "F")]  # high slab, twice (not 5x1)


@pytest.mark.parametrize(
    ("lines", "pcts"),
    [
        ([("PG", 9, "case")], ["0"]),  # below the first slab
        ([("PG", 10, "case")], ["2"]),  # first slab edge
        ([("PG", 24, "case")], ["2"]),  # one below the second slab
        ([("PG", 25, "case")], ["4"]),  # second slab edge: only the highest applies, not 2 + 4
        ([("PG", 5, "case"), ("MON", 5, "case")], ["2", "2"]),  # brand group: every matching line gets it
        ([("PG", 9, "case"), ("MON", 72, "pc")], ["2", "2"]),  # 72 pc of Monaco is one case
        ([("PG", 9, "case"), ("MAG", 5, "case")], ["0", "0"]),  # another brand does not help
    ],
)
def test_quantity_slabs(lines: list[tuple[str, int, str]], pcts: list[str]) -> None:
    result = run([PARLE_2, PARLE_4], *lines)
    assert [str(p) for p in result.pcts] == pcts
    assert [c for c in result.codes] == [("PQ",) if p != "0" else () for p in pcts]


@pytest.mark.parametrize(
    ("lines", "pcts"),
    [
        ([("BHU", "9.99", "case")], ["0"]),  # 9990 rupees: just below
        ([("BHU", 10, "case")], ["3"]),  # 10000 rupees: the edge counts
        ([("BHU", 5, "case"), ("NAV", 5, "case")], ["3", "3"]),  # a category adds SKUs up
        ([("BHU", 5, "case"), ("NAV", 4, "case"), ("MAG", 5, "case")], ["0", "0", "0"]),  # others don't count
    ],
)
def test_value_slabs(lines: list[tuple[str, str, str]], pcts: list[str]) -> None:
    assert [str(p) for p in run([NAMKEEN], *lines).pcts] == pcts


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "on", "applies"),
    [
        (date(2026, 3, 1), date(2026, 3, 31), date(2026, 3, 1), True),  # first day is inclusive
        (date(2026, 3, 1), date(2026, 3, 31), date(2026, 3, 31), True),  # last day is inclusive
        (date(2026, 3, 1), date(2026, 3, 31), date(2026, 2, 28), False),  # the day before
        (date(2026, 3, 1), date(2026, 3, 31), date(2026, 4, 1), False),  # the day after
        (None, date(2026, 3, 31), date(2000, 1, 1), True),  # open start
        (date(2026, 3, 1), None, date(2099, 1, 1), True),  # open end
        (None, None, ON, True),  # always
    ],
)
def test_validity_dates_are_inclusive(valid_from: date | None, valid_to: date | None, on: date,
                                      applies: bool) -> None:
    row = slab("V", "qty_discount", "sku", "PG", min_qty=D(1), min_uom="case", discount_pct=D(5),
               valid_from=valid_from, valid_to=valid_to)
    assert run([row], ("PG", 1, "case"), on=on).pcts == ((D(5),) if applies else (D(0),))


@pytest.mark.parametrize(
    ("tiers", "tier", "applies"),
    [
        ((), None, True),  # no tier list: everyone, even a dealer without a tier
        ((), "B", True),  # no tier list: every tier
        (("A",), "A", True),  # his tier
        (("A",), "a", True),  # tiers compare without case
        (("A",), "B", False),  # another tier
        (("A",), None, False),  # a dealer without a tier is not in a tier list
        (("A", "B"), "B", True),  # one of several
    ],
)
def test_tiers_limit_who_gets_a_scheme(tiers: tuple[str, ...], tier: str | None, applies: bool) -> None:
    row = slab("T", "value_discount", "category", "Biscuits", min_value=D(1), discount_pct=D(2), tiers=tiers)
    assert bool(run([row], ("PG", 1, "case"), tier=tier).codes[0]) is applies


def test_free_goods_never_count_toward_a_threshold() -> None:
    # 10 cases earn 1 free case; a discount from 11 cases must not see 11.
    eleven = slab("Q11", "qty_discount", "sku", "MAG", min_qty=D(11), min_uom="case", discount_pct=D(5))
    result = run([MAGGI_10P1, eleven], ("MAG", 10, "case"))
    assert len(result.free_goods) == 1 and result.pcts == (D(0),)


def quote(rows: list[SchemeRow], *lines: tuple[str, int, str], tier: str | None = None):
    book = PriceBook(SKUS, (), rows)
    requests = [LineRequest(sku, D(qty), uom) for sku, qty, uom in lines]
    return quote_order(requests, book, DealerTerms("D1", tier, None), ON, D(0))


def test_different_schemes_stack_by_adding_percentages_on_gross() -> None:
    # Maggi: 13 cases x 1200 = 15600 reaches the value slab (2%); a qty slab (5%) from 12 cases.
    qty5 = slab("Q12", "qty_discount", "sku", "MAG", min_qty=D(12), min_uom="case", discount_pct=D(5))
    line = quote([MAGGI_VD, qty5], ("MAG", 13, "case")).lines[0]
    assert line.gross == D("15600.00")
    assert line.discount == D("1092.00")  # 7% of gross, not 2% then 5% of the rest (1388.40 - ... )
    assert sorted(line.schemes) == ["MV", "Q12"]
    assert line.tax == D("2611.44")  # 18% of 14508.00


def test_a_group_discount_is_rounded_line_by_line() -> None:
    # Two namkeen lines of 100.15 each at 3%: 3.0045 -> 3.00 per line, 6.00 in all; rounding the
    # order's 200.30 x 3% once would give 6.01.
    skus = {**SKUS, "BHU": sku("BHU", "B", 40, "", "Namkeen", "100.15", 12),
            "NAV": sku("NAV", "N", 40, "", "Namkeen", "100.15", 12)}
    low = slab("NV", "value_discount", "category", "Namkeen", min_value=D(100), discount_pct=D(3))
    got = quote_order([LineRequest("BHU", D(1), "case"), LineRequest("NAV", D(1), "case")],
                      PriceBook(skus, (), [low]), DealerTerms("D1"), ON, D(0))
    assert [ln.discount for ln in got.lines] == [D("3.00"), D("3.00")]
    assert got.discount == D("6.00")


@pytest.mark.parametrize(
    ("rows", "lines", "nudges"),
    [
        ([MAGGI_10P1], [("MAG", 8, "case")],
         ["Add 2 more cases of Maggi 70g to get 1 case free (M10)"]),  # exactly 20% short: nudged
        ([MAGGI_10P1], [("MAG", 7, "case")], []),  # 30% short: quiet
        ([MAGGI_10P1], [("MAG", 10, "case")], []),  # reached, next multiple 20 is 50% away
        ([MAGGI_10P1], [("MAG", 17, "case")],
         ["Add 3 more cases of Maggi 70g to get 2 cases free instead of 1 (M10)"]),  # next multiple, 15%
        ([MAGGI_10P1], [("MAG", 900, "pc")],
         ["Add 60 more pc of Maggi 70g to get 1 case free (M10)"]),  # 9.375 cases: short said in pieces
        ([PARLE_2, PARLE_4], [("PG", 10, "case"), ("MON", 10, "case")],
         ["Add 5 more cases of Parle to get 4% off instead of 2% (PQ)"]),  # next slab of a brand
        ([PARLE_2, PARLE_4], [("PG", 25, "case")], []),  # top slab reached: nothing further
        ([NAMKEEN], [("BHU", 8, "case")],
         ["Add ₹2,000.00 more of Namkeen to get 3% off (NV)"]),  # value slab, exactly 20% short
        ([NAMKEEN], [("BHU", "7.99", "case")], []),  # value slab, a little more than 20% short
        ([SURF_RIN], [("EW", 2, "case"), ("QW", 1, "case")], []),  # 3 of 4 cases is 25% short: quiet
        ([SURF_RIN], [("EW", 5, "case"), ("QW", 2, "case")],
         ["Add 1 more case of Surf to get 12 pc of Rin Bar free instead of 6 (S4)"]),  # other-SKU free goods
        ([MAGGI_10P1], [("PG", 9, "case")], []),  # nothing of the scheme ordered: no nudge
    ],
)
def test_nudges_within_20_percent_of_the_next_threshold(rows: list[SchemeRow],
                                                        lines: list[tuple[str, str, str]],
                                                        nudges: list[str]) -> None:
    assert list(run(rows, *lines).nudges) == nudges
