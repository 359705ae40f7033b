"""A question about a price, a scheme, stock or a bill (nlu/questions.py), read against the demo catalog,
and the messages that must stay what they are: orders, an asked rate, balance and status questions."""

from __future__ import annotations

import doctest
from decimal import Decimal
from pathlib import Path

import pytest

from nlu import questions
from nlu.parser import Parser
from nlu.questions import load_rules, products_text, read_question

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser.from_csv(FIXTURES / "catalog.csv", FIXTURES / "dealers.csv")


def read(parser: Parser, text: str) -> questions.Question | None:
    return read_question(text, parser.parse(text), parser.items)


QUESTIONS = [
    # (message, kind, products sure as (sku, unit asked, qty), words the parser is unsure of)
    # -- Hinglish: a price
    ("maggi ka rate kya hai", "price", [("MAG-MAS-70", "", None)], []),
    ("maggi 1 peti kitne ki", "price", [("MAG-MAS-70", "case", "1")], []),  # "1 peti": per case
    ("maggi 10 peti kitne ka padega", "price", [("MAG-MAS-70", "case", "10")], []),
    ("maggi pc ka rate kya hai", "price", [("MAG-MAS-70", "pc", None)], []),  # a unit said alone
    ("maggi peti ka rate", "price", [("MAG-MAS-70", "case", None)], []),
    ("parle g ka rate aur maggi ka rate", "price", [("PAR-G-50", "", None), ("MAG-MAS-70", "", None)], []),
    ("tide ka bhav batao", "price", [("TIDE-1KG", "", None)], []),
    ("parle g 20 wala kitne ka padega", "price", [], ["parle g 20 wala"]),  # two packs fit: asked back
    ("lux ka rate", "price", [], ["lux"]),  # Lux Rose or Lux Jasmine: never guessed
    ("rate kya hai?", "price", [], []),  # no product: the bot asks which
    # -- Hinglish: a scheme
    ("is mahine tide pe offer kya hai", "scheme", [("TIDE-1KG", "", None)], []),
    ("koi scheme chal rahi hai?", "scheme", [], []),
    ("surf excel pe offer", "scheme", [], ["surf excel"]),  # the brand: its products to choose from
    ("maggi pe kuch free hai kya", "scheme", [("MAG-MAS-70", "", None)], []),
    # -- Hinglish: stock
    ("sprite stock me hai?", "stock", [("SPR-750ML", "", None)], []),
    ("5 peti thums up 2.25 milega kya", "stock", [("TU-2.25L", "case", "5")], []),
    ("thums up 2 ltr available hai kya", "stock", [], ["thums up 2 ltr"]),
    ("maggi 4 pack ka stock hai", "stock", [("MAG-MAS-280", "", None)], []),
    # -- Hindi (Devanagari)
    ("मैगी का रेट क्या है", "price", [("MAG-MAS-70", "", None)], []),
    ("मैगी 1 पेटी कितने की", "price", [("MAG-MAS-70", "case", "1")], []),
    ("कोई स्कीम चल रही है", "scheme", [], []),
    ("स्प्राइट स्टॉक में है?", "stock", [("SPR-750ML", "", None)], []),
    # -- Marathi
    ("maggi cha bhav kay aahe", "price", [("MAG-MAS-70", "", None)], []),
    ("मॅगी चा भाव काय आहे", "price", [], ["मॅगी"]),  # a spelling the parser is not sure of: asked back
    ("sprite milel ka", "stock", [("SPR-750ML", "", None)], []),
    ("kahi scheme ahe ka", "scheme", [], []),
    # -- English
    ("what is the price of maggi", "price", [("MAG-MAS-70", "", None)], []),
    ("is maggi in stock", "stock", [("MAG-MAS-70", "", None)], []),
    ("any offer on tide", "scheme", [("TIDE-1KG", "", None)], []),
]


