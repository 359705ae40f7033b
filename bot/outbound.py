"""Sending one WhatsApp message through the twilio REST client, and what its failures mean.

`TwilioSender.send` makes one `client.messages.create` call and either returns
Twilio's message SID or raises `SendError`, which says whether trying again
could help (`transient`: 429, 5xx, network trouble) and carries Twilio's error
code when Twilio refused (63016: outside the 24-hour window, and so on).

TWILIO_API_BASE_URL points the real client somewhere else (the fake Twilio of
the tests, a staging stub) through a custom HTTP client, the SDK's documented
way to change how requests are made (advanced-examples/custom-http-client.md).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import requests
from twilio.base.exceptions import TwilioRestException, TwilioServiceException
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

TWILIO_API = "https://api.twilio.com"
TIMEOUT_SECONDS = 15.0
OUTSIDE_WINDOW = 63016  # "Failed to send freeform message because you are outside the allowed window"


class SendError(Exception):
    """Twilio did not take the message. `transient` errors may succeed on a later try."""

    def __init__(self, reason: str, *, transient: bool, code: int | None = None, status: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.transient = transient
        self.code = code
        self.status = status


class RedirectingHttpClient(TwilioHttpClient):
    """A TwilioHttpClient that sends requests meant for https://api.twilio.com to `base_url` instead."""

    def __init__(self, base_url: str, timeout: float = TIMEOUT_SECONDS) -> None:
        super().__init__(timeout=timeout)
        self.base_url = base_url.rstrip("/")

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Response:
        if url.startswith(TWILIO_API):
            url = self.base_url + url[len(TWILIO_API):]
        return super().request(method, url, *args, **kwargs)


@dataclass(frozen=True)
class Sent:
    sid: str
    status: str


class TwilioSender:
    def __init__(
        self, account_sid: str, auth_token: str, from_: str, api_base_url: str | None = None
    ) -> None:
        http = (
            RedirectingHttpClient(api_base_url) if api_base_url else TwilioHttpClient(timeout=TIMEOUT_SECONDS)
        )
        self.client = Client(account_sid, auth_token, http_client=http)
        self.from_ = from_

    def warm_up(self) -> None:
        """Import the SDK's lazily loaded Messages API now (no network), not in the first job."""
        _ = self.client.api.v2010.account.messages

    def send(
        self,
        to: str,
        body: str | None = None,
        *,
        content_sid: str | None = None,
        content_variables: Mapping[str, str] | None = None,
        status_callback: str | None = None,
        media_url: str | None = None,
    ) -> Sent:
        """Send to E.164 `to`: `body` as free text (with the file at `media_url`, e.g. an invoice PDF), or
        approved template `content_sid` with its variables."""
        params: dict[str, Any] = {"from_": self.from_, "to": f"whatsapp:{to}"}
        if content_sid:
            params["content_sid"] = content_sid
            if content_variables:
                params["content_variables"] = json.dumps(dict(content_variables))
        else:
            params["body"] = body
            if media_url:
                params["media_url"] = [media_url]
        if status_callback:
            params["status_callback"] = status_callback
        try:
            message = self.client.messages.create(**params)
        except (TwilioRestException, TwilioServiceException) as exc:
            raise _refusal(exc.status, exc.code) from None
        except requests.RequestException as exc:
            reason = f"network error talking to Twilio: {type(exc).__name__}"
            raise SendError(reason, transient=True) from None
        return Sent(sid=str(message.sid), status=str(message.status or "queued"))


def _refusal(status: int | None, code: Any) -> SendError:
    """429 and 5xx may pass later; any other answer is Twilio's decision about this message."""
    number = int(code) if isinstance(code, int) or (isinstance(code, str) and code.isdigit()) else None
    transient = status == 429 or (status is not None and status >= 500)
    return SendError(f"Twilio answered HTTP {status} (error {number})", transient=transient, code=number,
                     status=status)
