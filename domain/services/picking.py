"""Pick lists from the database: one order's, or every order to pack placed on a day (India's calendar).

    order_pick(session, "SO-1043")          -> OrderPick (NotFound, or NotPickable once dispatched)
    day_pick(session, date(2026, 11, 21))   -> DayPick: the day's confirmed and approved orders, totals

The rules (what adds up, which states are picked) are in `domain.picking`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from domain.errors import DomainError, NotFound
from domain.models import Order, OrderFreeGood, OrderLine
from domain.orders import State
from domain.picking import PICKABLE, DayPick, Item, OrderPick, day_totals, pick
from domain.services.credit import IST


class NotPickable(DomainError):
    """The order is not one to pack now (not yet confirmed, or already gone out)."""

    def __init__(self, number: str, state: str) -> None:
        super().__init__(f"order {number} is {state}: only confirmed or approved orders are picked")
        self.number, self.state = number, state


def _loaded() -> sa.Select[tuple[Order]]:
    return sa.select(Order).options(
        selectinload(Order.dealer),
        selectinload(Order.lines).selectinload(OrderLine.sku),
        selectinload(Order.free_goods).selectinload(OrderFreeGood.sku),
    )


def order_pick(session: Session, number: str) -> OrderPick:
    found = session.scalars(_loaded().where(Order.number == number)).first()
    if found is None:
        raise NotFound(f"no order {number}")
    if State(found.state) not in PICKABLE:
        raise NotPickable(found.number, found.state)
    return picked(found)


def day_pick(session: Session, day: date) -> DayPick:
    start = datetime.combine(day, time(0), IST)
    query = (
        _loaded()
        .where(
            Order.state.in_(sorted(s.value for s in PICKABLE)),
            Order.created_at >= start,
            Order.created_at < start + timedelta(days=1),
        )
        .order_by(Order.created_at, Order.id)
    )
    return day_totals(day, (picked(o) for o in session.scalars(query)))


def picked(order: Order) -> OrderPick:
    """An order loaded with its dealer, lines and free goods, as a pick list."""
    return OrderPick(
        order.number,
        order.dealer.code,
        order.dealer.name,
        order.dealer.town,
        State(order.state),
        pick(_items(order)),
    )


def _items(order: Order) -> Iterable[Item]:
    for ln in order.lines:
        yield Item(ln.sku.sku, ln.sku.name, ln.uom, ln.qty)
    for f in order.free_goods:
        yield Item(f.sku.sku, f.sku.name, f.uom, f.qty, f.scheme)
