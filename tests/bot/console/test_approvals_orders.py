"""Approvals decide credit holds, the dealer told; orders move one at a time or in bulk, each move sent."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from bot.conversation.ordering import Line
from domain.models import AuditLog, LedgerEntry, Order, ReviewItem
from domain.orders import Actor
from domain.quote import LineRequest
from domain.services.orders import approve_order, cancel_order, confirm_order, place_order
from domain.uow import UnitOfWork
from tests.bot.console.conftest import Console

D01_PHONE, D03_PHONE, REP_PHONE = "+919000000101", "+919000000103", "+919000000901"


def state(console: Console, number: str) -> str:
    with console.session() as s:
        return str(s.scalar(sa.select(Order.state).where(Order.number == number)))


def test_the_approvals_page_shows_exposure_limit_ageing_and_history(console: Console) -> None:
    number, _ = console.credit_hold()
    page = console.client("approver").get("/console/approvals").get_data(as_text=True)
    for shown in (
        number,
        "Exposure",
        "₹1,00,000.00",
        "0-30 days",
        "90+ days",
        "On credit hold, waiting for an approver",
        "Recent orders",
    ):
        assert shown in page, shown


@pytest.mark.parametrize(
    ("action", "note", "final", "item_status", "told"),
    [
        ("approve", "", "approved", "done", "approved"),  # let through: the dealer hears it is approved
        ("approve", "paid by cheque", "approved", "done", "paid by cheque"),  # the note goes with it
        ("reject", "clear the 90-day dues first", "cancelled", "rejected", "clear the 90-day dues first"),
    ],
)
def test_an_approver_decides_a_credit_hold_and_the_dealer_is_told(
    console: Console, action: str, note: str, final: str, item_status: str, told: str
) -> None:
    number, item = console.credit_hold()
    approver = console.client("approver")
    response = console.post(approver, f"/console/approvals/{item}/{action}", {"note": note})
    assert response.status_code == 302
    assert state(console, number) == final
    with console.session() as s:
        row = s.get(ReviewItem, item)
        assert row is not None and row.status == item_status
        audit = s.scalars(sa.select(AuditLog).where(AuditLog.action == f"approval.{action}")).one()
        assert (audit.who, audit.target) == ("approver@example.com", number)
        assert audit.before == {"status": "open", "order_state": "on_hold"}
    [message] = console.sender.bodies(D03_PHONE)
    assert number in message and told in message


def test_rejecting_a_hold_needs_a_note_and_deciding_twice_does_nothing(console: Console) -> None:
    number, item = console.credit_hold()
    approver = console.client("approver")
    console.post(approver, f"/console/approvals/{item}/reject", {"note": ""})
    assert state(console, number) == "on_hold" and console.sender.sent == []
    console.post(approver, f"/console/approvals/{item}/approve", {})
    console.post(approver, f"/console/approvals/{item}/reject", {"note": "too late"})
    assert state(console, number) == "approved"
    assert len(console.sender.bodies(D03_PHONE)) == 1


def approved_order(console: Console, code: str = "D01") -> str:
    factory = console.app.extensions["orderbot"].sessions
    placed = place_order(
        UnitOfWork(factory), code, [LineRequest("MAG-MAS-70", Decimal(2), "case")], Actor.dealer(code)
    )
    confirm_order(UnitOfWork(factory), placed.order.number, Actor.dealer(code))
    approve_order(UnitOfWork(factory), placed.order.number, Actor.staff("boss"))
    return placed.order.number


def move(console: Console, numbers: list[str], to: str, reason: str = "") -> None:
    ops = console.client("ops")
    ops.post(
        "/console/orders/move",
        data={"number": numbers, "to": to, "reason": reason, "csrf_token": console.token(ops)},
    )


def test_orders_move_in_bulk_along_dispatch_delivery_and_invoice(console: Console) -> None:
    numbers = [approved_order(console), approved_order(console)]
    for step in ("dispatched", "delivered", "invoiced"):
        move(console, numbers, step)
        assert [state(console, n) for n in numbers] == [step, step]
    with console.session() as s:
        assert s.scalar(sa.select(sa.func.count()).where(LedgerEntry.kind == "invoice")) == 2
        assert s.scalar(sa.select(sa.func.count()).where(AuditLog.action.startswith("order."))) == 6
    sent = console.sender.bodies(D01_PHONE)
    assert len(sent) == 4  # dispatched and invoiced, per order; "delivered" he knows already
    assert all(any(n in m for m in sent) for n in numbers)


def test_an_order_that_cannot_move_is_named_and_the_others_still_move(console: Console) -> None:
    good = approved_order(console)
    number, _ = console.credit_hold()  # on hold: may not be dispatched
    ops = console.client("ops")
    response = ops.post(
        "/console/orders/move",
        data={"number": [number, good], "to": "dispatched", "csrf_token": console.token(ops)},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert f"Not moved: {number}: order {number} cannot go from on_hold to dispatched" in page
    assert (state(console, number), state(console, good)) == ("on_hold", "dispatched")


def test_a_cancellation_needs_a_reason_which_the_dealer_is_sent(console: Console) -> None:
    number = approved_order(console)
    move(console, [number], "cancelled")
    assert state(console, number) == "approved"
    move(console, [number], "cancelled", "out of stock till Diwali")
    assert state(console, number) == "cancelled"
    assert "out of stock till Diwali" in console.sender.bodies(D01_PHONE)[-1]


@pytest.mark.parametrize(
    ("query", "shows_d01", "shows_d03"),
    [
        ("", True, True),  # no filter: every order
        ("?state=on_hold", False, True),  # by state
        ("?dealer=D01", True, False),  # by dealer code
        ("?dealer=laxmi", False, True),  # by part of the dealer's name
        ("?town=Nagpur", True, True),  # by town (both are in Nagpur)
        ("?town=Wardha", False, False),
        ("?from=2000-01-01&to=2000-01-31", False, False),  # by date
    ],
)
def test_orders_filter_by_state_dealer_town_and_date(
    console: Console, query: str, shows_d01: bool, shows_d03: bool
) -> None:
    d01 = approved_order(console)
    d03, _ = console.credit_hold()
    page = console.client("ops").get(f"/console/orders{query}").get_data(as_text=True)
    assert (f">{d01}</a>" in page, f">{d03}</a>" in page) == (shows_d01, shows_d03)


def price_exception(console: Console, code: str = "D01", cases: int = 2) -> tuple[str, int, Decimal]:
    """A dealer's order with a rate asked ₹100 under the list, confirmed: its number, its
    price-exception review item and the list price."""
    factory = console.app.extensions["orderbot"].sessions
    first = place_order(
        UnitOfWork(factory), code, [LineRequest("MAG-MAS-70", Decimal(1), "case")], Actor.dealer(code)
    )
    cancel_order(UnitOfWork(factory), first.order.number, Actor.dealer(code), "only to read the price")
    price = first.order.lines[0].unit_price
    asked = Line("MAG-MAS-70", Decimal(cases), "case", f"maggi {cases} cs @{price - 100}", price - 100)
    placed = place_order(UnitOfWork(factory), code, [asked], Actor.dealer(code))
    done = confirm_order(UnitOfWork(factory), placed.order.number, Actor.dealer(code))
    assert done.price_asked and done.order.state.value == "on_hold"
    with console.session() as s:
        item = s.scalar(
            sa.select(ReviewItem.id).where(
                ReviewItem.kind == "price_exception",
                ReviewItem.order_id
                == sa.select(Order.id).where(Order.number == placed.order.number).scalar_subquery(),
            )
        )
    assert item is not None
    return placed.order.number, item, price


def unit_price(console: Console, number: str) -> Decimal:
    with console.session() as s:
        order = s.scalars(sa.select(Order).where(Order.number == number)).one()
        return order.lines[0].unit_price


@pytest.mark.parametrize(
    ("action", "final", "told"),
    [
        ("approve", "approved", "special price"),  # approved: the order goes on, the dealer told
        ("reject", "cancelled", "not approved"),  # rejected: the order is cancelled with the note
    ],
)
def test_a_price_exception_is_decided_and_the_dealer_told(
    console: Console, action: str, final: str, told: str
) -> None:
    number, item, price = price_exception(console)
    page = console.client("approver").get("/console/approvals").get_data(as_text=True)
    assert number in page and f'name="price-1" value="{price - 100}"' in page  # the asked rate, prefilled
    console.post(
        console.client("approver"), f"/console/approvals/{item}/{action}", {"note": "list price only"}
    )
    assert state(console, number) == final
    with console.session() as s:
        assert s.scalar(sa.select(ReviewItem.status).where(ReviewItem.id == item)) in ("done", "rejected")
    assert told in console.sender.bodies(D01_PHONE)[-1]
    assert unit_price(console, number) == (price - 100 if action == "approve" else price)


def test_an_approver_grants_another_price_but_not_one_above_list(console: Console) -> None:
    number, item, price = price_exception(console)
    approver = console.client("approver")
    rows = (
        (str(price + 1), "above the list price"),
        ("12,0x", "is not an amount"),
        ("9" * 400, "is not an amount"),  # a slip of the finger, not a 500 page
    )
    for bad, why in rows:
        response = console.post(approver, f"/console/approvals/{item}/approve", {"price-1": bad})
        assert response.status_code == 302
        flashed = approver.get("/console/approvals").get_data(as_text=True)
        assert why in flashed, bad
        assert (state(console, number), unit_price(console, number)) == ("on_hold", price)  # unchanged
    console.post(
        approver, f"/console/approvals/{item}/approve", {"price-1": f"{price - 50}", "note": "meet halfway"}
    )
    assert (state(console, number), unit_price(console, number)) == ("approved", price - 50)
    message = console.sender.bodies(D01_PHONE)[-1]
    assert "meet halfway" in message and "New total" in message


def test_a_credit_hold_waits_for_the_price_decision_on_the_same_order(console: Console) -> None:
    number, price_item, _ = price_exception(console, "D03", cases=10)  # over D03's limit as well
    with console.session() as s:
        hold = s.scalar(sa.select(ReviewItem.id).where(ReviewItem.kind == "credit_hold"))
    approver = console.client("approver")
    console.post(approver, f"/console/approvals/{hold}/approve", {})
    assert "price decision first" in approver.get("/console/approvals").get_data(as_text=True)
    assert state(console, number) == "on_hold" and console.sender.bodies(D03_PHONE) == []
    console.post(approver, f"/console/approvals/{price_item}/approve", {})
    assert state(console, number) == "on_hold"  # the price is granted, credit is still to decide
    assert "still waits for our credit approval" in console.sender.bodies(D03_PHONE)[-1]
    console.post(approver, f"/console/approvals/{hold}/approve", {})
    assert state(console, number) == "approved"


@pytest.mark.parametrize(
    ("action", "note", "told"), [("approve", "", "approved"), ("reject", "dues", "dues")]
)
def test_a_held_order_a_rep_placed_is_decided_and_both_the_rep_and_the_shop_hear_it(
    console: Console, action: str, note: str, told: str
) -> None:
    factory = console.app.extensions["orderbot"].sessions
    rep = Actor.rep(REP_PHONE)  # the field rep of D03 ordered for it; D03 sits near its credit limit
    placed = place_order(UnitOfWork(factory), "D03", [LineRequest("MAG-MAS-70", Decimal(10), "case")], rep)
    assert confirm_order(UnitOfWork(factory), placed.order.number, rep).decision == "hold"
    with console.session() as s:
        item = s.scalar(sa.select(ReviewItem.id).where(ReviewItem.kind == "credit_hold"))
    console.post(console.client("approver"), f"/console/approvals/{item}/{action}", {"note": note})
    [to_shop] = console.sender.bodies(D03_PHONE)
    [to_rep] = console.sender.bodies(REP_PHONE)
    assert placed.order.number in to_shop and told in to_shop
    assert to_rep.startswith("For *Laxmi Provision Stores*:") and to_shop in to_rep
