"""Period reports of booked sales: by dealer, by town, by product, and the dealers growing or declining
against the period before."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from domain.models import Dealer, Order, OrderLine, Sku
from domain.money import ZERO, from_paise
from domain.reporting.period import Period, booked_in, sum_paise


@dataclass(frozen=True)
class DealerSales:
    code: str
    name: str
    town: str
    orders: int
    value: Decimal


def by_dealer(session: Session, period: Period) -> list[DealerSales]:
    """Booked orders and value per dealer, largest value first."""
    query = (
        sa.select(Dealer.code, Dealer.name, Dealer.town, sa.func.count(Order.id), sum_paise(Order.total))
        .join(Order, Order.dealer_id == Dealer.id)
        .where(*booked_in(period))
        .group_by(Dealer.id, Dealer.code, Dealer.name, Dealer.town)
    )
    rows = [DealerSales(c, n, t, int(k), from_paise(v)) for c, n, t, k, v in session.execute(query).tuples()]
    return sorted(rows, key=lambda r: (-r.value, r.code))


@dataclass(frozen=True)
class TownSales:
    town: str
    dealers: int
    orders: int
    value: Decimal


def by_town(session: Session, period: Period) -> list[TownSales]:
    """Booked orders, ordering dealers and value per town, largest value first."""
    query = (
        sa.select(
            Dealer.town,
            sa.func.count(sa.distinct(Dealer.id)),
            sa.func.count(Order.id),
            sum_paise(Order.total),
        )
        .join(Order, Order.dealer_id == Dealer.id)
        .where(*booked_in(period))
        .group_by(Dealer.town)
    )
    rows = [
        TownSales(t or "", int(d), int(k), from_paise(v)) for t, d, k, v in session.execute(query).tuples()
    ]
    return sorted(rows, key=lambda r: (-r.value, r.town))


@dataclass(frozen=True)
class ProductSales:
    sku: str
    name: str
    uom: str
    qty: Decimal
    orders: int
    net: Decimal  # after discounts, before GST


def by_product(session: Session, period: Period) -> list[ProductSales]:
    """Quantity (per unit sold in), orders and net value per SKU, largest value first."""
    query = (
        sa.select(
            Sku.sku,
            Sku.name,
            OrderLine.uom,
            sa.func.coalesce(sa.func.sum(sa.type_coerce(OrderLine.qty, sa.BigInteger)), 0),
            sa.func.count(sa.distinct(Order.id)),
            sum_paise(OrderLine.net),
        )
        .join(Order, OrderLine.order_id == Order.id)
        .join(Sku, OrderLine.sku_id == Sku.id)
        .where(*booked_in(period))
        .group_by(Sku.sku, Sku.name, OrderLine.uom)
    )
    rows = [
        ProductSales(s, n, u, Decimal(int(q)).scaleb(-3).normalize(), int(k), from_paise(v))
        for s, n, u, q, k, v in session.execute(query).tuples()
    ]
    return sorted(rows, key=lambda r: (-r.net, r.sku, r.uom))


@dataclass(frozen=True)
class Trend:
    code: str
    name: str
    town: str
    now: Decimal
    before: Decimal

    @property
    def change(self) -> Decimal:
        return self.now - self.before

    @property
    def change_pct(self) -> Decimal | None:
        """Change against the previous period in percent (one decimal); None when it had nothing."""
        if self.before == 0:
            return None
        return (self.change * 100 / self.before).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Trends:
    period: Period
    previous: Period
    growing: tuple[Trend, ...]  # largest rise first
    declining: tuple[Trend, ...]  # largest fall first


def trends(session: Session, period: Period) -> Trends:
    """Dealers whose booked value rose or fell against the previous period of the same length."""
    before = period.previous()
    now_rows = {r.code: r for r in by_dealer(session, period)}
    old_rows = {r.code: r for r in by_dealer(session, before)}
    both = []
    for code in now_rows.keys() | old_rows.keys():
        row = now_rows.get(code) or old_rows[code]
        now = now_rows[code].value if code in now_rows else ZERO
        old = old_rows[code].value if code in old_rows else ZERO
        both.append(Trend(code, row.name, row.town, now, old))
    growing = sorted((t for t in both if t.change > 0), key=lambda t: (-t.change, t.code))
    declining = sorted((t for t in both if t.change < 0), key=lambda t: (t.change, t.code))
    return Trends(period, before, tuple(growing), tuple(declining))
