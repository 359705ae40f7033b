"""revise_order: the draft awaiting a YES priced again with other lines, under the same number (an order
sent in pieces), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from domain.db import make_engine, session_factory
from domain.orders import Actor, IllegalTransition, State
from domain.quote import LineRequest
from domain.services.orders import (
    EmptyOrder,
    NotTheirDealer,
    confirm_order,
    order_history,
    place_order,
    revise_order,
)
from domain.uow import UnitOfWork, create_schema
from tests.domain.test_orders_service import DEALER, MAGGI, SALT, TODAY, cases, setup

D = Decimal


@pytest.fixture
def uow(db_url: str) -> Iterator[UnitOfWork]:
    engine = make_engine(db_url)
    create_schema(engine)
    yield UnitOfWork(session_factory(engine))
    engine.dispose()


def test_a_revised_draft_keeps_its_number_and_is_priced_as_a_whole(uow: UnitOfWork) -> None:
    setup(uow)
    placed = place_order(uow, "D201", cases(2), DEALER, on=TODAY)
    revised = revise_order(uow, "SO-1001", cases(3) + cases(4, SALT, "bag"), DEALER, on=TODAY)
    order = revised.order
    assert (order.number, order.state) == ("SO-1001", State.AWAITING_CONFIRMATION)
    assert [(ln.sku, ln.qty) for ln in order.lines] == [(MAGGI, D(3)), (SALT, D(4))]
    assert order.total == revised.quote.total == D("5100.00")  # 3000 + 2000 + 5% GST on the salt
    assert order.expires_at is not None and placed.order.expires_at is not None
    assert order.expires_at >= placed.order.expires_at  # a fresh time to be confirmed in
    last = order_history(uow, "SO-1001")[-1]
    assert (last.source, last.target, last.reason) == (
        State.AWAITING_CONFIRMATION,
        State.AWAITING_CONFIRMATION,
        "changed by the dealer",
    )


@pytest.mark.parametrize(
    ("lines", "actor", "error"),
    [
        ([], DEALER, EmptyOrder),  # a draft needs a line
        (cases(1), Actor.dealer("D202"), NotTheirDealer),  # only his own draft
    ],
)
def test_a_revision_that_cannot_be_made_changes_nothing(
    uow: UnitOfWork, lines: list[LineRequest], actor: Actor, error: type[Exception]
) -> None:
    setup(uow)
    place_order(uow, "D201", cases(2), DEALER, on=TODAY)
    with pytest.raises(error):
        revise_order(uow, "SO-1001", lines, actor, on=TODAY)
    assert [(ln.sku, ln.qty) for ln in confirm_order(uow, "SO-1001", DEALER).order.lines] == [(MAGGI, D(2))]


def test_a_confirmed_order_is_no_draft_to_revise(uow: UnitOfWork) -> None:
    setup(uow)
    place_order(uow, "D201", cases(2), DEALER, on=TODAY)
    confirm_order(uow, "SO-1001", DEALER)
    with pytest.raises(IllegalTransition, match="cannot go from confirmed to awaiting_confirmation"):
        revise_order(uow, "SO-1001", cases(3), DEALER, on=TODAY)
