"""Only Twilio may write: a request not signed for exactly this URL and these fields: 403, no row."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from bot.models import InboundMessage, OutboxMessage
from tests.support.botapp import bot_app, count
from tests.support.fake_twilio import FakeTwilio
from tests.support.signing import STATUS, WEBHOOK, inbound_form, signature, status_form

PHONE = "+919826104573"


@pytest.fixture
def app(sqlite_url: str, fake: FakeTwilio) -> Iterator[Flask]:
    """The signature check runs before any database work, so one database kind is enough here."""
    with bot_app(sqlite_url, fake.base_url) as built:
        yield built


def _headers(sig: str | None) -> dict[str, str]:
    return {} if sig is None else {"X-Twilio-Signature": sig}


FORM = inbound_form(PHONE, "10 maggi 2 surf", sid="SM" + "a" * 32)
GOOD_URL = f"http://localhost{WEBHOOK}"


@pytest.mark.parametrize(
    ("sent_form", "signed_url", "signed_form", "token"),
    [
        # no X-Twilio-Signature header at all
        (FORM, None, FORM, None),
        # a signature made with someone else's auth token
        (FORM, GOOD_URL, FORM, "not-our-token"),
        # signed for another URL (a request replayed against a different endpoint)
        (FORM, "http://localhost/webhooks/twilio/other", FORM, None),
        # signed for another host
        (FORM, f"https://evil.example{WEBHOOK}", FORM, None),
        # the Body was changed after signing
        ({**FORM, "Body": "100 maggi 2 surf"}, GOOD_URL, FORM, None),
        # the sender was changed after signing (someone ordering as another dealer)
        ({**FORM, "From": "whatsapp:+919999999999"}, GOOD_URL, FORM, None),
        # a field was added after signing
        ({**FORM, "NumMedia": "1", "MediaUrl0": "https://x.example/a.jpg"}, GOOD_URL, FORM, None),
    ],
)
def test_a_request_not_signed_for_this_url_and_form_is_refused_and_writes_nothing(
    app: Flask, fake: FakeTwilio, sent_form: dict[str, str], signed_url: str | None,
    signed_form: dict[str, str], token: str | None,
) -> None:
    sig = None if signed_url is None else signature(signed_url, signed_form, *([token] if token else []))
    response = app.test_client().post(WEBHOOK, data=sent_form, headers=_headers(sig))
    assert response.status_code == 403
    assert count(app, InboundMessage) == 0
    assert count(app, OutboxMessage) == 0
    assert fake.attempts == []


def test_the_same_request_correctly_signed_is_accepted(app: Flask, fake: FakeTwilio) -> None:
    response = app.test_client().post(WEBHOOK, data=FORM, headers=_headers(signature(GOOD_URL, FORM)))
    assert response.status_code == 200
    assert count(app, InboundMessage) == 1
    assert [m.body for m in fake.wait_for(1)] == ["echo: 10 maggi 2 surf"]


def test_a_forged_status_callback_is_refused(app: Flask) -> None:
    form = status_form("SM" + "b" * 32, "delivered")
    response = app.test_client().post(STATUS, data=form, headers=_headers(signature(GOOD_URL, form)))
    assert response.status_code == 403


def test_behind_a_proxy_the_signature_is_checked_against_public_base_url(
    db_url: str, fake: FakeTwilio
) -> None:
    with bot_app(db_url, fake.base_url, PUBLIC_BASE_URL="https://bot.example.in") as app:
        client = app.test_client()
        internal = client.post(WEBHOOK, data=FORM, headers=_headers(signature(GOOD_URL, FORM)))
        public = client.post(WEBHOOK, data=FORM,
                             headers=_headers(signature(f"https://bot.example.in{WEBHOOK}", FORM)))
        assert (internal.status_code, public.status_code) == (403, 200)
        assert count(app, InboundMessage) == 1