@pytest.mark.parametrize(("text", "kind", "products", "unsure"), QUESTIONS)
def test_a_question_is_read_with_the_products_it_asks_about(
    parser: Parser,
    text: str,
    kind: str,
    products: list[tuple[str, str, str | None]],
    unsure: list[str],
) -> None:
    question = read(parser, text)
    assert question is not None
    assert question.kind == kind
    assert [
        (a.sku, a.uom, None if a.qty is None else f"{a.qty.normalize():f}") for a in question.products
    ] == [(sku, uom, qty) for sku, uom, qty in products]
    assert [u.text for u in question.unsure] == unsure
    assert all(u.skus for u in question.unsure)  # each unsure item comes with choices


BILLS = [
    # (message, the order it names; None: his latest)
    ("last order ka bill bhejo", None),
    ("SO-1043 ka bill", "SO-1043"),
    ("invoice bhejo 1043", "1043"),
    ("bill bhejo", None),
    ("पिछले ऑर्डर का बिल भेजो", None),  # Hindi
    ("1043 cha bill pathva", "1043"),  # Marathi
    ("send the bill of SO-1043", "SO-1043"),  # English
]


@pytest.mark.parametrize(("text", "ref"), BILLS)
def test_a_bill_asked_for_names_its_order_or_the_latest(parser: Parser, text: str, ref: str | None) -> None:
    question = read(parser, text)
    assert question is not None and question.kind == "bill"
    assert question.order_ref == ref


NOT_QUESTIONS = [
    # messages that keep their flow: no question is read from them
    "10 peti maggi bhejo",  # an order
    "maggi 10 peti",  # an order
    "maggi 10 peti rate 1050",  # an order with a price asked: the approver flow
    "maggi 2 peti @1000",
    "1000 rate lagana maggi 2 peti",
    "payment kitna baki",  # a balance question
    "balance kitna hai",
    "mera hisab bhejo",
    "order kab aayega",  # a status question
    "SO-1043 kahan hai",
    "yes",
    "haan ji",
    "cancel",
    "rate list bhejo",  # the whole rate list: as today
    "price list chahiye",
    "maggi 5 peti chahiye, rate kya hai",  # asks to send: stays an order
    "sprite stock me ho to 5 peti bhej do",
    "bill galat hai",  # a complaint about a bill
    "list attached hai, usi hisaab se bhej dena",  # a file pointed at
    "मैगी 10 पेटी भेजो",  # Hindi order
    "मॅगी 10 पेटी पाठवा",  # Marathi order
    "kiti baki aahe",  # Marathi balance
    "thank you",
    "namaste",
]


@pytest.mark.parametrize("text", NOT_QUESTIONS)
def test_orders_balance_and_status_messages_are_no_question(parser: Parser, text: str) -> None:
    assert read(parser, text) is None


def test_the_question_words_are_taken_out_before_the_products_are_read() -> None:
    assert products_text("is mahine tide pe offer kya hai") == "tide"
    assert products_text("parle g ka rate aur maggi ka rate") == "parle g, aur maggi"
    assert products_text("maggi 1 peti kitne ki") == "maggi 1 peti"


def test_a_phrase_in_two_kinds_is_an_error_naming_the_file(tmp_path: Path) -> None:
    rules = tmp_path / "q.toml"
    rules.write_text('[phrases]\nprice = ["rate"]\nstock = ["rate"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="q.toml: 'rate' is in"):
        load_rules(rules)


def test_the_parser_items_reading_keeps_a_product_named_without_a_quantity(parser: Parser) -> None:
    found = parser.items("maggi")
    assert [(ln.sku, ln.qty, ln.uom) for ln in found.lines] == [("MAG-MAS-70", Decimal(0), "case")]
    assert parser.parse("maggi ka rate kya hai").lines == ()  # parse itself is unchanged


def test_the_docstring_examples_hold() -> None:
    assert doctest.testmod(questions).failed == 0
