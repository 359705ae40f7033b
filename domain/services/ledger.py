"""Ledger use cases: payments, credit notes, reversals, statements and a dealer's summary.

Entries are only ever added. A payment or credit note with a reference is
recorded once: the same reference again for the same dealer returns the entry
already there (a retry adds nothing); the same reference with another amount is
refused, naming both. A correction is a reversal entry, the exact negative of
the entry it corrects.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from domain import ledger
from domain.db import lock_dealer
from domain.errors import NotFound
from domain.ledger import Ageing, Entry, EntryKind, LedgerError, Statement
from domain.models import Dealer, LedgerEntry
from domain.money import money_str
from domain.services import Work, transaction
from domain.services.credit import exposure, find_dealer, today_local


class UnknownEntry(NotFound):
    def __init__(self, entry_id: int) -> None:
        super().__init__(f"no ledger entry {entry_id}")
        self.entry_id = entry_id


class ReferenceConflict(LedgerError):
    """A reference already used for this dealer with a different amount."""

    def __init__(self, dealer: str, kind: EntryKind, ref: str, recorded: Decimal, given: Decimal) -> None:
        what = kind.value.replace("_", " ")
        super().__init__(
            f"{dealer}: {what} reference {ref} is already recorded for {money_str(-recorded)}, "
            f"not {money_str(given)}"
        )
        self.ref, self.recorded, self.given = ref, recorded, given


@dataclass(frozen=True)
class Recorded:
    """The entry a payment or credit note stands as, and whether this call added it."""

    entry: Entry
    created: bool
    balance: Decimal  # the dealer's balance after it


def as_entry(row: LedgerEntry) -> Entry:
    return Entry(
        id=row.id,
        kind=EntryKind(row.kind),
        on=row.entry_date,
        amount=row.amount,
        ref=row.reference or "",
        due=row.due_date,
        reverses=row.reverses_id,
        memo=row.note,
    )


def entries_of(session: Session, dealer_id: int) -> list[Entry]:
    """Every entry of the dealer, by date then id."""
    rows = session.scalars(
        sa.select(LedgerEntry)
        .where(LedgerEntry.dealer_id == dealer_id)
        .order_by(LedgerEntry.entry_date, LedgerEntry.id)
    )
    return [as_entry(r) for r in rows]


def add_entry(
    session: Session,
    dealer_id: int,
    kind: EntryKind,
    amount: Decimal,
    on: date,
    *,
    ref: str | None = None,
    due: date | None = None,
    order_id: int | None = None,
    reverses: int | None = None,
    note: str = "",
    by: str = "",
) -> LedgerEntry:
    """Append one entry (`amount` already signed). The only place entries are written."""
    row = LedgerEntry(
        dealer_id=dealer_id,
        kind=kind.value,
        amount=amount,
        reference=ref or None,
        order_id=order_id,
        reverses_id=reverses,
        note=note,
        entry_date=on,
        due_date=due,
        created_by=by,
    )
    session.add(row)
    session.flush()
    return row


def _record_credit(
    work: Work,
    kind: EntryKind,
    dealer: str,
    amount: Decimal,
    ref: str | None,
    on: date | None,
    by: str,
    note: str,
) -> Recorded:
    signed = ledger.signed(kind, amount)
    with transaction(work) as session:
        found = find_dealer(session, dealer)
        lock_dealer(session, found.id)
        if ref:
            same = session.scalars(
                sa.select(LedgerEntry).where(
                    LedgerEntry.dealer_id == found.id,
                    LedgerEntry.kind == kind.value,
                    LedgerEntry.reference == ref,
                )
            ).one_or_none()
            if same is not None:
                if same.amount != signed:
                    raise ReferenceConflict(found.code, kind, ref, same.amount, amount)
                return Recorded(as_entry(same), False, _balance(session, found.id))
        row = add_entry(session, found.id, kind, signed, on or today_local(), ref=ref, note=note, by=by)
        return Recorded(as_entry(row), True, _balance(session, found.id))


def record_payment(
    work: Work,
    dealer: str,
    amount: Decimal,
    *,
    ref: str | None = None,
    on: date | None = None,
    by: str = "",
    note: str = "",
) -> Recorded:
    """Record a payment of `amount` rupees (> 0) from dealer code `dealer`; a repeated `ref` adds nothing."""
    return _record_credit(work, EntryKind.PAYMENT, dealer, amount, ref, on, by, note)


def credit_note(
    work: Work,
    dealer: str,
    amount: Decimal,
    *,
    ref: str | None = None,
    on: date | None = None,
    by: str = "",
    note: str = "",
) -> Recorded:
    """Credit the dealer `amount` rupees (> 0): returns, damages, rate differences; idempotent by `ref`."""
    return _record_credit(work, EntryKind.CREDIT_NOTE, dealer, amount, ref, on, by, note)


def reverse_entry(work: Work, entry_id: int, *, why: str, by: str = "", on: date | None = None) -> Entry:
    """Add the entry that cancels entry `entry_id` (a bounced cheque, a wrong invoice). Nothing is edited."""
    with transaction(work) as session:
        target = session.get(LedgerEntry, entry_id)
        if target is None:
            raise UnknownEntry(entry_id)
        lock_dealer(session, target.dealer_id)
        amount = ledger.reversal_of(as_entry(target), entries_of(session, target.dealer_id))
        row = add_entry(
            session,
            target.dealer_id,
            EntryKind.REVERSAL,
            amount,
            on or today_local(),
            reverses=target.id,
            order_id=target.order_id,
            note=why,
            by=by,
        )
        return as_entry(row)


def _balance(session: Session, dealer_id: int) -> Decimal:
    return ledger.balance(entries_of(session, dealer_id))


def statement(work: Work, dealer: str, start: date, end: date) -> Statement:
    """The dealer's entries dated `start`..`end` (both included), with opening and closing balances."""
    with transaction(work) as session:
        found = find_dealer(session, dealer)
        return ledger.statement(entries_of(session, found.id), start, end)


