"""Twilio's two webhooks: inbound WhatsApp messages and delivery status callbacks.

Both are signature-checked first (`validate_twilio_request`: 403, nothing
written). The inbound view stores the message keyed by MessageSid and answers
an empty TwiML `<Response/>` at once; a replayed MessageSid is answered the
same way and changes nothing. Processing happens in `bot.jobs.process_inbound`.
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
        log.info("inbound %s from %s stored as %s (%s characters, %s media)", new.message_sid,
                 mask_phone(new.phone), message_id, len(new.body), new.num_media)
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
    code_text = request.form.get("ErrorCode", "").strip()
    error_code = int(code_text) if code_text.isdigit() else None
    change = apply_status(
        rt.sessions, sid, state, error_code,
        outbox_id=request.args.get("outbox", type=int), templates=rt.settings.twilio_templates,
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
