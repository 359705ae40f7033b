"""Claims about goods that came (nlu/claims.py): which messages are claims, their reason, the order
they name, the goods and the quantity claimed; orders, praise and status questions are no claims."""

from __future__ import annotations

import doctest
from decimal import Decimal
from pathlib import Path

import pytest

from nlu import claims
from nlu.claims import load_rules, read_claim
from nlu.parser import Parser

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

CLAIMS = [
    # (message, reason, order named, latest delivery, goods text for the parser)
    # Hinglish
    ("kal ki 3 peti me 1 peti tel leak thi", "leak", None, True, "1 peti tel"),  # 3 came, 1 claimed
    ("date nikal gayi, 6 strip wapas bhejni hai", "expired", None, False, "6 strip"),  # expired over return
    ("SO-1043 me 2 case maggi damage aaye", "damaged", "SO-1043", False, "2 case maggi"),
    ("so 1043 me 2 case maggi damage", "damaged", "SO-1043", False, "2 case maggi"),  # number written loosely
    ("expiry wala maal wapas lo 5 pkt parle g", "expired", None, False, "5 pkt parle g"),
    ("1 bori tuta hua aaya", "damaged", None, False, "1 bori"),
    ("3 dabba short aaye", "short", None, False, "3 dabba"),  # short supply is a claim too
    ("parle g 3 peti kam aaye", "short", None, False, "parle g 3 peti"),
    ("galat maal aaya, sunsilk ki jagah clinic plus", "wrong", None, False, "sunsilk jagah clinic plus"),
    ("maggi 2 peti damage aayi", "damaged", None, False, "maggi 2 peti"),
    ("kal ki 5 peti maggi me 2 peti phati hui", "damaged", None, True, "maggi 2 peti"),
    ("return 2 case sprite", "return", None, False, "2 case sprite"),
    ("maggi 1 peti leak", "leak", None, False, "maggi 1 peti"),
    ("pichla order me 2 peti kharab nikli", "damaged", None, True, "2 peti"),
    ("teen peti me ek peti phati hui", "damaged", None, False, "ek peti"),  # number words
    # Hindi (Devanagari)
    ("२ पेटी खराब निकली", "damaged", None, False, "२ पेटी"),
    ("कल की 4 पेटी में 1 पेटी टूटी हुई", "damaged", None, True, "1 पेटी"),
    ("3 पेटी कम आई", "short", None, False, "3 पेटी"),
    ("एक्सपायर माल वापस लो 2 पेटी", "expired", None, False, "2 पेटी"),
    # Marathi
    ("kalchi 2 peti futli", "damaged", None, True, "2 peti"),
    ("2 peti kharab zali", "damaged", None, False, "2 peti"),
    ("4 dabba kami aala", "short", None, False, "4 dabba"),
    # English
    ("2 box maggi expired", "expired", None, False, "2 box maggi"),
    ("last order me 2 case maggi short received", "short", None, True, "2 case maggi"),
    ("wrong item received 2 pkt", "wrong", None, False, "2 pkt"),
    ("SO-1001: 3 bottles leaking", "leak", "SO-1001", False, "3 bottles"),
    ("please take back 5 case sprite", "return", None, False, "5 case sprite"),
]


@pytest.mark.parametrize(("text", "reason", "ref", "latest", "goods"), CLAIMS)
def test_a_claim_is_read_with_its_reason_order_and_goods(
    text: str, reason: str, ref: str | None, latest: bool, goods: str
) -> None:
    told = read_claim(text)
    assert told is not None
    assert (told.reason, told.order_ref, told.latest, told.goods_text) == (reason, ref, latest, goods)


NOT_CLAIMS = [
    "10 peti maggi bhejo",  # an order
    "maggi 5 peti, parle g 2 peti",  # an order
    "maal accha tha",  # praise
    "maal nahi aaya",  # an order that has not come: a status question (intents [overdue])
    "2 din ho gaye maal nahi aaya",  # the same, with a number
    "SO-1043 kab aayega",  # status
    "maggi short hai 10 peti bhejo",  # out of stock at his shop: an order
    "galat hai",  # a NO to a draft
    "bill galat hai",  # a wrong bill is not goods
    "maggi ka rate kya hai",  # a price question
    "expiry date kya hai maggi ki",  # a question about the date, no claim
    "balance kitna hai",
    "haan",
    "payment kar diya 25000",
]