@dataclass(frozen=True)
class DealerSummary:
    code: str
    name: str
    balance: Decimal
    limit: Decimal | None  # None: no credit limit
    exposure: Decimal
    available: Decimal | None  # limit - exposure; None without a limit
    ageing: Ageing
    oldest_overdue_days: int | None
    last_entries: tuple[Entry, ...]  # newest last

    def to_json(self) -> dict[str, Any]:
        """Money as strings with two decimals, as the data contract writes it."""
        return {
            "dealer": self.code,
            "name": self.name,
            "balance": money_str(self.balance),
            "limit": None if self.limit is None else money_str(self.limit),
            "exposure": money_str(self.exposure),
            "available": None if self.available is None else money_str(self.available),
            "ageing": {label: money_str(v) for label, v in self.ageing.buckets.items()},
            "unpaid": [
                {
                    "entry": i.entry_id,
                    "kind": i.kind.value,
                    "ref": i.ref,
                    "date": i.on.isoformat(),
                    "due": i.due.isoformat() if i.due else None,
                    "amount": money_str(i.amount),
                    "unpaid": money_str(i.unpaid),
                    "age_days": i.age(self.ageing.today),
                }
                for i in self.ageing.items
            ],
            "oldest_overdue_days": self.oldest_overdue_days,
            "last_entries": [entry_json(e) for e in self.last_entries],
        }


def entry_json(entry: Entry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "date": entry.on.isoformat(),
        "kind": entry.kind.value,
        "amount": money_str(entry.amount),
        "ref": entry.ref,
        "due": entry.due.isoformat() if entry.due else None,
        "reverses": entry.reverses,
        "note": entry.memo,
    }


def summarise(session: Session, found: Dealer, today: date, last: int = 10) -> DealerSummary:
    """The summary of an already loaded dealer (inside the caller's transaction)."""
    entries = entries_of(session, found.id)
    exp = exposure(session, found.id)
    limit = found.credit_limit
    newest: Sequence[Entry] = sorted(entries, key=lambda e: (e.on, e.id))[-last:] if last > 0 else []
    return DealerSummary(
        code=found.code,
        name=found.name,
        balance=ledger.balance(entries),
        limit=limit,
        exposure=exp,
        available=None if limit is None else limit - exp,
        ageing=ledger.ageing(entries, today),
        oldest_overdue_days=ledger.oldest_overdue_days(entries, today),
        last_entries=tuple(newest),
    )


def dealer_summary(work: Work, dealer: str, *, today: date | None = None, last: int = 10) -> DealerSummary:
    """Balance, limit, exposure, available credit, ageing and the last `last` entries of dealer `dealer`."""
    with transaction(work) as session:
        return summarise(session, find_dealer(session, dealer), today or today_local(), last)
