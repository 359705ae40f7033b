"""How fast passwords may be tried at /console/login, without letting a stranger lock anyone out.

Two brakes, both checked before a password is:

- Per client (Flask-Limiter): at most CONSOLE_LOGIN_LIMIT wrong passwords from one address
  ("20 per minute;200 per hour"), whatever the emails (someone trying one password on many
  accounts); past it the address is refused before any password is checked. Logins that succeed
  are not counted, so an office behind one address is never slowed by its own staff. Counted in
  Redis when REDIS_URL is set (every process sees them), in memory otherwise. Set FORWARDED_HOPS
  behind a proxy so the address is the client's, not the proxy's.
- Per email and client (a growing delay): wrong passwords for one email from one address are
  free up to FREE_TRIES, then each next try waits twice as long as the one before (1 s, 2 s,
  4 s, ... at most MAX_WAIT). The delay is the failing client's own: the right password from
  an address that has not been failing for that email always goes through, so ten wrong
  passwords from a stranger lock nobody out. When an email collects ACCOUNT_ALARM wrong
  passwords from all addresses (a guess spread over many machines), every address that failed
  for it waits as after ALARM_TRIES of its own.

Failures are read from the audit log (`auth.login_failed`: target the email, who the client), so
every process sees the same ones.

    if throttle.client_over_limit(): ...                                    # 429
    wait = throttle.wait_before_trying("asha@example.com", "203.0.113.9")   # timedelta(0): go on
    throttle.count_failure()                                                # after a wrong password
"""

from __future__ import annotations

import logging
import os
from datetime import datetime, timedelta
from typing import cast

import sqlalchemy as sa
from flask import Blueprint, Flask, current_app, request
from flask.blueprints import BlueprintSetupState
from flask_limiter import Limiter
from limits import RateLimitItem, parse_many

from domain.columns import utcnow
from domain.models import AuditLog

FAILED = "auth.login_failed"
WINDOW = timedelta(hours=1)  # wrong passwords older than this are forgotten
FREE_TRIES = 5  # wrong passwords from one client for one email before it waits
FIRST_WAIT = timedelta(seconds=1)  # the wait after FREE_TRIES; doubled with every further one
MAX_WAIT = timedelta(minutes=15)
ACCOUNT_ALARM = 50  # wrong passwords for one email from all clients within WINDOW
ALARM_TRIES = FREE_TRIES + 5  # counted for each failing client while the alarm is on (a 32 s wait)
LOGIN_LIMIT = "20 per minute;200 per hour"  # per client, every email together (CONSOLE_LOGIN_LIMIT)
EXTENSION = "console_limiter"
SCOPE = "console-login"

log = logging.getLogger(__name__)


def backoff(mine: int, everyone: int, since_last: timedelta) -> timedelta:
    """How long a client must still wait before trying a password for an email.

    `mine`: its wrong passwords for the email within WINDOW; `everyone`: all clients' together;
    `since_last`: time since its last wrong one.

    >>> backoff(4, 4, timedelta(0))                       # free tries
    datetime.timedelta(0)
    >>> backoff(5, 5, timedelta(0))                       # the first wait
    datetime.timedelta(seconds=1)
    >>> backoff(8, 8, timedelta(seconds=3))               # 8 s after the 8th, 3 s gone
    datetime.timedelta(seconds=5)
    >>> backoff(40, 40, timedelta(0))                     # never more than MAX_WAIT
    datetime.timedelta(seconds=900)
    >>> backoff(0, 500, timedelta(days=1))                # a client that never failed: no wait, ever
    datetime.timedelta(0)
    >>> backoff(1, 60, timedelta(seconds=2))              # under a spread attack, one miss costs 32 s
    datetime.timedelta(seconds=30)
    """
    tries = mine
    if mine and everyone >= ACCOUNT_ALARM:
        tries = max(mine, ALARM_TRIES)
    if tries < FREE_TRIES:
        return timedelta(0)
    wait = min(FIRST_WAIT * 2 ** min(tries - FREE_TRIES, 30), MAX_WAIT)
    return max(wait - since_last, timedelta(0))


def client() -> str:
    """The address the request came from (after FORWARDED_HOPS proxies), as the audit log names it."""
    return f"client {request.remote_addr or 'unknown'}"[:254]


def wait_before_trying(email: str, who: str, now: datetime | None = None) -> timedelta:
    """How long `who` (a client()) must wait before a password for `email` is checked."""
    from bot.console.web import reading

    now = now or utcnow()
    failed = sa.and_(AuditLog.action == FAILED, AuditLog.target == email, AuditLog.at >= now - WINDOW)
    with reading() as db:
        everyone = int(db.scalar(sa.select(sa.func.count()).where(failed)) or 0)
        if not everyone:
            return timedelta(0)
        mine, last = db.execute(
            sa.select(sa.func.count(), sa.func.max(AuditLog.at)).where(failed, AuditLog.who == who)
        ).one()
    if not mine:
        return timedelta(0)
    return backoff(int(mine), everyone, now - last)


def client_over_limit() -> bool:
    """True when this address has used up one of its CONSOLE_LOGIN_LIMIT wrong passwords."""
    limiter, items = _limits()
    try:
        return not all(limiter.limiter.test(item, SCOPE, _address()) for item in items)
    except Exception:  # the limit's store (Redis) is away: the per-email backoff still holds
        log.warning("console: login limit store unreachable; not counted", exc_info=True)
        return False


def count_failure() -> None:
    """One wrong password from this address, against each of its limits."""
    limiter, items = _limits()
    try:
        for item in items:
            limiter.limiter.hit(item, SCOPE, _address())
    except Exception:
        log.warning("console: login limit store unreachable; not counted", exc_info=True)


def login_limit(app: Flask) -> str:
    return str(app.config.get("CONSOLE_LOGIN_LIMIT") or os.environ.get("CONSOLE_LOGIN_LIMIT") or LOGIN_LIMIT)


def _limits() -> tuple[Limiter, list[RateLimitItem]]:
    return current_app.extensions[EXTENSION], parse_many(login_limit(current_app))


def _address() -> str:
    return request.remote_addr or "unknown"


def init_limiter(app: Flask) -> None:
    """One Limiter per app, on the bot's Redis when it has one; checks only where per_client() asks."""
    redis_url = app.extensions["orderbot"].settings.redis_url
    limiter = Limiter(
        _address,
        storage_uri=redis_url or "memory://",
        key_prefix="orderbot-console",
        auto_check=False,  # only wrong passwords count; no limits on other pages
    )
    limiter.init_app(app)
    app.extensions[EXTENSION] = limiter


def attach(bp: Blueprint) -> None:
    """Give the app of `bp` its limiter when `bp` is registered (auth.register calls this)."""

    def setup(state: BlueprintSetupState) -> None:
        init_limiter(cast(Flask, state.app))

    bp.record_once(setup)
