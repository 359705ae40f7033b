"""The claims report: claims told in a period, by status and reason, with the credit they were given.

A claim belongs to the day (India's calendar) it was told (`Claim.created_at`); its credit is the
credit note booked when it was approved (0 while open or when rejected), summed exactly in paise.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from domain.models import CLAIM_REASONS, CLAIM_STATUSES, Claim
from domain.reporting.period import Period, sum_paise


@dataclass(frozen=True)
class ClaimsByReason:
    status: str
    reason: str
    claims: int
    dealers: int
    credit: Decimal  # credit notes booked for them, with GST


def claims_report(session: Session, period: Period) -> list[ClaimsByReason]:
    """Claims told in `period`, one row per status and reason (statuses in their order: open first)."""
    first, after = period.bounds()
    rows = session.execute(
        sa.select(
            Claim.status,
            Claim.reason,
            sa.func.count(Claim.id),
            sa.func.count(sa.distinct(Claim.dealer_id)),
            sum_paise(Claim.credit_amount),
        )
        .where(Claim.created_at >= first, Claim.created_at < after)
        .group_by(Claim.status, Claim.reason)
    ).tuples()
    found = [
        ClaimsByReason(status, reason, int(claims), int(dealers), Decimal(int(paise)).scaleb(-2))
        for status, reason, claims, dealers, paise in rows
    ]
    return sorted(found, key=lambda r: (_rank(CLAIM_STATUSES, r.status), _rank(CLAIM_REASONS, r.reason)))


def _rank(order: tuple[str, ...], value: str) -> int:
    return order.index(value) if value in order else len(order)
