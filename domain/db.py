"""Engines and sessions for SQLite and PostgreSQL, with the locking the credit check relies on.

Which database: the URL given, else `DATABASE_URL`, else an embedded SQLite
file `orderbot.db` under platformdirs' user data directory for "orderbot".
`postgres://` and `postgresql://` URLs are rewritten to the psycopg 3 driver.

SQLite is opened in WAL mode with foreign keys on and a busy timeout (30 s, or
connect_args={"timeout": seconds}), and
every transaction starts with BEGIN IMMEDIATE (SQLAlchemy's pysqlite recipe:
the driver's own transaction handling is switched off and the "begin" event
emits the BEGIN). So the write lock is taken at the start: two writers can
never both read "credit available" and then both insert. A connection made
with `execution_options(sqlite_deferred=True)` begins DEFERRED instead, for
long read-only work that must not hold the write lock.

On PostgreSQL, pooled connections are not pinged before each use (that was a
round trip per checkout, a third of a webhook's database time): they are
replaced after POOL_RECYCLE seconds, and a connection the server has closed
is noticed at checkout from its socket and replaced (see `_drop_if_closed`).

On PostgreSQL, `lock_dealer` takes a row lock (SELECT ... FOR UPDATE) that
serialises everything done for one dealer until commit; on SQLite the same
call is a plain SELECT because BEGIN IMMEDIATE has already serialised writers.
"""

from __future__ import annotations

import os
import select
from pathlib import Path
from typing import Any

import platformdirs
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from domain.errors import NotFound
from domain.models import Counter, Dealer

BUSY_TIMEOUT_MS = 30_000
POOL_RECYCLE = 1800  # seconds a PostgreSQL connection is reused before it is replaced


def default_sqlite_url() -> str:
    """sqlite:///<user data dir>/orderbot.db (the directory is created)."""
    folder = Path(platformdirs.user_data_dir("orderbot"))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'orderbot.db'}"


def database_url(url: str | None = None) -> str:
    """The URL to use: `url`, else DATABASE_URL, else the embedded SQLite file; drivers normalised.

    >>> database_url("postgres://u@h/db")
    'postgresql+psycopg://u@h/db'
    >>> database_url("postgresql://u@h/db?sslmode=require")
    'postgresql+psycopg://u@h/db?sslmode=require'
    >>> database_url("sqlite:////tmp/x.db")
    'sqlite:////tmp/x.db'
    """
    chosen = url or os.environ.get("DATABASE_URL") or default_sqlite_url()
    for prefix in ("postgres://", "postgresql://"):
        if chosen.startswith(prefix):
            return "postgresql+psycopg://" + chosen[len(prefix):]
    return chosen


def make_engine(url: str | None = None, **kwargs: Any) -> sa.Engine:
    """An engine for `url` (see `database_url`); extra keyword arguments go to `create_engine`."""
    resolved = sa.make_url(database_url(url))
    if resolved.get_backend_name() == "sqlite":
        return _sqlite_engine(resolved, **kwargs)
    return _postgres_engine(resolved, **kwargs)


def _postgres_engine(url: sa.URL, **kwargs: Any) -> sa.Engine:
    """Pooled connections are replaced after POOL_RECYCLE seconds, and at checkout when the server has
    closed them (`_drop_if_closed`), without the round trip `pool_pre_ping` costs every checkout."""
    kwargs.setdefault("pool_recycle", POOL_RECYCLE)
    engine = sa.create_engine(url, **kwargs)
    if not kwargs.get("pool_pre_ping"):
        event.listen(engine, "checkout", _drop_if_closed)
    return engine


def _drop_if_closed(dbapi_connection: Any, connection_record: Any, connection_proxy: Any) -> None:
    """Refuse a pooled connection the server has ended, so the pool connects afresh (no query sent).

    An idle connection between transactions has nothing to read. When the server ended it (a restart,
    pg_terminate_backend, an idle timeout) its goodbye and end-of-file wait on the socket, so a socket
    that polls readable is dropped; SQLAlchemy retries the checkout on DisconnectionError. A network
    that silently lost the server is not seen here: the first statement fails and SQLAlchemy
    invalidates the pool's older connections, as it does for any disconnect.
    """
    if dbapi_connection.closed or dbapi_connection.broken:
        raise sa.exc.DisconnectionError("the connection was closed")
    poller = select.poll()
    poller.register(dbapi_connection.fileno(), select.POLLIN)
    if poller.poll(0):
        raise sa.exc.DisconnectionError("the server closed the connection while it was idle in the pool")


def _sqlite_engine(url: sa.URL, **kwargs: Any) -> sa.Engine:
    connect_args = dict(kwargs.pop("connect_args", {}))
    connect_args.setdefault("timeout", BUSY_TIMEOUT_MS / 1000)
    busy_ms = int(float(connect_args["timeout"]) * 1000)
    connect_args.setdefault("check_same_thread", False)
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, connect_args=connect_args, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, connection_record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        try:
            if url.database and url.database != ":memory:":
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        deferred = connection.get_execution_options().get("sqlite_deferred", False)
        connection.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")

    return engine


def session_factory(engine: sa.Engine) -> sessionmaker[Session]:
    """Sessions bound to `engine`; objects stay readable after commit (expire_on_commit=False)."""
    return sessionmaker(bind=engine, expire_on_commit=False)


def lock_dealer(session: Session, dealer_id: int) -> Dealer:
    """Load the dealer, locking its row until the transaction ends (PostgreSQL; see module doc)."""
    dealer = session.scalars(
        sa.select(Dealer).where(Dealer.id == dealer_id).with_for_update().execution_options(
            populate_existing=True
        )
    ).one_or_none()
    if dealer is None:
        raise NotFound(f"no dealer with id {dealer_id}")
    return dealer


def next_value(session: Session, name: str, start: int = 1001) -> int:
    """The next number of counter `name` (first call gives `start`); atomic on both databases.

    One INSERT ... ON CONFLICT DO UPDATE ... RETURNING, so two transactions can
    never get the same number (the row stays locked until commit).
    """
    return int(session.execute(NEXT_VALUE, {"name": name, "start": start}).scalar_one())


# One text statement, compiled once and cached: the dialects' insert().on_conflict_do_update()
# is compiled again on every call (their Insert sets inherit_cache = False; issue 13).
NEXT_VALUE = sa.text(
    f"INSERT INTO {Counter.__tablename__} (name, value) VALUES (:name, :start)"
    f" ON CONFLICT (name) DO UPDATE SET value = {Counter.__tablename__}.value + 1 RETURNING value"
)
