"""The channel's use cases on the database: store what arrived, queue what goes out, record delivery.

Views and jobs call these; none of them talks to Twilio or Redis.

- `parse_inbound(form)` turns Twilio's form into a `NewInbound` (ValueError names a bad field).
- `store_inbound(sessions, new)` inserts it keyed by MessageSid: the new row's id, or None
  for a MessageSid already stored (INSERT .. ON CONFLICT DO NOTHING, so two concurrent
  deliveries of one message race safely on the unique key).
- `queue_message(session, ...)` adds one outbox row (skipped when its dedupe key exists).
- `apply_status(sessions, ...)` moves a reply forward on a delivery callback, never back.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session, sessionmaker

from bot.messages import Inbound
from bot.models import FINAL, RANK, InboundMessage, OutboxMessage
from bot.outbound import OUTSIDE_WINDOW
from domain.columns import utcnow

E164 = re.compile(r"\+[1-9]\d{6,14}")
MAX_MEDIA = 10
MAX_STORED_BODY = 4096  # WhatsApp's own limit; a longer Body is cut, its length kept in body_length


def rows_changed(session: Session, statement: sa.Executable) -> int:
    """Run an UPDATE (a conditional state move); how many rows it changed."""
    return int(cast(CursorResult[Any], session.execute(statement)).rowcount)


@dataclass(frozen=True)
class NewInbound:
    message_sid: str
    phone: str
    body: str  # at most MAX_STORED_BODY characters
    num_media: int
    media_urls: tuple[str, ...]
    profile_name: str
    body_length: int | None = None  # the Body's length as it arrived (None: not measured)


def parse_inbound(form: Mapping[str, str]) -> NewInbound:
    """Twilio's inbound WhatsApp form -> NewInbound; ValueError names the field that is wrong.

    The Body is kept to MAX_STORED_BODY characters (the bot answers a body over replies.LIMIT with
    "too long" anyway); `body_length` says how long it was.
    """
    sid = (form.get("MessageSid") or form.get("SmsMessageSid") or "").strip()
    if not sid or len(sid) > 64:
        raise ValueError("MessageSid is missing or longer than 64 characters")
    sender = (form.get("From") or "").strip()
    phone = sender.removeprefix("whatsapp:")
    if not E164.fullmatch(phone):
        raise ValueError("From is not a WhatsApp number like whatsapp:+919826104573")
    try:
        num_media = min(int(form.get("NumMedia") or 0), MAX_MEDIA)
    except ValueError:
        raise ValueError(f"NumMedia {form.get('NumMedia')!r} is not a number") from None
    media = tuple(form[f"MediaUrl{i}"][:2000] for i in range(num_media) if form.get(f"MediaUrl{i}"))
    body = form.get("Body") or ""
    return NewInbound(
        message_sid=sid,
        phone=phone,
        body=body[:MAX_STORED_BODY],
        num_media=max(num_media, 0),
        media_urls=media,
        profile_name=(form.get("ProfileName") or "")[:200],
        body_length=len(body),
    )


# One statement that SQLAlchemy compiles once and caches. Built with the dialects'
# insert().on_conflict_do_nothing() it was compiled again on every call (their Insert
# sets inherit_cache = False), and that was most of a webhook's CPU time.
# SQLite has ON CONFLICT .. DO NOTHING and RETURNING since 3.35.
_INBOUND_COLUMNS = InboundMessage.__table__.c
INSERT_INBOUND = sa.text(
    f"INSERT INTO {InboundMessage.__tablename__}"
    " (message_sid, phone, body, body_length, num_media, media_urls, profile_name,"
    " status, attempts, last_error, received_at)"
    " VALUES (:message_sid, :phone, :body, :body_length, :num_media, :media_urls, :profile_name,"
    " 'received', 0, '', :received_at)"
    " ON CONFLICT (message_sid) DO NOTHING RETURNING id"
).bindparams(
    sa.bindparam("media_urls", type_=_INBOUND_COLUMNS.media_urls.type),
    sa.bindparam("received_at", type_=_INBOUND_COLUMNS.received_at.type),
)


def store_inbound(sessions: sessionmaker[Session], new: NewInbound) -> int | None:
    """Insert the message; its id, or None when this MessageSid was stored before (a replay).

    Committed when this returns. On PostgreSQL the INSERT runs on its own (autocommit): a single
    statement is its own transaction, as atomic and durable as BEGIN; INSERT; COMMIT, in one round
    trip instead of three. SQLite keeps the explicit transaction (its BEGIN IMMEDIATE, domain/db.py).
    """
    values = {
        "message_sid": new.message_sid,
        "phone": new.phone,
        "body": new.body,
        "body_length": new.body_length,
        "num_media": new.num_media,
        "media_urls": list(new.media_urls),
        "profile_name": new.profile_name,
        "received_at": utcnow(),
    }
    engine: sa.Engine = sessions.kw["bind"]
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            new_id = conn.execute(INSERT_INBOUND, values).scalar_one_or_none()
    else:
        with engine.begin() as conn:
            new_id = conn.execute(INSERT_INBOUND, values).scalar_one_or_none()
    return None if new_id is None else int(new_id)


def as_inbound(row: InboundMessage) -> Inbound:
    return Inbound(
        message_sid=row.message_sid,
        phone=row.phone,
        body=row.body,
        num_media=row.num_media,
        media_urls=tuple(row.media_urls or ()),
        profile_name=row.profile_name,
    )


def queue_message(
    session: Session,
    to: str,
    body: str,
    *,
    template: str | None = None,
    template_vars: Mapping[str, str] | None = None,
    as_template: bool = False,
    dedupe_key: str | None = None,
    inbound_id: int | None = None,
    media_url: str | None = None,
) -> OutboxMessage | None:
    """Add a queued outbox row (flushed, so it has an id); None when `dedupe_key` is already used.

    The caller commits, then hands the id to the dispatcher (or leaves it to the sweeper).
    """
    if not E164.fullmatch(to):
        raise ValueError(f"reply recipient {to!r} is not an E.164 number")
    values = {
        "to_phone": to,
        "body": body,
        "template_key": template,
        "template_vars": dict(template_vars or {}),
        "as_template": as_template or (not body and template is not None),
        "dedupe_key": dedupe_key,
        "inbound_id": inbound_id,
        "media_url": media_url,
        "status": "queued",
        "attempts": 0,
        "last_error": "",
    }
    if dedupe_key is None:
        row = OutboxMessage(**values)
        session.add(row)
        session.flush()
        return row
    # One round trip (issue 13: it was a SELECT, then a SAVEPOINT around the INSERT): a key already
    # used, or queued meanwhile by another transaction (waited for), inserts nothing and returns None.
    now = utcnow()
    return session.scalars(
        sa.select(OutboxMessage).from_statement(QUEUE_ONCE), {**values, "created_at": now, "updated_at": now}
    ).one_or_none()


# A text statement, compiled once and cached (the dialects' insert().on_conflict_do_nothing() is
# compiled on every call: their Insert sets inherit_cache = False).
_OUTBOX = OutboxMessage.__table__.c
_QUEUED = ("inbound_id", "dedupe_key", "to_phone", "body", "template_key", "template_vars", "as_template",
           "media_url", "status", "attempts", "last_error", "created_at", "updated_at")
QUEUE_ONCE = (
    sa.text(
        f"INSERT INTO {OutboxMessage.__tablename__} ({', '.join(_QUEUED)})"
        f" VALUES ({', '.join(':' + name for name in _QUEUED)})"
        " ON CONFLICT (dedupe_key) DO NOTHING RETURNING " + ", ".join(column.name for column in _OUTBOX)
    )
    .bindparams(*(sa.bindparam(name, type_=_OUTBOX[name].type) for name in _QUEUED))
    .columns(*_OUTBOX)
)


@dataclass(frozen=True)
class StatusChange:
    outbox_id: int
    status: str
    needs_template_retry: bool  # 63016 reported for a free-text reply that has a template


def apply_status(
    sessions: sessionmaker[Session],
    message_sid: str,
    status: str,
    error_code: int | None,
    outbox_id: int | None = None,
    templates: Mapping[str, Any] | None = None,
) -> StatusChange | None:
    """Record a delivery callback. Moves the row forward only; None when nothing moved."""
    status = status.strip().lower()
    if status not in RANK:
        return None
    rank = RANK[status]
    behind = [s for s, r in RANK.items() if r < rank and s not in FINAL]
    final = status in FINAL
    with sessions() as session, session.begin():
        row = _find(session, message_sid, outbox_id)
        if row is None:
            return None
        values: dict[str, Any] = {"status": status, "updated_at": utcnow()}
        if final:
            values["error_code"] = error_code
            values["last_error"] = f"Twilio reported {status} (error {error_code})"
        moved = rows_changed(
            session,
            sa.update(OutboxMessage)
            .where(OutboxMessage.id == row.id, OutboxMessage.status.in_(behind))
            .values(**values)
            .execution_options(synchronize_session=False),
        )
        if not moved:
            return None
        retry = bool(
            final
            and error_code == OUTSIDE_WINDOW
            and not row.as_template
            and row.template_key
            and row.template_key in (templates or {})
        )
        return StatusChange(row.id, status, retry)


def _find(session: Session, message_sid: str, outbox_id: int | None) -> OutboxMessage | None:
    row = session.scalars(sa.select(OutboxMessage).where(OutboxMessage.twilio_sid == message_sid)).first()
    if row is None and outbox_id is not None:
        candidate = session.get(OutboxMessage, outbox_id)
        if candidate is not None and candidate.twilio_sid in (None, message_sid):
            row = candidate
    return row


def queue_template_retry(session: Session, row: OutboxMessage) -> OutboxMessage | None:
    """A follow-up row that sends `row` again as its approved template (once per row)."""
    return queue_message(
        session,
        row.to_phone,
        row.body,
        template=row.template_key,
        template_vars=row.template_vars,
        as_template=True,
        dedupe_key=f"template-for:{row.id}",
        inbound_id=row.inbound_id,
    )
