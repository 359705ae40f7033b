"""The channel's two tables: what arrived from WhatsApp, and what is to be sent back.

`inbound_messages` holds every message Twilio delivered to the webhook, keyed
by Twilio's MessageSid (unique: a replay finds the row and changes nothing).

    received -> processed        the handler ran; its replies are in the outbox
             -> throttled        the sender was over the rate limit; kept, not processed
             -> failed           the handler raised MAX_PROCESS_ATTEMPTS times; left for staff

`outbox` holds every message the bot will send, one row per WhatsApp message.

    queued -> sending -> sent -> delivered -> read
                      -> queued (429 / 5xx / network: tried again later)
                      -> failed | undelivered   (Twilio refused; error_code says why)
                      -> needs_template         (63016, outside the 24-hour window, no template)

A row is claimed (queued -> sending) in its own committed transaction before
Twilio is called, so two workers can never send it twice. Delivery callbacks
only move a row forward through `RANK`; failed and undelivered are final.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from domain.columns import UTCDateTime, utcnow
from domain.models import Base

INBOUND_STATES = ("received", "processed", "throttled", "failed")
OUTBOX_STATES = ("queued", "sending", "sent", "delivered", "read", "failed", "undelivered", "needs_template")
MAX_PROCESS_ATTEMPTS = 5

# How far along a reply is. Twilio's own interim statuses count as "sent" (Twilio has it).
RANK: dict[str, int] = {
    "queued": 0,
    "sending": 1,
    "accepted": 2,
    "scheduled": 2,
    "sent": 2,
    "delivered": 3,
    "read": 4,
    "failed": 5,
    "undelivered": 5,
    "canceled": 5,
}
FINAL = frozenset({"failed", "undelivered", "needs_template", "canceled"})


UNTRIED = sa.text("status = 'received' AND attempts = 0")


class InboundMessage(Base):
    __tablename__ = "inbound_messages"
    __table_args__ = (
        Index("ix_inbound_messages_phone_received_at", "phone", "received_at"),
        Index("ix_inbound_messages_status_received_at", "status", "received_at"),
        # only the messages no job has tried yet: what a drain job looks for (bot/jobs.py)
        Index("ix_inbound_messages_untried", "id", postgresql_where=UNTRIED, sqlite_where=UNTRIED),
        Index("ix_inbound_messages_untried_phone", "phone", "id", postgresql_where=UNTRIED,
              sqlite_where=UNTRIED),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    message_sid: Mapped[str] = mapped_column(sa.String(64), unique=True)
    phone: Mapped[str] = mapped_column(sa.String(20))  # E.164 sender
    body: Mapped[str] = mapped_column(sa.Text, default="")  # capped at bot.store.MAX_STORED_BODY
    body_length: Mapped[int | None] = mapped_column()  # the body's length as it arrived (None: older rows)
    num_media: Mapped[int] = mapped_column(default=0)
    media_urls: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    profile_name: Mapped[str] = mapped_column(sa.String(200), default="")
    status: Mapped[str] = mapped_column(sa.String(16), default="received")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(sa.String(300), default="")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_next_attempt_at", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inbound_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_messages.id"), index=True)
    dedupe_key: Mapped[str | None] = mapped_column(sa.String(120), unique=True)
    to_phone: Mapped[str] = mapped_column(sa.String(20))  # E.164
    body: Mapped[str] = mapped_column(sa.Text, default="")
    template_key: Mapped[str | None] = mapped_column(sa.String(64))
    template_vars: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    as_template: Mapped[bool] = mapped_column(default=False)  # send the approved template, not free text
    media_url: Mapped[str | None] = mapped_column(sa.String(600))  # a file sent with the text (invoice PDF)
    status: Mapped[str] = mapped_column(sa.String(16), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    twilio_sid: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    error_code: Mapped[int | None] = mapped_column()
    last_error: Mapped[str] = mapped_column(sa.String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
