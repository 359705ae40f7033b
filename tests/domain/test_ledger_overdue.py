"""Overdue ageing: only what is past its due date, after FIFO payments, in the statement's buckets."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from domain.ledger import Entry, EntryKind, ageing, oldest_overdue_days, overdue_ageing

D = Decimal
K = EntryKind
TODAY = date(2026, 11, 21)


def inv(id_: int, days_ago: int, amount: str, due_in: int | None = 30) -> Entry:
    on = TODAY - timedelta(days=days_ago)
    due = None if due_in is None else on + timedelta(days=due_in)
    return Entry(id_, K.INVOICE, on, D(amount), ref=f"SO-{1000 + id_}", due=due)


def pay(id_: int, days_ago: int, amount: str) -> Entry:
    return Entry(id_, K.PAYMENT, TODAY - timedelta(days=days_ago), -D(amount))


# (entries, expected non-zero buckets of the overdue part)
OVERDUE = [
    ([inv(1, 10, "500.00")], {}),  # billed 10 days ago, due in 30: nothing overdue yet
    ([inv(1, 30, "500.00")], {}),  # due today: not yet overdue
    ([inv(1, 31, "500.00")], {"31-60": D("500.00")}),  # due yesterday: overdue, billed 31 days ago
    ([inv(1, 20, "500.00", due_in=7)], {"0-30": D("500.00")}),  # short terms: overdue in the 0-30 bucket
    # two bands; the 3,000 payment paid the oldest (1) first; 3 is not yet due
    (
        [inv(1, 75, "10000.00"), inv(2, 45, "4400.00"), inv(3, 5, "900.00"), pay(4, 2, "3000.00")],
        {"61-90": D("7000.00"), "31-60": D("4400.00")},
    ),
    ([Entry(1, K.OPENING, TODAY - timedelta(days=100), D("1234.56"))], {"90+": D("1234.56")}),  # no due date
    ([inv(1, 75, "10000.00"), pay(2, 2, "10000.00")], {}),  # paid in full
]


@pytest.mark.parametrize(("entries", "expected"), OVERDUE)
def test_overdue_ageing_holds_only_the_unpaid_part_past_its_due_date(
    entries: list[Entry], expected: dict[str, Decimal]
) -> None:
    late = overdue_ageing(entries, TODAY)
    assert {label: amount for label, amount in late.buckets.items() if amount} == expected
    assert late.total == sum(expected.values(), D("0.00"))
    assert (oldest_overdue_days(entries, TODAY) is None) == (not late.items)


def test_overdue_ageing_uses_the_same_buckets_as_the_statement_and_never_exceeds_them() -> None:
    book = [inv(1, 95, "100.00"), inv(2, 65, "200.00"), inv(3, 40, "300.00"), inv(4, 20, "400.00", due_in=7)]
    whole, late = ageing(book, TODAY), overdue_ageing(book, TODAY)
    assert list(late.buckets) == list(whole.buckets) == ["0-30", "31-60", "61-90", "90+"]
    assert all(late.buckets[label] <= whole.buckets[label] for label in whole.buckets)
    assert late.total == D("1000.00")
