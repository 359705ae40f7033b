"""Sixty days of history for `orderbot demo` (the leading _ keeps it out of the CLI's sub-commands).

    seed_history(sessions)                  # once, right after the fixtures are imported

Every order goes through the domain services a real one goes through (place_order, confirm_order,
dispatch, deliver, invoice, record_payment), priced by the fixtures' price lists and schemes; only
the clock is set back afterwards: each order's `created_at` and its events' times are moved to the
day it belongs to (the services stamp "now"), and ledger entries are booked `on` their day.

Deterministic: a fixed seed picks dealers, products and quantities, so the same history (relative
to today) comes back each time. The days and what happened to an order by its age:

    older than 10 days      delivered and invoiced two days later; most invoices paid ten days on
    4 to 10 days            dispatched (a few delivered)
    1 to 3 days             confirmed (some on credit hold for an approver; older holds approved)
    the odd one             cancelled by the dealer before his YES

Small quantities of well-stocked products only (no Maggi 70g or Parle-G: the README's first chat
orders those), so the demo's stock still covers the walk-through.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from domain.errors import DomainError
from domain.models import Order, OrderEvent
from domain.orders import Actor, ShortfallChoice, State
from domain.quote import LineRequest
from domain.services.credit import IST, today_local
from domain.services.ledger import record_payment
from domain.services.orders import (
    approve_order,
    cancel_order,
    confirm_order,
    deliver,
    dispatch,
    invoice,
    place_order,
)

DAYS = 60
SEED = 20260
DEALERS = ("D01", "D02", "D03", "D04", "D06", "D08", "D10")  # with credit room (or a hold to show)
PRODUCTS = (  # (sku, unit, most of it in one order): a few thousand rupees an order, within credit limits
    ("MAG-ATTA-73", "case", 2),
    ("PAR-MON-63", "case", 3),
    ("BRI-MG-62", "case", 3),
    ("BRI-GDC-60", "case", 2),
    ("LUX-ROSE-100", "dozen", 4),
    ("DET-ORG-125", "dozen", 3),
    ("COL-ST-200", "dozen", 2),
    ("VIM-BAR-140", "dozen", 6),
    ("SE-BAR-250", "case", 1),
    ("LAYS-CO-10", "case", 3),
    ("CP-175", "bottle", 12),
    ("FS-10", "box", 4),
)
STAFF = Actor.staff("ops@demo.local")


@dataclass(frozen=True)
class Seeded:
    orders: int
    invoices: int
    payments: int

    def __str__(self) -> str:
        made = f"{self.orders} orders over {DAYS} days, {self.invoices} invoices, {self.payments} payments"
        return f"history: {made}"


def seed_history(sessions: Callable[[], Session], today: date | None = None, days: int = DAYS) -> Seeded:
    """Place, move and bill `days` days of orders before `today` (India's date); what was made."""
    rng = random.Random(SEED)
    end = today or today_local()
    orders = invoices = payments = 0
    with sessions() as session:
        for back in range(days, 0, -1):
            day = end - timedelta(days=back)
            for n in range(rng.randint(1, 4)):
                code = rng.choice(DEALERS)
                picked = rng.sample(PRODUCTS, rng.randint(1, 2))
                lines = [LineRequest(sku, Decimal(rng.randint(1, most)), uom) for sku, uom, most in picked]
                paid_after = rng.choice((None, 4, 5, 6, 8, 8, 10, 12))
                with session.begin():
                    made = _one_order(session, code, lines, day, back, n, rng, paid_after, end)
                orders += made[0]
                invoices += made[1]
                payments += made[2]
    return Seeded(orders, invoices, payments)


def _one_order(
    session: Session,
    code: str,
    lines: list[LineRequest],
    day: date,
    back: int,
    n: int,
    rng: random.Random,
    paid_after: int | None,
    today: date,
) -> tuple[int, int, int]:
    """One order of `day` taken as far as its age says: (orders, invoices, payments) made."""
    dealer = Actor.dealer(code)
    try:
        placed = place_order(session, code, lines, dealer, on=day, source_ref=f"demo:{day.isoformat()}:{n}")
    except DomainError:
        return 0, 0, 0
    number = placed.order.number
    invoices = payments = 0
    if rng.random() < 0.06:
        cancel_order(session, number, dealer, "dealer changed his mind")
    else:
        done = confirm_order(session, number, dealer, shortfall=ShortfallChoice.BACK_ORDER, today=day)
        state = done.order.state
        if state == State.ON_HOLD and back >= 4:  # an approver let it through the next morning
            state = approve_order(session, number, STAFF, "demo: dealer paid by cheque").state
        if state in (State.CONFIRMED, State.APPROVED) and back >= 4:
            dispatch(session, number, STAFF, "demo: sent with the van", on=day + timedelta(days=1))
            if back > 10 or rng.random() < 0.3:
                deliver(session, number, STAFF, "demo: delivered")
            if back > 10:
                on = day + timedelta(days=2)
                billed = invoice(session, number, STAFF, on=on)
                invoices = 1
                if paid_after is not None and on + timedelta(days=paid_after) < today:
                    record_payment(
                        session,
                        code,
                        billed.total,
                        ref=f"DEMO-UTR-{number}",
                        on=on + timedelta(days=paid_after),
                        by="demo",
                        note=f"for {number}",
                    )
                    payments = 1
    _set_clock(session, number, day, n)
    return 1, invoices, payments


def _set_clock(session: Session, number: str, day: date, n: int) -> None:
    """Move the order and its events to `day` (India's time: from 10:00, an hour apart per order)."""
    start = datetime.combine(day, time(10 + n), IST).astimezone(UTC)
    order = session.scalars(sa.select(Order).where(Order.number == number)).one()
    order.created_at = order.updated_at = start
    events = session.scalars(
        sa.select(OrderEvent).where(OrderEvent.order_id == order.id).order_by(OrderEvent.id)
    )
    moment = start
    for event in events:
        event.at = moment
        moment += timedelta(minutes=7) if moment == start else timedelta(hours=20)
    session.flush()
