"""Webhooks take small bodies and shrug off absurd values (issue 12, item 10): 413 past the body limit,
a long Body stored capped with its length, a 40-digit ErrorCode or outbox id ignored, never a 500."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from bot.models import InboundMessage, OutboxMessage
from bot.store import MAX_STORED_BODY
from bot.webhooks import WEBHOOK_MAX_BYTES
from tests.support.botapp import bot_app, count, rows
from tests.support.fake_twilio import FakeTwilio
from tests.support.signing import STATUS, WEBHOOK, inbound_form, post_signed, status_form

PHONE = "+919826104573"


@pytest.fixture
def app(db_url: str, fake: FakeTwilio) -> Iterator[Flask]:
    with bot_app(db_url, fake.base_url) as built:
        yield built


def test_a_body_over_the_webhook_limit_is_refused_and_nothing_is_stored(app: Flask) -> None:
    response = post_signed(app.test_client(), WEBHOOK, inbound_form(PHONE, "x" * (WEBHOOK_MAX_BYTES + 1)))
    assert response.status_code == 413
    assert count(app, InboundMessage) == 0


def test_a_long_body_is_stored_capped_with_the_length_it_came_with(app: Flask, fake: FakeTwilio) -> None:
    body = "maggi 10 peti " * 500  # 7,000 characters: more than WhatsApp sends, less than the byte limit
    assert post_signed(app.test_client(), WEBHOOK, inbound_form(PHONE, body)).status_code == 200
    [row] = rows(app, InboundMessage)
    assert (len(row.body), row.body_length) == (MAX_STORED_BODY, len(body))
    assert row.body == body[:MAX_STORED_BODY]


@pytest.mark.parametrize(
    ("error_code", "outbox", "kept"),
    [
        ("1" * 40, None, None),  # a 40-digit ErrorCode: no integer column holds it
        ("63016", "9" * 40, 63016),  # a 40-digit outbox id in the callback URL (the sid still finds it)
        ("-5", "abc", None),  # not numbers at all
    ],
)
def test_absurd_numbers_in_a_status_callback_are_ignored_not_a_500(
    app: Flask, fake: FakeTwilio, error_code: str, outbox: str | None, kept: int | None
) -> None:
    client = app.test_client()
    post_signed(client, WEBHOOK, inbound_form(PHONE, "10 maggi"))
    [sent] = fake.wait_for(1)
    path = STATUS if outbox is None else f"{STATUS}?outbox={outbox}"
    response = post_signed(client, path, status_form(sent.sid, "failed", error_code))
    assert response.status_code == 204
    [row] = rows(app, OutboxMessage)
    assert (row.status, row.error_code) == ("failed", kept)
