"""Claims: the credit an approved line is worth (pure rules) and the use cases on SQLite and
PostgreSQL: file, approve whole or in part (one credit note, by the claim number), reject."""

from __future__ import annotations

import doctest
from collections.abc import Iterator
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from domain import claims as rules
from domain.claims import ClaimError, LineCredit
from domain.models import Claim, LedgerEntry
from domain.orders import Actor
from domain.quote import LineRequest
from domain.services.claims import (
    ClaimDecided,
    ClaimedGoods,
    approve_claim,
    file_claim,
    latest_delivered,
    reject_claim,
)
from domain.services.ledger import dealer_summary
from domain.services.order_steps import UnknownOrder
from domain.services.orders import confirm_order, dispatch, place_order
from domain.uow import UnitOfWork
from tests.domain.demo_support import demo_factory

D = Decimal
MAGGI = "MAG-MAS-70"  # D01 (tier A) pays 1,070.00 a case; GST 5%
STAFF = "approver@example.com"

BILLED = [
    # (qty approved, billed qty, billed net, GST %, credit) - what each row proves
    (D(1), D(10), D("10700.00"), D(5), LineCredit(D("1070.00"), D("1070.00"), D("53.50"), D("1123.50"))),
    (D(10), D(10), D("10700.00"), D(5), LineCredit(D("1070.00"), D("10700.00"), D("535.00"), D("11235.00"))),
    (D(1), D(3), D("100.00"), None, LineCredit(D("33.33"), D("33.33"), D("0.00"), D("33.33"))),  # no GST
    (D(2), D(3), D("100.00"), D(18), LineCredit(D("33.33"), D("66.67"), D("12.00"), D("78.67"))),  # half up
    (D("0.5"), D(2), D("2000.00"), D(12), LineCredit(D("1000.00"), D("500.00"), D("60.00"), D("560.00"))),
]


@pytest.mark.parametrize(("qty", "billed", "net", "gst", "credit"), BILLED)
def test_an_approved_line_is_credited_at_what_the_order_billed(
    qty: Decimal, billed: Decimal, net: Decimal, gst: Decimal | None, credit: LineCredit
) -> None:
    assert rules.credit_at_billed(qty, billed, net, gst) == credit


AT_RATE = [
    (D(2), D("10.50"), D(18), D("24.78")),  # 21.00 + 3.78
    (D(1), D("1070.00"), D(5), D("1123.50")),
    (D(3), D("99.99"), None, D("299.97")),  # a SKU without GST
]


@pytest.mark.parametrize(("qty", "rate", "gst", "amount"), AT_RATE)
def test_a_line_without_a_billed_order_is_credited_at_the_rate_given(
    qty: Decimal, rate: Decimal, gst: Decimal | None, amount: Decimal
) -> None:
    assert rules.credit_at_rate(qty, rate, gst).amount == amount


REFUSED = [
    (
        lambda: rules.credit_at_billed(D(11), D(10), D(100), None),
        "11 approved is more than the 10 the order billed",
    ),
    (lambda: rules.checked_qty(2, D(3), D(2)), "line 2: 3 approved is more than the 2 claimed"),
    (lambda: rules.checked_qty(1, D(-1), None), "line 1: -1 is not a quantity to approve"),
    (lambda: rules.decided_status([(D(1), D(0))]), "nothing is approved"),
]


@pytest.mark.parametrize(("call", "says"), REFUSED)
def test_a_decision_the_rules_refuse_names_what_was_wrong(call: object, says: str) -> None:
    with pytest.raises(ClaimError, match=says):
        call()  # type: ignore[operator]


STATUSES = [
    ([(D(2), D(2))], "approved"),
    ([(D(2), D(1))], "partly_approved"),
    ([(D(2), D(2)), (D(1), D(0))], "partly_approved"),  # a line turned down
    ([(None, D(4))], "approved"),  # staff filled the quantity the dealer did not say
]


@pytest.mark.parametrize(("lines", "status"), STATUSES)
def test_the_status_says_whether_all_that_was_claimed_was_approved(
    lines: list[tuple[Decimal | None, Decimal]], status: str
) -> None:
    assert rules.decided_status(lines) == status


def test_the_rules_examples_hold() -> None:
    assert doctest.testmod(rules).failed == 0


# --- the use cases ---------------------------------------------------------------------------------------


@pytest.fixture
def factory(db_url: str) -> Iterator[sessionmaker[Session]]:
    yield from demo_factory(db_url)


def delivered_order(factory: sessionmaker[Session], code: str = "D01", cases: int = 10) -> str:
    """An order of Maggi confirmed and dispatched for `code`: its number."""
    placed = place_order(
        UnitOfWork(factory), code, [LineRequest(MAGGI, D(cases), "case")], Actor.dealer(code)
    )
    number = placed.order.number
    confirm_order(UnitOfWork(factory), number, Actor.dealer(code))
    dispatch(UnitOfWork(factory), number, Actor.staff(STAFF))
    return number


def balance(factory: sessionmaker[Session], code: str = "D01") -> Decimal:
    return dealer_summary(UnitOfWork(factory), code).balance


def credit_notes(factory: sessionmaker[Session]) -> list[tuple[str | None, Decimal]]:
    with factory() as s:
        rows = s.scalars(
            sa.select(LedgerEntry).where(LedgerEntry.kind == "credit_note").order_by(LedgerEntry.id)
        )
        return [(r.reference, r.amount) for r in rows]


