"""Fifty dealers' YESes at once: the dealer lock lets exactly the orders that fit through.

Fifty orders of one dealer (1,000 to 5,000 rupees each, 150,000 in all) await
confirmation; his credit limit is 40,000. Fifty threads confirm them at the
same moment on PostgreSQL. To make a race certain rather than lucky, the
credit check is slowed by 20 ms in every run (between reading exposure and
writing the new state - the window a race needs).

With the lock (`test_concurrent_confirmations_accept_exactly_the_orders_that_fit`):
replaying the confirmations in the order they committed, each one was
confirmed exactly when it fitted under the limit at its turn, and held
otherwise; the final exposure never exceeds the limit; and every held order
still would not fit. That is the serial outcome, reached under concurrency.

Without the lock (`test_without_the_dealer_lock_the_limit_is_overrun`): the
same run with `lock_dealer` swapped for a plain read (a test-only monkeypatch;
nothing in the product can switch it off) overruns the limit - threads read
the same exposure and all say "fits". This shows the first test would fail
if someone removed the lock from confirm_order: its assertions are exactly
the invariant the unlocked run breaks.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

import domain.services.order_steps as order_steps
import domain.services.orders as orders_service
from domain.credit import CreditCheck
from domain.db import make_engine, session_factory
from domain.models import Dealer, Order, OrderEvent, Sku, SkuUnit
from domain.orders import Actor, State
from domain.quote import LineRequest
from domain.services.credit import exposure
from domain.services.orders import confirm_order, place_order
from domain.uow import UnitOfWork, create_schema

pytestmark = pytest.mark.postgres

ORDERS = 50
LIMIT = Decimal("40000.00")
DELAY = 0.02  # seconds the credit check lingers after reading exposure
D = Decimal


@pytest.fixture
def factory(postgres_url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(postgres_url, pool_size=25, max_overflow=0, pool_timeout=60)
    create_schema(engine)
    yield session_factory(engine)
    engine.dispose()


@pytest.fixture(autouse=True)
def slow_credit_check(monkeypatch: pytest.MonkeyPatch) -> None:
    real = orders_service.check_credit

    def lingering(*args: Any, **kwargs: Any) -> CreditCheck:
        result = real(*args, **kwargs)
        time.sleep(DELAY)
        return result

    monkeypatch.setattr(orders_service, "check_credit", lingering)


def fifty_orders(factory: sessionmaker[Session], code: str) -> dict[str, Decimal]:
    """A dealer with limit LIMIT and ORDERS orders awaiting confirmation; number -> total."""
    with UnitOfWork(factory) as uow:
        if uow.session.scalar(sa.select(Sku.id).where(Sku.sku == "BISCUIT")) is None:
            uow.session.add(
                Sku(
                    sku="BISCUIT",
                    name="Biscuit case",
                    default_uom="case",
                    price=D("1000.00"),
                    units=[SkuUnit(unit="case", factor=D(1))],
                )
            )
        uow.session.add(
            Dealer(code=code, name=f"Shop {code}", phone=f"+9190000{code[-5:]}", credit_limit=LIMIT)
        )
    totals = {}
    for i in range(ORDERS):
        placed = place_order(
            UnitOfWork(factory), code, [LineRequest("BISCUIT", D(i % 5 + 1), "case")], Actor.dealer(code)
        )
        totals[placed.order.number] = placed.order.total
    assert sum(totals.values()) == D("150000.00")
    return totals


def confirm_all_at_once(factory: sessionmaker[Session], code: str, numbers: list[str]) -> list[BaseException]:
    start = threading.Barrier(len(numbers))
    errors: list[BaseException] = []

    def one(number: str) -> None:
        try:
            start.wait()
            confirm_order(UnitOfWork(factory), number, Actor.dealer(code))
        except BaseException as exc:  # collected and reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=one, args=(n,)) for n in numbers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return errors


def outcome(factory: sessionmaker[Session], code: str) -> tuple[Decimal, dict[str, State], list[str]]:
    """Final exposure, each order's state, and the order numbers in the order their decision committed."""
    with UnitOfWork(factory) as uow:
        dealer_id = uow.session.scalars(sa.select(Dealer.id).where(Dealer.code == code)).one()
        states = {
            n: State(s)
            for n, s in uow.session.execute(
                sa.select(Order.number, Order.state).where(Order.dealer_id == dealer_id)
            )
        }
        decided = uow.session.scalars(
            sa.select(Order.number)
            .join(OrderEvent, OrderEvent.order_id == Order.id)
            .where(Order.dealer_id == dealer_id, OrderEvent.from_state == State.AWAITING_CONFIRMATION.value)
            .order_by(OrderEvent.id)
        ).all()
        return exposure(uow.session, dealer_id), states, list(decided)


def test_concurrent_confirmations_accept_exactly_the_orders_that_fit(factory: sessionmaker[Session]) -> None:
    totals = fifty_orders(factory, "D10001")
    began = time.monotonic()
    assert confirm_all_at_once(factory, "D10001", list(totals)) == []
    elapsed = time.monotonic() - began
    final, states, decided = outcome(factory, "D10001")

    assert sorted(decided) == sorted(totals)  # every order was decided exactly once
    running = D("0.00")
    for number in decided:  # the serial replay: each decision is the one its turn called for
        fits = running + totals[number] <= LIMIT
        assert states[number] is (State.CONFIRMED if fits else State.ON_HOLD), (number, running)
        running += totals[number] if fits else 0
    assert final == running <= LIMIT
    held = [n for n, s in states.items() if s is State.ON_HOLD]
    assert held and all(final + totals[n] > LIMIT for n in held)  # nothing held would have fitted
    assert elapsed < 30


def test_without_the_dealer_lock_the_limit_is_overrun(
    factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_lock(session: Session, dealer_id: int) -> Dealer:
        return session.get_one(
            Dealer, dealer_id
        )  # a plain read: what confirm_order would do without the lock

    monkeypatch.setattr(order_steps, "lock_dealer", no_lock)
    overruns: list[Decimal] = []
    for round_no in range(3):  # one round practically always overruns; three make it certain enough
        code = f"D2000{round_no}"
        totals = fifty_orders(factory, code)
        assert confirm_all_at_once(factory, code, list(totals)) == []
        final, _, _ = outcome(factory, code)
        if final > LIMIT:
            overruns.append(final)
            break
    assert overruns, "without the lock the limit held in every round; the race test proves nothing"
