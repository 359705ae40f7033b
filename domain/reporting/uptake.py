"""The scheme uptake report: per scheme, the orders and dealers it applied to, the discount it gave
and the free goods it handed out."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from domain.models import Order, OrderFreeGood, OrderLine, SchemeRow, Sku
from domain.money import ZERO
from domain.reporting.period import Period, booked_in


@dataclass(frozen=True)
class SchemeUptake:
    code: str
    name: str
    orders: int
    dealers: int
    discount: Decimal  # discount on the lines it applied to (a line under two schemes counts in both)
    free_goods: str  # e.g. "12 case MAG-MAS-70; 24 pc RIN-BAR-250"


def scheme_uptake(session: Session, period: Period) -> list[SchemeUptake]:
    """Per scheme: orders and dealers it applied to, discount given and free goods handed out."""
    orders: dict[str, set[int]] = defaultdict(set)
    dealers: dict[str, set[int]] = defaultdict(set)
    discount: dict[str, Decimal] = defaultdict(lambda: ZERO)
    free: dict[str, dict[tuple[str, str], Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    lines = session.execute(
        sa.select(Order.id, Order.dealer_id, OrderLine.schemes, OrderLine.discount)
        .join(Order, OrderLine.order_id == Order.id)
        .where(*booked_in(period), OrderLine.discount != 0)
    ).tuples()
    for order_id, dealer_id, codes, amount in lines:
        for code in codes or ():
            orders[code].add(order_id)
            dealers[code].add(dealer_id)
            discount[code] += amount
    goods = session.execute(
        sa.select(
            Order.id, Order.dealer_id, OrderFreeGood.scheme, Sku.sku, OrderFreeGood.uom, OrderFreeGood.qty
        )
        .join(Order, OrderFreeGood.order_id == Order.id)
        .join(Sku, OrderFreeGood.sku_id == Sku.id)
        .where(*booked_in(period))
    ).tuples()
    for order_id, dealer_id, code, sku, uom, qty in goods:
        orders[code].add(order_id)
        dealers[code].add(dealer_id)
        free[code][(sku, uom)] += qty
    names = _scheme_names(session, orders.keys())
    rows = [
        SchemeUptake(
            code,
            names.get(code, ""),
            len(orders[code]),
            len(dealers[code]),
            discount[code],
            "; ".join(f"{_qty(q)} {u} {s}" for (s, u), q in sorted(free[code].items())),
        )
        for code in orders
    ]
    return sorted(rows, key=lambda r: (-r.orders, r.code))


def _scheme_names(session: Session, codes: Iterable[str]) -> dict[str, str]:
    wanted = set(codes)
    if not wanted:
        return {}
    names: dict[str, str] = {}
    for code, name in session.execute(
        sa.select(SchemeRow.code, SchemeRow.name).where(SchemeRow.code.in_(wanted)).order_by(SchemeRow.id)
    ).tuples():
        names.setdefault(code, name)
    return names


def _qty(value: Decimal) -> str:
    return f"{value.normalize():f}"
