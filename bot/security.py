"""Only Twilio may call the webhooks: the `validate_twilio_request` decorator.

Twilio signs each request with the account's auth token over the full URL it
called and the sorted form fields (X-Twilio-Signature). Behind a proxy the URL
Flask sees is not the one Twilio called, so with PUBLIC_BASE_URL set the URL is
rebuilt as PUBLIC_BASE_URL + path (+ query string). A missing or wrong
signature gets 403 before the view runs, so nothing is written.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Request, abort, current_app, request
from twilio.request_validator import RequestValidator

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])


def signed_url(req: Request, public_base_url: str | None) -> str:
    """The URL Twilio signed: PUBLIC_BASE_URL + path and query when set, else the request's own URL."""
    if not public_base_url:
        return req.url
    query = req.query_string.decode("latin-1")
    return f"{public_base_url.rstrip('/')}{req.path}" + (f"?{query}" if query else "")


def is_signed_by_twilio(req: Request, auth_token: str, public_base_url: str | None) -> bool:
    signature = req.headers.get("X-Twilio-Signature", "")
    if not signature:
        return False
    return bool(RequestValidator(auth_token).validate(signed_url(req, public_base_url), req.form, signature))


def validate_twilio_request(view: F) -> F:
    """Answer 403 unless the request carries a valid X-Twilio-Signature (Twilio's Flask guide)."""

    @functools.wraps(view)
    def checked(*args: Any, **kwargs: Any) -> Any:
        settings = current_app.extensions["orderbot"].settings
        if not is_signed_by_twilio(request, settings.twilio_auth_token, settings.public_base_url):
            log.warning("rejected unsigned or wrongly signed request to %s", request.path)
            abort(403)
        return view(*args, **kwargs)

    return checked  # type: ignore[return-value]
