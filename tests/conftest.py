"""Shared fixtures: real PostgreSQL and Redis when they answer.

On a developer's machine without them, the tests that need them skip with the
reason. `.ci/run` sets ORDERBOT_REQUIRE_SERVICES=1, and then a missing service
is a failure, not a skip.

    TEST_POSTGRES_URL  default postgresql+psycopg://postgres@127.0.0.1:5432/test
    TEST_REDIS_URL     default redis://127.0.0.1:6379/0 (a free db number is chosen)
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
REQUIRE_SERVICES = os.environ.get("ORDERBOT_REQUIRE_SERVICES") == "1"
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

# `fake` (the fake Twilio Messages API) and `chat` (the bot on the demo masters, talked to over the
# signed webhook) for every test module: tests/support/chat.py
pytest_plugins = ("tests.support.chat",)


def _missing(service: str, why: str) -> None:
    message = f"{service} is not reachable ({why})"
    if REQUIRE_SERVICES:
        pytest.fail(f"{message}; ORDERBOT_REQUIRE_SERVICES=1 makes this a failure", pytrace=False)
    pytest.skip(f"{message}; start it or set TEST_{service.upper()}_URL")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the checkout (specs and eval sets); skip when absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside this checkout")
    return SHARED


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    """The PostgreSQL server URL, checked once per run."""
    import sqlalchemy as sa

    try:
        engine = sa.create_engine(POSTGRES_URL)
        with engine.connect() as conn:
            conn.execute(sa.text("select 1"))
        engine.dispose()
    except Exception as exc:  # any driver or network error means "not reachable"
        _missing("postgres", type(exc).__name__)
    return POSTGRES_URL


@pytest.fixture
def postgres_url(postgres_server_url: str) -> Iterator[str]:
    """A URL whose connections use a fresh schema, dropped after the test."""
    import sqlalchemy as sa

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(postgres_server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'create schema "{schema}"'))
    sep = "&" if "?" in postgres_server_url else "?"
    yield f"{postgres_server_url}{sep}options=-csearch_path%3D{schema}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'drop schema "{schema}" cascade'))
    admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'orderbot.db'}"


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest) -> str:
    """Runs a test once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture(scope="session")
def redis_server_url() -> str:
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
        client.ping()
        client.close()
    except Exception as exc:
        _missing("redis", type(exc).__name__)
    return REDIS_URL


@pytest.fixture
def redis_url(redis_server_url: str) -> Iterator[str]:
    """A Redis URL on an empty database number, flushed after the test."""
    import redis

    base = redis_server_url.rsplit("/", 1)[0]
    for number in range(15, 0, -1):
        client = redis.Redis.from_url(f"{base}/{number}")
        if client.setnx("orderbot:test:lock", os.getpid()):
            client.expire("orderbot:test:lock", 600)
            try:
                client.flushdb()
                client.set("orderbot:test:lock", os.getpid(), ex=600)
                yield f"{base}/{number}"
            finally:
                client.flushdb()
                client.close()
            return
        client.close()
    pytest.fail("no free Redis database number for this test")
