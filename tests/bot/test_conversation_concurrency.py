"""One sender's messages handled at the same time by two workers take turns on his conversation row."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.conversation import handle
from bot.conversation.state import Conversation
from bot.messages import Inbound
from bot.migrations import upgrade
from domain.db import make_engine, session_factory
from domain.importing import import_dir
from domain.models import Order

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
DEALER = "+919000000101"


@pytest.mark.postgres
def test_two_yes_messages_at_once_confirm_the_draft_once_and_keep_one_conversation_row(
    postgres_url: str,
) -> None:
    upgrade(postgres_url)
    engine = make_engine(postgres_url)
    sessions = session_factory(engine)
    import_dir(sessions, FIXTURES)

    def send(text: str) -> str:
        inbound = Inbound("SM" + uuid.uuid4().hex, DEALER, text)
        with sessions() as session, session.begin():
            return "\n".join(r.body for r in handle(session, inbound, datetime.now(UTC)))

    try:
        assert "Order draft" in send("10 peti maggi")
        answers: list[str] = []
        start = threading.Barrier(2)

        def worker() -> None:
            start.wait()
            answers.append(send("yes"))

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert sorted("confirmed" in a for a in answers) == [False, True]
        with sessions() as session:
            assert session.scalar(sa.select(sa.func.count(Conversation.id))) == 1
            assert list(session.scalars(sa.select(Order.state))) == ["confirmed"]
    finally:
        engine.dispose()
