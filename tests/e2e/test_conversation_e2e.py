"""A whole order over the wire: signed webhooks in, the bot's WhatsApp replies read from the fake Twilio API.

The real conversation handler runs on the demo masters (fixtures/), on SQLite
and on PostgreSQL; replies leave through the real twilio client pointed at
tests/support/fake_twilio.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from bot.models import InboundMessage
from domain.db import make_engine, session_factory
from domain.importing import import_dir
from domain.models import Order, ReviewItem
from tests.support.botapp import bot_app, migrate, rows
from tests.support.fake_twilio import FakeTwilio
from tests.support.signing import WEBHOOK, inbound_form, post_signed

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
DEALER, OTHER = "+919000000101", "+919000000102"


@pytest.fixture
def app(db_url: str, fake: FakeTwilio) -> Iterator[Flask]:
    migrate(db_url)
    engine = make_engine(db_url)
    try:
        import_dir(session_factory(engine), FIXTURES)
    finally:
        engine.dispose()
    with bot_app(db_url, fake.base_url, MESSAGE_HANDLER="bot.conversation:handle") as built:
        yield built


def say(app: Flask, fake: FakeTwilio, phone: str, text: str) -> str:
    """Post one signed message and wait for the bot's answer on the fake Twilio API."""
    before = len(fake.sent)
    response = post_signed(app.test_client(), WEBHOOK, inbound_form(phone, text))
    assert response.status_code == 200
    sent = fake.wait_for(before + 1)
    return "\n".join(m.body or "" for m in sent[before:] if m.to == f"whatsapp:{phone}")


def test_an_order_is_drafted_confirmed_with_yes_and_its_status_read(app: Flask, fake: FakeTwilio) -> None:
    draft = say(app, fake, DEALER, "bhaiya 10 peti maggi aur 5 peti parle g bhej do")  # Hinglish, as replies
    assert "*Order draft SO-1001*" in draft and "*Total: ₹14,542.50*" in draft
    assert "Confirm karne ke liye *YES* bhejein" in draft
    done = say(app, fake, DEALER, "haan")
    assert "✅ *Order SO-1001 confirm ho gaya.*" in done
    assert "*SO-1001*: *Confirm ho gaya*" in say(app, fake, DEALER, "status SO-1001")  # as his last words
    assert [o.state for o in rows(app, Order)] == ["confirmed"]
    assert all(m.status == "processed" for m in rows(app, InboundMessage))


def test_a_replayed_yes_confirms_once_and_answers_once(app: Flask, fake: FakeTwilio) -> None:
    say(app, fake, DEALER, "10 peti maggi")
    form = inbound_form(DEALER, "yes")
    client = app.test_client()
    assert post_signed(client, WEBHOOK, form).status_code == 200
    fake.wait_for(2)
    assert post_signed(client, WEBHOOK, form).status_code == 200  # Twilio retries the same MessageSid
    assert len(fake.sent) == 2
    assert [o.state for o in rows(app, Order)] == ["confirmed"]


def test_another_dealer_asking_for_the_order_learns_nothing(app: Flask, fake: FakeTwilio) -> None:
    say(app, fake, DEALER, "10 peti maggi")
    say(app, fake, DEALER, "yes")
    reply = say(app, fake, OTHER, "status SO-1001")
    assert "could not find order *SO-1001*" in reply and "Maggi" not in reply


def test_an_ambiguous_item_is_asked_about_and_an_unknown_one_reviewed(app: Flask, fake: FakeTwilio) -> None:
    question = say(app, fake, DEALER, "lux 1 peti")
    assert "*1*) Lux" in question
    assert "*Order draft SO-1001*" in say(app, fake, DEALER, "1")
    assert "person from our team" in say(app, fake, DEALER, "telma 5 box")
    assert [r.kind for r in rows(app, ReviewItem)] == ["parse"]
