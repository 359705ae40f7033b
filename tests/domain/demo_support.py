"""The demo masters (fixtures/) in a fresh schema of the test's database, for domain tests that need
a realistic catalog, dealers, prices and schemes.

    @pytest.fixture
    def factory(db_url: str) -> Iterator[sessionmaker[Session]]:
        yield from demo_factory(db_url)
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy.orm import Session, sessionmaker

from domain.db import make_engine, session_factory
from domain.importing import import_dir
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
