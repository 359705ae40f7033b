"""The webhook end to end: signed requests in, replies out through the real twilio client to the fake API.

Jobs run inline here (no REDIS_URL); retries that rq would schedule are driven
by calling the sweeper with a later clock, which is what it does in production.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

import pytest
import requests
from flask import Flask
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from bot.messages import Inbound, Reply
from bot.models import InboundMessage, OutboxMessage
from bot.sweeper import sweep
from domain.columns import utcnow
from domain.models import AuditLog
from tests.support.botapp import bot_app, count, rows
from tests.support.fake_twilio import FakeTwilio
from tests.support.signing import STATUS, WEBHOOK, inbound_form, post_signed, signature, status_form

PHONE = "+919826104573"


@pytest.fixture
def app(db_url: str, fake: FakeTwilio) -> Iterator[Flask]:
    with bot_app(db_url, fake.base_url, DELIVERY_RETRY_INTERVALS="1,2,4") as built:
        yield built


def later(app: Flask, minutes: int) -> None:
    """Run the sweeper as if `minutes` had passed (what the scheduled sweep does for retries)."""
    sweep(app.extensions["orderbot"], now=utcnow() + timedelta(minutes=minutes))


def test_a_message_is_answered_with_empty_twiml_and_its_reply_goes_out(app: Flask, fake: FakeTwilio) -> None:
    response = post_signed(app.test_client(), WEBHOOK, inbound_form(PHONE, "10 maggi"))
    assert response.status_code == 200
    assert response.mimetype == "text/xml"
    assert response.get_data(as_text=True).endswith("<Response/>")
    [sent] = fake.wait_for(1)
    assert (sent.to, sent.from_) == (f"whatsapp:{PHONE}", "whatsapp:+14155238886")
    assert sent.body == "echo: 10 maggi"
    [row] = rows(app, OutboxMessage)
    assert (row.status, row.twilio_sid, row.attempts) == ("sent", sent.sid, 1)
    [message] = rows(app, InboundMessage)
    assert (message.status, message.phone, message.body) == ("processed", PHONE, "10 maggi")


@pytest.mark.parametrize(
    "deliveries",
    [
        2,  # Twilio retried once after a timeout
        5,  # a replay storm of one message
    ],
)
def test_a_replayed_message_sid_is_answered_200_and_processed_once(
    app: Flask, fake: FakeTwilio, deliveries: int
) -> None:
    form = inbound_form(PHONE, "2 surf excel")
    statuses = [post_signed(app.test_client(), WEBHOOK, form).status_code for _ in range(deliveries)]
    assert statuses == [200] * deliveries
    assert count(app, InboundMessage) == 1
    assert count(app, AuditLog, AuditLog.action == "test.echo") == 1  # the handler ran once
    assert count(app, OutboxMessage) == 1
    assert len(fake.sent) == 1


def test_concurrent_deliveries_of_one_message_sid_race_safely(app: Flask, fake: FakeTwilio) -> None:
    form = inbound_form(PHONE, "5 parle g")
    barrier = threading.Barrier(4)
    statuses: list[int] = []

    def deliver() -> None:
        client = app.test_client()
        barrier.wait()
        statuses.append(post_signed(client, WEBHOOK, form).status_code)

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 4
    assert count(app, InboundMessage) == 1
    assert count(app, AuditLog, AuditLog.action == "test.echo") == 1
    assert len(fake.sent) == 1


@pytest.mark.parametrize(
    ("failures", "status"),
    [
        (1, 429),  # rate limited once
        (2, 500),  # Twilio had an internal error twice
        (3, 503),  # unavailable three times in a row
    ],
)
def test_a_reply_refused_with_429_or_5xx_is_retried_and_delivered_once(
    app: Flask, fake: FakeTwilio, failures: int, status: int
) -> None:
    fake.fail_next(failures, status=status)
    post_signed(app.test_client(), WEBHOOK, inbound_form(PHONE, "hello"))
    for minute in range(1, failures + 1):
        [row] = rows(app, OutboxMessage)
        assert row.status == "queued"
        later(app, minutes=5 * minute)
    assert [m.body for m in fake.sent] == ["echo: hello"]
    assert len(fake.attempts) == failures + 1
    [row] = rows(app, OutboxMessage)
    assert (row.status, row.attempts) == ("sent", failures + 1)
    later(app, minutes=30)
    assert len(fake.sent) == 1  # a delivered reply is never sent again


def test_outside_the_24_hour_window_without_a_template_the_reply_waits_for_staff(
    app: Flask, fake: FakeTwilio
) -> None:
    fake.refuse_next(1, code=63016)
    post_signed(app.test_client(), WEBHOOK, inbound_form(PHONE, "hello"))
    later(app, minutes=30)
    later(app, minutes=300)
    [row] = rows(app, OutboxMessage)
    assert (row.status, row.error_code, row.attempts) == ("needs_template", 63016, 1)
    assert len(fake.attempts) == 1  # recorded, not retried
    assert fake.sent == []


def test_outside_the_24_hour_window_a_configured_template_is_sent_instead(
    db_url: str, fake: FakeTwilio
) -> None:
    with bot_app(db_url, fake.base_url, MESSAGE_HANDLER="tests.support.botapp:echo_with_template",
                 TWILIO_TEMPLATES='{"order_update": "HX0123456789abcdef0123456789abcdef"}') as app:
        fake.refuse_next(1, code=63016)
        post_signed(app.test_client(), WEBHOOK, inbound_form(PHONE, "SO-1043"))
        [sent] = fake.wait_for(1)
        assert (sent.content_sid, sent.content_variables, sent.body) == (
            "HX0123456789abcdef0123456789abcdef", {"1": "SO-1043"}, None)
        first, follow_up = rows(app, OutboxMessage)
        assert (first.status, first.error_code) == ("failed", 63016)
        assert (follow_up.status, follow_up.as_template, follow_up.twilio_sid) == ("sent", True, sent.sid)


def test_a_refusal_other_than_the_window_is_recorded_as_failed_with_its_code(
    app: Flask, fake: FakeTwilio
) -> None:
    fake.refuse_next(1, code=21211)
    post_signed(app.test_client(), WEBHOOK, inbound_form(PHONE, "hello"))
    later(app, minutes=30)
    [row] = rows(app, OutboxMessage)
    assert (row.status, row.error_code) == ("failed", 21211)
    assert len(fake.attempts) == 1


@pytest.mark.parametrize(
    ("callbacks", "final", "code"),
    [
        # in order
        ([("sent", None), ("delivered", None), ("read", None)], "read", None),
        # reversed: never moves back
        ([("read", None), ("delivered", None), ("sent", None)], "read", None),
        # the same callback twice
        ([("delivered", None), ("delivered", None)], "delivered", None),
        # late and duplicated
        ([("delivered", None), ("sent", None), ("delivered", None)], "delivered", None),
        # a final status stays final, with Twilio's error code
        ([("sent", None), ("undelivered", "30008"), ("delivered", None)], "undelivered", 30008),
        # failed twice, then noise
        ([("failed", "30003"), ("failed", "30003"), ("read", None)], "failed", 30003),
        # Twilio's interim states change nothing
        ([("queued", None), ("sending", None)], "sent", None),
    ],
)
def test_status_callbacks_only_move_a_reply_forward(
    app: Flask, fake: FakeTwilio, callbacks: list[tuple[str, str | None]], final: str, code: int | None
) -> None:
    client = app.test_client()
    post_signed(client, WEBHOOK, inbound_form(PHONE, "hello"))
    [sent] = fake.wait_for(1)
    for state, error in callbacks:
        assert post_signed(client, STATUS, status_form(sent.sid, state, error)).status_code == 204
    [row] = rows(app, OutboxMessage)
    assert (row.status, row.error_code) == (final, code)


def test_a_status_callback_for_an_unknown_message_is_acknowledged_and_ignored(app: Flask) -> None:
    response = post_signed(app.test_client(), STATUS, status_form("SM" + "f" * 32, "delivered"))
    assert response.status_code == 204
    assert count(app, OutboxMessage) == 0


def test_replies_ask_for_status_callbacks_at_the_public_url(db_url: str, fake: FakeTwilio) -> None:
    base = "https://bot.example.in"
    with bot_app(db_url, fake.base_url, PUBLIC_BASE_URL=base) as app:
        client = app.test_client()
        post_signed(client, WEBHOOK, inbound_form(PHONE, "hello"), base_url=base)
        [sent] = fake.wait_for(1)
        [row] = rows(app, OutboxMessage)
        assert sent.status_callback == f"{base}{STATUS}?outbox={row.id}"
        form = status_form(sent.sid, "delivered")
        response = client.post(f"{STATUS}?outbox={row.id}", data=form,
                               headers={"X-Twilio-Signature": signature(sent.status_callback, form)})
        assert response.status_code == 204
        assert rows(app, OutboxMessage)[0].status == "delivered"


def test_a_media_message_reaches_the_handler_with_its_urls(db_url: str, fake: FakeTwilio) -> None:
    seen: list[Inbound] = []

    def remember(session: Session, inbound: Inbound, now: datetime) -> Sequence[Reply]:
        seen.append(inbound)
        return [Reply(body="Got your photo")]

    with bot_app(db_url, fake.base_url, MESSAGE_HANDLER=remember) as app:
        form = inbound_form(PHONE, "", NumMedia="2", MediaUrl0="https://api.twilio.com/m/1",
                            MediaUrl1="https://api.twilio.com/m/2", ProfileName="Sharma")
        assert post_signed(app.test_client(), WEBHOOK, form).status_code == 200
    [inbound] = seen
    assert (inbound.phone, inbound.num_media, inbound.profile_name) == (PHONE, 2, "Sharma")
    assert inbound.media_urls == ("https://api.twilio.com/m/1", "https://api.twilio.com/m/2")


@pytest.mark.parametrize(
    "change",
    [
        {"From": "whatsapp:9826104573"},  # not E.164
        {"MessageSid": "", "SmsMessageSid": "", "SmsSid": ""},  # no MessageSid
        {"NumMedia": "many"},  # not a number
    ],
)
def test_a_signed_but_malformed_message_is_refused_with_400_and_not_stored(
    app: Flask, change: dict[str, str]
) -> None:
    response = post_signed(app.test_client(), WEBHOOK, {**inbound_form(PHONE, "hi"), **change})
    assert response.status_code == 400
    assert count(app, InboundMessage) == 0


def test_a_real_http_server_accepts_a_signed_message_and_replies(sqlite_url: str, fake: FakeTwilio) -> None:
    with bot_app(sqlite_url, fake.base_url) as app:
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
        thread.start()
        try:
            url = f"http://127.0.0.1:{server.server_port}{WEBHOOK}"
            form = inbound_form(PHONE, "3 dettol")
            response = requests.post(url, data=form, headers={"X-Twilio-Signature": signature(url, form)},
                                     timeout=10)
            forged = requests.post(url, data=form, headers={"X-Twilio-Signature": "x" + signature(url, form)},
                                   timeout=10)
        finally:
            server.shutdown()
            server.server_close()
            thread.join(5)
    assert (response.status_code, response.headers["Content-Type"].split(";")[0]) == (200, "text/xml")
    assert forged.status_code == 403
    assert [m.body for m in fake.wait_for(1)] == ["echo: 3 dettol"]


@pytest.mark.parametrize(
    ("templates", "follow_ups"),
    [
        # a template is configured: resent as it
        ('{"order_update": "HX0123456789abcdef0123456789abcdef"}', 1),
        ("{}", 0),  # no template: the failure stays recorded for staff
    ],
)
def test_a_63016_reported_by_callback_resends_the_reply_as_its_template_once(
    db_url: str, fake: FakeTwilio, templates: str, follow_ups: int
) -> None:
    with bot_app(db_url, fake.base_url, MESSAGE_HANDLER="tests.support.botapp:echo_with_template",
                 TWILIO_TEMPLATES=templates) as app:
        client = app.test_client()
        post_signed(client, WEBHOOK, inbound_form(PHONE, "SO-1043"))
        [first] = fake.wait_for(1)
        for _ in range(2):  # Twilio may call twice
            post_signed(client, STATUS, status_form(first.sid, "failed", "63016"))
        sent = fake.wait_for(1 + follow_ups)
        outbox = rows(app, OutboxMessage)
    assert len(sent) == 1 + follow_ups
    assert (outbox[0].status, outbox[0].error_code) == ("failed", 63016)
    assert [(r.as_template, r.status) for r in outbox[1:]] == [(True, "sent")] * follow_ups
    if follow_ups:
        assert sent[1].content_sid == "HX0123456789abcdef0123456789abcdef"
