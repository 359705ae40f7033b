"""The demo masters (fixtures/) in a fresh schema of the test's database, for domain tests that need
a realistic catalog, dealers, prices and schemes.

    @pytest.fixture
    def factory(db_url: str) -> Iterator[sessionmaker[Session]]:
        yield from demo_factory(db_url)
"""

from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from domain.db import make_engine, session_factory
from domain.importing import import_dir
from domain.models import Invoice, Order
from domain.uow import create_schema
from tests.conftest import ROOT


def demo_factory(db_url: str) -> Iterator[sessionmaker[Session]]:
    """A session factory over `db_url` with fixtures/ imported; the engine is closed afterwards."""
    engine = make_engine(db_url)
    create_schema(engine)
    made = session_factory(engine)
    import_dir(made, ROOT / "fixtures")
    yield made
    engine.dispose()


def tax_invoice(factory: sessionmaker[Session], order_number: str) -> str:
    """The number of the tax invoice issued for the order ('INV/2026-27/0001')."""
    with factory() as session:
        return session.scalars(
            sa.select(Invoice.number).join(Order, Invoice.order_id == Order.id)
            .where(Order.number == order_number, Invoice.kind == "invoice")
        ).one()
