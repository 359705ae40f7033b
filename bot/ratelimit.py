"""A sender over RATE_LIMIT_PER_MINUTE messages in 60 seconds is slowed; everyone else is not.

Counted in the database from `inbound_messages` (the sender's messages received
in the 60 seconds up to and including this one), so every web process and
worker agrees and nothing depends on Redis being up.

What happens to the extra messages (decided here, documented in the README):
they are kept (status `throttled`, never deleted) but NOT processed, because
acting on a flood an unknown amount later would place orders the sender may
no longer want. The sender gets one polite reply per minute asking to wait and
send the last message again; further extra messages in that minute get no
reply, so a runaway script cannot make the bot spam back.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot import replies
from bot.models import InboundMessage, OutboxMessage
from bot.store import queue_message

WINDOW = timedelta(seconds=60)


def recent_count(session: Session, message: InboundMessage) -> int:
    """How many messages this sender sent in the 60 seconds up to and including `message`."""
    return int(
        session.scalar(
            sa.select(sa.func.count(InboundMessage.id)).where(
                InboundMessage.phone == message.phone,
                InboundMessage.received_at > message.received_at - WINDOW,
                InboundMessage.received_at <= message.received_at,
                InboundMessage.id <= message.id,
            )
        )
        or 0
    )


def is_over_limit(session: Session, message: InboundMessage, per_minute: int) -> bool:
    return recent_count(session, message) > per_minute


def queue_please_wait(session: Session, message: InboundMessage) -> OutboxMessage | None:
    """The one 'please wait' reply for this sender in this minute (None when already queued)."""
    minute = int(message.received_at.timestamp() // WINDOW.total_seconds())
    return queue_message(
        session,
        message.phone,
        replies.please_wait(),
        dedupe_key=f"ratelimit:{message.phone}:{minute}",
        inbound_id=message.id,
    )
