"""Conversations over the wire, for tests: signed webhooks in, replies read from the fake Twilio API.

Two fixtures, registered for every test by tests/conftest.py:

    fake   a FakeTwilio on a free port (tests/support/fake_twilio.py)
    chat   the bot on the demo masters (fixtures/), on SQLite and on PostgreSQL (via db_url),
           jobs inline, replies through the real twilio client pointed at `fake`

    def test_a_draft(chat: Chat) -> None:
        reply = chat.say(DEALER, "10 peti maggi")         # the text the dealer got back
        assert "*Order draft SO-1001*" in reply
        assert [o.state for o in chat.rows(Order)] == ["awaiting_confirmation"]
        with chat.session() as session:                    # anything else stored
            ...

`chat.say` posts one message signed with the twilio SDK's RequestValidator and waits for
every reply to that sender; `chat.now` moves the bot's clock (BOT_NOW) when a test needs
time to pass.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from tests.support.botapp import bot_app, migrate, rows
from tests.support.fake_twilio import FakeTwilio
from tests.support.signing import WEBHOOK, inbound_form, post_signed

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

# The demo masters' people (fixtures/dealers.csv)
DEALER = "+919000000101"  # D01 Shree Ganesh Kirana, tier A, rep 901
OTHER_DEALER = "+919000000102"  # D02 Ganesh Traders, tier B, rep 901
REP = "+919000000901"  # field rep of D01, D02, D03, D05
REP_OF_ONE = "+919000000903"  # field rep of D10 only


class Chat:
    """The bot on the demo masters, talked to as dealers and reps do."""

    def __init__(self, app: Flask, fake: FakeTwilio) -> None:
        self.app, self.fake = app, fake

    def say(self, phone: str, text: str, **form: str) -> str:
        """Post one signed message from `phone` and return the replies it got, joined by newlines."""
        before = len(self.fake.sent)
        response = post_signed(self.app.test_client(), WEBHOOK, inbound_form(phone, text, **form))
        assert response.status_code == 200, response.status_code
        sent = self.fake.wait_for(before + 1)
        return "\n".join(m.body or "" for m in sent[before:] if m.to == f"whatsapp:{phone}")

    def sent_to(self, phone: str) -> list[str]:
        """Every message the bot has sent to `phone` so far (replies and notices)."""
        return [m.body or "" for m in self.fake.sent if m.to == f"whatsapp:{phone}"]

    def rows(self, model: Any, *where: Any) -> list[Any]:
        return rows(self.app, model, *where)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session on the bot's database; committed when the block ends without an error."""
        with self.app.extensions["orderbot"].sessions() as session:
            yield session
            session.commit()


def demo_database(db_url: str) -> None:
    """Migrate `db_url` and import the demo masters into it."""
    from domain.db import make_engine, session_factory
    from domain.importing import import_dir

    migrate(db_url)
    engine = make_engine(db_url)
    try:
        import_dir(session_factory(engine), FIXTURES)
    finally:
        engine.dispose()


@pytest.fixture
def fake() -> Iterator[FakeTwilio]:
    with FakeTwilio() as server:
        yield server


@pytest.fixture
def chat(db_url: str, fake: FakeTwilio) -> Iterator[Chat]:
    demo_database(db_url)
    with bot_app(db_url, fake.base_url, MESSAGE_HANDLER="bot.conversation:handle") as app:
        yield Chat(app, fake)
