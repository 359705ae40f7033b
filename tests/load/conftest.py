"""What every load and fault test stands on: a shop on PostgreSQL, the fake Twilio, searched logs.

    def test_x(shop: Shop, fake: FakeTwilio, logbook: LogBook) -> None:
        env = shop.env(fake, REDIS_URL=redis_url)
        shop.watch(phone, body)          # this phone and this body must never reach a log

`shop` is a fresh PostgreSQL schema, migrated, with the demo masters from
fixtures/ and SHOPS extra dealers (one phone each, generous limits), so 200
dealers can each hold a draft at once. After every test the `logbook` (the
gunicorn, rq and redis logs, plus every record logged in this process) is
searched for each watched phone's digits and each watched message body: a hit
fails the test (issue 6, item 8).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.load.masters import import_masters, masters, shop_phone
from tests.support.botapp import migrate
from tests.support.fake_twilio import FakeTwilio
from tests.support.servers import LogBook, service_env

__all__ = ["SHOPS", "Shop", "shop_phone"]

SHOPS = 240


@dataclass
class Shop:
    url: str
    secrets: list[str] = field(default_factory=list)

    def watch(self, phone: str | None = None, body: str | None = None) -> None:
        """Never in a log: the phone's national digits (masked '+91******0101' is fine), the whole body."""
        if phone:
            self.secrets.append(phone[-10:])
        if body and len(body.strip()) >= 8:  # short bodies ("haan", "1") are words logs may hold anyway
            self.secrets.append(body)

    def env(self, fake: FakeTwilio, **extra: object) -> dict[str, str]:
        return service_env(self.url, fake.base_url, **extra)


@pytest.fixture
def logbook(tmp_path: Path) -> Iterator[LogBook]:
    """Process logs go here; so does every log record made in this process during the test."""
    book = LogBook(tmp_path / "logs")
    handler = logging.FileHandler(book.new("in-process"))
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield book
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        handler.close()


@pytest.fixture
def shop(postgres_url: str, tmp_path: Path, logbook: LogBook) -> Iterator[Shop]:
    """The demo masters and SHOPS load-test dealers on a fresh PostgreSQL schema; logs searched afterwards."""
    import_masters(postgres_url, masters(tmp_path / "masters", SHOPS))
    yield from _searched(Shop(postgres_url), logbook)


@pytest.fixture
def channel(postgres_url: str, logbook: LogBook) -> Iterator[Shop]:
    """Only the migrated tables (no masters), for outbox and delivery tests; logs searched afterwards."""
    migrate(postgres_url)
    yield from _searched(Shop(postgres_url), logbook)


def _searched(built: Shop, logbook: LogBook) -> Iterator[Shop]:
    yield built
    leaks = logbook.leaks(built.secrets)
    assert not leaks, f"{len(leaks)} phone numbers or message bodies reached the logs, e.g. {leaks[:3]}"
