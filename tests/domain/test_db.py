"""Engines, exact columns, the unit of work, counters and locks, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from domain import db
from domain.db import database_url, lock_dealer, make_engine, next_value, session_factory
from domain.models import Dealer, LedgerEntry, Order, PriceRow, Sku, StockLevel
from domain.uow import UnitOfWork, create_schema


@pytest.fixture
def engine(db_url: str) -> Iterator[sa.Engine]:
    engine = make_engine(db_url)
    create_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def factory(engine: sa.Engine) -> sessionmaker[Session]:
    return session_factory(engine)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        # Heroku-style URLs get the psycopg 3 driver
        ("postgres://u:p@h:5432/db", "postgresql+psycopg://u:p@h:5432/db"),
        # plain postgresql:// too, query kept
        ("postgresql://u@h/db?sslmode=require", "postgresql+psycopg://u@h/db?sslmode=require"),
        # an explicit driver is left alone
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        # SQLite untouched
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_database_urls_are_normalised_to_psycopg(given: str, expected: str) -> None:
    assert database_url(given) == expected


def test_without_url_or_env_the_embedded_sqlite_file_is_used(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr(db.platformdirs, "user_data_dir", lambda app: str(tmp_path / app))
    assert database_url() == f"sqlite:///{tmp_path / 'orderbot' / 'orderbot.db'}"
    monkeypatch.setenv("DATABASE_URL", "postgres://h/db")
    assert database_url() == "postgresql+psycopg://h/db"


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    try:
        with engine.connect() as conn:
            pragmas = [conn.exec_driver_sql(f"PRAGMA {p}").scalar() for p in
                       ("journal_mode", "foreign_keys", "busy_timeout")]
        assert pragmas == ["wal", 1, 30000]
    finally:
        engine.dispose()


def test_sqlite_transactions_take_the_write_lock_at_begin(sqlite_url: str) -> None:
    """A second transaction cannot even start while the first one (which has only read) is open."""
    engine = make_engine(sqlite_url, connect_args={"timeout": 0.2})
    try:
        with engine.connect() as first, engine.connect() as second:
            first.begin()
            first.exec_driver_sql("select 1")
            with pytest.raises(sa.exc.OperationalError, match="database is locked"):
                second.begin()
            first.rollback()
            second.rollback()
            with second.begin():  # free again once the first has ended
                second.exec_driver_sql("select 1")
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        (Decimal("0.01"), Decimal("0.01")),  # one paisa
        (Decimal("1152"), Decimal("1152.00")),  # rupees come back with two decimals
        (Decimal("-4800.50"), Decimal("-4800.50")),  # signed amounts (ledger corrections)
        (Decimal("98765432109.99"), Decimal("98765432109.99")),  # beyond float's exact range of paise
        (7, Decimal("7.00")),  # whole rupees as int
    ],
)
def test_money_survives_a_round_trip_exactly(
    factory: sessionmaker[Session], value: Decimal | int, stored: Decimal
) -> None:
    with UnitOfWork(factory) as uow:
        uow.session.add(Sku(sku="A", name="A", default_uom="pc", price=value))
    with factory() as session:
        price = session.scalars(sa.select(Sku.price)).one()
    assert price == stored and str(price) == str(stored)


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (Decimal("1.005"), "more than 2 decimal places"),  # fractions of a paisa are refused, not rounded
        (1.5, "must be Decimal or int"),  # floats never reach money
    ],
)
def test_money_refuses_what_it_cannot_hold_exactly(
    factory: sessionmaker[Session], value: object, error: str
) -> None:
    with pytest.raises(sa.exc.StatementError, match=error):
        with UnitOfWork(factory) as uow:
            uow.session.add(Sku(sku="A", name="A", default_uom="pc", price=value))
            uow.session.flush()


def test_quantities_keep_half_cases_and_refuse_finer(factory: sessionmaker[Session]) -> None:
    with UnitOfWork(factory) as uow:
        sku = Sku(sku="A", name="A", default_uom="pc")
        uow.session.add(StockLevel(sku=sku, on_hand=Decimal("0.5"), reserved=Decimal("12.250")))
    with factory() as session:
        level = session.scalars(sa.select(StockLevel)).one()
    assert (str(level.on_hand), str(level.reserved)) == ("0.5", "12.25")
    with pytest.raises(sa.exc.StatementError, match="more than 3 decimal places"):
        with UnitOfWork(factory) as uow:
            level = uow.session.scalars(sa.select(StockLevel)).one()
            level.on_hand = Decimal("0.0005")
            uow.session.flush()


def test_timestamps_are_stored_and_returned_in_utc(factory: sessionmaker[Session]) -> None:
    ist = timezone(timedelta(hours=5, minutes=30))
    with UnitOfWork(factory) as uow:
        uow.session.add(Dealer(code="D1", name="x", phone="+919826104573",
                               created_at=datetime(2026, 11, 21, 10, 0, tzinfo=ist)))
    with factory() as session:
        created = session.scalars(sa.select(Dealer.created_at)).one()
    assert created == datetime(2026, 11, 21, 4, 30, tzinfo=UTC) and created.tzinfo == UTC
    with pytest.raises(sa.exc.StatementError, match="naive datetime"):
        with UnitOfWork(factory) as uow:
            naive = datetime(2026, 1, 1)
            uow.session.add(Dealer(code="D2", name="y", phone="+919893217640", created_at=naive))
            uow.session.flush()


def test_the_unit_of_work_commits_on_success_and_rolls_back_on_error(factory: sessionmaker[Session]) -> None:
    with UnitOfWork(factory) as uow:
        uow.session.add(Dealer(code="D1", name="kept", phone="+919826104573"))
    with pytest.raises(RuntimeError):
        with UnitOfWork(factory) as uow:
            uow.session.add(Dealer(code="D2", name="lost", phone="+919893217640"))
            uow.session.flush()
            raise RuntimeError("boom")
    with factory() as session:
        assert session.scalars(sa.select(Dealer.code)).all() == ["D1"]


def test_price_rows_without_a_dealer_still_collide_on_their_key(factory: sessionmaker[Session]) -> None:
    """NULLs never collide in a unique constraint, so the key uses dealer_key (dealer id or 0)."""
    with UnitOfWork(factory) as uow:
        sku = Sku(sku="A", name="A", default_uom="pc")
        dealer = Dealer(code="D1", name="x", phone="+919826104573")
        uow.session.add_all([PriceRow(sku=sku, uom="pc", price=Decimal(1)),
                             PriceRow(sku=sku, uom="pc", price=Decimal(2), dealer=dealer)])
    with factory() as session:
        keys = sorted((r.dealer_key > 0, r.dealer_id is None) for r in session.scalars(sa.select(PriceRow)))
    assert keys == [(False, True), (True, False)]
    with pytest.raises(sa.exc.IntegrityError):
        with UnitOfWork(factory) as uow:
            sku_id = uow.session.scalars(sa.select(Sku.id)).one()
            uow.session.add(PriceRow(sku_id=sku_id, uom="pc", price=Decimal(3)))


def test_a_ledger_reference_is_unique_per_dealer_and_kind(factory: sessionmaker[Session]) -> None:
    def entry(reference: str | None, kind: str = "payment") -> LedgerEntry:
        return LedgerEntry(dealer_id=dealer_id, kind=kind, amount=Decimal("-10.00"), reference=reference,
                           entry_date=date(2026, 11, 21))

    with UnitOfWork(factory) as uow:
        dealer = Dealer(code="D1", name="x", phone="+919826104573")
        uow.session.add(dealer)
        uow.session.flush()
        dealer_id = dealer.id
        # no reference repeats freely; one reference may serve two kinds
        uow.session.add_all([entry(None), entry(None), entry("UTR1"), entry("UTR1", kind="credit_note")])
    with pytest.raises(sa.exc.IntegrityError):
        with UnitOfWork(factory) as uow:
            uow.session.add(entry("UTR1"))


def test_counters_give_each_caller_the_next_number(factory: sessionmaker[Session]) -> None:
    with UnitOfWork(factory) as uow:
        numbers = [next_value(uow.session, "order") for _ in range(3)]
        other = next_value(uow.session, "invoice", start=1)
    with UnitOfWork(factory) as uow:
        numbers.append(next_value(uow.session, "order"))
    assert (numbers, other) == ([1001, 1002, 1003, 1004], 1)


@pytest.mark.postgres
def test_lock_dealer_makes_a_second_transaction_wait_on_postgres(postgres_url: str) -> None:
    engine = make_engine(postgres_url)
    try:
        create_schema(engine)
        factory = session_factory(engine)
        with UnitOfWork(factory) as uow:
            uow.session.add(Dealer(code="D1", name="x", phone="+919826104573"))
        with UnitOfWork(factory) as first:
            dealer_id = first.session.scalars(sa.select(Dealer.id)).one()
            lock_dealer(first.session, dealer_id)
            outcome: list[str] = []

            def second() -> None:
                try:
                    with UnitOfWork(factory) as uow:
                        uow.session.execute(sa.text("set local lock_timeout = '300ms'"))
                        lock_dealer(uow.session, dealer_id)
                    outcome.append("locked")
                except sa.exc.OperationalError as exc:
                    outcome.append(type(exc.orig).__name__)

            thread = threading.Thread(target=second)
            thread.start()
            thread.join(10)
        assert outcome == ["LockNotAvailable"]
    finally:
        engine.dispose()


def test_lock_dealer_names_a_missing_dealer(factory: sessionmaker[Session]) -> None:
    from domain.errors import NotFound

    with pytest.raises(NotFound, match="no dealer with id 42"), UnitOfWork(factory) as uow:
        lock_dealer(uow.session, 42)


def test_orders_keep_their_totals_exactly(factory: sessionmaker[Session]) -> None:
    with UnitOfWork(factory) as uow:
        dealer = Dealer(code="D1", name="x", phone="+919826104573")
        uow.session.add(Order(number="SO-1001", dealer=dealer, placed_by_kind="dealer", state="draft",
                              gross=Decimal("11827.20"), discount=Decimal("591.36"), tax=Decimal("2022.45"),
                              total=Decimal("13258.29")))
    with factory() as session:
        order = session.scalars(sa.select(Order)).one()
    assert order.gross - order.discount + order.tax == order.total == Decimal("13258.29")
