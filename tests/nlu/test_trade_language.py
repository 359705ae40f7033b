"""The trade language issue 10 asks for, on a small catalog of three trades written for these tests:
each row is a message, the lines it must book, and whether a person must look (and why)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlu.parser import Parser
from nlu.types import REASONS
from tests.nlu.conftest import lines_of

CATALOG = """\
sku,name,uoms,default_uom,brand,category,size,price,aliases
WR-15-RED,Wirex FR 1.5 sqmm Red 90m,roll:1,roll,Wirex,House Wire,1.5 sqmm x 90m,1400.00,
WR-15-BLK,Wirex FR 1.5 sqmm Black 90m,roll:1,roll,Wirex,House Wire,1.5 sqmm x 90m,1400.00,
WR-25-RED,Wirex FR 2.5 sqmm Red 90m,roll:1,roll,Wirex,House Wire,2.5 sqmm x 90m,2100.00,
WR-25-BLK,Wirex FR 2.5 sqmm Black 90m,roll:1,roll,Wirex,House Wire,2.5 sqmm x 90m,2100.00,
FN-1200-BRN,Breezo Ceiling Fan 1200mm Brown,pc:1,pc,Breezo,Ceiling Fan,1200mm,2100.00,
FN-1200-WHT,Breezo Ceiling Fan 1200mm White,pc:1,pc,Breezo,Ceiling Fan,1200mm,2100.00,
FN-900-BRN,Breezo Ceiling Fan 900mm Brown,pc:1,pc,Breezo,Ceiling Fan,900mm,1990.00,
EX-150,Breezo Exhaust Fan 150mm,pc:1,pc,Breezo,Exhaust Fan,150mm,1300.00,
CP-ELB-15,Pipex CPVC Elbow 1/2 inch,pack:50|pc:1,pc,Pipex,CPVC Fitting,1/2 inch,9.00,
CP-ELB-20,Pipex CPVC Elbow 3/4 inch,pack:25|pc:1,pc,Pipex,CPVC Fitting,3/4 inch,16.00,
CP-PIPE-20,Pipex CPVC Pipe 3/4 inch 3m,pack:10|pc:1,pc,Pipex,CPVC Pipe,3/4 inch x 3m,410.00,
GI-8,Ironex GI Earthing Wire 8 SWG,kg:1,kg,Ironex,Earthing,8 SWG,95.00,
DAP-50,Khetco DAP 18:46:0 50 kg,ton:20|bag:1,bag,Khetco,Fertiliser,50 kg,1350.00,
UREA-45,Khetco Neem Urea 45 kg,bag:1,bag,Khetco,Fertiliser,45 kg,266.50,
NPK-50,Khetco NPK 12:32:16 50 kg,ton:20|bag:1,bag,Khetco,Fertiliser,50 kg,1470.00,
GR-4,Khetco Growmax Granules 4 kg,bag:1,bag,Khetco,Biostimulant,4 kg,390.00,
GL-250,Khetco Growmax Liquid 250 ml,case:40|bottle:1,bottle,Khetco,Biostimulant,250 ml,260.00,
SEED-771,Beejco Hybrid 771 450 g,case:10|pack:1,pack,Beejco,Seed,450 g,820.00,
SEED-775,Beejco Hybrid 775 450 g,case:10|pack:1,pack,Beejco,Seed,450 g,860.00,
PX-650,Paramol 650 Tablet 10x15,box:10|strip:1,strip,Paramol,Analgesic,10x15,30.00,
PX-500,Paramol 500 Tablet 10x15,box:10|strip:1,strip,Paramol,Analgesic,10x15,22.00,
"""

CASES = [
    # a name said once for several lines: the colour and the size replace the ones before
    (
        "wirex 1.5 red 2 coil, black 3 coil, 2.5 red 1 coil",
        [("WR-15-BLK", "3", "roll"), ("WR-15-RED", "2", "roll"), ("WR-25-RED", "1", "roll")],
        False,
    ),
    # Hindi colour words, Devanagari as well
    (
        "wirex 1.5 laal 2 coil aur kala 1 coil",
        [("WR-15-BLK", "1", "roll"), ("WR-15-RED", "2", "roll")],
        False,
    ),
    # a brand spelt in Devanagari too far from its Latin name: a person reads it, nothing is guessed
    ("वायरेक्स 2.5 लाल 2 कॉइल", [], True),
    # a heading, then the variants under it
    (
        "Breezo fan\n1200 brown - 4\n900 brown - 2",
        [("FN-1200-BRN", "4", "pc"), ("FN-900-BRN", "2", "pc")],
        False,
    ),
    # a brand before a dash at the top heads every line under it, even after another item's line
    (
        "Khetco - urea 10, dap 5\nbeejco 771 2 pkt\ndap 3 hor",
        [("DAP-50", "8", "bag"), ("SEED-771", "2", "pack"), ("UREA-45", "10", "bag")],
        False,
    ),
    # a number the product prints stays inside the name: 1200 is no count
    ("breezo 1200 white 5", [("FN-1200-WHT", "5", "pc")], False),
    # no colour said where two exist: a person picks
    ("breezo 1200 5 nos", [], True),
    # a count for every item of a list
    ("pipex 1/2 aur 3/4 elbow 50-50 nos", [("CP-ELB-15", "50", "pc"), ("CP-ELB-20", "50", "pc")], False),
    ("beejco 771 aur 775 dono 20 pkt", [("SEED-771", "20", "pack"), ("SEED-775", "20", "pack")], False),
    # a slash fraction before a product word is its size, and a bundle of pipes is its pack
    ("pipex 3/4 pipe 2 bundle", [("CP-PIPE-20", "2", "pack")], False),
    # a bracket that agrees is one line; one that disagrees goes to a person
    ("pipex 1/2 elbow 2 pkt (100 pcs)", [("CP-ELB-15", "2", "pack")], False),
    ("pipex 1/2 elbow 2 pkt (80 pcs)", [("CP-ELB-15", "2", "pack")], True),
    # "yaani" restates; "+" adds
    ("dap 1 ton yaani 20 bag", [("DAP-50", "1", "ton")], False),
    ("dap 1 ton + 5 bag", [("DAP-50", "1", "ton"), ("DAP-50", "5", "bag")], False),
    # measures convert only as the catalog allows: a ton of DAP (ton:20) yes, a ton of 45 kg urea no
    ("dap 30 quintal", [("DAP-50", "3", "ton")], False),
    ("urea 1 ton", [], True),
    # a grade is no quantity, written with colons, spaces or dashes
    ("12 32 16 khetco 40 bag", [("NPK-50", "40", "bag")], False),
    ("khetco 18-46-0 10 bori", [("DAP-50", "10", "bag")], False),
    # metric tons of what is sold by weight; pieces of it are a guess
    ("ironex gi wire 8 swg 2 mt", [("GI-8", "2000", "kg")], False),  # sold by the kg: 2 MT is 2000 kg
    ("ironex gi wire 8 swg 20 nag", [], True),  # ... but 20 pieces of wire sold by weight is for a person
    # an acronym Hindi writes as letter names: डीएपी is D-A-P, एनपीके is N-P-K
    ("डीएपी 10 बोरी", [("DAP-50", "10", "bag")], False),
    ("एनपीके 40 बोरी", [("NPK-50", "40", "bag")], False),
    # granules by their Hindi name
    ("growmax dana 10 bag", [("GR-4", "10", "bag")], False),
    # a strength is no quantity; the make-up "10x15" is none either
    ("paramol 650 10x15 - 3 box", [("PX-650", "3", "box")], False),
    # a unit word nobody knows, a number nothing explains, a line of words nobody knows: a person
    ("paramol 650 10 zorba", [], True),
    ("paramol 650 7 10 strip", [], True),
    ("paramol 500 5 strip\nxqzt brvk", [("PX-500", "5", "strip")], True),
    # numbers in words, with compounds
    ("do sau bag urea", [("UREA-45", "200", "bag")], False),
    ("dedh sau pkt beejco 771", [("SEED-771", "150", "pack")], False),
]


@pytest.fixture(scope="module")
def parser(tmp_path_factory: pytest.TempPathFactory) -> Parser:
    folder = tmp_path_factory.mktemp("three_trades")
    (folder / "catalog.csv").write_text(CATALOG, encoding="utf-8")
    return Parser.from_csv(folder / "catalog.csv")


@pytest.mark.parametrize(("text", "lines", "review"), CASES)
def test_trade_language_is_read_or_sent_to_a_person(
    parser: Parser, text: str, lines: list[tuple[str, str, str]], review: bool
) -> None:
    parsed = parser.parse(text)
    assert parsed.intent == "order"
    assert lines_of(parsed) == sorted(lines)
    assert parsed.needs_review is review, (parsed.unmatched, [ln.review for ln in parsed.lines])


@pytest.mark.parametrize("text", [text for text, _, review in CASES if review])
def test_every_order_sent_to_a_person_says_why_as_a_code(parser: Parser, text: str) -> None:
    parsed = parser.parse(text)
    reasons = [u.reason for u in parsed.unmatched] + [ln.review for ln in parsed.lines if ln.review]
    assert reasons, "a person is asked to look without a reason"
    assert set(reasons) <= set(REASONS), reasons


SHOP_HEADERS = [
    # a shop we do not know, named with a Punjabi or Hindi cue: its words are no items
    ("Dhillon Khad Store layi: khetco urea 10 bag", [("UREA-45", "10", "bag")], False),
    ("Gill wale nu: khetco dap 20 bag", [("DAP-50", "20", "bag")], False),
    ("Patil ke yaha: khetco urea 5 bag", [("UREA-45", "5", "bag")], False),
    # ... but a brand before the same cue heads its items, and is read as the brand
    ("khetco da order: urea 10 bag", [("UREA-45", "10", "bag")], False),
]


@pytest.mark.parametrize(("text", "lines", "review"), SHOP_HEADERS)
def test_a_shop_header_is_left_out_but_a_brand_heading_is_kept(
    tmp_path: Path, text: str, lines: list[tuple[str, str, str]], review: bool
) -> None:
    (tmp_path / "catalog.csv").write_text(CATALOG, encoding="utf-8")
    (tmp_path / "dealers.csv").write_text(
        "code,name,phone,town\n"
        "K1,Sandhu Krishi Kendra,+919800000001,Moga\n"
        "K2,Bansal Khad Bhandar,+919800000002,Sirsa\n",
        encoding="utf-8",
    )
    parsed = Parser.from_csv(tmp_path / "catalog.csv", tmp_path / "dealers.csv").parse(text)
    assert lines_of(parsed) == sorted(lines)
    assert parsed.needs_review is review
