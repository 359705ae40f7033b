"""Chatting with the bot without WhatsApp: the /simulator page, and what `orderbot chat` and the demo share.

/simulator (registered only when ORDERBOT_ENV, or ENV in the app config, is
"demo" or "development"): pick a dealer's or a rep's phone, type, and the page
posts the message through the real webhook, `POST /webhooks/twilio/whatsapp`,
as Twilio would - the same form fields, signed with the app's auth token by
the twilio SDK's `RequestValidator` - then shows the bot's replies, read back
from the outbox (what the bot would send to WhatsApp). With jobs inline (no
REDIS_URL) the replies are there as soon as the webhook answers.

`LocalSender` stands in for Twilio's Messages API in the demo and the terminal
chat: it accepts every message and keeps it, so the outbox moves to `sent` and
nothing leaves the machine. Its message ids have the shape of Twilio's ('SM' and
32 hex digits) and are random, so runs and processes sharing one database (a
second `orderbot chat`, a restarted demo) never reuse one (`outbox.twilio_sid`
is unique).

    local_config(database_url)        settings for a local run (demo Twilio values, jobs inline)
    send_local(rt, phone, text)       store a message as the webhook does, process it, return the replies
"""

from __future__ import annotations

import os
import secrets
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, Flask, current_app, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from twilio.request_validator import RequestValidator

from bot.models import InboundMessage, OutboxMessage
from bot.outbound import Sent
from bot.runtime import Runtime
from bot.store import NewInbound, store_inbound
from domain.models import Dealer, FieldRep

WEBHOOK = "/webhooks/twilio/whatsapp"
LOCAL_ENVS = frozenset({"demo", "development", "dev"})
DEMO_SID = "AC" + "d" * 32
DEMO_FROM = "whatsapp:+14155238886"
STRANGER = "+919999999999"  # a number no dealer has, to try the unknown-sender reply

bp = Blueprint("simulator", __name__)


# -- the local sender and a local run ---------------------------------------------------------------------


@dataclass(frozen=True)
class Delivered:
    sid: str
    to: str
    body: str | None


class LocalSender:
    """Accepts every message like Twilio would and keeps it (nothing leaves the machine)."""

    def __init__(self) -> None:
        self.sent: list[Delivered] = []
        self._lock = threading.Lock()

    def send(
        self,
        to: str,
        body: str | None = None,
        *,
        content_sid: str | None = None,
        content_variables: Any = None,
        status_callback: str | None = None,
        media_url: str | None = None,
    ) -> Sent:
        sid = local_sid()
        with self._lock:
            self.sent.append(Delivered(sid, to, body if body is not None else f"[template {content_sid}]"))
        return Sent(sid=sid, status="sent")


def local_sid() -> str:
    """A message id shaped like Twilio's ('SM' + 32 hex digits), unique across runs and processes."""
    return "SM" + uuid.uuid4().hex


def local_config(database_url: str | None = None, **extra: Any) -> dict[str, Any]:
    """Settings for running on this machine: demo Twilio values, jobs inline, the simulator on."""
    config: dict[str, Any] = {
        "TWILIO_ACCOUNT_SID": os.environ.get("TWILIO_ACCOUNT_SID") or DEMO_SID,
        "TWILIO_AUTH_TOKEN": os.environ.get("TWILIO_AUTH_TOKEN") or secrets.token_hex(16),
        "TWILIO_WHATSAPP_FROM": os.environ.get("TWILIO_WHATSAPP_FROM") or DEMO_FROM,
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_hex(16),
        "REDIS_URL": "",  # jobs inline: the reply is in the outbox when the webhook answers
        "ORDERBOT_ENV": "demo",
        "PUBLIC_BASE_URL": "",
    }
    if database_url:
        config["DATABASE_URL"] = database_url
    config.update(extra)
    return config


def replies_to(rt: Runtime, message_sid: str) -> list[str]:
    """What the bot queued in answer to the message with this MessageSid."""
    with rt.sessions() as session:
        inbound_id = session.scalar(
            sa.select(InboundMessage.id).where(InboundMessage.message_sid == message_sid)
        )
        if inbound_id is None:
            return []
        query = sa.select(OutboxMessage.body).where(OutboxMessage.inbound_id == inbound_id)
        return list(session.scalars(query.order_by(OutboxMessage.id)))