def test_a_claim_is_filed_open_numbered_and_linked_to_its_order(factory: sessionmaker[Session]) -> None:
    number = delivered_order(factory)
    filed = file_claim(
        UnitOfWork(factory), "D01", "leak", [ClaimedGoods(MAGGI, D(1), "case", "1 peti maggi")], order=number
    )
    second = file_claim(UnitOfWork(factory), "D01", "short", [ClaimedGoods(None, D(3), "box", "3 dabba")])
    assert (filed.number, filed.status, filed.order, second.number, second.order) == (
        "CL-1001",
        "open",
        number,
        "CL-1002",
        None,
    )
    with factory() as s:
        assert latest_delivered(s, filed_dealer_id(s)) is not None
    assert credit_notes(factory) == []  # filing books nothing


def filed_dealer_id(session: Session) -> int:
    return int(session.scalars(sa.select(Claim.dealer_id)).first() or 0)


APPROVALS = [
    # (claimed, approved, status, credit) on 10 cases billed at 1,070.00 + 5% GST
    (D(1), D(1), "approved", D("1123.50")),
    (D(3), D(1), "partly_approved", D("1123.50")),
    (D(3), D(3), "approved", D("3370.50")),
]


@pytest.mark.parametrize(("claimed", "approved", "status", "credit"), APPROVALS)
def test_approving_books_one_credit_note_at_the_billed_rate_and_lowers_the_balance(
    factory: sessionmaker[Session], claimed: Decimal, approved: Decimal, status: str, credit: Decimal
) -> None:
    number = delivered_order(factory)
    filed = file_claim(
        UnitOfWork(factory), "D01", "damaged", [ClaimedGoods(MAGGI, claimed, "case")], order=number
    )
    before = balance(factory)
    done = approve_claim(UnitOfWork(factory), filed.id, {filed.lines[0].id: approved}, STAFF)
    assert (done.claim.status, done.credit, done.balance) == (status, credit, before - credit)
    assert credit_notes(factory) == [("CL-1001", -credit)]
    assert done.claim.lines[0].approved_qty == approved and done.claim.lines[0].rate == D("1070.00")


def test_a_decided_claim_is_not_decided_again_and_the_credit_note_stays_one(
    factory: sessionmaker[Session],
) -> None:
    filed = file_claim(
        UnitOfWork(factory),
        "D01",
        "damaged",
        [ClaimedGoods(MAGGI, D(1), "case")],
        order=delivered_order(factory),
    )
    approve_claim(UnitOfWork(factory), filed.id, {filed.lines[0].id: D(1)}, STAFF)
    with pytest.raises(ClaimDecided, match="claim CL-1001 was already decided \\(approved\\)"):
        approve_claim(UnitOfWork(factory), filed.id, {filed.lines[0].id: D(1)}, STAFF)
    with pytest.raises(ClaimDecided):
        reject_claim(UnitOfWork(factory), filed.id, "late", STAFF)
    assert len(credit_notes(factory)) == 1


def test_a_rejected_claim_books_nothing(factory: sessionmaker[Session]) -> None:
    filed = file_claim(UnitOfWork(factory), "D01", "expired", [ClaimedGoods(MAGGI, D(2), "case")])
    before = balance(factory)
    done = reject_claim(UnitOfWork(factory), filed.id, "the date on the pack is next year", STAFF)
    assert (done.status, done.decision_note, done.decided_by) == (
        "rejected",
        "the date on the pack is next year",
        STAFF,
    )
    assert credit_notes(factory) == [] and balance(factory) == before
    with pytest.raises(ClaimError, match="rejected with its reason"):
        reject_claim(UnitOfWork(factory), filed.id, "  ", STAFF)


def test_a_line_the_reader_did_not_know_is_priced_once_staff_choose_its_product(
    factory: sessionmaker[Session],
) -> None:
    filed = file_claim(UnitOfWork(factory), "D01", "leak", [ClaimedGoods(None, D(1), "case", "1 peti tel")])
    line = filed.lines[0].id
    with pytest.raises(ClaimError, match="line 1: choose the product before approving it"):
        approve_claim(UnitOfWork(factory), filed.id, {line: D(1)}, STAFF)
    done = approve_claim(UnitOfWork(factory), filed.id, {line: D(1)}, STAFF, skus={line: MAGGI})
    assert (done.claim.lines[0].sku, done.credit) == (MAGGI, D("1123.50"))  # his price today, with GST


def test_a_claim_on_another_dealers_order_is_not_found_and_nothing_is_stored(
    factory: sessionmaker[Session],
) -> None:
    theirs = delivered_order(factory, "D02", 2)
    with pytest.raises(UnknownOrder, match=f"no order {theirs}"):
        file_claim(UnitOfWork(factory), "D01", "damaged", [ClaimedGoods(MAGGI, D(1), "case")], order=theirs)
    with factory() as s:
        assert s.scalars(sa.select(Claim)).all() == []


def test_approving_more_than_claimed_is_refused_and_books_nothing(factory: sessionmaker[Session]) -> None:
    filed = file_claim(UnitOfWork(factory), "D01", "damaged", [ClaimedGoods(MAGGI, D(1), "case")])
    with pytest.raises(ClaimError, match="line 1: 2 approved is more than the 1 claimed"):
        approve_claim(UnitOfWork(factory), filed.id, {filed.lines[0].id: D(2)}, STAFF)
    assert credit_notes(factory) == []
    with factory() as s:
        assert s.scalars(sa.select(Claim.status)).one() == "open"
