"""Dealers: a payment recorded once per reference, acknowledged with the new balance; reminders; strangers."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from domain.models import AuditLog, Dealer, LedgerEntry, ReviewItem, UnknownSender
from tests.bot.console.conftest import Console

D01_PHONE = "+919000000101"
STRANGER = "+919000000555"


def balance_on_page(console: Console, client: object) -> str:
    page = client.get("/console/dealers/D01").get_data(as_text=True)  # type: ignore[attr-defined]
    found = re.search(r'id="balance">([^<]+)<', page)
    assert found
    return found.group(1)


def pay(console: Console, client: object, amount: str, ref: str) -> str:
    response = console.post(
        client,
        "/console/dealers/D01/payments",  # type: ignore[arg-type]
        {"amount": amount, "reference": ref, "date": "2026-11-20"},
        follow_redirects=True,
    )
    return str(response.get_data(as_text=True))


def test_a_payment_changes_the_balance_and_the_dealer_is_told_his_new_balance(console: Console) -> None:
    approver = console.client("approver")
    assert balance_on_page(console, approver) == "₹42,350.00"
    pay(console, approver, "12,350", "UTR-001")
    assert balance_on_page(console, approver) == "₹30,000.00"
    [told] = console.sender.bodies(D01_PHONE)
    assert "₹12,350.00" in told and "₹30,000.00" in told and "UTR-001" in told
    with console.session() as s:
        audit = s.scalars(sa.select(AuditLog).where(AuditLog.action == "payment.record")).one()
        assert (audit.who, audit.target, audit.after["balance"]) == (
            "approver@example.com",
            "D01 UTR-001",
            "30000.00",
        )


@pytest.mark.parametrize(
    ("second_amount", "entries", "messages", "says"),
    [
        ("5000", 1, 1, "already recorded"),  # the same payment entered twice: recorded and told once
        ("5000.00", 1, 1, "already recorded"),  # written another way, still the same amount
        ("6000", 1, 1, "already recorded for 5000.00, not 6000"),  # same reference, other amount: refused
    ],
)
def test_a_payment_is_recorded_once_per_reference(
    console: Console, second_amount: str, entries: int, messages: int, says: str
) -> None:
    approver = console.client("approver")
    pay(console, approver, "5000", "CHQ-77")
    page = pay(console, approver, second_amount, "CHQ-77")
    assert says in page
    with console.session() as s:
        count = s.scalar(sa.select(sa.func.count()).where(LedgerEntry.reference == "CHQ-77"))
    assert count == entries
    assert len(console.sender.bodies(D01_PHONE)) == messages
    assert balance_on_page(console, approver) == "₹37,350.00"


@pytest.mark.parametrize(
    ("amount", "ref", "says"),
    [
        ("", "R1", "must be rupees above 0"),  # no amount
        ("-5", "R1", "must be rupees above 0"),  # a negative one
        ("12.345", "R1", "at most two decimals"),  # a fraction of a paisa
        ("abc", "R1", "must be rupees above 0"),
        ("100", "", "needs its reference"),  # no reference: it could not be kept from counting twice
    ],
)
def test_a_bad_payment_is_refused_with_the_reason(console: Console, amount: str, ref: str, says: str) -> None:
    page = pay(console, console.client("approver"), amount, ref)
    assert says in page
    with console.session() as s:
        assert s.scalar(sa.select(sa.func.count()).where(LedgerEntry.kind == "payment")) == 0
    assert console.sender.sent == []


def test_reminders_are_paused_and_resumed_per_dealer(console: Console) -> None:
    approver = console.client("approver")
    console.post(approver, "/console/dealers/D01/reminders", {"paused": "1"})
    assert console.dealer("D01").reminders_paused and not console.dealer("D02").reminders_paused
    console.post(approver, "/console/dealers/D01/reminders", {"paused": "0"})
    assert not console.dealer("D01").reminders_paused


def stranger(console: Console) -> int:
    with console.session() as s, s.begin():
        row = UnknownSender(
            phone=STRANGER,
            count=2,
            last_text="mujhe bhi maal chahiye",
            first_seen=datetime.now(UTC),
            last_seen=datetime.now(UTC),
        )
        s.add(row)
        s.add(ReviewItem(kind="unknown_sender", phone=STRANGER, message_text="mujhe bhi maal chahiye"))
        s.flush()
        return row.id


def test_an_unknown_number_is_added_as_a_dealer_in_one_click(console: Console) -> None:
    sender_id = stranger(console)
    admin = console.client("admin")
    page = admin.get("/console/unknown").get_data(as_text=True)
    assert STRANGER in page and 'name="code" value="D11"' in page and 'name="credit_limit" value="0"' in page
    response = console.post(
        admin,
        f"/console/unknown/{sender_id}/dealer",
        {"code": "D11", "name": "Naya Kirana", "town": "Nagpur", "credit_limit": "0"},
    )
    assert response.headers["Location"] == "/console/dealers/D11"
    with console.session() as s:
        dealer = s.scalars(sa.select(Dealer).where(Dealer.code == "D11")).one()
        assert (dealer.phone, dealer.name, dealer.credit_limit) == (STRANGER, "Naya Kirana", 0)
        assert s.scalar(sa.select(ReviewItem.status).where(ReviewItem.kind == "unknown_sender")) == "done"
    assert "Naya Kirana" in console.sender.bodies(STRANGER)[0]
    assert STRANGER not in admin.get("/console/unknown").get_data(as_text=True)  # no longer unknown


def test_a_dealer_code_in_use_is_refused_by_name(console: Console) -> None:
    sender_id = stranger(console)
    admin = console.client("admin")
    response = console.post(
        admin,
        f"/console/unknown/{sender_id}/dealer",
        {"code": "d01", "name": "X", "credit_limit": "0"},
        follow_redirects=True,
    )
    assert "dealer code D01 is already used" in response.get_data(as_text=True)
