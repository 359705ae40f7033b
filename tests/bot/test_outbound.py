"""The sender makes one Twilio call through the real client and says what a failure means."""

from __future__ import annotations

import socket

import pytest

from bot.outbound import SendError, TwilioSender
from tests.support.fake_twilio import FakeTwilio
from tests.support.signing import TEST_FROM, TEST_SID, TEST_TOKEN

PHONE = "+919826104573"


def test_a_text_goes_to_the_whatsapp_address_from_our_number(fake: FakeTwilio) -> None:
    sent = TwilioSender(TEST_SID, TEST_TOKEN, TEST_FROM, fake.base_url).send(PHONE, "Namaste")
    [message] = fake.sent
    assert (sent.sid, sent.status) == (message.sid, "queued")
    assert (message.to, message.from_, message.body) == ("whatsapp:+919826104573", TEST_FROM, "Namaste")


def test_a_template_goes_as_content_sid_and_variables(fake: FakeTwilio) -> None:
    TwilioSender(TEST_SID, TEST_TOKEN, TEST_FROM, fake.base_url).send(
        PHONE, "ignored", content_sid="HX123", content_variables={"1": "SO-1043", "2": "₹1,180.00"}
    )
    [message] = fake.sent
    assert (message.content_sid, message.content_variables, message.body) == (
        "HX123", {"1": "SO-1043", "2": "₹1,180.00"}, None)


@pytest.mark.parametrize(
    ("script", "transient", "code"),
    [
        (lambda f: f.fail_next(1, status=429), True, 20429),  # too many requests: try later
        (lambda f: f.fail_next(1, status=500), True, 500),  # Twilio's own error: try later
        (lambda f: f.fail_next(1, status=503), True, 503),  # unavailable: try later
        (lambda f: f.refuse_next(1, code=63016), False, 63016),  # outside the 24-hour window: a decision
        (lambda f: f.refuse_next(1, code=21211), False, 21211),  # invalid number: a decision
    ],
)
def test_twilio_answers_become_send_errors_that_say_whether_to_retry(
    fake: FakeTwilio, script: object, transient: bool, code: int
) -> None:
    script(fake)  # type: ignore[operator]
    with pytest.raises(SendError) as caught:
        TwilioSender(TEST_SID, TEST_TOKEN, TEST_FROM, fake.base_url).send(PHONE, "hi")
    assert (caught.value.transient, caught.value.code) == (transient, code)
    assert fake.sent == []


def test_wrong_credentials_are_a_refusal_not_a_retry(fake: FakeTwilio) -> None:
    with pytest.raises(SendError) as caught:
        TwilioSender(TEST_SID, "wrong-token", TEST_FROM, fake.base_url).send(PHONE, "hi")
    assert (caught.value.transient, caught.value.status) == (False, 401)


def test_a_network_error_is_transient() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(SendError, match="network error talking to Twilio: ConnectionError") as caught:
        TwilioSender(TEST_SID, TEST_TOKEN, TEST_FROM, f"http://127.0.0.1:{port}").send(PHONE, "hi")
    assert caught.value.transient
