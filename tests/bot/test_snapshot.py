"""The parser's catalog snapshot, read as plain columns, is the one the ORM entities give."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from bot import snapshot
from domain import models as m
from domain.db import make_engine, session_factory
from domain.importing import import_dir
from domain.uow import create_schema
from nlu.types import Product

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
RETIRED = "MAG-ATTA-73"  # a demo SKU we mark inactive: neither way may show it


@pytest.fixture
def demo(db_url: str) -> Iterator[Session]:
    engine = make_engine(db_url)
    create_schema(engine)
    factory = session_factory(engine)
    import_dir(factory, FIXTURES)
    with factory() as session:
        session.execute(sa.update(m.Sku).where(m.Sku.sku == RETIRED).values(active=False))
        session.commit()
        yield session
    engine.dispose()


def orm_products(session: Session) -> tuple[Product, ...]:
    """The snapshot as it was built before: every active `Sku` entity with its units."""
    query = (sa.select(m.Sku).where(m.Sku.active.is_(True)).options(selectinload(m.Sku.units))
             .order_by(m.Sku.sku))
    return tuple(snapshot.product(row) for row in session.scalars(query))


@pytest.mark.parametrize(
    "batch",
    [
        5_000,  # the real batch: the demo catalog in one fetch
        7,  # rows fetched seven at a time: SKUs and their units cross batch boundaries
    ],
)
def test_the_column_snapshot_equals_the_one_built_from_orm_entities(
    demo: Session, batch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(snapshot, "BATCH", batch)
    built = snapshot.products(demo)
    assert built == orm_products(demo)
    assert len(built) == 79 and RETIRED not in {p.sku for p in built}
    assert all(p.uoms for p in built)  # every SKU kept its units
    assert len({id(p.uoms) for p in built}) < len(built)  # equal unit lists are shared, not copied
