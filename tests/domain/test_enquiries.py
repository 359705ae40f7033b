"""What a dealer may ask without ordering (domain/services/enquiries.py), on the demo masters, on SQLite and
PostgreSQL: his own price per his tier or special price, the schemes open to him on a day, stock, a bill."""

from __future__ import annotations

import doctest
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from domain.models import Dealer, Order
from domain.orders import Actor
from domain.quote import LineRequest
from domain.services import enquiries
from domain.services.enquiries import bill_of, price_of, schemes_for, stock_of
from domain.services.orders import confirm_order, deliver, dispatch, invoice, place_order
from tests.domain.demo_support import demo_factory

D = Decimal
DAY = date(2026, 12, 6)
STAFF = Actor.staff("asha@example.com")


@pytest.fixture
def factory(db_url: str) -> Iterator[sessionmaker[Session]]:
    yield from demo_factory(db_url)


def dealer(session: Session, code: str) -> Dealer:
    return session.scalars(sa.select(Dealer).where(Dealer.code == code)).one()


PRICES = [
    # (dealer, sku, unit, unit price, with 5% GST): each dealer sees his own price only
    ("D01", "MAG-MAS-70", "case", "1070.00", "1123.50"),  # tier A
    ("D02", "MAG-MAS-70", "case", "1085.00", "1139.25"),  # tier B
    ("D06", "MAG-MAS-70", "case", "1060.00", "1113.00"),  # his own special price, below tier A
    ("D01", "MAG-MAS-70", "pc", "11.15", "11.71"),  # the case price through the base unit
    ("D02", "MAG-MAS-70", "pc", "11.30", "11.87"),
    ("D09", "MAG-MAS-70", "case", "1085.00", "1139.25"),  # another tier B dealer: the same tier price
]


@pytest.mark.parametrize(("code", "sku", "uom", "price", "with_gst"), PRICES)
def test_a_dealer_is_quoted_his_own_price_in_the_unit_asked(
    factory: sessionmaker[Session], code: str, sku: str, uom: str, price: str, with_gst: str
) -> None:
    with factory() as session:
        quote = price_of(session, dealer(session, code), sku, D(1), uom, DAY)
    assert (quote.lines[0].unit_price, quote.total) == (D(price), D(with_gst))


def test_a_quantity_is_priced_with_its_schemes_as_the_draft_would_be(factory: sessionmaker[Session]) -> None:
    with factory() as session:
        quote = price_of(session, dealer(session, "D01"), "MAG-MAS-70", D(10), "case", DAY)
    assert (quote.net, quote.tax, quote.total) == (D("10700.00"), D("535.00"), D("11235.00"))
    assert [(f.sku, f.qty, f.uom) for f in quote.free_goods] == [("MAG-MAS-70", D(1), "case")]


SCHEMES = [
    # (dealer, day, skus named (None: all), scheme codes open to him that day)
    ("D01", date(2026, 12, 6), {"SE-EW-1KG"}, ["EASYWASH-RIN", "SURF-MIX-4C"]),  # the SKU's and its brand's
    ("D01", date(2026, 12, 6), {"TIDE-1KG"}, []),
    ("D01", date(2026, 12, 6), {"FOR-SOYA-1L"}, ["OIL-A-TIER"]),  # tier A only ...
    ("D02", date(2026, 12, 6), {"FOR-SOYA-1L"}, []),  # ... so not for tier B
    ("D01", date(2026, 11, 5), {"LUX-ROSE-100"}, ["DIWALI-SOAP"]),  # the Diwali offer while it ran
    ("D01", date(2026, 12, 6), {"LUX-ROSE-100"}, []),  # and not once it expired
    ("D01", date(2026, 10, 20), {"CDM-10"}, []),  # the winter offer before it starts
    ("D01", date(2026, 12, 6), {"CDM-10"}, ["CHOCO-WINTER"]),
]


@pytest.mark.parametrize(("code", "day", "skus", "codes"), SCHEMES)
def test_the_schemes_open_to_a_dealer_follow_the_dates_and_his_tier(
    factory: sessionmaker[Session], code: str, day: date, skus: set[str], codes: list[str]
) -> None:
    with factory() as session:
        assert [o.code for o in schemes_for(session, dealer(session, code), skus, day)] == codes


def test_all_his_schemes_when_he_names_no_product_the_slabs_lowest_first(
    factory: sessionmaker[Session],
) -> None:
    with factory() as session:
        offers = schemes_for(session, dealer(session, "D01"), None, DAY)
    codes = [o.code for o in offers]
    assert "DIWALI-SOAP" not in codes and "OIL-A-TIER" in codes
    parle = next(o for o in offers if o.code == "PARLE-QPS")
    assert [s.min_qty for s in parle.slabs] == [D(10), D(25), D(50)]


STOCK = [
    # (sku, quantity asked, unit, state, whole units free told when short)
    ("MAG-MAS-70", None, "case", "in_stock", D(122)),
    ("MAG-MAS-70", D(10), "case", "in_stock", D(122)),
    ("TU-2.25L", None, "case", "out", D(0)),  # none at all
    ("DHA-MUS-15L", D(5), "tin", "short", D(3)),  # 3 tins for 5 asked
    ("MAG-MAS-280", None, "case", "out", D(0)),  # 18 pc: less than a case of 24
    ("MAG-MAS-280", D(10), "pc", "in_stock", D(18)),  # the same 18, asked in pieces
    ("MAG-MAS-280", D(20), "pc", "short", D(18)),
    ("MAG-MAS-70", None, "tin", "in_stock", D(122)),  # a unit it is not sold in: its order unit
]


@pytest.mark.parametrize(("sku", "asked", "uom", "state", "available"), STOCK)
def test_stock_is_in_short_or_out_in_the_unit_asked(
    factory: sessionmaker[Session], sku: str, asked: Decimal | None, uom: str, state: str, available: Decimal
) -> None:
    with factory() as session:
        [found] = stock_of(session, [(sku, asked, uom)])
    assert (found.state, found.available) == (state, available)


def test_an_order_has_a_bill_once_it_is_invoiced(factory: sessionmaker[Session]) -> None:
    with factory() as session:
        placed = place_order(session, "D01", [LineRequest("MAG-MAS-70", D(2), "case")], Actor.dealer("D01"))
        number = placed.order.number
        confirm_order(session, number, Actor.dealer("D01"))
        order = session.scalars(sa.select(Order).where(Order.number == number)).one()
        assert bill_of(session, order) is None
        dispatch(session, number, STAFF)
        deliver(session, number, STAFF)
        assert bill_of(session, order) is None
        invoice(session, number, STAFF, on=DAY)
        found = bill_of(session, order)
        session.commit()
    assert found is not None
    assert (found.number, found.on, found.amount) == (number, DAY, placed.order.total)


def test_the_docstring_examples_hold() -> None:
    assert doctest.testmod(enquiries).failed == 0
