"""The dashboard's numbers: today's booked orders and how many were touchless, the review and approval
queues, dealers' exposure, orders per day, and the spread of parse confidences.

An order is *touched* when a person worked on its parse (see domain.reporting).

>>> confidence_spread([0.95, 0.91, 0.7, 0.2])
[('below 0.50', 1), ('0.50-0.79', 1), ('0.80-0.89', 0), ('0.90 and up', 2)]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Final

import sqlalchemy as sa
from sqlalchemy.orm import Session

from domain.models import APPROVAL_KINDS, Dealer, LedgerEntry, Order, ReviewItem
from domain.money import ZERO, from_paise
from domain.orders import COMMITTED
from domain.reporting.period import Period, booked_in, sum_paise
from domain.services.credit import IST

QUEUE_KINDS: Final = ("parse", "media")
OPEN: Final = ("open", "claimed")
# (label, lowest confidence in the band), highest band last
CONFIDENCE_BANDS: Final = (("below 0.50", 0.0), ("0.50-0.79", 0.5), ("0.80-0.89", 0.8), ("0.90 and up", 0.9))


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
        sa.select(sa.func.count(Order.id), sum_paise(Order.total)).where(*booked_in(period))
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
    booked = dict(session.execute(sa.select(Order.number, Order.id).where(*booked_in(period))).tuples().all())
    if not booked:
        return set()
    ids = set(booked.values())
    touched = set(
        session.scalars(sa.select(Order.id).where(Order.id.in_(ids), Order.placed_by_kind == "staff"))
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
            sa.select(LedgerEntry.dealer_id, sum_paise(LedgerEntry.amount)).group_by(LedgerEntry.dealer_id)
        )
        .tuples()
        .all()
    )
    committed = dict(
        session.execute(
            sa.select(Order.dealer_id, sum_paise(Order.total))
            .where(Order.state.in_([s.value for s in COMMITTED]))
            .group_by(Order.dealer_id)
        )
        .tuples()
        .all()
    )
    rows = [
        Exposure(
            d.code, d.name, d.town, from_paise(balances.get(d.id, 0) + committed.get(d.id, 0)), d.credit_limit
        )
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
        sa.select(Order.created_at, sa.type_coerce(Order.total, sa.BigInteger)).where(*booked_in(period))
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