def send_local(rt: Runtime, phone: str, text: str, profile_name: str = "") -> list[str]:
    """Store `text` from `phone` as the webhook does, process it as the job does, return the replies."""
    sid = local_sid()
    new = NewInbound(sid, phone, text, 0, (), profile_name)
    message_id = store_inbound(rt.sessions, new)
    if message_id is not None:
        rt.dispatcher.process(message_id)
    return replies_to(rt, sid)


# -- the page ---------------------------------------------------------------------------------------------


def is_local(app: Flask) -> bool:
    env = app.config.get("ORDERBOT_ENV") or app.config.get("ENV") or os.environ.get("ORDERBOT_ENV", "")
    return str(env).lower() in LOCAL_ENVS


def init_app(app: Flask) -> None:
    """Register /simulator, only for demo and development."""
    if is_local(app):
        app.register_blueprint(bp)


def _runtime() -> Runtime:
    rt: Runtime = current_app.extensions["orderbot"]
    return rt


def people(rt: Runtime) -> list[dict[str, str]]:
    """Every phone the page offers: dealers, then reps, then a stranger."""
    with rt.sessions() as session:
        dealers = session.scalars(sa.select(Dealer).where(Dealer.active.is_(True)).order_by(Dealer.code))
        out = [{"phone": d.phone, "label": f"{d.name}, {d.town} ({d.code}, dealer)"} for d in dealers]
        for rep in session.scalars(
            sa.select(FieldRep).where(FieldRep.active.is_(True)).order_by(FieldRep.id)
        ):
            shops = ", ".join(d.code for d in rep.dealers)
            out.append(
                {"phone": rep.phone, "label": f"{rep.name or 'Field rep'} {rep.phone} (rep for {shops})"}
            )
    out.append({"phone": STRANGER, "label": f"Unknown number {STRANGER}"})
    return out


@bp.get("/simulator")
def page() -> ResponseReturnValue:
    return render_template("simulator.html", people=people(_runtime()))


def signed_post(app: Flask, form: Mapping[str, str]) -> int:
    """POST `form` to the webhook in-process, signed as Twilio signs it; the HTTP status."""
    settings = _runtime().settings
    base = (settings.public_base_url or request.host_url).rstrip("/")
    signature = RequestValidator(settings.twilio_auth_token).compute_signature(f"{base}{WEBHOOK}", dict(form))
    with app.test_client() as client:
        response = client.post(
            WEBHOOK, data=dict(form), base_url=base, headers={"X-Twilio-Signature": signature}
        )
        return response.status_code


@bp.post("/simulator/send")
def send() -> ResponseReturnValue:
    """{phone, body, photo?} -> the webhook, signed; answers the bot's replies to it."""
    data = request.get_json(silent=True) or request.form
    phone = str(data.get("phone", "")).strip()
    body = str(data.get("body", ""))
    media = bool(data.get("photo"))
    sid = local_sid()
    form = {
        "MessageSid": sid,
        "SmsMessageSid": sid,
        "AccountSid": _runtime().settings.twilio_account_sid,
        "From": f"whatsapp:{phone}",
        "To": _runtime().settings.twilio_whatsapp_from,
        "Body": body,
        "NumMedia": "1" if media else "0",
        "ProfileName": "Simulator",
        "WaId": phone.lstrip("+"),
    }
    if media:  # a photo as Twilio describes one (the link is never fetched)
        form.update(MediaUrl0=f"https://example.invalid/simulator/{sid}.jpg", MediaContentType0="image/jpeg")
    status = signed_post(current_app._get_current_object(), form)  # type: ignore[attr-defined]
    if status != 200:
        return jsonify({"error": f"the webhook answered {status}", "replies": []}), 502
    return jsonify({"replies": replies_to(_runtime(), sid)})


@bp.get("/simulator/messages")
def messages() -> ResponseReturnValue:
    """Messages the bot queued to `phone` after outbox id `after` (the console's notifications too)."""
    phone = request.args.get("phone", "")
    after = request.args.get("after", 0, type=int)
    with _runtime().sessions() as session:
        rows = session.execute(
            sa.select(OutboxMessage.id, OutboxMessage.body)
            .where(OutboxMessage.to_phone == phone, OutboxMessage.id > after)
            .order_by(OutboxMessage.id)
        ).all()
    return jsonify({"messages": [{"id": i, "body": b} for i, b in rows]})
