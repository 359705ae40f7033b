"""The version counters the database keeps (domain/versioning.py): every writer of what the parser
reads moves them in its own transaction, and nothing else does, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from bot import migrations
from domain import versioning
from domain.db import make_engine, session_factory
from domain.importing import import_dir
from domain.models import Dealer, LearnedAlias, Sku, SkuUnit
from domain.uow import create_schema
from tests.domain.test_import import CATALOG, write_set

Factory = sessionmaker[Session]


@pytest.fixture
def factory(db_url: str, tmp_path: Path) -> Iterator[Factory]:
    engine = make_engine(db_url)
    create_schema(engine)  # create_all installs the triggers too
    made = session_factory(engine)
    import_dir(made, write_set(tmp_path / "masters"))
    yield made
    engine.dispose()


def read(factory: Factory) -> dict[str, int]:
    with factory() as session:
        return versioning.read(session)


def moved(factory: Factory, change: Callable[[Session], object]) -> set[str]:
    """The counters that `change`, committed in one transaction, moved."""
    before = read(factory)
    with factory() as session, session.begin():
        change(session)
    after = read(factory)
    return {name for name in versioning.NAMES if after[name] != before[name]}


def maggi(session: Session) -> Sku:
    return session.scalars(sa.select(Sku).where(Sku.sku == "MAG-MAS-70")).one()


def d1(session: Session) -> Dealer:
    return session.scalars(sa.select(Dealer).where(Dealer.code == "D1")).one()


CATALOG_ONLY = {versioning.CATALOG}
NOTHING: set[str] = set()

ORM_EDITS = [
    # what the parser reads: a SKU's name, activity or aliases, its units, a dealer's name or town
    (lambda s: setattr(maggi(s), "name", "Maggi Masala 70 g"), CATALOG_ONLY),
    (lambda s: setattr(maggi(s), "active", False), CATALOG_ONLY),
    (lambda s: setattr(maggi(s), "aliases", ["maggi"]), CATALOG_ONLY),
    (lambda s: s.add(SkuUnit(sku_id=maggi(s).id, unit="bag", factor=Decimal(24))), CATALOG_ONLY),
    (lambda s: setattr(d1(s), "name", "Sharma Traders & Sons"), CATALOG_ONLY),
    (lambda s: setattr(d1(s), "town", "Mhow"), CATALOG_ONLY),
    (lambda s: s.add(Dealer(code="D9", name="New Shop", phone="+919826100009")), CATALOG_ONLY),
    # what it does not read: a price, a dealer's reply language (set in chat), phone, credit limit
    (lambda s: setattr(maggi(s), "price", Decimal("1200.00")), NOTHING),
    (lambda s: setattr(d1(s), "language", "hi_Latn"), NOTHING),
    (lambda s: setattr(d1(s), "phone", "+919826100001"), NOTHING),
    (lambda s: setattr(d1(s), "credit_limit", Decimal("1.00")), NOTHING),
]


@pytest.mark.parametrize(("change", "expected"), ORM_EDITS)
def test_an_orm_edit_moves_the_catalog_version_only_for_what_the_parser_reads(
    factory: Factory, change: Callable[[Session], object], expected: set[str]
) -> None:
    assert moved(factory, change) == expected


CORE_WRITES = [
    # a bulk statement that no session hook would see
    (lambda s: s.execute(sa.update(Sku).values(name=Sku.name + " (new)")), CATALOG_ONLY),
    (lambda s: s.execute(sa.insert(Sku).values(sku="NEW-1", name="New", default_uom="pc", aliases=[])),
     CATALOG_ONLY),
    (lambda s: s.execute(sa.delete(SkuUnit).where(SkuUnit.unit == "pc")), CATALOG_ONLY),
    (lambda s: s.execute(sa.update(Dealer).values(active=False)), CATALOG_ONLY),
    (lambda s: s.execute(sa.update(Sku).values(price=Sku.price + 1)), NOTHING),
    (lambda s: s.execute(sa.update(Dealer).values(language="en")), NOTHING),
    (lambda s: s.execute(sa.text("update skus set brand = 'Nestle' where sku = 'MAG-MAS-70'")), CATALOG_ONLY),
]


@pytest.mark.parametrize(("change", "expected"), CORE_WRITES)
def test_a_core_bulk_write_moves_the_catalog_version_too(
    factory: Factory, change: Callable[[Session], object], expected: set[str]
) -> None:
    assert moved(factory, change) == expected


def test_an_import_moves_it_when_the_parser_would_see_a_change_and_not_for_a_price(
    factory: Factory, tmp_path: Path
) -> None:
    def imported(**files: str) -> set[str]:
        before = read(factory)
        import_dir(factory, write_set(tmp_path / f"set{len(list(tmp_path.iterdir()))}", **files))
        return {name for name in versioning.NAMES if read(factory)[name] != before[name]}

    assert imported() == NOTHING  # the same masters again: nothing written
    assert imported(catalog_csv=CATALOG.replace("1180.80", "1190.00")) == NOTHING  # a price only
    assert imported(catalog_csv=CATALOG.replace("Maggi Masala 70g", "Maggi Masala Noodles")) == CATALOG_ONLY


def teach(session: Session) -> None:
    sku_id = maggi(session).id
    session.add(LearnedAlias(phrase="telma", sku_id=sku_id, dealer_id=None, created_by="ops@test"))


def used(session: Session) -> None:
    session.execute(sa.update(LearnedAlias).values(uses=LearnedAlias.uses + 1))


def promote(session: Session) -> None:
    session.execute(sa.update(LearnedAlias).values(promoted=True))


def forget(session: Session) -> None:
    session.execute(sa.delete(LearnedAlias))


def test_learned_aliases_move_their_own_counters(factory: Factory) -> None:
    assert moved(factory, teach) == {versioning.ALIASES}
    assert moved(factory, used) == NOTHING  # counting uses is no change to the parser
    assert moved(factory, promote) == {versioning.ALIASES}
    assert moved(factory, forget) == {versioning.ALIASES, versioning.ALIASES_DELETED}


def test_a_rolled_back_change_moves_nothing(factory: Factory) -> None:
    before = read(factory)
    with factory() as session:
        maggi(session).name = "Renamed"
        session.flush()
        session.rollback()
    assert read(factory) == before


def test_a_database_migrated_from_before_the_counters_reads_zero_then_counts(db_url: str) -> None:
    migrations.upgrade(db_url, "0011")
    engine = make_engine(db_url)
    try:
        factory = session_factory(engine)
        with factory() as session, session.begin():
            session.add(Sku(sku="OLD-1", name="Old", default_uom="pc", aliases=[]))
        migrations.upgrade(db_url)
        assert read(factory) == dict.fromkeys(versioning.NAMES, 0)
        assert moved(factory, lambda s: s.add(Sku(sku="NEW-1", name="New", default_uom="pc", aliases=[]))) \
            == CATALOG_ONLY
    finally:
        engine.dispose()
