"""Credit race, 20 rounds: 50 concurrent confirmations at one dealer, and every round only the orders
that fit are confirmed.

The domain suite's race test (tests/integration/test_credit_race.py) runs one
round with the credit check slowed down to force the race. This one builds the
same dealer, SKU and orders (limit ₹40,000; 50 orders of ₹1,000-5,000,
₹1,50,000 in all; placed by several threads to save time) and runs 20 rounds
at full speed on PostgreSQL, each on a new dealer. Each round must end as the
serial replay of its commits says: every order decided once, each confirmed
exactly when it fitted at its turn, the exposure never over the limit, and
nothing held that would still fit.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from domain.db import make_engine, session_factory
from domain.models import Dealer, Sku, SkuUnit
from domain.orders import Actor, State
from domain.quote import LineRequest
from domain.services.orders import place_order
from domain.uow import UnitOfWork, create_schema
from tests.integration.test_credit_race import LIMIT, ORDERS, confirm_all_at_once, outcome

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

ROUNDS = 20
PLACERS = 8  # threads placing a round's orders (placing is set-up, not what is tested)


@pytest.fixture
def factory(postgres_url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(postgres_url, pool_size=52, max_overflow=0, pool_timeout=60)
    create_schema(engine)
    yield session_factory(engine)
    engine.dispose()


def orders_awaiting_confirmation(factory: sessionmaker[Session], code: str) -> dict[str, Decimal]:
    """The race test's dealer and orders (same SKU, limit and totals), placed by PLACERS threads."""
    with UnitOfWork(factory) as uow:
        if uow.session.scalar(sa.select(Sku.id).where(Sku.sku == "BISCUIT")) is None:
            units = [SkuUnit(unit="case", factor=Decimal(1))]
            uow.session.add(Sku(sku="BISCUIT", name="Biscuit case", default_uom="case", price=Decimal(1000),
                                units=units))
        phone = f"+9190001{code[-5:]}"
        uow.session.add(Dealer(code=code, name=f"Shop {code}", phone=phone, credit_limit=LIMIT))

    def place(i: int) -> tuple[str, Decimal]:
        lines = [LineRequest("BISCUIT", Decimal(i % 5 + 1), "case")]
        placed = place_order(UnitOfWork(factory), code, lines, Actor.dealer(code))
        return placed.order.number, placed.order.total

    with ThreadPoolExecutor(PLACERS) as pool:
        totals = dict(pool.map(place, range(ORDERS)))
    assert sum(totals.values()) == Decimal("150000.00")
    return totals


def test_twenty_rounds_of_fifty_concurrent_confirmations_confirm_exactly_the_orders_that_fit(
    factory: sessionmaker[Session],
) -> None:
    confirmed_per_round = []
    for round_no in range(ROUNDS):
        code = f"R{round_no:05d}"
        totals = orders_awaiting_confirmation(factory, code)
        assert confirm_all_at_once(factory, code, list(totals)) == [], f"round {round_no}"
        final, states, decided = outcome(factory, code)

        assert sorted(decided) == sorted(totals), f"round {round_no}: an order decided twice or never"
        running = Decimal("0.00")
        for number in decided:  # the serial replay of this round's commits
            fits = running + totals[number] <= LIMIT
            assert states[number] is (State.CONFIRMED if fits else State.ON_HOLD), (round_no, number, running)
            running += totals[number] if fits else 0
        assert final == running <= LIMIT, f"round {round_no}: exposure {final} over the limit"
        held = [n for n, s in states.items() if s is State.ON_HOLD]
        assert held and all(final + totals[n] > LIMIT for n in held), f"round {round_no}: a held order fits"
        confirmed_per_round.append(sum(s is State.CONFIRMED for s in states.values()))
    assert len(confirmed_per_round) == ROUNDS
