"""Matching and abstention on a paints-and-electricals catalog (not the FMCG one)."""

from __future__ import annotations

import pytest

from nlu.parser import Parser
from tests.nlu.conftest import lines_of


@pytest.mark.parametrize(
    ("text", "lines", "unmatched", "review"),
    [
        # size picks the variant; bare qty -> default unit
        ("tractor white 20 ltr 5", [("AP-TRA-20L", "5", "bucket")], 0, False),
        # alias + a size the alias SKU does not have -> its sibling in the same family
        ("tractor white 4L 3 bucket", [("AP-TRA-4L", "3", "bucket")], 0, False),
        # no size: three sizes fit -> review, never a guess
        ("tractor white 2 bucket", [], 1, True),
        # two brands of 9W bulbs: brand named -> found
        (
            "havells led 9w 2 box, philips 9w 1 box",
            [("HAV-LED-9W", "2", "box"), ("PHI-LED-9W", "1", "box")],
            0,
            False,
        ),
        # 9W without brand: two SKUs -> unmatched
        ("led bulb 9w 2 box", [], 1, True),
        # a wattage not in the catalog -> unmatched, not the nearest
        ("havells led 15w 2 box", [], 1, True),
        # "1.5mm" for the 1.5 sq mm wire; "bundle" is the roll
        ("anchor wire 1.5mm 4 bundle", [("ANC-WIRE-1.5", "4", "roll")], 0, False),
        # sq mm written out
        ("anchor 2.5 sq mm 2 roll", [("ANC-WIRE-2.5", "2", "roll")], 0, False),
        # typo in the brand, Hindi number word before the unit
        ("do dabba havels switch", [("HAV-SW-6A", "2", "box")], 0, False),
        # brand alias names two sizes; size picks; pcs on a pc SKU
        ("fevicol 1kg 12 pcs", [("FEV-SH-1KG", "12", "pc")], 0, False),
        # price point picks nothing new but is never a quantity
        ("mseal 60 wala 24 pc", [("M-SEAL-100", "24", "pc")], 0, False),
        # a product of a brand the catalog carries, but not this product -> unmatched
        ("asian paints primer 20 ltr 2", [], 1, True),
        # an unknown product beside a known one
        ("berger silk 20L 1 bucket, jk wall putty 10 bag", [("BER-SIL-20L", "1", "bucket")], 1, True),
        # newline list, qty first, dozen on a SKU without dozen -> pieces
        (
            "2 box havells 12w\n1 dozen fevicol 1kg",
            [("FEV-SH-1KG", "12", "pc"), ("HAV-LED-12W", "2", "box")],
            0,
            False,
        ),
    ],
)
def test_items_match_the_catalog_or_go_to_review(
    trade_parser: Parser, text: str, lines: list[tuple[str, str, str]], unmatched: int, review: bool
) -> None:
    parsed = trade_parser.parse(text)
    assert parsed.intent == "order"
    assert lines_of(parsed) == sorted(lines)
    assert len(parsed.unmatched) == unmatched
    assert parsed.needs_review is review


def test_every_line_says_how_it_was_found_and_with_what_confidence(trade_parser: Parser) -> None:
    parsed = trade_parser.parse("havels switch 2 box\napex 20L 1")
    assert {ln.how for ln in parsed.lines} <= {"alias", "exact", "fuzzy", "code"}
    assert all(0 < ln.confidence <= 1 for ln in parsed.lines)
    assert all(parsed.lines[0].text in "havels switch 2 box\napex 20L 1" for _ in (0,))


def test_sku_codes_match_directly_and_their_digits_are_not_quantities(trade_parser: Parser) -> None:
    parsed = trade_parser.parse("AP-TRA-20L x 3\nHAV-LED-9W x 2")
    assert lines_of(parsed) == [("AP-TRA-20L", "3", "bucket"), ("HAV-LED-9W", "2", "box")]
    assert {ln.how for ln in parsed.lines} == {"code"}


def test_unmatched_items_carry_candidates_for_the_reviewer(trade_parser: Parser) -> None:
    parsed = trade_parser.parse("tractor white 2 bucket")
    (item,) = parsed.unmatched
    assert item.reason == "ambiguous"
    assert {c.sku for c in item.candidates} == {"AP-TRA-1L", "AP-TRA-4L", "AP-TRA-20L"}


@pytest.mark.parametrize(
    ("text", "qty", "uom"),
    [
        ("tractor white 3 bucket", "3", "bucket"),  # ambiguous size: the dealer's quantity and unit kept
        ("havells 5", "5", None),  # no unit word: the picked SKU's default unit will apply
        ("royale shyne 20L 2 peti", "2", "case"),  # not in the catalog: 'peti' read as a case
        ("tractor white 2 nahi 3 bucket", "3", "bucket"),  # a corrected quantity: the later one
        ("tractor white 2 bucket 5 pc", None, None),  # two quantities for one item: not guessed
    ],
)
def test_an_unsettled_item_keeps_the_quantity_and_unit_the_dealer_gave(
    trade_parser: Parser, text: str, qty: str | None, uom: str | None
) -> None:
    (item,) = trade_parser.parse(text).unmatched
    assert (None if item.qty is None else f"{item.qty.normalize():f}", item.uom) == (qty, uom)
