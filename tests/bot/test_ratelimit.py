"""A sender over 20 messages a minute is slowed with one polite reply; other senders are not affected."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from bot import replies
from bot.jobs import run_process
from bot.models import InboundMessage, OutboxMessage
from domain.columns import utcnow
from tests.support.botapp import bot_runtime, rows, store
from tests.support.fake_twilio import FakeTwilio

FLOODER, NEIGHBOUR = "+919826104573", "+919812345678"


@pytest.fixture
def rt(db_url: str, fake: FakeTwilio) -> Iterator[Any]:
    with bot_runtime(db_url, fake.base_url, RATE_LIMIT_PER_MINUTE=20) as runtime:
        yield runtime


def _send(rt: Any, phone: str, n: int) -> list[int]:
    ids = [store(rt, phone, f"message {i}") for i in range(n)]
    for message_id in ids:
        run_process(rt, message_id)
    return ids


def test_the_21st_message_in_a_minute_is_kept_unprocessed_and_gets_one_please_wait(
    rt: Any, fake: FakeTwilio
) -> None:
    _send(rt, FLOODER, 25)
    statuses = [m.status for m in rows(rt, InboundMessage)]
    assert statuses == ["processed"] * 20 + ["throttled"] * 5
    bodies = [m.body for m in fake.to(FLOODER)]
    assert len(bodies) == 21
    assert bodies[-1] == replies.please_wait()  # once, not five times
    assert bodies.count(replies.please_wait()) == 1


def test_another_sender_is_not_slowed_by_a_flood(rt: Any, fake: FakeTwilio) -> None:
    _send(rt, FLOODER, 22)
    _send(rt, NEIGHBOUR, 3)
    assert [m.body for m in fake.to(NEIGHBOUR)] == ["echo: message 0", "echo: message 1", "echo: message 2"]


def test_a_sender_is_served_again_once_the_minute_has_passed(rt: Any, fake: FakeTwilio) -> None:
    _send(rt, FLOODER, 21)
    with rt.sessions() as session, session.begin():
        session.execute(sa.update(InboundMessage).values(received_at=utcnow() - timedelta(seconds=61)))
    _send(rt, FLOODER, 1)
    assert fake.to(FLOODER)[-1].body == "echo: message 0"
    assert rows(rt, OutboxMessage)[-1].dedupe_key.startswith("reply:")
