"""Dashboard and period reports on SQLite and PostgreSQL, over the demo masters and real order use cases."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from domain import reporting
from domain.models import Order, ReviewItem
from domain.orders import Actor, ActorKind
from domain.quote import LineRequest
from domain.reporting import Period, ReportError
from domain.services.credit import IST
from domain.services.order_views import OrderView
from domain.services.orders import cancel_order, confirm_order, place_order
from domain.uow import UnitOfWork
from tests.domain.demo_support import demo_factory

D = Decimal
DAY = date(2026, 11, 20)
MAGGI = ("MAG-MAS-70", 2, "case")
SALT = ("TAT-SALT-1KG", 3, "bag")
BIG = ("MAG-MAS-70", 10, "case")  # over D03's headroom: a credit hold
Line = tuple[str, int, str]


@pytest.fixture
def factory(db_url: str) -> Iterator[sessionmaker[Session]]:
    yield from demo_factory(db_url)


def at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), IST)


def book(
    factory: sessionmaker[Session],
    code: str,
    lines: Sequence[Line],
    when: datetime,
    *,
    confirm: bool = True,
    by: Actor | None = None,
) -> OrderView:
    """Place (and confirm) an order as `by` (the dealer), then date it `when`."""
    actor = by or Actor.dealer(code)
    placed = place_order(UnitOfWork(factory), code, [LineRequest(s, D(q), u) for s, q, u in lines], actor)
    order = placed.order
    if confirm:
        order = confirm_order(UnitOfWork(factory), order.number, actor, today=when.date()).order
    with factory() as session, session.begin():
        session.execute(sa.update(Order).where(Order.number == order.number).values(created_at=when))
    return order


def test_only_orders_the_dealer_said_yes_to_and_kept_count_as_booked(factory: sessionmaker[Session]) -> None:
    kept = book(factory, "D06", [MAGGI], at(DAY))
    book(factory, "D06", [SALT], at(DAY), confirm=False)  # still waiting for YES: not booked
    dropped = book(factory, "D06", [SALT], at(DAY))
    cancel_order(UnitOfWork(factory), dropped.number, Actor.dealer("D06"), "changed my mind")
    held = book(factory, "D03", [BIG], at(DAY))  # over the limit: on hold still counts
    assert held.state == "on_hold"
    with factory() as session:
        rows = {r.code: r for r in reporting.by_dealer(session, Period(DAY, DAY))}
    assert (rows["D06"].orders, rows["D06"].value) == (1, kept.total)
    assert (rows["D03"].orders, rows["D03"].value) == (1, held.total)
    assert set(rows) == {"D06", "D03"}


# (moment the order was placed, the day it belongs to)
DAY_EDGES = [
    (datetime(2026, 11, 20, 18, 29, tzinfo=UTC), date(2026, 11, 20)),  # 23:59 IST is still the 20th
    (datetime(2026, 11, 20, 18, 30, tzinfo=UTC), date(2026, 11, 21)),  # 00:00 IST is the 21st
    (datetime(2026, 11, 19, 20, 0, tzinfo=UTC), date(2026, 11, 20)),  # the UTC 19th evening is the IST 20th
]


@pytest.mark.parametrize(("placed", "day"), DAY_EDGES)
def test_an_order_belongs_to_the_indian_day_it_was_placed(
    factory: sessionmaker[Session], placed: datetime, day: date
) -> None:
    order = book(factory, "D06", [MAGGI], placed)
    with factory() as session:
        series = reporting.daily(session, date(2026, 11, 21), days=3)
    assert [p.day for p in series] == [date(2026, 11, 19), date(2026, 11, 20), date(2026, 11, 21)]
    assert {p.day: (p.orders, p.value) for p in series if p.orders} == {day: (1, order.total)}


def test_dealer_town_and_product_totals_are_exact_sums(factory: sessionmaker[Session]) -> None:
    orders = [
        book(factory, "D06", [MAGGI, SALT], at(DAY, 9)),
        book(factory, "D06", [("MAG-MAS-70", 3, "case")], at(DAY, 10)),
        book(factory, "D01", [("TAT-SALT-1KG", 7, "bag")], at(DAY + timedelta(days=1))),
        book(factory, "D04", [MAGGI], at(DAY)),
    ]
    period = Period(DAY, DAY + timedelta(days=1))
    with factory() as session:
        dealers = {r.code: r for r in reporting.by_dealer(session, period)}
        towns = {r.town: r for r in reporting.by_town(session, period)}
        products = {(r.sku, r.uom): r for r in reporting.by_product(session, period)}
    assert dealers["D06"].value == orders[0].total + orders[1].total
    nagpur = orders[0].total + orders[1].total + orders[2].total
    assert towns["Nagpur"] == reporting.TownSales("Nagpur", 2, 3, nagpur)
    assert towns["Wardha"].value == orders[3].total
    maggi_lines = [ln for o in orders for ln in o.lines if ln.sku == "MAG-MAS-70"]
    assert products[("MAG-MAS-70", "case")].qty == D(7)
    assert products[("MAG-MAS-70", "case")].net == sum((ln.net for ln in maggi_lines), D(0))
    assert products[("MAG-MAS-70", "case")].orders == 3
    assert all(isinstance(r.value, Decimal) and r.value == r.value.quantize(D("0.01"))
               for r in dealers.values())


def test_dealers_rise_and_fall_against_the_period_before(factory: sessionmaker[Session]) -> None:
    now = Period(DAY, DAY + timedelta(days=6))
    before = Period(DAY - timedelta(days=7), DAY - timedelta(days=1))
    a = book(factory, "D06", [MAGGI], at(before.start))
    b = book(factory, "D06", [("MAG-MAS-70", 5, "case")], at(now.start))
    lost = book(factory, "D04", [MAGGI], at(before.end))
    fresh = book(factory, "D02", [SALT], at(now.end))
    with factory() as session:
        found = reporting.trends(session, now)
    assert found.previous == before
    assert [(t.code, t.change) for t in found.growing] == sorted(
        [("D06", b.total - a.total), ("D02", fresh.total)], key=lambda r: -r[1]
    )
    assert [(t.code, t.now, t.change_pct) for t in found.declining] == [("D04", D(0), D("-100.0"))]
    new = next(t for t in found.growing if t.code == "D02")
    assert (new.before, new.change_pct) == (D(0), None)  # a new dealer has no percentage
    assert lost.total > 0


def test_scheme_uptake_counts_orders_dealers_and_free_goods(factory: sessionmaker[Session]) -> None:
    book(factory, "D06", [("MAG-MAS-70", 10, "case")], at(DAY))  # MAGGI-10P1: 10 cases get 1 free
    book(factory, "D01", [("MAG-MAS-70", 20, "case")], at(DAY))  # recursive: 2 free
    book(factory, "D04", [MAGGI], at(DAY))  # under the threshold: nothing
    with factory() as session:
        rows = {r.code: r for r in reporting.scheme_uptake(session, Period(DAY, DAY))}
    maggi = rows["MAGGI-10P1"]
    assert (maggi.orders, maggi.dealers, maggi.free_goods) == (2, 2, "3 case MAG-MAS-70")
    assert maggi.name.startswith("Maggi Masala 70g")


def _review(session: Session, kind: str, status: str, created: datetime, **kw: object) -> None:
    session.add(ReviewItem(kind=kind, status=status, created_at=created, **kw))


def test_today_counts_touchless_orders_backlog_approvals_and_exposure(factory: sessionmaker[Session]) -> None:
    plain = book(factory, "D06", [MAGGI], at(DAY, 9))
    staff = book(factory, "D06", [SALT], at(DAY, 10), by=Actor(ActorKind.STAFF, "asha@example.com"))
    fixed = book(factory, "D01", [MAGGI], at(DAY, 11))
    partial = book(factory, "D04", [SALT], at(DAY, 11))
    held = book(factory, "D03", [BIG], at(DAY, 12))  # a credit hold: an approval, not a parse review
    with factory() as session, session.begin():
        ids = dict(session.execute(sa.select(Order.number, Order.id)).tuples().all())
        _review(session, "parse", "done", at(DAY, 11), order_id=ids[fixed.number])
        _review(session, "parse", "open", at(DAY, 11), parse={"drafted_as": partial.number})
        _review(session, "media", "claimed", at(DAY, 8))
        _review(session, "parse", "rejected", at(DAY, 7))
    with factory() as session:
        now = reporting.today(session, DAY, top=3)
        everyone = reporting.exposures(session)
    assert (now.orders, now.touchless, now.touchless_pct) == (5, 2, D("40.0"))  # plain and held
    assert now.value == sum((o.total for o in (plain, staff, fixed, partial, held)), D(0))
    assert (now.review_backlog, now.oldest_review_at) == (2, at(DAY, 8))
    assert now.pending_approvals == 1
    assert [e.exposure for e in now.largest] == sorted((e.exposure for e in everyone), reverse=True)[:3]
    assert now.total_exposure == sum((e.exposure for e in everyone if e.exposure > 0), D(0))
    assert "D07" in {e.code for e in everyone} and "D07" not in {e.code for e in now.largest}


def test_a_day_without_orders_has_no_touchless_rate(factory: sessionmaker[Session]) -> None:
    with factory() as session:
        now = reporting.today(session, DAY)
    assert (now.orders, now.value, now.touchless_pct) == (0, D("0.00"), None)


# (confidences, counts per band: below 0.50, 0.50-0.79, 0.80-0.89, 0.90 and up)
SPREADS = [
    ([], [0, 0, 0, 0]),  # nothing parsed
    ([0.0, 0.49, 0.5, 0.79], [2, 2, 0, 0]),  # band edges: 0.5 opens the second band
    ([0.8, 0.899, 0.9, 1.0], [0, 0, 2, 2]),  # 0.9 opens the top band
]


@pytest.mark.parametrize(("values", "counts"), SPREADS)
def test_confidences_fall_in_bands(values: list[float], counts: list[int]) -> None:
    assert [n for _, n in reporting.confidence_spread(values)] == counts


# (start, end, error text or None)
PERIODS = [
    (date(2026, 11, 1), date(2026, 11, 30), None),  # a month
    (date(2026, 11, 30), date(2026, 11, 1), "ends (2026-11-01) before it starts"),  # backwards
    (date(2025, 1, 1), date(2026, 11, 30), "at most 366 days"),  # too long to read at once
]


@pytest.mark.parametrize(("start", "end", "error"), PERIODS)
def test_a_period_is_checked_and_knows_the_one_before(start: date, end: date, error: str | None) -> None:
    if error:
        with pytest.raises(ReportError, match=re.escape(error)):
            Period.checked(start, end)
        return
    period = Period.checked(start, end)
    assert period.previous() == Period(date(2026, 10, 2), date(2026, 10, 31))


# (text, what a spreadsheet gets)
CELLS = [
    ("Shree Ganesh", "Shree Ganesh"),  # ordinary text unchanged
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),  # a formula is defused
    ("@SUM(A1)", "'@SUM(A1)"),  # so is the @ form
]


@pytest.mark.parametrize(("text", "cell"), CELLS)
def test_csv_text_is_never_a_formula(text: str, cell: str) -> None:
    rows = reporting.csv_rows([reporting.TownSales(text, 1, 2, D("-5.50"))],
                              [("town", "town"), ("v", "value")])
    assert rows == [["town", "v"], [cell, "-5.50"]]  # money stays a number, even negative
