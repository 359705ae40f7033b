"""Payments told on WhatsApp: kept as told, checked by staff, booked only when verified.

    told = report_payment(session, "D01", amount=Decimal("25000"), mode="gpay", reference="4471...",
                          text="payment kar diya 25000 gpay se", told_by="+919000000101", told_at=now)
    done = verify_payment(uow, told.payment.id, amount=None, reference=None, by="staff@example.com")
    reject_payment(uow, other_id, "no such credit in the bank", by="staff@example.com")

A reported payment never changes the balance. `verify_payment` books it through
`ledger.record_payment`, idempotent by reference: a reference already booked for the dealer (from
the console's payment form, or an earlier report) is not booked again, and a reference booked with
another amount is refused (`ReferenceConflict`, naming both). Verifying twice books nothing more;
a decided report cannot be decided the other way. The same reference told again while the first
report waits (or was verified) adds no second report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from domain import ledger
from domain.columns import utcnow
from domain.errors import DomainError, NotFound
from domain.ledger import LedgerError
from domain.models import Dealer, ReportedPayment
from domain.money import fmt_inr
from domain.services import Work, transaction
from domain.services.credit import find_dealer
from domain.services.ledger import Recorded, entries_of, record_payment

TEXT_CAP = 1000  # characters of the message kept
REFERENCE_CAP = 100
OPEN = ("awaiting", "verified")  # a report of these stands for its reference: told again, not added


class UnknownReportedPayment(NotFound):
    def __init__(self, payment_id: int) -> None:
        super().__init__(f"no reported payment {payment_id}")
        self.payment_id = payment_id


class AlreadyDecided(DomainError):
    """A reported payment verified cannot be rejected, nor one rejected verified."""

    def __init__(self, payment_id: int, status: str, by: str) -> None:
        super().__init__(f"reported payment {payment_id} was already {status} by {by or 'someone'}")
        self.payment_id, self.status = payment_id, status


class AmountNeeded(LedgerError):
    def __init__(self, payment_id: int) -> None:
        super().__init__(
            f"reported payment {payment_id} was told without an amount: give the amount the bank shows"
        )
        self.payment_id = payment_id


class BadAmount(LedgerError):
    def __init__(self, payment_id: int, amount: Decimal) -> None:
        super().__init__(
            f"reported payment {payment_id}: amount {amount} must be rupees above 0 with at most two decimals"
        )
        self.payment_id = payment_id


class ReasonNeeded(DomainError):
    def __init__(self, payment_id: int) -> None:
        super().__init__(f"reported payment {payment_id}: say why it is rejected (the dealer is told)")
        self.payment_id = payment_id


@dataclass(frozen=True)
class Reported:
    payment: ReportedPayment
    created: bool  # False: the same reference was already told and stands


@dataclass(frozen=True)
class Verified:
    payment: ReportedPayment
    fresh: bool  # this call verified it (False: it was verified before and nothing changed)
    booked: bool  # this call added the ledger entry (False also when the reference was booked before)
    balance: Decimal  # the dealer's balance after it
    told_amount: Decimal | None = None  # as told, before staff corrected it
    told_reference: str = ""


@dataclass(frozen=True)
class Rejected:
    payment: ReportedPayment
    fresh: bool  # this call rejected it (False: it was rejected before and nothing changed)


def report_payment(
    work: Work,
    dealer: str,
    *,
    amount: Decimal | None,
    mode: str | None,
    reference: str | None,
    text: str,
    told_by: str,
    told_at: datetime,
    message_ref: str | None = None,
) -> Reported:
    """Keep a payment dealer code `dealer` told of, awaiting verification; nothing is booked."""
    ref = (reference or "").strip()[:REFERENCE_CAP]
    with transaction(work) as session:
        found = find_dealer(session, dealer)
        same = _standing(session, found.id, ref, message_ref)
        if same is not None:
            return Reported(same, False)
        row = ReportedPayment(
            dealer_id=found.id,
            amount=amount,
            mode=mode or "",
            reference=ref,
            text=text[:TEXT_CAP],
            message_ref=message_ref,
            told_at=told_at,
            told_by=told_by,
            status="awaiting",
        )
        session.add(row)
        session.flush()
        return Reported(row, True)


def _standing(session: Session, dealer_id: int, ref: str, message_ref: str | None) -> ReportedPayment | None:
    """The report already standing for this reference (or this very message), if any."""
    query = sa.select(ReportedPayment).where(ReportedPayment.dealer_id == dealer_id)
    if message_ref:
        found = session.scalars(query.where(ReportedPayment.message_ref == message_ref)).first()
        if found is not None:
            return found
    if not ref:
        return None
    return session.scalars(
        query.where(ReportedPayment.reference == ref, ReportedPayment.status.in_(OPEN)).order_by(
            ReportedPayment.id
        )
    ).first()


def verify_payment(
    work: Work,
    payment_id: int,
    *,
    amount: Decimal | None,
    reference: str | None,
    by: str,
    now: datetime | None = None,
) -> Verified:
    """Book the reported payment as a ledger payment, with `amount` / `reference` when staff give them
    (else as told); a report without a reference is booked under 'REP-<id>', so it is booked once."""
    with transaction(work) as session:
        row = _get(session, payment_id)
        if row.status == "rejected":
            raise AlreadyDecided(row.id, row.status, row.decided_by)
        dealer = row.dealer
        if row.status == "verified":
            return Verified(row, False, False, _balance(session, dealer), row.amount, row.reference)
        value = amount if amount is not None else row.amount
        if value is None:
            raise AmountNeeded(row.id)
        if value <= 0 or value != value.quantize(Decimal("0.01")):
            raise BadAmount(row.id, value)
        ref = (reference or "").strip()[:REFERENCE_CAP] or row.reference or f"REP-{row.id}"
        note = f"told on WhatsApp ({row.mode})" if row.mode else "told on WhatsApp"
        done: Recorded = record_payment(session, dealer.code, value, ref=ref, by=by, note=note)
        told_amount, told_reference = row.amount, row.reference
        row.amount, row.reference = value, ref
        row.status, row.decided_by, row.decided_at = "verified", by, now or utcnow()
        row.ledger_entry_id = done.entry.id
        session.flush()
        return Verified(row, True, done.created, done.balance, told_amount, told_reference)


def reject_payment(
    work: Work, payment_id: int, reason: str, *, by: str, now: datetime | None = None
) -> Rejected:
    """Mark the report rejected with `reason` (told to the dealer); nothing is booked. Rejecting again
    changes nothing."""
    why = reason.strip()
    with transaction(work) as session:
        row = _get(session, payment_id)
        if row.status == "verified":
            raise AlreadyDecided(row.id, row.status, row.decided_by)
        if row.status == "rejected":
            return Rejected(row, False)
        if not why:
            raise ReasonNeeded(row.id)
        row.status, row.reason, row.decided_by, row.decided_at = "rejected", why[:500], by, now or utcnow()
        session.flush()
        return Rejected(row, True)


def _get(session: Session, payment_id: int) -> ReportedPayment:
    row = session.scalars(
        sa.select(ReportedPayment).where(ReportedPayment.id == payment_id).with_for_update()
    ).first()
    if row is None:
        raise UnknownReportedPayment(payment_id)
    return row


def _balance(session: Session, dealer: Dealer) -> Decimal:
    return ledger.balance(entries_of(session, dealer.id))


# -- lists for the console -------------------------------------------------------------------------------


def awaiting(session: Session, dealer_id: int | None = None) -> list[ReportedPayment]:
    """Reports waiting for a person, oldest first (one dealer's when `dealer_id` is given)."""
    query = sa.select(ReportedPayment).where(ReportedPayment.status == "awaiting")
    if dealer_id is not None:
        query = query.where(ReportedPayment.dealer_id == dealer_id)
    return list(session.scalars(query.order_by(ReportedPayment.told_at, ReportedPayment.id)))


def decided(session: Session, limit: int = 30) -> list[ReportedPayment]:
    """The latest reports verified or rejected, newest first."""
    query = (
        sa.select(ReportedPayment)
        .where(ReportedPayment.status != "awaiting")
        .order_by(ReportedPayment.decided_at.desc(), ReportedPayment.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


SAME_PAYMENT_WITHIN = timedelta(days=3)


def look_alikes(session: Session, rows: Sequence[ReportedPayment]) -> dict[int, list[ReportedPayment]]:
    """For each report, the other reports (awaiting or verified) of the same dealer and amount told
    within three days of it: "25000 gpay kiya" and then "gpay kar diya 25k" with no reference are
    likely one payment, so staff see them side by side before booking a second. Reports with
    different references are different payments and never listed.

    {report id: [look-alikes, oldest first]}; reports with none are left out."""
    out: dict[int, list[ReportedPayment]] = {}
    for row in rows:
        if row.amount is None:
            continue
        query = (
            sa.select(ReportedPayment)
            .where(
                ReportedPayment.dealer_id == row.dealer_id,
                ReportedPayment.amount == row.amount,
                ReportedPayment.id != row.id,
                ReportedPayment.status.in_(["awaiting", "verified"]),
                ReportedPayment.told_at >= row.told_at - SAME_PAYMENT_WITHIN,
                ReportedPayment.told_at <= row.told_at + SAME_PAYMENT_WITHIN,
            )
            .order_by(ReportedPayment.told_at, ReportedPayment.id)
        )
        found = [
            o
            for o in session.scalars(query)
            if not (o.reference and row.reference and o.reference != row.reference)
        ]
        if found:
            out[row.id] = found
    return out


def describe(row: ReportedPayment) -> str:
    """'D01 ₹25,000.00 gpay 4471...' for audit rows and messages to staff."""
    amount = fmt_inr(row.amount) if row.amount is not None else "no amount"
    return " ".join(p for p in (row.dealer.code, amount, row.mode, row.reference) if p)


__all__ = [
    "SAME_PAYMENT_WITHIN",
    "look_alikes",
    "AlreadyDecided",
    "AmountNeeded",
    "BadAmount",
    "ReasonNeeded",
    "Rejected",
    "Reported",
    "UnknownReportedPayment",
    "Verified",
    "awaiting",
    "decided",
    "describe",
    "reject_payment",
    "report_payment",
    "verify_payment",
]
