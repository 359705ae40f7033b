"""Logs: no full phone number and no message body reaches a log, whatever the bot is doing.

Every load test already searches its logs (tests/load/conftest.py: the
gunicorn, rq and redis output and every record made in the test process, for
each phone and body the test used). This test adds the paths those tests do
not walk, through gunicorn and an rq worker: a day of dealer and rep chats
(fixtures/sample_messages.jsonl, played in order), an unknown number, media, an
over-long message, an empty one, a sender over the rate limit, Twilio refusing
(63016, a bad number) and failing (500), a handler that raises with the body in
its error, delivery callbacks, and a replayed message.
"""

from __future__ import annotations

import json

import pytest

from bot.messages import Inbound, Reply
from tests.load.conftest import Shop
from tests.load.storm import post, settled
from tests.support.fake_twilio import FakeTwilio
from tests.support.servers import ROOT, LogBook, wait_until, web, worker
from tests.support.signing import STATUS, inbound_form, status_form

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

MEDIA = "https://api.twilio.com/2010-04-01/Accounts/AC0/Messages/MM0/Media/ME0"
CHATTY = "+919812345678"  # sends more than the rate limit
EDGES = [
    ("+919876543210", "Namaste, main naya dukaan wala hoon, order lena hai"),  # a number no one knows
    ("+919000000101", "Please see the photo of my order list"),  # with media (NumMedia 1)
    ("+919000000102", "maggi 10 peti " * 130),  # over 1,600 characters
    ("+919000000103", ""),  # empty
    ("+919000000104", "🙏🙏🙏 ??? ... !!!"),  # junk
]


def test_a_day_of_chats_and_every_failure_path_leave_no_phone_or_body_in_the_logs(
    shop: Shop, fake: FakeTwilio, redis_url: str, logbook: LogBook
) -> None:
    lines = (ROOT / "fixtures" / "sample_messages.jsonl").read_text().splitlines()
    day = [json.loads(line) for line in lines]
    chats = [(m["phone"], m["text"]) for m in day] + EDGES
    chats += [(CHATTY, f"{n} peti maggi bhejo jaldi se") for n in range(25)]
    for phone, body in chats:
        shop.watch(phone, body)
    fake.refuse_next(1, code=63016)
    fake.refuse_next(1, code=21211)
    fake.fail_next(2, status=500)
    env = shop.env(fake, REDIS_URL=redis_url, DELIVERY_RETRY_INTERVALS="1,1,1", RATE_LIMIT_PER_MINUTE="20")
    with web(env, logbook, workers=2) as server, worker(env, logbook):
        for phone, body in chats:
            extra = {"NumMedia": "1", "MediaUrl0": MEDIA} if "photo" in body else {}
            form = inbound_form(phone, body, **extra)
            assert post(server.url, form) == 200
            if phone == CHATTY:
                continue
            wait_until(lambda: settled(shop.url), 60, "the message processed and its reply sent")
        assert post(server.url, form) == 200  # a replay
        wait_until(lambda: settled(shop.url), 60, "every reply sent")
        for sent in fake.sent[:5]:
            assert post(server.url, status_form(sent.sid, "delivered"), path=STATUS) == 204
            assert post(server.url, status_form(sent.sid, "undelivered", "63016"), path=STATUS) == 204

    assert len(fake.sent) >= len(day)  # the bot really answered
    assert len(logbook.text()) > 5000  # and really logged (what the searched logs hold)


def quoting_handler(session: object, inbound: Inbound, now: object) -> list[Reply]:
    """A handler bug whose error message quotes the message (as `f"cannot read {text!r}"` would)."""
    raise ValueError(f"cannot read {inbound.body!r} from {inbound.phone}")


def test_a_handler_error_that_quotes_the_message_does_not_put_the_body_in_the_logs(
    channel: Shop, fake: FakeTwilio, redis_url: str, logbook: LogBook
) -> None:
    phone, body = "+919812300001", "please send 7 peti parle g urgently"
    channel.watch(phone)
    env = channel.env(fake, REDIS_URL=redis_url, MESSAGE_HANDLER="tests.load.test_logs:quoting_handler")
    with web(env, logbook, workers=1) as server, worker(env, logbook):
        assert post(server.url, inbound_form(phone, body)) == 200
        wait_until(lambda: "ValueError" in logbook.text(), 60, "the handler failing in the worker")
    assert [line for line in logbook.text().splitlines() if body in line] == []