@pytest.mark.parametrize("text", NOT_CLAIMS)
def test_a_message_without_a_claim_cue_is_no_claim(text: str) -> None:
    assert read_claim(text) is None


QUANTITIES = [
    # (message, what came (as said before "me"), claimed quantities as the reader reads them alone)
    ("kal ki 3 peti me 1 peti tel leak thi", ((Decimal(3), "case"),), [(Decimal(1), "case")]),
    ("teen peti me ek peti phati hui", ((Decimal(3), "case"),), [(Decimal(1), "case")]),
    ("10 strip mein se 4 strip expired", ((Decimal(10), "strip"),), [(Decimal(4), "strip")]),
    ("6 strip expired", (), [(Decimal(6), "strip")]),  # no part-of word: the one quantity is claimed
    ("3 peti me 5 peti leak", ((Decimal(3), "case"),), [(None, "case")]),  # more than came: for staff
    ("maggi leak aayi", (), []),  # no quantity said: staff ask
]


@pytest.mark.parametrize(("text", "received", "goods"), QUANTITIES)
def test_the_quantity_before_a_part_of_word_came_and_the_one_after_it_is_claimed(
    text: str, received: tuple[tuple[Decimal, str], ...], goods: list[tuple[Decimal | None, str]]
) -> None:
    told = read_claim(text)
    assert told is not None
    assert told.received == received
    assert [(g.qty, g.uom) for g in told.goods] == goods


@pytest.fixture(scope="module")
def demo_parser() -> Parser:
    return Parser.from_csv(FIXTURES / "catalog.csv", FIXTURES / "dealers.csv")


WITH_PARSER = [
    # (message, (sku or None, qty or None, uom) per line read through the parser on the demo catalog)
    ("SO-1043 me 2 case maggi damage aaye", [("MAG-MAS-70", Decimal(2), "case")]),
    ("expiry wala maal wapas lo 5 pkt parle g", [("PAR-G-50", Decimal(5), "pc")]),
    ("kal ki 5 peti maggi me 2 peti phati hui", [("MAG-MAS-70", Decimal(2), "case")]),
    ("kal ki 3 peti me 1 peti tel leak thi", [(None, Decimal(1), "case")]),  # which oil: staff choose
    ("1 bori tuta hua aaya", [(None, Decimal(1), "bag")]),  # no product: the quantity alone
    ("5 peti maggi me 7 peti damage", [("MAG-MAS-70", None, "case")]),  # 7 of 5: quantity for staff
]


@pytest.mark.parametrize(("text", "lines"), WITH_PARSER)
def test_the_parser_reads_the_products_of_the_goods_text(
    demo_parser: Parser, text: str, lines: list[tuple[str | None, Decimal | None, str]]
) -> None:
    told = read_claim(text)
    assert told is not None
    told = told.with_goods(demo_parser.parse(told.goods_text, dealer="D01"))
    assert [(g.sku, g.qty, g.uom) for g in told.goods] == lines


def test_a_table_without_every_reason_in_its_order_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "claims.toml"
    bad.write_text('[phrases]\nleak = ["leak"]\n[words]\nreasons = ["leak"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="claims.toml: \\[words\\] reasons must list"):
        load_rules(bad)


def test_a_phrase_in_two_kinds_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "claims.toml"
    reasons = '", "'.join(claims.REASONS)
    bad.write_text(
        f'[phrases]\nleak = ["leak"]\ndamaged = ["leak"]\n[words]\nreasons = ["{reasons}"]\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="'leak' is in"):
        load_rules(bad)


def test_the_module_examples_hold() -> None:
    assert doctest.testmod(claims).failed == 0


@pytest.mark.parametrize(
    ("text", "also_orders"),
    [
        ("5 peti maggi bhejo, pichli baar 2 peti damage thi", True),  # an order beside the claim
        ("10 peti parle g bhejo aur 1 peti wapas lo expiry hai", True),
        ("damage maal wapas le jao aur naya bhej do", True),
        ("date nikal gayi, 6 strip wapas bhejni hai", False),  # "wapas bhejni" is the claim's own
        ("kal ki 3 peti me 1 peti tel leak thi", False),
        ("SO-1043 me 2 case maggi damage aaye", False),
    ],
)
def test_a_claim_says_when_the_message_also_orders(text: str, also_orders: bool) -> None:
    told = read_claim(text)
    assert told is not None and told.also_orders is also_orders
