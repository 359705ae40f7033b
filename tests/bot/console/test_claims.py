"""The claims queue: open claims listed with the dealer's words escaped; approving (whole or in part)
books one credit note and tells the dealer his credit and new balance; rejecting books nothing and
tells him why; approvers only, with the form's CSRF token; every decision an audit row."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from domain.models import AuditLog, Claim, Dealer, LedgerEntry
from domain.orders import Actor
from domain.quote import LineRequest
from domain.services.claims import ClaimedGoods, ClaimView, file_claim
from domain.services.orders import confirm_order, dispatch, place_order
from domain.uow import UnitOfWork
from tests.bot.console.conftest import Console

D01_PHONE = "+919000000101"
MAGGI = "MAG-MAS-70"  # D01 pays 1,070.00 a case, GST 5%
TOLD = "SO-1001 me <b>3 peti</b> maggi damage aaye <script>alert(1)</script>"


def claim(
    console: Console, qty: Decimal | None = Decimal(3), sku: str | None = MAGGI, order: bool = True
) -> ClaimView:
    """A claim of D01 on a dispatched order of 10 cases of Maggi (SO-1001)."""
    work = lambda: UnitOfWork(console.app.extensions["orderbot"].sessions)  # noqa: E731
    number = None
    if order:
        placed = place_order(work(), "D01", [LineRequest(MAGGI, Decimal(10), "case")], Actor.dealer("D01"))
        number = placed.order.number
        confirm_order(work(), number, Actor.dealer("D01"))
        dispatch(work(), number, Actor.staff("ops@example.com"))
    return file_claim(
        work(), "D01", "damaged", [ClaimedGoods(sku, qty, "case", "3 peti maggi")], order=number, text=TOLD
    )


def credit_notes(console: Console) -> list[tuple[str | None, Decimal]]:
    with console.session() as s:
        rows = s.scalars(sa.select(LedgerEntry).where(LedgerEntry.kind == "credit_note"))
        return [(r.reference, r.amount) for r in rows]


def test_the_queue_lists_open_claims_with_the_dealers_words_escaped(console: Console) -> None:
    filed = claim(console)
    for role in ("ops", "approver"):
        page = console.client(role).get("/console/claims").get_data(as_text=True)
        assert filed.number in page and "Shree Ganesh Kirana" in page and "SO-1001" in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
        assert "<b>3 peti</b>" not in page
    detail = console.client("approver").get(f"/console/claims/{filed.id}").get_data(as_text=True)
    assert "&lt;script&gt;" in detail and "<script>alert" not in detail
    assert f'name="qty-{filed.lines[0].id}" value="3"' in detail


@pytest.mark.parametrize(
    ("form", "status", "credit"),
    [
        ({"qty-{line}": "1"}, "partly_approved", Decimal("1123.50")),  # 1 of 3 cases: 1,070 + 5% GST
        ({"whole": "1"}, "approved", Decimal("3370.50")),  # every line at what was claimed
    ],
)
def test_approving_books_the_credit_note_once_and_tells_the_dealer_his_new_balance(
    console: Console, form: dict[str, str], status: str, credit: Decimal
) -> None:
    filed = claim(console)
    approver = console.client("approver")
    data = {k.format(line=filed.lines[0].id): v for k, v in form.items()}
    page = console.post(approver, f"/console/claims/{filed.id}/approve", data, follow_redirects=True)
    assert f"{filed.number} approved" in page.get_data(as_text=True)
    assert credit_notes(console) == [(filed.number, -credit)]
    [told] = console.sender.bodies(D01_PHONE)
    assert filed.number in told and f"₹{credit:,}" in told and "You owe" in told
    with console.session() as s:
        assert s.scalars(sa.select(Claim.status)).one() == status
        audit = s.scalars(sa.select(AuditLog).where(AuditLog.action == "claim.approve")).one()
        assert (audit.who, audit.target, (audit.after or {}).get("credit")) == (
            "approver@example.com",
            filed.number,
            f"{credit}",
        )
    again = console.post(approver, f"/console/claims/{filed.id}/approve", data, follow_redirects=True)
    assert "already decided" in again.get_data(as_text=True)
    assert len(credit_notes(console)) == 1 and len(console.sender.bodies(D01_PHONE)) == 1


def test_a_product_the_reader_did_not_know_is_chosen_when_approving(console: Console) -> None:
    filed = claim(console, qty=Decimal(1), sku=None, order=False)
    line = filed.lines[0].id
    approver = console.client("approver")
    page = console.post(
        approver, f"/console/claims/{filed.id}/approve", {f"qty-{line}": "1"}, follow_redirects=True
    )
    assert "choose the product" in page.get_data(as_text=True) and credit_notes(console) == []
    console.post(approver, f"/console/claims/{filed.id}/approve", {f"qty-{line}": "1", f"sku-{line}": MAGGI})
    assert credit_notes(console) == [(filed.number, Decimal("-1123.50"))]  # his price today, with GST


def test_rejecting_books_nothing_and_tells_the_dealer_why(console: Console) -> None:
    filed = claim(console)
    approver = console.client("approver")
    refused = console.post(
        approver, f"/console/claims/{filed.id}/reject", {"reason": ""}, follow_redirects=True
    )
    assert "Write why" in refused.get_data(as_text=True) and console.sender.sent == []
    console.post(
        approver, f"/console/claims/{filed.id}/reject", {"reason": "the cases were sealed on delivery"}
    )
    [told] = console.sender.bodies(D01_PHONE)
    assert filed.number in told and "the cases were sealed on delivery" in told
    assert credit_notes(console) == []
    with console.session() as s:
        assert s.scalars(sa.select(Claim.status)).one() == "rejected"
        assert s.scalars(sa.select(AuditLog.action).where(AuditLog.target == filed.number)).all() == [
            "claim.reject"
        ]


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_an_ops_user_or_a_form_without_its_token_decides_nothing(console: Console, action: str) -> None:
    filed = claim(console)
    data = {f"qty-{filed.lines[0].id}": "1", "reason": "no"}
    ops = console.client("ops")
    assert console.post(ops, f"/console/claims/{filed.id}/{action}", data).status_code == 403
    approver = console.client("approver")
    assert (
        approver.post(f"/console/claims/{filed.id}/{action}", data=data).status_code == 400
    )  # no CSRF token
    assert credit_notes(console) == [] and console.sender.sent == []
    with console.session() as s:
        assert s.scalars(sa.select(Claim.status)).one() == "open"


def test_an_unknown_claim_is_not_found(console: Console) -> None:
    approver = console.client("approver")
    assert approver.get("/console/claims/999").status_code == 404
    assert console.post(approver, "/console/claims/999/reject", {"reason": "x"}).status_code == 404


def test_the_dealer_page_lists_his_open_claims_and_the_reports_count_claims_with_their_csv(
    console: Console,
) -> None:
    filed = claim(console)
    approver = console.client("approver")
    page = approver.get("/console/dealers/D01").get_data(as_text=True)
    assert f'/console/claims/{filed.id}">{filed.number}</a>' in page
    console.post(approver, f"/console/claims/{filed.id}/approve", {f"qty-{filed.lines[0].id}": "1"})
    assert (
        filed.number
        not in approver.get("/console/dealers/D01").get_data(as_text=True).split("Open claims")[1][:400]
    )
    report = approver.get("/console/reports").get_data(as_text=True)
    assert "<td>partly approved</td><td>damaged</td>" in report and "₹1,123.50" in report
    csv = approver.get("/console/reports/claims.csv").get_data(as_text=True)
    assert csv.splitlines()[:2] == [
        "\ufeffstatus,reason,claims,dealers,credit",
        "partly_approved,damaged,1,1,1123.50",
    ]


@pytest.mark.parametrize(
    ("action", "form", "says", "status"),
    [
        (
            "approve",
            {"whole": "1"},
            ["✅ क्लेम *CL-1001* मंज़ूर: *₹3,370.50* का क्रेडिट नोट।", "आपका बकाया"],
            "approved",
        ),
        (
            "reject",
            {"reason": "sealed on delivery"},
            ["❌ क्लेम *CL-1001* मंज़ूर नहीं हुआ: sealed on delivery।"],
            "rejected",
        ),
    ],
)
def test_the_dealer_is_told_in_his_own_language(
    console: Console, action: str, form: dict[str, str], says: list[str], status: str
) -> None:
    """A dealer who chose Hindi reads the approver's decision in Hindi; the reason stays as staff wrote it."""
    with console.session() as s, s.begin():
        s.execute(sa.update(Dealer).where(Dealer.code == "D01").values(language="hi"))
    filed = claim(console)
    console.post(console.client("approver"), f"/console/claims/{filed.id}/{action}", form)
    [told] = console.sender.bodies(D01_PHONE)
    assert all(words in told for words in says), told
    with console.session() as s:
        assert s.scalars(sa.select(Claim.status)).one() == status
