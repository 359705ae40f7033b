"""Storing an inbound message: one committed row per MessageSid, and the pooled connection left as it was."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from bot.models import InboundMessage
from bot.store import NewInbound, store_inbound
from domain.db import make_engine, session_factory
from domain.models import AuditLog
from tests.support.botapp import migrate

MESSAGE = NewInbound(
    message_sid="SM" + "a" * 32,
    phone="+919826104573",
    body="10 maggi, 2 surf excel",
    num_media=2,
    media_urls=("https://api.twilio.com/m/1", "https://api.twilio.com/m/2"),
    profile_name="Sharma",
)


def test_a_stored_message_reads_back_whole_and_a_replay_stores_nothing(db_url: str) -> None:
    migrate(db_url)
    engine = make_engine(db_url)
    sessions = session_factory(engine)
    before = datetime.now(UTC)
    first = store_inbound(sessions, MESSAGE)
    assert first is not None
    assert store_inbound(sessions, MESSAGE) is None
    with sessions() as session:
        [row] = session.scalars(sa.select(InboundMessage))
    assert row.id == first
    assert (row.message_sid, row.phone, row.body, row.num_media, row.profile_name) == (
        MESSAGE.message_sid,
        MESSAGE.phone,
        MESSAGE.body,
        2,
        "Sharma",
    )
    assert row.media_urls == list(MESSAGE.media_urls)
    assert (row.status, row.attempts, row.last_error, row.processed_at) == ("received", 0, "", None)
    assert before <= row.received_at <= datetime.now(UTC)
    engine.dispose()


@pytest.mark.parametrize(
    "replay",
    [
        False,  # the insert ran on the connection
        True,  # the insert found the MessageSid and did nothing
    ],
)
def test_after_storing_the_pooled_connection_still_runs_transactions(db_url: str, replay: bool) -> None:
    """PostgreSQL stores in autocommit; the one pooled connection must come back transactional."""
    migrate(db_url)
    engine = make_engine(db_url, pool_size=1, max_overflow=0)  # every session gets the connection just used
    sessions = session_factory(engine)
    store_inbound(sessions, MESSAGE)
    if replay:
        store_inbound(sessions, MESSAGE)
    with sessions() as session:
        session.add(AuditLog(who="test", action="test.rolled-back", target=""))
        session.flush()
        session.rollback()
    with sessions() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(AuditLog)) == 0
    engine.dispose()
