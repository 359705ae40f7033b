"""Ledger rules: signs, balance, FIFO allocation, ageing edges, overdue days, statement periods."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from domain.ledger import (
    BadAmount,
    BadPeriod,
    CannotReverse,
    Entry,
    EntryKind,
    ageing,
    balance,
    bucket_of,
    oldest_overdue_days,
    open_items,
    reversal_of,
    signed,
    statement,
)

D = Decimal
K = EntryKind
TODAY = date(2026, 11, 21)


def inv(id_: int, days_ago: int, amount: str, due_in: int = 30) -> Entry:
    on = TODAY - timedelta(days=days_ago)
    return Entry(id_, K.INVOICE, on, D(amount), ref=f"SO-{1000 + id_}", due=on + timedelta(days=due_in))


def pay(id_: int, days_ago: int, amount: str, ref: str = "") -> Entry:
    return Entry(id_, K.PAYMENT, TODAY - timedelta(days=days_ago), -D(amount), ref=ref)


@pytest.mark.parametrize(
    ("kind", "figure", "stored"),
    [
        (K.INVOICE, "1180.805", "1180.81"),  # invoices add; rounded half up to the paisa
        (K.PAYMENT, "500", "-500.00"),  # payments take away
        (K.CREDIT_NOTE, "0.01", "-0.01"),  # credit notes take away, down to a paisa
        (K.OPENING, "-2500", "-2500.00"),  # an opening advance keeps its sign
        (K.OPENING, "45200", "45200.00"),
    ],
)
def test_each_kind_is_stored_with_its_sign(kind: EntryKind, figure: str, stored: str) -> None:
    assert signed(kind, D(figure)) == D(stored)


@pytest.mark.parametrize("figure", ["0", "-10"])  # a payment of nothing, or a negative payment, is a mistake
def test_a_payment_must_be_positive(figure: str) -> None:
    with pytest.raises(BadAmount, match=f"a payment must be more than zero, not {figure}"):
        signed(K.PAYMENT, D(figure))


def test_balance_is_the_sum_of_entries_and_may_go_negative() -> None:
    assert balance([inv(1, 5, "100.00"), pay(2, 1, "150.50")]) == D("-50.50")
    assert balance([]) == D("0.00")


@pytest.mark.parametrize(
    ("age", "bucket"),
    [
        (0, "0-30"),  # raised today
        (30, "0-30"),  # last day of the first bucket
        (31, "31-60"),
        (60, "31-60"),
        (61, "61-90"),
        (90, "61-90"),
        (91, "90+"),  # "90+" means more than 90 days
        (400, "90+"),
    ],
)
def test_ageing_bucket_edges(age: int, bucket: str) -> None:
    assert bucket_of(age) == bucket
    buckets = ageing([inv(1, age, "10.00")], TODAY).buckets
    assert buckets[bucket] == D("10.00")
    assert sum(buckets.values()) == D("10.00")


FIFO = [
    # (entries, expected unpaid (entry id, amount) oldest first) - what each row proves
    ([inv(1, 70, "100"), inv(2, 40, "100"), pay(3, 1, "150")], [(2, "50.00")]),  # payment clears oldest first
    ([pay(3, 90, "150"), inv(1, 70, "100"), inv(2, 40, "100")], [(2, "50.00")]),  # advance pays later bills
    ([inv(2, 40, "100"), inv(1, 70, "100"), pay(3, 1, "100")], [(2, "100.00")]),  # oldest by date, not by id
    ([inv(1, 70, "100"), pay(2, 1, "100")], []),  # exactly paid: nothing open
    ([inv(1, 70, "100"), pay(2, 1, "130")], []),  # overpaid: nothing open, balance negative
    (
        [inv(1, 70, "100"), inv(2, 40, "100"), Entry(3, K.CREDIT_NOTE, TODAY, D("-120"))],
        [(2, "80.00")],  # a credit note is allocated like a payment
    ),
    (
        [inv(1, 70, "100"), pay(2, 10, "100"), Entry(3, K.REVERSAL, TODAY, D("100"), reverses=2)],
        [(1, "100.00")],  # a bounced payment reopens the old invoice at its old age
    ),
    (
        [inv(1, 70, "100"), inv(2, 40, "60"), Entry(3, K.REVERSAL, TODAY, D("-100"), reverses=1)],
        [(2, "60.00")],  # a reversed invoice is no longer owed
    ),
]


@pytest.mark.parametrize(("entries", "expected"), FIFO)
def test_credits_pay_the_oldest_debits_first(entries: list[Entry], expected: list[tuple[int, str]]) -> None:
    assert [(i.entry_id, i.unpaid) for i in open_items(entries)] == [(i, D(a)) for i, a in expected]


def test_ageing_total_equals_a_positive_balance() -> None:
    book = [inv(1, 100, "300"), inv(2, 45, "200"), inv(3, 5, "100"), pay(4, 2, "350")]
    report = ageing(book, TODAY)
    assert report.total == balance(book) == D("250.00")
    assert report.buckets == {"0-30": D("100.00"), "31-60": D("150.00"), "61-90": D("0.00"), "90+": D("0.00")}
    assert [i.entry_id for i in report.items] == [2, 3]  # oldest first


@pytest.mark.parametrize(
    ("entries", "days"),
    [
        ([inv(1, 30, "10", due_in=30)], None),  # due today is not overdue
        ([inv(1, 31, "10", due_in=30)], 1),  # one day past due
        ([inv(1, 50, "10", due_in=30), inv(2, 70, "10", due_in=30)], 40),  # the most overdue counts
        ([inv(1, 70, "10", due_in=30), pay(2, 1, "10")], None),  # paid invoices are not overdue
        ([Entry(1, K.OPENING, TODAY - timedelta(days=12), D("500"))], 12),  # opening balance is due at once
    ],
)
def test_oldest_overdue_days(entries: list[Entry], days: int | None) -> None:
    assert oldest_overdue_days(entries, TODAY) == days


def test_a_reversal_cannot_be_reversed_nor_an_entry_reversed_twice() -> None:
    book = [inv(1, 5, "100"), Entry(2, K.REVERSAL, TODAY, D("-100"), reverses=1)]
    assert reversal_of(inv(7, 1, "42.50"), book) == D("-42.50")
    with pytest.raises(CannotReverse, match="entry 2 cannot be reversed: it is itself a reversal"):
        reversal_of(book[1], book)
    with pytest.raises(CannotReverse, match="entry 1 cannot be reversed: it was already reversed by entry 2"):
        reversal_of(book[0], book)


BOOK = [
    Entry(1, K.OPENING, date(2026, 9, 30), D("1000.00")),
    Entry(2, K.INVOICE, date(2026, 10, 1), D("500.00")),
    Entry(3, K.PAYMENT, date(2026, 10, 31), D("-700.00")),
    Entry(4, K.INVOICE, date(2026, 11, 1), D("250.00")),
]


@pytest.mark.parametrize(
    ("start", "end", "opening", "ids", "closing"),
    [
        (date(2026, 10, 1), date(2026, 10, 31), "1000.00", [2, 3], "800.00"),  # both edges are included
        (date(2026, 10, 2), date(2026, 10, 30), "1500.00", [], "1500.00"),  # an empty period still balances
        (date(2026, 11, 1), date(2026, 11, 1), "800.00", [4], "1050.00"),  # one-day period
        (date(2026, 1, 1), date(2026, 12, 31), "0.00", [1, 2, 3, 4], "1050.00"),  # everything
    ],
)
def test_statement_period_edges(start: date, end: date, opening: str, ids: list[int], closing: str) -> None:
    st = statement(BOOK, start, end)
    assert st.opening == D(opening)
    assert [ln.entry.id for ln in st.lines] == ids
    assert st.closing == D(closing) == st.opening + st.debits - st.credits
    if st.lines:
        assert st.lines[-1].running == st.closing


def test_a_statement_period_must_not_end_before_it_starts() -> None:
    with pytest.raises(BadPeriod, match="must not end"):
        statement(BOOK, date(2026, 11, 2), date(2026, 11, 1))
