"""A report's period of days (India's calendar) and the SQL every report shares: orders booked in a
period, and money summed exactly. What counts as booked is said in domain.reporting.

>>> Period(date(2026, 11, 1), date(2026, 11, 30)).previous()
Period(start=datetime.date(2026, 10, 2), end=datetime.date(2026, 10, 31))
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Final

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute

from domain.errors import DomainError
from domain.models import Order
from domain.orders import COMMITTED, State
from domain.services.credit import IST

BOOKED: Final = tuple(sorted(s.value for s in COMMITTED | {State.ON_HOLD, State.INVOICED}))
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


def sum_paise(column: InstrumentedAttribute[Decimal]) -> sa.ColumnElement[int]:
    """SUM of a Money column as integer paise (exact)."""
    return sa.func.coalesce(sa.func.sum(sa.type_coerce(column, sa.BigInteger)), 0)


def booked_in(period: Period) -> list[sa.ColumnElement[bool]]:
    first, after = period.bounds()
    return [Order.state.in_(BOOKED), Order.created_at >= first, Order.created_at < after]
