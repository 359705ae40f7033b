"""Logs never hold a full phone number or a message body."""

from __future__ import annotations

import logging

import pytest

from bot.logging import install_log_masking, mask_phone, mask_phones
from bot.models import InboundMessage
from tests.support.botapp import bot_app, count
from tests.support.fake_twilio import FakeTwilio
from tests.support.signing import STATUS, WEBHOOK, inbound_form, post_signed, status_form


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("+919826104573", "+91******4573"),  # Indian mobile, E.164
        ("whatsapp:+919826104573", "whatsapp:+91******4573"),  # Twilio's address form
        ("WaId=919826104573", "WaId=91******4573"),  # WhatsApp id, no plus
        ("+14155238886 and +447700900123", "+14*****8886 and +44******0123"),  # two numbers in one line
        ("SM0123456789abcdef0123456789abcdef", "SM0123456789abcdef0123456789abcdef"),  # SIDs are not phones
        ("order SO-1043 for 12345 rupees", "order SO-1043 for 12345 rupees"),  # short numbers stay
        ("phone=%2B919826104573&x=1", "phone=%2B91******4573&x=1"),  # URL-encoded '+' (issue 12)
        ("From=whatsapp%3A%2B919826104573", "From=whatsapp%3A%2B91******4573"),  # an encoded address
        ("q=%20919826104573", "q=%2091******4573"),  # after any URL escape
        ("%2b919826104573", "%2b91******4573"),  # lower-case escapes too
    ],
)
def test_phone_numbers_are_masked_to_country_code_and_last_four(text: str, masked: str) -> None:
    assert mask_phones(text) == masked


def test_mask_phone_masks_one_number() -> None:
    assert mask_phone("+919826104573") == "+91******4573"


def test_masking_applies_to_arguments_and_tracebacks_of_any_logger(caplog: pytest.LogCaptureFixture) -> None:
    install_log_masking()
    log = logging.getLogger("some.library")
    with caplog.at_level(logging.INFO):
        log.info("sending to %s", "whatsapp:+919826104573")
        try:
            raise ValueError("The 'To' number +919826104573 is not valid")
        except ValueError:
            log.exception("send failed")
    text = caplog.text
    assert "9826104573" not in text
    assert "+91******4573" in text
    assert "is not valid" in text  # the traceback is kept, masked


def test_a_conversation_leaves_no_phone_number_or_body_in_the_logs(
    sqlite_url: str, fake: FakeTwilio, caplog: pytest.LogCaptureFixture
) -> None:
    phone, body = "+919826104573", "20 maggi masala 70g and 3 surf excel 1kg"
    with caplog.at_level(logging.DEBUG), bot_app(sqlite_url, fake.base_url) as app:
        client = app.test_client()
        form = inbound_form(phone, body)
        post_signed(client, WEBHOOK, form)
        post_signed(client, WEBHOOK, form)  # a replay is logged too
        fake.refuse_next(1, code=63016)
        post_signed(client, WEBHOOK, inbound_form(phone, body + " again"))
        [sent] = fake.wait_for(1)
        post_signed(client, STATUS, status_form(sent.sid, "delivered"))
        client.post(WEBHOOK, data=form)  # a forgery
        assert count(app, InboundMessage) == 2
    assert caplog.records, "the run should have logged something"
    text = caplog.text + "\n".join(str(r.__dict__) for r in caplog.records)
    assert "9826104573" not in text
    assert "maggi" not in text
    assert "+91******4573" in text


def test_an_access_log_line_with_an_encoded_phone_is_masked(caplog: pytest.LogCaptureFixture) -> None:
    """gunicorn's and werkzeug's access lines carry the query string as sent: '%2B91...' (issue 12)."""
    install_log_masking()
    with caplog.at_level(logging.INFO):
        logging.getLogger("gunicorn.access").info(
            '%(h)s "%(r)s" %(s)s',
            {"h": "10.0.0.1", "r": "GET /simulator/messages?phone=%2B919826104573 HTTP/1.1", "s": "200"},
        )
        logging.getLogger("werkzeug").info(
            '%s - - "%s" %s',
            "127.0.0.1",
            "GET /console/unknown?phone=whatsapp%3A%2B919826104573 HTTP/1.1",
            "200",
        )
    assert "9826104573" not in caplog.text
    assert caplog.text.count("%2B91******4573") == 2
