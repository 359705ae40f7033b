"""Requests signed the way Twilio signs them, for the Flask test client or a real server.

    form = inbound_form("+919826104573", "10 maggi")
    response = post_signed(client, "/webhooks/twilio/whatsapp", form, TOKEN)

The signature is the twilio SDK's own `RequestValidator.compute_signature`
over the full URL and the form fields, so a test proves what Twilio would see.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from twilio.request_validator import RequestValidator

TEST_TOKEN = "test-auth-token-0123456789abcdef"
TEST_SID = "AC" + "0" * 32
TEST_FROM = "whatsapp:+14155238886"
WEBHOOK = "/webhooks/twilio/whatsapp"
STATUS = "/webhooks/twilio/status"

def signature(url: str, params: Mapping[str, str], token: str = TEST_TOKEN) -> str:
    return str(RequestValidator(token).compute_signature(url, dict(params)))


def message_sid() -> str:
    """A fresh MessageSid shaped like Twilio's (SM + 32 hex)."""
    return "SM" + uuid.uuid4().hex


def inbound_form(phone: str, body: str, sid: str | None = None, **extra: str) -> dict[str, str]:
    """Twilio's inbound WhatsApp form for a text message from `phone` (E.164)."""
    form = {
        "SmsMessageSid": sid or message_sid(),
        "NumMedia": "0",
        "ProfileName": "Test Dealer",
        "MessageType": "text",
        "SmsSid": "",
        "WaId": phone.lstrip("+"),
        "SmsStatus": "received",
        "Body": body,
        "To": TEST_FROM,
        "NumSegments": "1",
        "ReferralNumMedia": "0",
        "MessageSid": "",
        "AccountSid": TEST_SID,
        "From": f"whatsapp:{phone}",
        "ApiVersion": "2010-04-01",
    }
    form["MessageSid"] = form["SmsSid"] = form["SmsMessageSid"]
    form.update(extra)
    return form


def status_form(message_sid: str, status: str, error_code: str | None = None) -> dict[str, str]:
    form = {"MessageSid": message_sid, "MessageStatus": status, "AccountSid": TEST_SID}
    if error_code:
        form["ErrorCode"] = error_code
    return form


def post_signed(
    client: Any,
    path: str,
    form: Mapping[str, str],
    token: str = TEST_TOKEN,
    base_url: str = "http://localhost",
    sign_url: str | None = None,
) -> Any:
    """POST `form` to `path` with the Flask test client, signed for base_url + path (or `sign_url`)."""
    url = sign_url or f"{base_url.rstrip('/')}{path}"
    return client.post(path, data=dict(form), headers={"X-Twilio-Signature": signature(url, form, token)})
