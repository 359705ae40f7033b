"""Passwords tried at the login page are slowed per client, and nobody can be locked out by a stranger
(issue 12, item 9): a growing delay per email and client, and a per-client limit (Flask-Limiter)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from bot import create_app
from bot.console.throttle import ACCOUNT_ALARM, FREE_TRIES, MAX_WAIT, backoff
from domain.models import AuditLog
from tests.bot.console.conftest import Console, RecordingSender, login
from tests.support.botapp import settings

STRANGER, OWNER = "203.0.113.66", "198.51.100.7"


def from_address(console: Console, address: str) -> FlaskClient:
    client = console.app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


@pytest.mark.parametrize(
    ("mine", "everyone", "since_last", "wait"),
    [
        (0, 0, timedelta(0), timedelta(0)),  # nothing failed
        (FREE_TRIES - 1, FREE_TRIES - 1, timedelta(0), timedelta(0)),  # typos are free
        (FREE_TRIES, FREE_TRIES, timedelta(0), timedelta(seconds=1)),  # then 1 s
        (FREE_TRIES + 3, FREE_TRIES + 3, timedelta(0), timedelta(seconds=8)),  # doubling
        (FREE_TRIES + 3, FREE_TRIES + 3, timedelta(seconds=10), timedelta(0)),  # waited enough
        (FREE_TRIES + 60, FREE_TRIES + 60, timedelta(0), MAX_WAIT),  # never more than MAX_WAIT
        (0, 10 * ACCOUNT_ALARM, timedelta(0), timedelta(0)),  # a client that never failed never waits
        (1, ACCOUNT_ALARM, timedelta(0), timedelta(seconds=32)),  # a spread attack: one miss costs 32 s
    ],
)
def test_the_wait_grows_with_a_clients_own_failures_only(
    mine: int, everyone: int, since_last: timedelta, wait: timedelta
) -> None:
    assert backoff(mine, everyone, since_last) == wait


def test_a_strangers_wrong_passwords_do_not_lock_the_owner_out(console: Console) -> None:
    stranger = from_address(console, STRANGER)
    codes = [login(stranger, "ops@example.com", "guess guess guess").status_code for _ in range(10)]
    assert codes[:FREE_TRIES] == [401] * FREE_TRIES and codes[-1] == 429  # his tries slow down
    refused = login(stranger, "ops@example.com")  # the stranger now waits, even with the right password
    assert refused.status_code == 429
    assert "try again in" in refused.get_data(as_text=True)
    assert login(from_address(console, OWNER), "ops@example.com").status_code == 302  # the owner gets in
    with console.session() as s:
        who = set(s.scalars(sa.select(AuditLog.who).where(AuditLog.action == "auth.login_failed")))
    assert who == {f"client {STRANGER}"}


def test_the_failing_client_may_try_again_once_its_wait_has_passed(console: Console) -> None:
    client = from_address(console, STRANGER)
    for _ in range(FREE_TRIES + 2):
        login(client, "ops@example.com", "guess guess guess")
    assert login(client, "ops@example.com").status_code == 429
    with console.session() as s, s.begin():
        s.execute(sa.update(AuditLog).values(at=datetime.now(UTC) - timedelta(minutes=5)))
    assert login(client, "ops@example.com").status_code == 302


def test_a_client_over_its_login_limit_is_refused_whatever_the_email(
    console_template: Path, tmp_path: Path
) -> None:
    import shutil

    path = tmp_path / "limit.db"
    shutil.copy(console_template, path)
    app = create_app(
        settings(
            f"sqlite:///{path}",
            OUTBOUND_SENDER=RecordingSender(),
            ORDERBOT_ENV="development",
            CONSOLE_LOGIN_LIMIT="3 per minute",
        )
    )
    try:
        sprayer = app.test_client()
        sprayer.environ_base["REMOTE_ADDR"] = STRANGER
        codes = [login(sprayer, f"user{i}@example.com", "guess guess guess").status_code for i in range(4)]
        assert codes == [401, 401, 401, 429]
        assert "Too many wrong passwords from this address" in login(sprayer, "ops@example.com").get_data(
            as_text=True
        )
        office = app.test_client()
        office.environ_base["REMOTE_ADDR"] = OWNER
        logins = [
            login(office, f"{role}@example.com").status_code for role in ("ops", "approver", "admin") * 2
        ]
        assert logins == [302] * 6  # the limit is the client's alone, and right passwords never count
    finally:
        app.extensions["orderbot"].close()


@pytest.mark.redis
def test_the_login_limit_is_kept_in_redis_when_the_bot_has_redis(
    console_template: Path, tmp_path: Path, redis_url: str
) -> None:
    import shutil

    import redis
    from flask_limiter import Limiter

    path = tmp_path / "redis.db"
    shutil.copy(console_template, path)
    app = create_app(
        settings(
            f"sqlite:///{path}",
            OUTBOUND_SENDER=RecordingSender(),
            ORDERBOT_ENV="development",
            REDIS_URL=redis_url,
        )
    )
    try:
        limiter: Limiter = app.extensions["console_limiter"]
        assert type(limiter.storage).__name__ == "RedisStorage"
        client = app.test_client()
        assert login(client, "ops@example.com", "guess guess guess").status_code == 401
        with redis.Redis.from_url(redis_url) as store:
            assert store.keys("*console-login*")  # the wrong password is counted there
        assert login(client, "ops@example.com").status_code == 302
    finally:
        app.extensions["orderbot"].close()
