"""Twilio's two webhooks: inbound WhatsApp messages and delivery status callbacks.

Both are signature-checked first (`validate_twilio_request`: 403, nothing
written). The inbound view stores the message keyed by MessageSid and answers
an empty TwiML `<Response/>` at once; a replayed MessageSid is answered the
same way and changes nothing. Processing happens in a drain job (`bot.jobs.drain_inbound`),
which the dispatcher wakes when none is queued.

A webhook body is at most WEBHOOK_MAX_BYTES (413 past it, before the signature is read; the app's
MAX_CONTENT_LENGTH is for master uploads). Values out of all reason are refused or ignored, never
a 500: a Body is stored capped (bot.store), an ErrorCode or an outbox id of more digits than any
real one is ignored.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, current_app, request

from bot.logging import mask_phone
from bot.runtime import Runtime
from bot.security import validate_twilio_request
from bot.store import apply_status, parse_inbound, store_inbound

log = logging.getLogger(__name__)

bp = Blueprint("webhooks", __name__)

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>'
WEBHOOK_MAX_BYTES = 64 * 1024  # a WhatsApp message is at most 4,096 characters: 37 KB form-encoded
MAX_CODE_DIGITS = 9  # Twilio error codes are five digits; outbox ids fit in 9 for a long while


@bp.before_request
def _small_bodies_only() -> None:
    request.max_content_length = WEBHOOK_MAX_BYTES


def _small_number(text: str | None) -> int | None:
    """'63016' -> 63016; blank, not digits or absurdly long (a 40-digit 'code') -> None."""
    text = (text or "").strip()
    return int(text) if text.isdigit() and len(text) <= MAX_CODE_DIGITS else None


def _runtime() -> Runtime:
    runtime: Runtime = current_app.extensions["orderbot"]
    return runtime


@bp.post("/webhooks/twilio/whatsapp")
@validate_twilio_request
def whatsapp() -> Response:
    rt = _runtime()
    try:
        new = parse_inbound(request.form)
    except ValueError as exc:
        log.warning("inbound webhook refused: %s", exc)
        return Response(f"{exc}\n", status=400, mimetype="text/plain")
    message_id = store_inbound(rt.sessions, new)
    if message_id is None:
        log.info("inbound %s from %s is a replay; nothing to do", new.message_sid, mask_phone(new.phone))
    else:
        log.info(
            "inbound %s from %s stored as %s (%s characters, %s media)",
            new.message_sid,
            mask_phone(new.phone),
            message_id,
            new.body_length,
            new.num_media,
        )
        rt.dispatcher.process(message_id)
    return Response(EMPTY_TWIML, status=200, mimetype="text/xml")


@bp.post("/webhooks/twilio/status")
@validate_twilio_request
def status() -> Response:
    rt = _runtime()
    sid = request.form.get("MessageSid", "").strip()
    state = request.form.get("MessageStatus", "").strip()
    if not sid or not state:
        return Response("MessageSid and MessageStatus are required\n", status=400, mimetype="text/plain")
    change = apply_status(
        rt.sessions,
        sid[:64],
        state[:32],
        _small_number(request.form.get("ErrorCode")),
        outbox_id=_small_number(request.args.get("outbox")),
        templates=rt.settings.twilio_templates,
    )
    if change is not None and change.needs_template_retry:
        _resend_as_template(rt, change.outbox_id)
    return Response(status=204)


def _resend_as_template(rt: Runtime, outbox_id: int) -> None:
    from bot.models import OutboxMessage
    from bot.store import queue_template_retry

    with rt.sessions() as session, session.begin():
        follow_up = queue_template_retry(session, session.get_one(OutboxMessage, outbox_id))
        follow_up_id = follow_up.id if follow_up is not None else None
    if follow_up_id is not None:
        rt.dispatcher.deliver(follow_up_id)
