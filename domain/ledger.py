"""The dealer's account: append-only entries, balance, ageing and statements.

Every entry carries a signed amount in rupees (positive = the dealer owes
more): an invoice adds, a payment or a credit note takes away, an opening
balance is whatever the books said, and a reversal is the exact negative of
the entry it corrects. Nothing is ever changed or deleted, so the balance is
simply the sum of the entries.

Ageing looks at what is still unpaid: an entry and its reversal cancel each
other, then every credit (payments, credit notes, an advance) pays the oldest
debit first (FIFO), and what is left of each debit falls in a bucket by its
age in days since it was raised: 0-30, 31-60, 61-90 and 90+ (91 days and up).

>>> d = date(2026, 1, 1)
>>> book = [Entry(1, EntryKind.INVOICE, d, Decimal("100.00"), due=d),
...         Entry(2, EntryKind.PAYMENT, d, Decimal("-30.00"))]
>>> balance(book)
Decimal('70.00')
>>> ageing(book, date(2026, 2, 15)).buckets
{'0-30': Decimal('0.00'), '31-60': Decimal('70.00'), '61-90': Decimal('0.00'), '90+': Decimal('0.00')}
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Final

from domain.errors import DomainError
from domain.money import ZERO
from domain.money import round_paisa as money

BUCKETS: Final = (("0-30", 30), ("31-60", 60), ("61-90", 90), ("90+", None))


class EntryKind(StrEnum):
    OPENING = "opening"
    INVOICE = "invoice"
    PAYMENT = "payment"
    CREDIT_NOTE = "credit_note"
    REVERSAL = "reversal"


# Sign each kind's amount takes when recorded from a positive figure; 0 = as given (opening, reversal).
SIGN: Final = {
    EntryKind.OPENING: 0,
    EntryKind.INVOICE: 1,
    EntryKind.PAYMENT: -1,
    EntryKind.CREDIT_NOTE: -1,
    EntryKind.REVERSAL: 0,
}


@dataclass(frozen=True)
class Entry:
    """One ledger entry as the rules see it; `amount` is signed (+ = dealer owes more)."""

    id: int
    kind: EntryKind
    on: date
    amount: Decimal
    ref: str = ""
    due: date | None = None
    reverses: int | None = None
    memo: str = ""


class LedgerError(DomainError):
    """A ledger rule was broken."""


class CannotReverse(LedgerError):
    def __init__(self, entry_id: int, why: str) -> None:
        super().__init__(f"ledger entry {entry_id} cannot be reversed: {why}")
        self.entry_id = entry_id


class BadAmount(LedgerError):
    def __init__(self, what: str, amount: Decimal) -> None:
        super().__init__(f"{what} must be more than zero, not {amount}")
        self.amount = amount


def signed(kind: EntryKind, amount: Decimal) -> Decimal:
    """The signed amount to store for a positive figure of this kind.

    >>> signed(EntryKind.PAYMENT, Decimal("500"))
    Decimal('-500.00')
    """
    sign = SIGN[kind]
    if sign == 0:
        return money(amount)
    if amount <= 0:
        raise BadAmount(f"a {kind.value.replace('_', ' ')}", amount)
    return money(amount) * sign


def balance(entries: Iterable[Entry]) -> Decimal:
    """What the dealer owes: the sum of the entries (negative = paid in advance)."""
    return money(sum((e.amount for e in entries), ZERO))


def reversal_of(entry: Entry, entries: Iterable[Entry]) -> Decimal:
    """The amount of the entry that corrects `entry`; refuse a reversal or a second reversal."""
    if entry.kind is EntryKind.REVERSAL:
        raise CannotReverse(entry.id, "it is itself a reversal; record a new entry instead")
    for other in entries:
        if other.reverses == entry.id:
            raise CannotReverse(entry.id, f"it was already reversed by entry {other.id}")
    return -entry.amount


@dataclass(frozen=True)
class OpenItem:
    """A debit (invoice, opening balance, reinstated amount) and what of it is still unpaid."""

    entry_id: int
    kind: EntryKind
    on: date
    due: date | None
    ref: str
    amount: Decimal
    unpaid: Decimal

    def age(self, today: date) -> int:
        return max((today - self.on).days, 0)


def _live(entries: Iterable[Entry]) -> list[Entry]:
    """Entries left once every reversal and the entry it reverses are taken out together."""
    entries = list(entries)
    ids = {e.id for e in entries}
    gone = {e.reverses for e in entries if e.reverses is not None and e.reverses in ids}
    return [e for e in entries if e.id not in gone and not (e.reverses is not None and e.reverses in ids)]


def open_items(entries: Iterable[Entry]) -> tuple[OpenItem, ...]:
    """Unpaid debits, oldest first, after paying them FIFO with every credit on the account."""
    live = sorted(_live(entries), key=lambda e: (e.on, e.id))
    credit = -sum((e.amount for e in live if e.amount < 0), ZERO)
    items = []
    for e in live:
        if e.amount <= 0:
            continue
        paid = min(credit, e.amount)
        credit -= paid
        if e.amount - paid > 0:
            items.append(OpenItem(e.id, e.kind, e.on, e.due, e.ref, e.amount, money(e.amount - paid)))
    return tuple(items)


def bucket_of(age_days: int) -> str:
    """The ageing bucket for an age in days.

    >>> [bucket_of(n) for n in (0, 30, 31, 60, 61, 90, 91)]
    ['0-30', '0-30', '31-60', '31-60', '61-90', '61-90', '90+']
    """
    for label, upto in BUCKETS:
        if upto is None or age_days <= upto:
            return label
    raise AssertionError("the last bucket has no upper edge")


@dataclass(frozen=True)
class Ageing:
    today: date
    items: tuple[OpenItem, ...]  # unpaid debits, oldest first
    buckets: dict[str, Decimal] = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        return money(sum(self.buckets.values(), ZERO))


def _aged(items: tuple[OpenItem, ...], today: date) -> Ageing:
    buckets = {label: ZERO for label, _ in BUCKETS}
    for item in items:
        label = bucket_of(item.age(today))
        buckets[label] = money(buckets[label] + item.unpaid)
    return Ageing(today, items, buckets)


def ageing(entries: Iterable[Entry], today: date) -> Ageing:
    """Unpaid amounts by age since the debit was raised (FIFO allocation of credits)."""
    return _aged(open_items(entries), today)


def overdue_ageing(entries: Iterable[Entry], today: date) -> Ageing:
    """The overdue part of `ageing`: unpaid debits past their due date on `today`, in the same buckets.

    A debit without a due date (an opening balance) is due the day it was raised, as in
    `oldest_overdue_days`. Buckets still count days since the debit was raised, so each is at
    most the same bucket of `ageing`.

    >>> d = date(2026, 1, 1)
    >>> book = [Entry(1, EntryKind.INVOICE, d, Decimal("100.00"), due=date(2026, 1, 31)),
    ...         Entry(2, EntryKind.INVOICE, date(2026, 2, 10), Decimal("50.00"), due=date(2026, 3, 12))]
    >>> late = overdue_ageing(book, date(2026, 2, 15))
    >>> late.total, late.buckets["31-60"], [i.entry_id for i in late.items]
    (Decimal('100.00'), Decimal('100.00'), [1])
    """
    return _aged(tuple(i for i in open_items(entries) if (i.due or i.on) < today), today)


def oldest_overdue_days(entries: Iterable[Entry], today: date) -> int | None:
    """Days past due of the most overdue unpaid debit; None when nothing is overdue.

    A debit without a due date (an opening balance) is due the day it was raised.
    """
    late = [(today - (i.due or i.on)).days for i in open_items(entries)]
    late = [d for d in late if d > 0]
    return max(late) if late else None


@dataclass(frozen=True)
class StatementLine:
    entry: Entry
    running: Decimal  # balance after this entry


@dataclass(frozen=True)
class Statement:
    start: date
    end: date
    opening: Decimal  # balance at the start of `start`
    lines: tuple[StatementLine, ...]
    debits: Decimal  # total of positive entries in the period
    credits: Decimal  # total of negative entries in the period, as a positive figure
    closing: Decimal  # balance at the end of `end`


class BadPeriod(LedgerError):
    def __init__(self, start: date, end: date) -> None:
        super().__init__(f"a statement period must not end ({end}) before it starts ({start})")


def statement(entries: Sequence[Entry], start: date, end: date) -> Statement:
    """Entries dated `start`..`end` (both included) with running balances."""
    if end < start:
        raise BadPeriod(start, end)
    ordered = sorted(entries, key=lambda e: (e.on, e.id))
    opening = balance(e for e in ordered if e.on < start)
    running = opening
    lines = []
    for e in ordered:
        if start <= e.on <= end:
            running = money(running + e.amount)
            lines.append(StatementLine(e, running))
    debits = money(sum((ln.entry.amount for ln in lines if ln.entry.amount > 0), ZERO))
    credits = money(-sum((ln.entry.amount for ln in lines if ln.entry.amount < 0), ZERO))
    return Statement(start, end, opening, tuple(lines), debits, credits, running)
