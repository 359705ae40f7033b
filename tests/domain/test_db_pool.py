"""PostgreSQL's pool: no ping per checkout, connections recycled, one the server ended replaced unseen."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from domain import db
from domain.db import make_engine


@pytest.fixture
def engine(postgres_url: str) -> Iterator[sa.Engine]:
    engine = make_engine(postgres_url, pool_size=1, max_overflow=0)
    yield engine
    engine.dispose()


def backend_pid(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.text("select pg_backend_pid()")).scalar_one())


def terminate(postgres_url: str, pid: int) -> None:
    """End backend `pid` from another connection and wait until it is gone.

    In autocommit: PostgreSQL keeps a transaction's first look at pg_stat_activity until the
    transaction ends, so polling inside one transaction saw the backend alive for ever whenever it
    had not exited by the first look (a failure seen on a busy machine).
    """
    admin = sa.create_engine(db.database_url(postgres_url), poolclass=sa.NullPool,
                             isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            assert conn.execute(sa.text("select pg_terminate_backend(:pid)"), {"pid": pid}).scalar_one()
            for _ in range(100):
                alive = conn.execute(sa.text("select count(*) from pg_stat_activity where pid = :pid"),
                                     {"pid": pid}).scalar_one()
                if not alive:
                    return
                time.sleep(0.02)
    finally:
        admin.dispose()
    raise AssertionError(f"backend {pid} still running")


@pytest.mark.parametrize(
    ("ended", "same_connection"),
    [
        (False, True),  # a healthy pooled connection is reused as it is
        (True, False),  # one the server ended while idle is replaced at checkout; the statement still runs
    ],
)
def test_a_pooled_connection_is_reused_unless_the_server_ended_it(
    engine: sa.Engine, postgres_url: str, ended: bool, same_connection: bool
) -> None:
    first = backend_pid(engine)
    if ended:
        terminate(postgres_url, first)
    assert (backend_pid(engine) == first) is same_connection


def test_checkout_sends_nothing_to_the_server_and_connections_are_recycled(
    engine: sa.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    pings: list[object] = []
    monkeypatch.setattr(engine.dialect, "do_ping", lambda conn: pings.append(conn) or True)
    for _ in range(3):
        backend_pid(engine)
    assert pings == []
    assert engine.pool._recycle == db.POOL_RECYCLE


def test_sqlite_keeps_its_pool_as_it_was(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    try:
        assert engine.pool._recycle == -1
        assert not sa.event.contains(engine, "checkout", db._drop_if_closed)
    finally:
        engine.dispose()
