"""A big catalog must not slow every order: pricing an order reads the SKUs it needs, not all of them.

The memory benchmark (tests/bench/memory.py) found each chat order taking
about 1 s with 2,000 SKUs, 3 s with 10,000 and past gunicorn's 30 s timeout
with 100,000: `load_price_book` (domain/services/quoting.py) loads every active
SKU with its units on every quote. This test counts the SKU rows an order for
one line loads from a 3,000-SKU catalog, which needs that SKU and at most the
few SKUs that schemes give free.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import event

from domain.db import make_engine, session_factory
from domain.models import Sku
from domain.orders import Actor
from domain.quote import LineRequest
from domain.services.orders import place_order
from domain.uow import UnitOfWork
from tests.bench.memory import write_catalog
from tests.bench.synthetic import catalog
from tests.load.masters import import_masters

pytestmark = [pytest.mark.postgres]

SKUS = 3_000


def test_an_order_for_one_line_loads_a_few_skus_not_the_whole_catalog(
    postgres_url: str, tmp_path: Path
) -> None:
    write_catalog(tmp_path / "masters", SKUS)
    import_masters(postgres_url, tmp_path / "masters")
    sku = catalog(SKUS)[0].sku
    engine = make_engine(postgres_url)
    loaded: list[str] = []

    def count(target: Sku, context: object) -> None:
        loaded.append(target.sku)

    event.listen(Sku, "load", count)
    try:
        lines = [LineRequest(sku, Decimal(2), "case")]
        placed = place_order(UnitOfWork(session_factory(engine)), "D01", lines, Actor.dealer("D01"))
    finally:
        event.remove(Sku, "load", count)
        engine.dispose()
    assert [line.sku for line in placed.order.lines] == [sku]
    assert len(loaded) <= 20, f"one order loaded {len(loaded):,} of {SKUS:,} SKUs"
