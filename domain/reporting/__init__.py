"""The numbers of the dashboard and the period reports, read with SQLAlchemy 2.0 `select()`.

What counts:

- An order is *booked* once the dealer said YES and it was not cancelled: confirmed, on hold,
  approved, dispatched, delivered or invoiced (`BOOKED`). Drafts, orders still waiting for a
  YES and cancelled orders are not sales.
- An order belongs to the day (India's calendar) it was placed (`Order.created_at`).
- Order value is the order total (after discounts, with GST). Product value is the lines' net
  value (after discounts, before GST).
- An order is *touched* when a person worked on its parse: a review item of the queue (parse,
  media) points at it or drafted it, or staff placed it. Every other booked order is touchless.
  Credit holds are approvals, not parse reviews: they do not make an order touched.

Money is summed by the database as the integer paise it is stored in, so totals are exact.

>>> Period(date(2026, 11, 1), date(2026, 11, 30)).previous()
Period(start=datetime.date(2026, 10, 2), end=datetime.date(2026, 10, 31))
>>> confidence_spread([0.95, 0.91, 0.7, 0.2])
[('below 0.50', 1), ('0.50-0.79', 1), ('0.80-0.89', 0), ('0.90 and up', 2)]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Final

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute, Session

from domain.errors import DomainError
from domain.models import (
    APPROVAL_KINDS,
    Dealer,
    LedgerEntry,
    Order,
    OrderFreeGood,
    OrderLine,
    ReviewItem,
    SchemeRow,
    Sku,
)
from domain.money import ZERO, from_paise
from domain.orders import COMMITTED, State
from domain.services.credit import IST

BOOKED: Final = tuple(sorted(s.value for s in COMMITTED | {State.ON_HOLD, State.INVOICED}))
QUEUE_KINDS: Final = ("parse", "media")
OPEN: Final = ("open", "claimed")
# (label, lowest confidence in the band), highest band last
CONFIDENCE_BANDS: Final = (("below 0.50", 0.0), ("0.50-0.79", 0.5), ("0.80-0.89", 0.8), ("0.90 and up", 0.9))
MAX_PERIOD_DAYS: Final = 366


class ReportError(DomainError):
    """A report was asked for in a way it cannot be made; the message says why."""


@dataclass(frozen=True)
class Period:
    """Days `start`..`end`, both included, in India's calendar."""

    start: date
    end: date

    @classmethod
    def checked(cls, start: date, end: date) -> Period:
        if end < start:
            raise ReportError(f"the period ends ({end}) before it starts ({start})")
        if (end - start).days + 1 > MAX_PERIOD_DAYS:
            raise ReportError(f"a period is at most {MAX_PERIOD_DAYS} days ({start} to {end} is longer)")
        return cls(start, end)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def bounds(self) -> tuple[datetime, datetime]:
        """[first moment, moment after the last day) as aware datetimes."""
        return day_start(self.start), day_start(self.end + timedelta(days=1))


def day_start(day: date) -> datetime:
    return datetime.combine(day, time(0), IST)


def _paise(column: InstrumentedAttribute[Decimal]) -> sa.ColumnElement[int]:
    """SUM of a Money column as integer paise (exact)."""
    return sa.func.coalesce(sa.func.sum(sa.type_coerce(column, sa.BigInteger)), 0)


def _booked_in(period: Period) -> list[sa.ColumnElement[bool]]:
    first, after = period.bounds()
    return [Order.state.in_(BOOKED), Order.created_at >= first, Order.created_at < after]


# --- today -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Exposure:
    code: str
    name: str
    town: str
    exposure: Decimal
    limit: Decimal | None


@dataclass(frozen=True)
class Today:
    day: date
    orders: int
    value: Decimal
    touchless: int
    review_backlog: int
    oldest_review_at: datetime | None
    pending_approvals: int
    total_exposure: Decimal
    largest: tuple[Exposure, ...]

    @property
    def touchless_pct(self) -> Decimal | None:
        """Touchless orders as a percentage with one decimal; None without orders."""
        if not self.orders:
            return None
        return (Decimal(self.touchless * 100) / self.orders).quantize(Decimal("0.1"))


def today(session: Session, day: date, top: int = 10) -> Today:
    """The dashboard's figures for `day`."""
    period = Period(day, day)
    orders, value = session.execute(
        sa.select(sa.func.count(Order.id), _paise(Order.total)).where(*_booked_in(period))
    ).one()
    touched = touched_orders(session, period)
    backlog, oldest = session.execute(
        sa.select(sa.func.count(ReviewItem.id), sa.func.min(ReviewItem.created_at)).where(
            ReviewItem.kind.in_(QUEUE_KINDS), ReviewItem.status.in_(OPEN)
        )
    ).one()
    approvals = session.scalar(
        sa.select(sa.func.count(ReviewItem.id)).where(
            ReviewItem.kind.in_(APPROVAL_KINDS), ReviewItem.status.in_(OPEN)
        )
    )
    rows = exposures(session)
    return Today(
        day=day,
        orders=int(orders),
        value=from_paise(value),
        touchless=int(orders) - len(touched),
        review_backlog=int(backlog),
        oldest_review_at=oldest,
        pending_approvals=int(approvals or 0),
        total_exposure=sum((r.exposure for r in rows if r.exposure > 0), ZERO),
        largest=tuple(rows[:top]),
    )


