"""A special rate from the chat to the approver's decision: signed webhooks in, the console over HTTP.

D01 asks ₹1,000 a case for Maggi (list ₹1,070.00 at his tier A); the draft is at
the list and names the asked rate, his YES puts the order on hold for an
approver, and what the approver decides in /console/approvals reaches him on
WhatsApp through the real twilio client pointed at tests/support/fake_twilio.py.
Runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from domain.db import make_engine, session_factory
from domain.importing import import_dir
from domain.models import Order, ReviewItem, StaffUser
from tests.bot.console.conftest import PASSWORD, TOKEN, login
from tests.e2e import test_conversation_e2e as conversation
from tests.support.botapp import bot_app, migrate
from tests.support.fake_twilio import FakeTwilio

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
DEALER = "+919000000101"  # D01, tier A: Maggi Masala 70g lists at ₹1,070.00 a case
APPROVER = "approver@example.com"
say = conversation.say  # the signed-message helper, shared (the fake Twilio fixture: tests/support/chat.py)


@pytest.fixture
def app(db_url: str, fake: FakeTwilio) -> Iterator[Flask]:
    """The demo masters and one approver; development, so the console's cookie works over http."""
    migrate(db_url)
    engine = make_engine(db_url)
    try:
        factory = session_factory(engine)
        import_dir(factory, FIXTURES)
        with factory() as s, s.begin():
            s.add(
                StaffUser(
                    email=APPROVER,
                    role="approver",
                    password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000"),
                )
            )
    finally:
        engine.dispose()
    with bot_app(
        db_url, fake.base_url, MESSAGE_HANDLER="bot.conversation:handle", ORDERBOT_ENV="development"
    ) as built:
        yield built


def approver(app: Flask) -> FlaskClient:
    client = app.test_client()
    response = login(client, APPROVER)
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def decide(client: FlaskClient, item: int, action: str, form: dict[str, str]) -> str:
    """Post the approvals page's own form (its CSRF token) and read the page it redirects to."""
    page = client.get("/console/approvals").get_data(as_text=True)
    found = TOKEN.search(page)
    assert found, "no CSRF token on the approvals page"
    response = client.post(f"/console/approvals/{item}/{action}", data={**form, "csrf_token": found.group(1)})
    assert response.status_code == 302 and response.location.endswith("/console/approvals")
    return client.get("/console/approvals").get_data(as_text=True)


def asked_and_confirmed(app: Flask, fake: FakeTwilio) -> tuple[str, int]:
    """D01 asks ₹1,000 a case and confirms: the order's number and its price-exception item."""
    draft = say(app, fake, DEALER, "maggi 2 peti @1000")
    assert "*Order draft SO-1001*" in draft
    assert "you asked ₹1,000.00 a case: needs our approval" in draft
    assert "*Total: ₹2,247.00*" in draft  # 2 x ₹1,070.00 list + 5% GST: nothing granted yet
    waiting = say(app, fake, DEALER, "yes")
    assert "*Order SO-1001* waits for our approval" in waiting
    assert "₹1,000.00 a case (list ₹1,070.00)" in waiting
    assert state_and_price(app, "SO-1001") == ("on_hold", Decimal("1070.00"))
    with app.extensions["orderbot"].sessions() as s:
        item = s.scalar(sa.select(ReviewItem.id).where(ReviewItem.kind == "price_exception"))
    assert item is not None
    return "SO-1001", item


def state_and_price(app: Flask, number: str) -> tuple[str, Decimal]:
    with app.extensions["orderbot"].sessions() as s:
        order = s.scalars(sa.select(Order).where(Order.number == number)).one()
        [line] = order.lines
        return order.state, line.unit_price


def test_an_asked_rate_approved_in_the_console_reprices_the_order_and_tells_the_dealer(
    app: Flask, fake: FakeTwilio
) -> None:
    number, item = asked_and_confirmed(app, fake)
    client = approver(app)
    page = client.get("/console/approvals").get_data(as_text=True)
    assert number in page and 'name="price-1" value="1000.00"' in page  # the asked rate, prefilled

    sent = len(fake.sent)
    after = decide(client, item, "approve", {"price-1": "1000.00", "note": ""})
    assert f"Approved {number}; the dealer was told." in after
    told = fake.wait_for(sent + 1)[-1]
    assert told.to == f"whatsapp:{DEALER}"
    assert f"The special price for order {number} is *approved*" in (told.body or "")
    assert "New total: *₹2,100.00*" in (told.body or "")  # 2 x ₹1,000.00 + 5% GST
    assert state_and_price(app, number) == ("approved", Decimal("1000.00"))
    assert "Nothing waiting for approval." in client.get("/console/approvals").get_data(as_text=True)


def test_a_price_above_the_list_changes_nothing_and_a_rejection_cancels_with_the_note(
    app: Flask, fake: FakeTwilio
) -> None:
    number, item = asked_and_confirmed(app, fake)
    client = approver(app)
    sent = len(fake.sent)

    refused = decide(client, item, "approve", {"price-1": "1100", "note": ""})
    assert "is above the list price ₹1,070.00" in refused
    assert state_and_price(app, number) == ("on_hold", Decimal("1070.00"))
    assert len(fake.sent) == sent  # the dealer is told nothing

    after = decide(client, item, "reject", {"note": "best rate is 1,050 this month"})
    assert f"Rejected {number}; the dealer was told." in after
    told = fake.wait_for(sent + 1)[-1]
    assert told.to == f"whatsapp:{DEALER}" and "best rate is 1,050 this month" in (told.body or "")
    assert state_and_price(app, number)[0] == "cancelled"
