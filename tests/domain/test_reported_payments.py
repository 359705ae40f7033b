"""Payments told on WhatsApp (domain.services.reported_payments) on SQLite and PostgreSQL: kept as told,
booked once when verified, never booked when rejected, the balance unchanged until then."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa

from domain.db import make_engine, session_factory
from domain.errors import DomainError, UnknownDealer
from domain.models import Dealer, LedgerEntry, ReportedPayment
from domain.services.ledger import ReferenceConflict, dealer_summary, record_payment
from domain.services.reported_payments import (
    AlreadyDecided,
    AmountNeeded,
    BadAmount,
    ReasonNeeded,
    UnknownReportedPayment,
    awaiting,
    decided,
    reject_payment,
    report_payment,
    verify_payment,
)
from domain.uow import UnitOfWork, create_schema

D = Decimal
NOW = datetime(2026, 12, 6, 10, 30, tzinfo=UTC)
PHONE = "+919826104573"


@pytest.fixture
def uow(db_url: str) -> Iterator[UnitOfWork]:
    engine = make_engine(db_url)
    create_schema(engine)
    work = UnitOfWork(session_factory(engine))
    with work:
        dealer = Dealer(code="D201", name="Sharma Traders", phone=PHONE, credit_limit=D("100000.00"))
        work.session.add(dealer)
        work.session.flush()
        work.session.add(
            LedgerEntry(
                dealer_id=dealer.id,
                kind="invoice",
                amount=D("50000"),
                entry_date=NOW.date(),
                reference="SO-1",
            )
        )
    yield work
    engine.dispose()


def told(
    uow: UnitOfWork, amount: str | None = "25000", ref: str | None = "UTR1", sid: str | None = None
) -> int:
    done = report_payment(
        uow,
        "D201",
        amount=D(amount) if amount is not None else None,
        mode="gpay",
        reference=ref,
        text=f"payment kar diya {amount} gpay se UTR {ref}",
        told_by=PHONE,
        told_at=NOW,
        message_ref=sid,
    )
    return done.payment.id


def balance(uow: UnitOfWork) -> Decimal:
    return dealer_summary(uow, "D201").balance


def payments(uow: UnitOfWork) -> list[tuple[Decimal, str | None]]:
    with uow:
        rows = uow.session.scalars(sa.select(LedgerEntry).where(LedgerEntry.kind == "payment"))
        return [(r.amount, r.reference) for r in rows]


def report(uow: UnitOfWork, payment_id: int) -> tuple[str, Decimal | None, str, int | None]:
    with uow:
        row = uow.session.get(ReportedPayment, payment_id)
        assert row is not None
        return row.status, row.amount, row.reference, row.ledger_entry_id


def test_a_payment_told_is_kept_awaiting_and_leaves_the_balance_alone(uow: UnitOfWork) -> None:
    pid = told(uow)
    assert report(uow, pid) == ("awaiting", D("25000.00"), "UTR1", None)
    assert balance(uow) == D("50000.00") and payments(uow) == []
    with uow:
        assert [r.id for r in awaiting(uow.session)] == [pid]


def test_verifying_books_the_payment_once_and_links_its_entry(uow: UnitOfWork) -> None:
    pid = told(uow)
    done = verify_payment(uow, pid, amount=None, reference=None, by="staff@example.com")
    assert done.booked and done.balance == D("25000.00")
    again = verify_payment(uow, pid, amount=None, reference=None, by="other@example.com")
    assert not again.booked and again.balance == D("25000.00")
    assert payments(uow) == [(D("-25000.00"), "UTR1")]
    status, _, _, entry = report(uow, pid)
    assert status == "verified" and entry is not None
    with uow:
        assert [r.id for r in decided(uow.session)] == [pid] and awaiting(uow.session) == []


def test_staff_correct_the_amount_and_reference_told(uow: UnitOfWork) -> None:
    pid = told(uow, amount=None, ref=None)
    with pytest.raises(AmountNeeded, match="told without an amount"):
        verify_payment(uow, pid, amount=None, reference=None, by="staff")
    verify_payment(uow, pid, amount=D("24500"), reference=" utr-9 ", by="staff")
    assert report(uow, pid)[:3] == ("verified", D("24500.00"), "utr-9")
    assert payments(uow) == [(D("-24500.00"), "utr-9")]


def test_a_payment_without_any_reference_is_booked_under_its_report_number(uow: UnitOfWork) -> None:
    pid = told(uow, ref=None)
    verify_payment(uow, pid, amount=None, reference=None, by="staff")
    assert payments(uow) == [(D("-25000.00"), f"REP-{pid}")]


def test_the_same_reference_told_twice_is_one_report_and_one_booking(uow: UnitOfWork) -> None:
    first, second = told(uow, sid="SM1"), told(uow, sid="SM2")
    assert first == second
    verify_payment(uow, first, amount=None, reference=None, by="staff")
    assert told(uow, sid="SM3") == first  # told again after it was verified: still the one report
    assert payments(uow) == [(D("-25000.00"), "UTR1")]


def test_the_same_message_replayed_is_one_report(uow: UnitOfWork) -> None:
    assert told(uow, ref=None, sid="SM1") == told(uow, ref=None, sid="SM1")
    assert told(uow, ref=None, sid="SM2") != told(uow, ref=None, sid="SM1")  # another message, no ref


def test_a_reference_already_booked_from_the_console_is_not_booked_again(uow: UnitOfWork) -> None:
    record_payment(uow, "D201", D("25000"), ref="UTR1")
    pid = told(uow)
    done = verify_payment(uow, pid, amount=None, reference=None, by="staff")
    assert not done.booked and report(uow, pid)[0] == "verified"
    assert payments(uow) == [(D("-25000.00"), "UTR1")]


def test_a_reference_booked_with_another_amount_is_refused_and_the_report_waits(uow: UnitOfWork) -> None:
    record_payment(uow, "D201", D("20000"), ref="UTR1")
    pid = told(uow)
    with pytest.raises(ReferenceConflict, match="UTR1 is already recorded for 20000.00, not 25000.00"):
        verify_payment(uow, pid, amount=None, reference=None, by="staff")
    assert report(uow, pid) == ("awaiting", D("25000.00"), "UTR1", None)
    assert payments(uow) == [(D("-20000.00"), "UTR1")]


def test_rejecting_books_nothing_and_a_rejected_report_is_never_verified(uow: UnitOfWork) -> None:
    pid = told(uow)
    with pytest.raises(ReasonNeeded, match="say why"):
        reject_payment(uow, pid, "  ", by="staff")
    reject_payment(uow, pid, "no such credit in the bank", by="staff")
    reject_payment(uow, pid, "again", by="staff")  # nothing more
    with uow:
        row = uow.session.get(ReportedPayment, pid)
        assert row is not None and (row.status, row.reason) == ("rejected", "no such credit in the bank")
    with pytest.raises(AlreadyDecided, match=f"reported payment {pid} was already rejected by staff"):
        verify_payment(uow, pid, amount=None, reference=None, by="staff")
    assert payments(uow) == [] and balance(uow) == D("50000.00")
    assert told(uow, sid="SM9") != pid  # the same reference told after a rejection is a new report


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        # what each refused call proves
        (
            lambda u: verify_payment(u, 999, amount=None, reference=None, by="s"),
            UnknownReportedPayment,
            "999",
        ),
        (lambda u: reject_payment(u, 999, "x", by="s"), UnknownReportedPayment, "no reported payment 999"),
        (lambda u: verify_payment(u, told(u), amount=D("-5"), reference=None, by="s"), BadAmount, "above 0"),
        (lambda u: verify_payment(u, told(u), amount=D("1.005"), reference=None, by="s"), BadAmount, "two"),
        (
            lambda u: report_payment(
                u, "D999", amount=None, mode=None, reference=None, text="", told_by="", told_at=NOW
            ),
            UnknownDealer,
            "no dealer with code D999",
        ),
    ],
)
def test_a_refused_call_names_what_was_wrong(
    uow: UnitOfWork, call: object, error: type, message: str
) -> None:
    with pytest.raises(error, match=message):
        call(uow)  # type: ignore[operator]
    assert issubclass(error, DomainError) and payments(uow) == []


def test_a_verified_report_cannot_be_rejected(uow: UnitOfWork) -> None:
    pid = told(uow)
    verify_payment(uow, pid, amount=None, reference=None, by="a@example.com")
    with pytest.raises(AlreadyDecided, match="already verified by a@example.com"):
        reject_payment(uow, pid, "wrong", by="b@example.com")
    assert payments(uow) == [(D("-25000.00"), "UTR1")]
