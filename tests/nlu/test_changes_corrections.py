"""Corrections said to an open draft (issue 11, "orders in pieces"), read by the parser and then by
nlu/changes.py over the demo catalog: "X ki jagah Y", "sirf", "4 peti hi chahiye", "galat likha"
set a line to the quantity said; "X ki jagah Y" between two products drops X; "aur" still adds."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from nlu.changes import read_changes
from nlu.parser import Parser
from nlu.types import ParsedLine, ParsedMessage

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
MAGGI, GOOD_DAY, HIDE_N_SEEK = "MAG-MAS-70", "BRI-GDC-60", "PAR-HNS-100"


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser.from_csv(FIXTURES / "catalog.csv", FIXTURES / "dealers.csv")


READS = [
    # (message, (sku, quantity, unit, change) of each line, products dropped by name)
    # "X ki jagah Y" of one product: the parser reads Y, the line sets
    ("maggi 10 ki jagah 12 kar do", [(MAGGI, 12, "case", "set")], ()),
    ("maggi 5 ki jagah 8 kardo", [(MAGGI, 8, "case", "set")], ()),
    ("मैगी 10 की जगह 12 कर दो", [(MAGGI, 12, "case", "set")], ()),  # Hindi
    ("maggi 10 ke badle 12 peti", [(MAGGI, 12, "case", "set")], ()),
    ("मैगी 10 के बदले 12", [(MAGGI, 12, "case", "set")], ()),
    ("maggi 10 aivaji 12 kara", [(MAGGI, 12, "case", "set")], ()),  # Marathi ऐवजी
    ("maggi 12 instead of 10", [(MAGGI, 12, "case", "set")], ()),  # English: the old one after
    # "only" this much
    ("maggi sirf 6 peti", [(MAGGI, 6, "case", "set")], ()),
    ("मैगी सिर्फ 6 पेटी", [(MAGGI, 6, "case", "set")], ()),
    ("maggi fakt 6 peti", [(MAGGI, 6, "case", "set")], ()),  # Marathi फक्त
    ("मैगी फक्त 6 पेटी", [(MAGGI, 6, "case", "set")], ()),
    ("maggi 4 peti hi chahiye", [(MAGGI, 4, "case", "set")], ()),
    ("maggi 4 peti hi bhejna", [(MAGGI, 4, "case", "set")], ()),
    # "X ki jagah Y" of two products: X goes, Y comes
    (
        "good day kaju 2 box ki jagah hide n seek 3 box",
        [(GOOD_DAY, 2, "case", "remove"), (HIDE_N_SEEK, 3, "case", "add")],
        (),
    ),
    ("hide n seek 3 box instead of good day kaju", [(HIDE_N_SEEK, 3, "case", "add")], ("good day kaju",)),
    # X named without a quantity is read as one unknown item by the parser: no line, for a person
    ("good day kaju ki jagah hide n seek 3 box", [], ()),
    # these stay additions
    ("aur 5 peti maggi", [(MAGGI, 5, "case", "add")], ()),
    ("maggi 5 peti aur", [(MAGGI, 5, "case", "add")], ()),
    ("maggi 5 peti", [(MAGGI, 5, "case", "add")], ()),
    ("hi maggi 4 peti", [(MAGGI, 4, "case", "add")], ()),  # a greeting, not "only"
    ("maggi 2 peti extra", [(MAGGI, 2, "case", "add")], ()),
]


@pytest.mark.parametrize(("text", "lines", "removed"), READS)
def test_a_correction_sets_the_line_and_a_swap_drops_the_product_it_replaces(
    parser: Parser, text: str, lines: list[tuple[str, int, str, str]], removed: tuple[str, ...]
) -> None:
    parsed = parser.parse(text, dealer="D01")
    changes = read_changes(text, parsed)
    got = [(ln.sku, ln.qty, ln.uom, kind) for ln, kind in zip(parsed.lines, changes.lines, strict=True)]
    assert got == [(sku, Decimal(qty), uom, kind) for sku, qty, uom, kind in lines]
    assert changes.removed == removed
    kept = [u.text for n, u in enumerate(parsed.unmatched) if n not in changes.taken]
    assert kept == ([] if lines else [text])  # nothing is left for a person, or all of it ...
    assert [parsed.unmatched[n].text for n in changes.doubtful] == kept  # ... and never as a pick


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("maggi galat likha, 4 peti hi chahiye", (0, 25)),  # the line from the product on
        ("maggi galat likha, 4 peti hi chahiye", (19, 25)),  # the line at its quantity
        ("मैगी गलत लिखा, 4 पेटी ही चाहिए", (0, 20)),
    ],
)
def test_a_reject_with_an_item_line_reads_as_a_correction(text: str, span: tuple[int, int]) -> None:
    """The parser's intent is reject ("galat" over items); the line it reads still sets the draft."""
    line = ParsedLine(MAGGI, Decimal(4), "case", 1.0, text[span[0] : span[1]], span, "alias")
    assert read_changes(text, ParsedMessage("reject", lines=(line,))).lines == ("set",)
