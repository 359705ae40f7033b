"""/console/payments: payments told on WhatsApp, listed for the approver, verified (booked once, the dealer
told his new balance) or rejected (the dealer told why); roles, CSRF and the dealer's text escaped."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from domain.models import AuditLog, Dealer, LedgerEntry, ReportedPayment
from domain.services.reported_payments import report_payment
from tests.bot.console.conftest import Console

D01_PHONE = "+919000000101"
REP = "+919000000901"
NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


def told(
    console: Console,
    text: str = "payment kar diya 25000 gpay se UTR 447100112233",
    amount: str | None = "25000",
    ref: str = "447100112233",
    code: str = "D01",
    by: str = D01_PHONE,
) -> int:
    with console.session() as s, s.begin():
        done = report_payment(
            s,
            code,
            amount=Decimal(amount) if amount else None,
            mode="gpay",
            reference=ref,
            text=text,
            told_by=by,
            told_at=NOW,
        )
        return done.payment.id


def payments_booked(console: Console) -> list[tuple[Decimal, str | None]]:
    with console.session() as s:
        rows = s.scalars(sa.select(LedgerEntry).where(LedgerEntry.kind == "payment").order_by(LedgerEntry.id))
        return [(r.amount, r.reference) for r in rows]


def status(console: Console, payment_id: int) -> tuple[str, Decimal | None, str]:
    with console.session() as s:
        row = s.get(ReportedPayment, payment_id)
        assert row is not None
        return row.status, row.amount, row.reference


def post(console: Console, client: FlaskClient, url: str, data: dict[str, str]) -> str:
    return str(console.post(client, url, data, follow_redirects=True).get_data(as_text=True))


def test_the_page_lists_what_awaits_verification_with_who_told_it(console: Console) -> None:
    first = told(console)
    second = told(console, "Laxmi ka 5000 cash diya", "5000", "", code="D03", by=REP)
    page = console.client("approver").get("/console/payments").get_data(as_text=True)
    assert "2 awaiting verification" in page
    assert f'id="payment-{first}"' in page and f'id="payment-{second}"' in page
    assert "₹25,000.00" in page and "447100112233" in page and "by the dealer" in page
    assert "Laxmi Provision Stores" in page and "by field rep +91******0901" in page and REP not in page
    assert "payment kar diya 25000 gpay se UTR 447100112233" in page


def test_verifying_books_the_payment_tells_the_dealer_and_is_audited(console: Console) -> None:
    pid = told(console)
    approver = console.client("approver")
    page = post(console, approver, f"/console/payments/{pid}/verify", {"amount": "25000.00", "reference": ""})
    assert "Verified and booked" in page and "balance now ₹17,350.00" in page
    assert payments_booked(console) == [(Decimal("-25000.00"), "447100112233")]
    assert status(console, pid) == ("verified", Decimal("25000.00"), "447100112233")
    [message] = console.sender.bodies(D01_PHONE)
    assert "₹25,000.00" in message and "verified" in message and "₹17,350.00" in message
    with console.session() as s:
        audit = s.scalars(sa.select(AuditLog).where(AuditLog.action == "payment.verify")).one()
        assert audit.after is not None and audit.before == {
            "status": "awaiting",
            "amount": "25000.00",
            "reference": "447100112233",
        }
        assert (audit.who, audit.target, audit.after["balance"]) == (
            "approver@example.com",
            f"reported {pid}",
            "17350.00",
        )
    again = post(console, approver, f"/console/payments/{pid}/verify", {"amount": "25000"})
    assert "already verified" in again
    assert len(payments_booked(console)) == 1 and len(console.sender.bodies(D01_PHONE)) == 1


def test_staff_correct_the_amount_and_reference_told(console: Console) -> None:
    pid = told(console, "cheque de diya", amount=None, ref="")
    approver = console.client("approver")
    page = post(console, approver, f"/console/payments/{pid}/verify", {"amount": "", "reference": ""})
    assert "told without an amount" in page and payments_booked(console) == []
    post(
        console, approver, f"/console/payments/{pid}/verify", {"amount": "12,000", "reference": "CHQ 004512"}
    )
    assert payments_booked(console) == [(Decimal("-12000.00"), "CHQ 004512")]
    assert status(console, pid) == ("verified", Decimal("12000.00"), "CHQ 004512")


@pytest.mark.parametrize(
    ("amount", "says"),
    [
        ("-5", "must be rupees above 0"),  # a negative amount
        ("12.345", "at most two decimals"),  # a fraction of a paisa
        ("abc", "must be rupees above 0"),  # not a number
    ],
)
def test_a_wrong_amount_books_nothing(console: Console, amount: str, says: str) -> None:
    pid = told(console)
    page = post(console, console.client("approver"), f"/console/payments/{pid}/verify", {"amount": amount})
    assert says in page and payments_booked(console) == [] and status(console, pid)[0] == "awaiting"


def test_a_reference_booked_with_another_amount_is_refused(console: Console) -> None:
    approver = console.client("approver")
    console.post(approver, "/console/dealers/D01/payments", {"amount": "20000", "reference": "447100112233"})
    pid = told(console)
    page = post(console, approver, f"/console/payments/{pid}/verify", {"amount": "25000"})
    assert "Not verified" in page and "already recorded for 20000.00, not 25000" in page
    assert status(console, pid)[0] == "awaiting" and len(payments_booked(console)) == 1


def test_rejecting_books_nothing_and_tells_the_dealer_why(console: Console) -> None:
    pid = told(console)
    approver = console.client("approver")
    page = post(console, approver, f"/console/payments/{pid}/reject", {"reason": ""})
    assert "say why" in page and status(console, pid)[0] == "awaiting"
    post(console, approver, f"/console/payments/{pid}/reject", {"reason": "not in our bank statement"})
    post(console, approver, f"/console/payments/{pid}/reject", {"reason": "again"})
    assert status(console, pid)[0] == "rejected" and payments_booked(console) == []
    [message] = console.sender.bodies(D01_PHONE)
    assert "could not verify" in message and "not in our bank statement" in message
    with console.session() as s:
        assert s.scalar(sa.select(sa.func.count()).where(AuditLog.action == "payment.reject")) == 1
    page = approver.get("/console/payments").get_data(as_text=True)
    assert f'id="decided-{pid}"' in page and "rejected: not in our bank statement" in page


@pytest.mark.parametrize(
    ("role", "code"),
    [
        (None, 302),  # not logged in: sent to the login page
        ("ops", 403),  # ops do not record payments
    ],
)
def test_only_those_who_record_payments_may_see_or_decide(
    console: Console, role: str | None, code: int
) -> None:
    pid = told(console)
    client = console.client(role)
    assert client.get("/console/payments").status_code == code
    for action, data in (("verify", {"amount": "25000"}), ("reject", {"reason": "no"})):
        assert console.post(client, f"/console/payments/{pid}/{action}", data).status_code == code
    assert status(console, pid)[0] == "awaiting" and payments_booked(console) == []


@pytest.mark.parametrize("role", ["approver", "admin"])
def test_a_form_without_the_csrf_token_is_refused(console: Console, role: str) -> None:
    pid = told(console)
    client = console.client(role)
    response: Any = client.post(f"/console/payments/{pid}/verify", data={"amount": "25000"})
    assert response.status_code == 400
    assert status(console, pid)[0] == "awaiting" and payments_booked(console) == []


def test_the_dealers_text_is_escaped(console: Console) -> None:
    told(console, '<script>alert("x")</script> payment kar diya 5000', "5000", "")
    page = console.client("approver").get("/console/payments").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page


def test_the_menu_shows_payments_to_approvers_only(console: Console) -> None:
    link = re.compile(r'<a href="/console/payments"')
    assert link.search(console.client("approver").get("/console/orders").get_data(as_text=True))
    assert not link.search(console.client("ops").get("/console/orders").get_data(as_text=True))


def test_the_dealer_page_shows_his_payments_awaiting_verification(console: Console) -> None:
    pid = told(console)
    approver = console.client("approver")
    page = approver.get("/console/dealers/D01").get_data(as_text=True)
    told_table = page[page.index('id="told-payments"') :]
    assert f"#payment-{pid}" in told_table and "447100112233" in told_table
    assert "₹42,350.00" in page  # the balance is as before: nothing booked yet
    post(console, approver, f"/console/payments/{pid}/verify", {"amount": "25000"})
    page = approver.get("/console/dealers/D01").get_data(as_text=True)
    assert f"#payment-{pid}" not in page


def speaks(console: Console, code: str, language: str) -> None:
    with console.session() as s, s.begin():
        s.execute(sa.update(Dealer).where(Dealer.code == code).values(language=language))


@pytest.mark.parametrize(
    ("action", "form", "says", "status_after"),
    [
        (
            "verify",
            {"amount": "25000"},
            ["✅ आपका *₹25,000.00* का भुगतान (रेफ 447100112233)", "आपका बकाया ₹17,350.00"],
            "verified",
        ),
        (
            "reject",
            {"reason": "not in our bank statement"},
            ["वेरिफ़ाई नहीं हो पाया: not in our bank statement", "हमें कॉल करें"],
            "rejected",
        ),
    ],
)
def test_the_dealer_is_told_in_his_own_language(
    console: Console, action: str, form: dict[str, str], says: list[str], status_after: str
) -> None:
    """A dealer who chose Hindi reads the approver's answer in Hindi; the reason stays as staff wrote it."""
    speaks(console, "D01", "hi")
    pid = told(console)
    post(console, console.client("approver"), f"/console/payments/{pid}/{action}", form)
    [message] = console.sender.bodies(D01_PHONE)
    assert all(words in message for words in says), message
    assert status(console, pid)[0] == status_after


def test_the_same_amount_told_twice_without_references_is_flagged_before_a_second_booking(
    console: Console,
) -> None:
    """'25000 gpay kiya' then 'gpay kar diya 25k': a new user verified both and the ledger got two."""
    first = told(console, "25000 gpay kiya", "25000", "")
    second = told(console, "gpay kar diya 25k", "25000", "")
    other_ref = told(console, "25000 neft UTR 998877", "25000", "998877")  # another payment, said so
    page = console.client("approver").get("/console/payments").get_data(as_text=True)
    assert page.count("Maybe told twice") == 6  # each of the three beside the two others
    assert f'data-alike="{first}"' in page and f'data-alike="{second}"' in page
    assert f'data-alike="{other_ref}"' in page  # a reference beside a report without one: may be it
    told(console, "cash diya 5000", "5000", "")  # another amount: nothing flagged for it
    assert console.client("approver").get("/console/payments").get_data(as_text=True).count("Maybe told") == 6
