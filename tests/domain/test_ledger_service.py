"""Ledger use cases on SQLite and PostgreSQL: idempotent payments, credit notes, reversals, summaries."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from domain.db import make_engine, session_factory
from domain.errors import UnknownDealer
from domain.ledger import BadAmount, CannotReverse, EntryKind
from domain.models import Dealer, LedgerEntry
from domain.services.ledger import (
    ReferenceConflict,
    UnknownEntry,
    credit_note,
    dealer_summary,
    record_payment,
    reverse_entry,
    statement,
)
from domain.uow import UnitOfWork, create_schema

D = Decimal
TODAY = date(2026, 11, 21)


@pytest.fixture
def uow(db_url: str) -> Iterator[UnitOfWork]:
    engine = make_engine(db_url)
    create_schema(engine)
    work = UnitOfWork(session_factory(engine))
    with work:
        dealer = Dealer(
            code="D201", name="Sharma Traders", phone="+919826104573", credit_limit=D("100000.00")
        )
        work.session.add(dealer)
        work.session.flush()
        for days_ago, amount in ((95, "30000.00"), (45, "20000.00"), (10, "5000.00")):  # three invoices
            on = TODAY - timedelta(days=days_ago)
            work.session.add(
                LedgerEntry(
                    dealer_id=dealer.id,
                    kind="invoice",
                    amount=D(amount),
                    entry_date=on,
                    due_date=on + timedelta(days=30),
                    reference=f"SO-{days_ago}",
                )
            )
    yield work
    engine.dispose()


def entry_count(uow: UnitOfWork) -> int:
    with uow:
        return int(uow.session.scalar(sa.select(sa.func.count()).select_from(LedgerEntry)) or 0)


def test_a_payment_reference_is_recorded_once(uow: UnitOfWork) -> None:
    first = record_payment(uow, "D201", D("12000"), ref="UTR-1", on=TODAY)
    again = record_payment(uow, "d201", D("12000.00"), ref="UTR-1", on=TODAY)
    assert (first.created, again.created) == (True, False)
    assert again.entry == first.entry and again.balance == first.balance == D("43000.00")
    assert entry_count(uow) == 4


def test_payments_without_a_reference_are_each_recorded(uow: UnitOfWork) -> None:
    record_payment(uow, "D201", D("100"))
    record_payment(uow, "D201", D("100"))
    assert entry_count(uow) == 5


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        # what each refused call proves
        (
            lambda u: record_payment(u, "D201", D("999"), ref="UTR-1"),
            ReferenceConflict,
            "payment reference UTR-1 is already recorded for 12000.00, not 999",
        ),  # same ref, other amount
        (lambda u: record_payment(u, "D201", D("0")), BadAmount, "more than zero"),  # nothing paid
        (lambda u: credit_note(u, "D201", D("-5")), BadAmount, "a credit note must be more than zero"),
        (lambda u: record_payment(u, "D999", D("1")), UnknownDealer, "no dealer with code D999"),
        (lambda u: reverse_entry(u, 4242, why="typo"), UnknownEntry, "no ledger entry 4242"),
    ],
)
def test_refusals_name_what_was_wrong_and_write_nothing(
    uow: UnitOfWork, call: Callable[[UnitOfWork], object], error: type[Exception], message: str
) -> None:
    record_payment(uow, "D201", D("12000"), ref="UTR-1")
    with pytest.raises(error, match=message):
        call(uow)
    assert entry_count(uow) == 4


def test_a_reversal_is_a_new_entry_and_cannot_be_repeated(uow: UnitOfWork) -> None:
    paid = record_payment(uow, "D201", D("20000"), ref="CHQ-7", on=TODAY).entry
    bounced = reverse_entry(uow, paid.id, why="cheque bounced", on=TODAY)
    assert (bounced.kind, bounced.amount, bounced.reverses) == (EntryKind.REVERSAL, D("20000.00"), paid.id)
    with pytest.raises(CannotReverse, match="already reversed"):
        reverse_entry(uow, paid.id, why="again")
    with pytest.raises(CannotReverse, match="itself a reversal"):
        reverse_entry(uow, bounced.id, why="undo the undo")
    with uow:
        original = uow.session.get(LedgerEntry, paid.id)
        assert original is not None and original.amount == D("-20000.00")  # untouched
    assert dealer_summary(uow, "D201", today=TODAY).balance == D("55000.00")


def test_summary_ages_unpaid_invoices_after_paying_the_oldest_first(uow: UnitOfWork) -> None:
    record_payment(uow, "D201", D("35000"), ref="UTR-2", on=TODAY)  # clears the 95-day one, 5,000 of the next
    credit_note(uow, "D201", D("1000"), on=TODAY, note="damaged")
    got = dealer_summary(uow, "D201", today=TODAY, last=2)
    assert (got.balance, got.exposure, got.limit, got.available) == (
        D("19000.00"),
        D("19000.00"),
        D("100000.00"),
        D("81000.00"),
    )
    assert got.ageing.buckets == {
        "0-30": D("5000.00"),
        "31-60": D("14000.00"),
        "61-90": D("0.00"),
        "90+": D("0.00"),
    }
    assert got.oldest_overdue_days == 15  # the 45-day invoice was due 30 days after it was raised
    assert [e.kind for e in got.last_entries] == [EntryKind.PAYMENT, EntryKind.CREDIT_NOTE]
    assert got.to_json()["ageing"]["31-60"] == "14000.00"


def test_statement_for_a_period(uow: UnitOfWork) -> None:
    st = statement(uow, "D201", TODAY - timedelta(days=45), TODAY)
    assert (st.opening, st.debits, st.closing) == (D("30000.00"), D("25000.00"), D("55000.00"))
    assert [ln.entry.ref for ln in st.lines] == ["SO-45", "SO-10"]


def test_a_ledger_use_case_can_join_the_callers_transaction(uow: UnitOfWork) -> None:
    with uow:
        record_payment(uow.session, "D201", D("10"), ref="UTR-3")
        assert record_payment(uow.session, "D201", D("10"), ref="UTR-3").created is False
        uow.rollback()
    assert entry_count(uow) == 3
