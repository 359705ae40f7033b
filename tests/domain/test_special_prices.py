"""Special prices on SQLite and PostgreSQL: a dealer's asked rate waits, on hold, for an approver."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
import sqlalchemy as sa

from domain.models import ReviewItem
from domain.orders import NotAllowed, State
from domain.pricing import PricingError
from domain.quote import LineRequest
from domain.services.orders import (
    NotAllowedPrice,
    PriceUndecided,
    approve_order,
    cancel_order,
    confirm_order,
    get_order,
    grant_prices,
    order_history,
    place_order,
    reject_hold,
)
from domain.uow import UnitOfWork
from tests.domain.test_orders_service import DEALER, MAGGI, SALT, STAFF, TODAY, setup, stock, uow

__all__ = ["uow"]  # the fixture, shared with the orders tests

D = Decimal


@dataclass(frozen=True)
class Asked:
    """A parsed line with the rate the dealer wrote ('10 cs maggi @950'), as nlu.ParsedLine carries it."""

    sku: str
    qty: Decimal
    uom: str
    rate: Decimal | None = None
    rate_uom: str = ""
    text: str = ""


def items(uow: UnitOfWork) -> list[tuple[str, str]]:
    with uow:
        return [
            (i.kind, i.status) for i in uow.session.scalars(sa.select(ReviewItem).order_by(ReviewItem.id))
        ]


def test_an_asked_rate_below_list_is_kept_and_the_order_priced_at_list(uow: UnitOfWork) -> None:
    setup(uow)
    lines = [Asked(MAGGI, D(2), "case", D(950), text="2 cs maggi @950"), Asked(SALT, D(4), "bag", D(520))]
    order = place_order(uow, "D201", lines, DEALER, on=TODAY).order
    assert [(ln.sku, ln.unit_price, ln.requested_price) for ln in order.lines] == [
        (MAGGI, D("1000.00"), D("950.00")),  # asked below list: kept for an approver
        (SALT, D("500.00"), None),  # asked above list: nothing to ask, the list price applies
    ]
    assert order.total == D("4100.00")  # 2 x 1000 + 4 x 500 + 5% GST on salt: the list, not the ask


def test_a_rate_per_another_unit_is_converted_to_the_lines_unit(uow: UnitOfWork) -> None:
    setup(uow)
    order = place_order(uow, "D201", [Asked(MAGGI, D(1), "case", D("9.75"), "pc")], DEALER).order
    assert order.lines[0].requested_price == D("936.00")  # 9.75 a pc x 96 pc in a case


def test_confirming_an_asked_price_holds_the_order_for_an_approver(uow: UnitOfWork) -> None:
    setup(uow)
    number = place_order(uow, "D201", [Asked(MAGGI, D(2), "case", D(950))], DEALER).order.number
    done = confirm_order(uow, number, DEALER, today=TODAY)
    assert (done.decision, done.price_asked, done.order.state) == ("ok", True, State.ON_HOLD)
    assert items(uow) == [("price_exception", "open")]
    assert stock(uow) == (D(960), D(192))  # the goods wait aside with the order
    with uow:
        text = uow.session.scalars(sa.select(ReviewItem.message_text)).one()
    assert "₹950.00 a case asked, list ₹1,000.00" in text
    assert "special price asked" in order_history(uow, number)[-1].reason


def test_granting_prices_the_order_again_and_approves_it(uow: UnitOfWork) -> None:
    setup(uow)
    number = place_order(uow, "D201", [Asked(MAGGI, D(2), "case", D(950))], DEALER).order.number
    confirm_order(uow, number, DEALER, today=TODAY)
    with pytest.raises(NotAllowed):
        grant_prices(uow, number, DEALER)  # only approvers grant
    granted = grant_prices(uow, number, STAFF, why="old customer")
    assert granted.state is State.APPROVED
    assert [(ln.unit_price, ln.gross, ln.requested_price) for ln in granted.lines] == [
        (D("950.00"), D("1900.00"), None)
    ]
    assert granted.total == D("1900.00")
    assert items(uow) == [("price_exception", "done")]
    assert stock(uow) == (D(960), D(192))  # re-reserved, not doubled
    assert (
        "old customer: Maggi Masala 70g ₹950.00 a case (list ₹1,000.00)"
        in order_history(uow, number)[-1].reason
    )


def test_an_approver_may_grant_another_price_but_never_above_list(uow: UnitOfWork) -> None:
    setup(uow)
    number = place_order(uow, "D201", [Asked(MAGGI, D(2), "case", D(900))], DEALER).order.number
    confirm_order(uow, number, DEALER, today=TODAY)
    with pytest.raises(NotAllowedPrice, match="above the list price"):
        grant_prices(uow, number, STAFF, {1: D("1000.01")})
    with pytest.raises(NotAllowedPrice, match="more than zero"):
        grant_prices(uow, number, STAFF, {1: D(0)})
    with pytest.raises(NotAllowedPrice, match="no line 2"):
        grant_prices(uow, number, STAFF, {2: D(900)})
    assert get_order(uow, number).state is State.ON_HOLD  # nothing changed by the refusals
    assert grant_prices(uow, number, STAFF, {1: D(960)}).lines[0].unit_price == D("960.00")


def test_a_credit_hold_is_not_released_while_its_price_is_undecided(uow: UnitOfWork) -> None:
    setup(uow, limit="1500.00")
    number = place_order(uow, "D201", [Asked(MAGGI, D(2), "case", D(950))], DEALER).order.number
    done = confirm_order(uow, number, DEALER, today=TODAY)
    assert (done.decision, done.order.state) == ("hold", State.ON_HOLD)
    assert items(uow) == [("price_exception", "open"), ("credit_hold", "open")]
    with pytest.raises(PriceUndecided, match="price decision first"):
        approve_order(uow, number, STAFF)
    assert grant_prices(uow, number, STAFF).state is State.ON_HOLD  # credit still to decide
    assert approve_order(uow, number, STAFF, "paid cash").state is State.APPROVED
    assert items(uow) == [("price_exception", "done"), ("credit_hold", "done")]


def test_cancelling_an_order_closes_what_waited_for_an_approver(uow: UnitOfWork) -> None:
    setup(uow, limit="1500.00")
    number = place_order(uow, "D201", [Asked(MAGGI, D(2), "case", D(950))], DEALER).order.number
    confirm_order(uow, number, DEALER, today=TODAY)
    reject_hold(uow, number, STAFF, "overdue")
    assert items(uow) == [("price_exception", "rejected"), ("credit_hold", "rejected")]
    with pytest.raises(NotAllowedPrice, match="cancelled"):
        grant_prices(uow, number, STAFF)


def test_the_dealer_cancelling_closes_the_price_question(uow: UnitOfWork) -> None:
    setup(uow)
    number = place_order(uow, "D201", [Asked(MAGGI, D(2), "case", D(950))], DEALER).order.number
    confirm_order(uow, number, DEALER, today=TODAY)
    cancel_order(uow, number, DEALER, "found it cheaper")
    assert items(uow) == [("price_exception", "rejected")]


def test_an_order_without_an_asked_price_has_nothing_to_grant(uow: UnitOfWork) -> None:
    setup(uow)
    number = place_order(uow, "D201", [LineRequest(MAGGI, D(2), "case")], DEALER).order.number
    assert confirm_order(uow, number, DEALER, today=TODAY).order.state is State.CONFIRMED
    assert items(uow) == []
    with pytest.raises(NotAllowedPrice, match="asks no special price"):
        grant_prices(uow, number, STAFF)
    with pytest.raises(NotAllowed):
        grant_prices(uow, "SO-1001", DEALER)  # a dealer granting himself a price: refused first


def test_a_quote_line_with_a_granted_price_is_checked() -> None:
    from domain.quote import merge_requests

    with pytest.raises(PricingError, match="not more than zero"):
        merge_requests([LineRequest(MAGGI, D(1), "case", D(0))])
    with pytest.raises(PricingError, match="two different prices"):
        merge_requests([LineRequest(MAGGI, D(1), "case", D(900)), LineRequest(MAGGI, D(1), "case", D(950))])
    assert merge_requests([LineRequest(MAGGI, D(1), "case", D(900))] * 2) == [
        LineRequest(MAGGI, D(2), "case", D(900))
    ]
