"""An order's price book holds only what pricing that order can touch, and prices it as the whole book does.

`quote_for_dealer` reads a narrow book (`load_price_book(..., skus=...)`) so a
quote costs the same at 100 SKUs or 100,000. These tests pin what the narrow
book holds and, over the three master sets we have (the demo fixtures, the
shared eval set, our own hand-worked set), that every order gives the very
same quote - lines, schemes, free goods, nudges, credit - or the very same
error as with the whole catalog.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from domain import models as m
from domain.db import make_engine, session_factory
from domain.importing import import_dir
from domain.pricing import PricingError
from domain.quote import LineRequest, PriceBook, Quote
from domain.services.quoting import load_price_book, quote_for_dealer
from domain.uow import create_schema

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
OWN_SET = ROOT / "tests" / "integration" / "quotes_h3"
SHARED_SET = ROOT.parent / "shared" / "eval" / "quotes"
DAYS = (date(2026, 3, 16), date(2026, 11, 5), date(2026, 12, 15))  # outside / inside the dated schemes
QUANTITIES = (1, 2, 4, 5, 8, 9, 10, 12, 19, 20, 24, 25, 45, 49, 50, 120, 1000)  # around scheme thresholds
ORDERS = 120


def open_masters(url: str, folder: Path) -> Iterator[Session]:
    engine = make_engine(url)
    create_schema(engine)
    factory = session_factory(engine)
    import_dir(factory, folder)
    try:
        with factory() as session:
            yield session
    finally:
        engine.dispose()


@pytest.fixture
def demo(sqlite_url: str) -> Iterator[Session]:
    yield from open_masters(sqlite_url, FIXTURES)


@pytest.mark.parametrize(
    ("order", "skus", "schemes"),
    [
        # a SKU no scheme names: itself, no slab
        (["YIP-MAG-70"], {"YIP-MAG-70"}, set()),
        # its own free-goods scheme gives the same SKU: nothing more to read
        (["MAG-MAS-70"], {"MAG-MAS-70"}, {"MAGGI-10P1"}),
        # its SKU scheme gives Rin bars, its brand scheme Surf Excel bars: both free SKUs are read
        (["SE-EW-1KG"], {"SE-EW-1KG", "RIN-BAR-250", "SE-BAR-250"}, {"EASYWASH-RIN", "SURF-MIX-4C"}),
        # a brand slab matches by the order's own SKU; the brand's other SKUs are not read
        (["PAR-G-50"], {"PAR-G-50"}, {"PARLE-QPS"}),
        # a category value slab, a tier-only SKU slab and an unknown SKU (left for the quote to name)
        (["TT-PREM-250", "FOR-SOYA-1L", "NO-SUCH"], {"TT-PREM-250", "FOR-SOYA-1L"},
         {"TEA-VALUE", "OIL-A-TIER"}),
    ],
)
def test_an_orders_book_holds_its_skus_the_schemes_they_match_and_what_those_give_free(
    demo: Session, order: list[str], skus: set[str], schemes: set[str]
) -> None:
    book = load_price_book(demo, skus=order)
    assert set(book.skus) == skus
    assert {s.code for s in book.schemes} == schemes
    assert {p.sku for p in book.prices} <= skus
    whole = load_price_book(demo)
    assert all(book.skus[code] == whole.skus[code] for code in skus)  # the same SkuInfo values
    assert [p for p in whole.prices if p.sku in skus] == list(book.prices)  # same rows, same order


def random_orders(book: PriceBook, rng: random.Random) -> Iterator[list[LineRequest]]:
    """Orders of 1-4 lines; half of them from one brand or category, so group slabs and nudges fire."""
    infos = sorted(book.skus.values(), key=lambda i: i.sku)
    for _ in range(ORDERS):
        pool = infos
        if rng.random() < 0.5:
            field = rng.choice(("brand", "category"))
            value = getattr(rng.choice(infos), field)
            pool = [i for i in infos if getattr(i, field) == value]
        chosen = rng.sample(pool, min(len(pool), rng.randint(1, 4)))
        yield [LineRequest(i.sku, Decimal(rng.choice(QUANTITIES)), rng.choice(i.uoms)[0]) for i in chosen]


def outcome(session: Session, dealer: m.Dealer, order: list[LineRequest], on: date,
            book: PriceBook | None) -> Quote | str:
    try:
        return quote_for_dealer(session, dealer, order, on, book)
    except PricingError as exc:
        return f"{type(exc).__name__}: {exc}"


@pytest.mark.parametrize(
    "folder",
    [
        FIXTURES,  # the demo masters: SKU, brand and category slabs, free goods of other SKUs, dated slabs
        SHARED_SET,  # the shared eval set's masters: value slabs, brand free goods, tier slabs
        OWN_SET,  # our hand-worked set: price rows in other units, no catalog price, recursive slabs
    ],
    ids=["fixtures", "shared-eval", "quotes_h3"],
)
def test_every_order_is_priced_from_its_own_book_as_from_the_whole_catalog(
    sqlite_url: str, folder: Path
) -> None:
    if not folder.is_dir():
        pytest.skip(f"{folder} is not here")
    rng = random.Random(folder.name)
    compared = nudged = 0
    for session in open_masters(sqlite_url, folder):
        dealers = list(session.scalars(sa.select(m.Dealer).order_by(m.Dealer.code)))
        whole = load_price_book(session)
        for order in random_orders(whole, rng):
            dealer, on = rng.choice(dealers), rng.choice(DAYS)
            narrow = outcome(session, dealer, order, on, None)
            wide = outcome(session, dealer, order, on, load_price_book(session, dealer))
            assert narrow == wide, f"{dealer.code} on {on}: {order}"
            compared += 1
            nudged += bool(isinstance(narrow, Quote) and (narrow.nudges or narrow.free_goods))
    assert compared == ORDERS
    assert nudged >= 5  # the orders reached schemes, so the comparison covered them
