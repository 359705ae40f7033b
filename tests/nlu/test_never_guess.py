"""A line the parser cannot fully explain is never auto-accepted: it goes to a person.

Hypothesis builds good order lines from a catalog - a product's own name (or an
alias only it has) + a quantity + a word for a unit it is sold in - and keeps the
ones the parser auto-accepts as they stand. Then it puts one thing into the
message that nothing in the catalog explains:

- a made-up unit word after the quantity ("10 zorba maggi masala"),
- an extra number that no product prints in its name, size or price ("maggi masala 7 10 peti"),
- a bracket that disagrees with the line ("10 peti (37 pcs)" when a case is 96 pieces),
- a line of consonant gibberish ("xqzt brvk 5").

Property: the parse of that message has `needs_review` True. When the inserted
thing happens to be explainable after all (a made-up word that sounds like a
catalog word, a bracket that agrees) the example is dropped with `assume`. A
control runs first: a good line the parser auto-accepts is read right.

Catalogs: a small one written here (always runs) and the three shared dev
catalogs (skipped, with the reason, when ../shared/eval is not beside the
checkout). Derandomized, no example database: every run tries the same messages.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from nlu.catalog import load_catalog_csv
from nlu.normalise import phonetic, skeleton, tokenize
from nlu.parser import Parser
from nlu.types import ParsedMessage, Product
from tests.nlu.trade_words import GENERAL

SHARED_SETS = ("fmcg", "electricals", "agri")

# Our own small catalog of several trades, so the property runs on a machine with only this repo.
OWN_CATALOG = """\
sku,name,uoms,default_uom,brand,category,size,price,aliases
NLM-SOAP-100,Neelam Neem Soap 100g,case:72|pc:1,case,Neelam,Soap,100g,2160.00,neelam neem
NLM-SOAP-150,Neelam Neem Soap 150g,case:48|pc:1,case,Neelam,Soap,150g,2016.00,
TRK-ATTA-10,Tarka Chakki Atta 10kg,bag:1,bag,Tarka,Flour,10kg,455.00,tarka atta
GLM-OIL-1L,Gulmohar Mustard Oil 1L,case:12|bottle:1,case,Gulmohar,Edible Oil,1L,1920.00,gulmohar oil
VYU-ANT-10,Vayu Antacid Chewables,box:20|strip:1,box,Vayu,Pharma,10 chewables,400.00,vayu
JYT-TAPE-18,Jyoti Insulation Tape 18mm,box:10|roll:1,box,Jyoti,Electrical,18mm,250.00,jyoti tape
SNL-CHANA,Sonali Chana Dal Loose,kg:1,kg,Sonali,Pulses,,95.00,sonali dal
PRB-FLR-LSE,Prabha Floor Cleaner Loose,litre:1,litre,Prabha,Cleaning,,60.00,prabha cleaner
CHM-PEN-BLU,Chamak Gel Pen Blue,box:10|pc:1,box,Chamak,Stationery,,50.00,chamak pen
DHR-CEM-53,Dhruv OPC Cement 53 Grade,ton:20|bag:1,bag,Dhruv,Cement,50kg,390.00,dhruv cement
"""

# What dealers write for each contract unit (a few per unit; the parser's own table is bigger).
SAID: dict[str, tuple[str, ...]] = {
    "case": ("cs", "case", "peti", "ctn"),
    "box": ("box", "dabba"),
    "pc": ("pc", "pcs", "nos"),
    "pack": ("pkt", "pack"),
    "bag": ("bag", "bori", "katta"),
    "bottle": ("btl", "bottle"),
    "strip": ("strip", "patta"),
    "dozen": ("dzn", "dozen"),
    "kg": ("kg",),
    "litre": ("ltr", "litre"),
    "tin": ("tin",),
    "bucket": ("bucket", "balti"),
    "roll": ("roll", "coil"),
    "ton": ("ton",),
}
MADE_UP_UNITS = ("zorba", "thelas", "gurtle", "plonkas", "vrindle", "tumbris", "jholki", "kaptas")
CONSONANTS = "bcdfghjklmnpqrstvwxz"

NEVER_GUESS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failing run stays fast
)


@dataclass(frozen=True)
class Book:
    """A catalog as these tests need it."""

    name: str
    parser: Parser
    products: tuple[Product, ...]
    names: dict[str, tuple[str, ...]]  # sku -> texts that name only it: its name, its own aliases
    words: frozenset[str]  # every catalog word
    sounds: frozenset[str]  # phonetic keys and skeletons of catalog and trade words
    numbers: frozenset[Decimal]  # every number a product prints (name, size, aliases), its factors and price

    def __repr__(self) -> str:
        return f"<{self.name} catalog, {len(self.products)} products>"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        # Hypothesis prints a falsifying example's arguments field by field unless told otherwise; the
        # whole catalog is 100 kB, and the "overly large repr" warning it gives is an error in our runs.
        printer.text(repr(self))


@dataclass(frozen=True)
class Line:
    product: Product
    name: str
    qty: int
    unit: str
    said: str  # the unit word
    name_first: bool

    def text(self, *, said: str | None = None) -> str:
        qty = f"{self.qty} {self.said if said is None else said}"
        return f"{self.name} {qty}" if self.name_first else f"{qty} {self.name}"

    def __repr__(self) -> str:
        return f"<line {self.text()!r} = {self.qty} {self.unit} {self.product.sku}>"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))


def _sounds(word: str) -> set[str]:
    return {phonetic(word), skeleton(word)}


def _numbers(text: str) -> set[Decimal]:
    return {Decimal(n).normalize() for n in re.findall(r"\d+(?:\.\d+)?", text)}


def make_book(name: str, catalog: Path) -> Book:
    products = tuple(load_catalog_csv(catalog))
    alias_owners: dict[str, set[str]] = {}
    for p in products:
        for alias in p.aliases:
            alias_owners.setdefault(alias.lower(), set()).add(p.sku)
    names = {
        p.sku: (p.name, *(a for a in p.aliases if alias_owners[a.lower()] == {p.sku})) for p in products
    }
    words: set[str] = set()
    numbers: set[Decimal] = set()
    for p in products:
        for text in (p.name, p.brand, p.category, p.size, *p.aliases):
            words.update(t.text for t in tokenize(text) if t.text.isalpha())
            numbers |= _numbers(text)
        numbers |= {factor.normalize() for _, factor in p.uoms}
    with catalog.open(newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            numbers |= _numbers(row.get("price") or "")
            numbers |= {n.to_integral_value() for n in _numbers(row.get("price") or "")}  # said in rupees
    sounds = set().union(*(_sounds(w) for w in words | GENERAL if len(w) >= 2))
    return Book(name, Parser.from_csv(catalog), products, names, frozenset(words), frozenset(sounds),
                frozenset(numbers))


@cache
def book_for(name: str, folder: str) -> Book:
    return make_book(name, Path(folder) / "catalog.csv")


@pytest.fixture(scope="module", params=["own", *SHARED_SETS])
def book(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Book:
    if request.param == "own":
        folder = tmp_path_factory.mktemp("own_catalog")
        (folder / "catalog.csv").write_text(OWN_CATALOG, encoding="utf-8")
        return book_for("own", str(folder))
    folder = request.getfixturevalue("shared_dir") / "eval" / request.param  # skips without ../shared
    if not (folder / "catalog.csv").is_file():
        pytest.skip(f"{folder / 'catalog.csv'} is not there")
    return book_for(request.param, str(folder))


def good_lines(book: Book) -> st.SearchStrategy[Line]:
    @st.composite
    def line(draw: st.DrawFn) -> Line:
        product = draw(st.sampled_from(book.products))
        unit = draw(st.sampled_from(product.units))
        return Line(
            product=product,
            name=draw(st.sampled_from(book.names[product.sku])),
            qty=draw(st.integers(min_value=1, max_value=60)),
            unit=unit,
            said=draw(st.sampled_from(SAID[unit])),
            name_first=draw(st.booleans()),
        )

    return line()


def described(message: ParsedMessage) -> str:
    lines = [f"{ln.qty.normalize():f} {ln.uom} {ln.sku} ({ln.how} {ln.confidence:.2f})"
             for ln in message.lines]
    return f"lines {lines}, unmatched {[u.text for u in message.unmatched]}, notes {list(message.notes)}"


def assert_sent_to_review(book: Book, line: Line, text: str, inserted: str) -> None:
    """`text` is `line` with `inserted` put in: if the line alone is auto-accepted, `text` must not be."""
    alone = book.parser.parse(line.text())
    assume(not alone.needs_review)  # the line alone must be one the parser accepts, or nothing is tested
    parsed = book.parser.parse(text)
    assert parsed.needs_review, (
        f"[{book.name}] auto-accepted {text!r} although {inserted} is unexplained; got {described(parsed)}; "
        f"the line alone {line.text()!r} gave {described(alone)}"
    )


@given(data=st.data())
@NEVER_GUESS
def test_a_good_line_that_is_auto_accepted_is_read_right(book: Book, data: st.DataObject) -> None:
    """The control: what the tests below start from is itself no guess."""
    line = data.draw(good_lines(book))
    parsed = book.parser.parse(line.text())
    if parsed.needs_review:
        return
    p = line.product
    got = [(ln.sku, ln.qty * (p.factor(ln.uom) or 0)) for ln in parsed.lines]
    want = [(p.sku, line.qty * (p.factor(line.unit) or 0))]
    assert got == want and not parsed.unmatched, (
        f"[{book.name}] auto-accepted {line.text()!r} as {described(parsed)}; "
        f"it is {line.qty} {line.unit} {p.sku}"
    )


def explainable_word(book: Book, word: str) -> bool:
    """A word a person could read as a catalog or trade word: itself, or the same sound or consonants."""
    return word in book.words or word in GENERAL or bool(_sounds(word) & book.sounds)


@given(data=st.data())
@NEVER_GUESS
def test_an_unknown_unit_word_after_the_quantity_is_never_auto_accepted(
    book: Book, data: st.DataObject
) -> None:
    line = data.draw(good_lines(book))
    made_up = data.draw(st.sampled_from(MADE_UP_UNITS))
    assume(not explainable_word(book, made_up))
    assert_sent_to_review(book, line, line.text(said=made_up), f"the unit word {made_up!r}")


@given(data=st.data())
@NEVER_GUESS
def test_an_extra_number_no_product_prints_is_never_auto_accepted(book: Book, data: st.DataObject) -> None:
    line = data.draw(good_lines(book))
    extra = data.draw(st.integers(min_value=2, max_value=400))
    p = line.product
    restated = {line.qty * (p.factor(line.unit) or 0) / factor for _, factor in p.uoms}  # "10 cs 960"
    assume(Decimal(extra) not in book.numbers | restated and extra != line.qty)
    qty = f"{line.qty} {line.said}"
    where = data.draw(st.sampled_from(["before the quantity", "after the line", "before the line"]))
    if where == "before the quantity":  # "maggi masala 7 10 peti", "7 10 peti maggi masala"
        text = f"{line.name} {extra} {qty}" if line.name_first else f"{extra} {qty} {line.name}"
    else:
        text = f"{line.text()} {extra}" if where == "after the line" else f"{extra} {line.text()}"
    assert_sent_to_review(book, line, text, f"the number {extra} ({where})")


@given(data=st.data())
@NEVER_GUESS
def test_a_bracket_that_disagrees_with_the_line_is_never_auto_accepted(
    book: Book, data: st.DataObject
) -> None:
    line = data.draw(good_lines(book))
    other = data.draw(st.sampled_from(line.product.units))
    factor, other_factor = line.product.factor(line.unit), line.product.factor(other)
    assert factor is not None and other_factor is not None
    implied = Decimal(line.qty) * factor / other_factor  # what the bracket would say if it agreed
    stated = data.draw(st.integers(min_value=1, max_value=500))
    assume(Decimal(stated) != implied)
    bracket = f"({stated} {data.draw(st.sampled_from(SAID[other]))})"
    text = f"{line.text()} {bracket}"
    assert_sent_to_review(book, line, text, f"the bracket {bracket} (the line is {float(implied):g} {other})")


@given(data=st.data())
@NEVER_GUESS
def test_a_line_of_gibberish_is_never_auto_accepted(book: Book, data: st.DataObject) -> None:
    line = data.draw(good_lines(book))
    words = data.draw(st.lists(st.text(CONSONANTS, min_size=4, max_size=6), min_size=1, max_size=3))
    assume(not any(explainable_word(book, w) for w in words))
    number = data.draw(st.one_of(st.none(), st.integers(min_value=1, max_value=50)))
    gibberish = " ".join(words) + ("" if number is None else f" {number}")
    text = f"{line.text()}\n{gibberish}" if data.draw(st.booleans()) else f"{gibberish}\n{line.text()}"
    assert_sent_to_review(book, line, text, f"the line {gibberish!r}")