def touched_orders(session: Session, period: Period) -> set[int]:
    """Ids of the period's booked orders that a person worked on (see module doc)."""
    booked = dict(
        session.execute(sa.select(Order.number, Order.id).where(*_booked_in(period))).tuples().all()
    )
    if not booked:
        return set()
    ids = set(booked.values())
    touched = set(
        session.scalars(
            sa.select(Order.id).where(Order.id.in_(ids), Order.placed_by_kind == "staff")
        )
    )
    touched |= set(
        session.scalars(
            sa.select(ReviewItem.order_id).where(
                ReviewItem.kind.in_(QUEUE_KINDS), ReviewItem.order_id.in_(ids)
            )
        )
    )
    first, _ = period.bounds()
    for parse in session.scalars(
        sa.select(ReviewItem.parse).where(
            ReviewItem.kind.in_(QUEUE_KINDS), ReviewItem.created_at >= first - timedelta(days=1)
        )
    ):
        number = (parse or {}).get("drafted_as")
        if isinstance(number, str) and number in booked:
            touched.add(booked[number])
    return touched


def exposures(session: Session) -> list[Exposure]:
    """Every dealer's exposure (ledger balance + accepted orders not yet invoiced), largest first."""
    balances = dict(
        session.execute(
            sa.select(LedgerEntry.dealer_id, _paise(LedgerEntry.amount)).group_by(LedgerEntry.dealer_id)
        ).tuples().all()
    )
    committed = dict(
        session.execute(
            sa.select(Order.dealer_id, _paise(Order.total))
            .where(Order.state.in_([s.value for s in COMMITTED]))
            .group_by(Order.dealer_id)
        ).tuples().all()
    )
    rows = [
        Exposure(d.code, d.name, d.town, from_paise(balances.get(d.id, 0) + committed.get(d.id, 0)),
                 d.credit_limit)
        for d in session.scalars(sa.select(Dealer).where(Dealer.id.in_(set(balances) | set(committed))))
    ]
    return sorted(rows, key=lambda r: (-r.exposure, r.code))


@dataclass(frozen=True)
class DayPoint:
    day: date
    orders: int
    value: Decimal


def daily(session: Session, end: date, days: int = 30) -> list[DayPoint]:
    """Booked orders and their value per day for the `days` days ending `end` (every day listed)."""
    period = Period(end - timedelta(days=days - 1), end)
    counts: dict[date, int] = defaultdict(int)
    paise: dict[date, int] = defaultdict(int)
    rows = session.execute(
        sa.select(Order.created_at, sa.type_coerce(Order.total, sa.BigInteger)).where(*_booked_in(period))
    ).tuples()
    for created, total in rows:
        day = created.astimezone(IST).date()
        counts[day] += 1
        paise[day] += int(total)
    return [
        DayPoint(d, counts[d], from_paise(paise[d]))
        for d in (period.start + timedelta(days=i) for i in range(days))
    ]


def confidence_spread(values: Iterable[float]) -> list[tuple[str, int]]:
    """How many parse confidences fall in each band of CONFIDENCE_BANDS."""
    counts = [0] * len(CONFIDENCE_BANDS)
    for value in values:
        for index in range(len(CONFIDENCE_BANDS) - 1, -1, -1):
            if value >= CONFIDENCE_BANDS[index][1] or index == 0:
                counts[index] += 1
                break
    return [(label, counts[i]) for i, (label, _) in enumerate(CONFIDENCE_BANDS)]


# --- period reports --------------------------------------------------------------------------------


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
        sa.select(Dealer.code, Dealer.name, Dealer.town, sa.func.count(Order.id), _paise(Order.total))
        .join(Order, Order.dealer_id == Dealer.id)
        .where(*_booked_in(period))
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
            _paise(Order.total),
        )
        .join(Order, Order.dealer_id == Dealer.id)
        .where(*_booked_in(period))
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
            _paise(OrderLine.net),
        )
        .join(Order, OrderLine.order_id == Order.id)
        .join(Sku, OrderLine.sku_id == Sku.id)
        .where(*_booked_in(period))
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
        .where(*_booked_in(period), OrderLine.discount != 0)
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
        .where(*_booked_in(period))
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


def csv_rows(rows: Sequence[object], columns: Sequence[tuple[str, str]]) -> list[list[str]]:
    """A header and one row per item: `columns` are (heading, attribute); Decimals as plain text,
    text made safe for spreadsheets (`safe_cell`)."""
    out = [[heading for heading, _ in columns]]
    for row in rows:
        values = []
        for _, attr in columns:
            value = getattr(row, attr)
            if value is None:
                values.append("")
            elif isinstance(value, Decimal):
                values.append(f"{value:f}")
            else:
                values.append(safe_cell(str(value)))
        out.append(values)
    return out


def safe_cell(text: str) -> str:
    """Text a spreadsheet will not run as a formula: a leading = + - @ gets a quote in front.

    >>> safe_cell("=HYPERLINK(1)"), safe_cell("Shree Ganesh")
    ("'=HYPERLINK(1)", 'Shree Ganesh')
    """
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
