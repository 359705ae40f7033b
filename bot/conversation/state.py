"""Where each sender is in the conversation, kept in the database so any process can continue it.

One row per phone (E.164). `waiting_for` names the question the bot last asked;
`data` holds what answering it needs (plain JSON: texts, SKU codes, order
numbers). Nothing else is kept here: the draft awaiting a YES is an order in
`awaiting_confirmation`, read from the orders table, so a draft the ops console
sends is confirmed the same way.

    ''          nothing asked
    pick        "Which Telma? 1) ... 2) ..."      data: the parse so far and the open questions
    shortfall   "Ship what is in stock, or wait?" data: {"order": "SO-1043"}
    cancel      "Cancel SO-1043?"                 data: {"order": "SO-1043"}
    dealer      a rep with several shops: "Which shop?"  data: {"text": ..., "dealers": [...], "new": ...}
    which_yes   a bare YES, two drafts waiting: "Which one? 1) SO-1006 ... 2) SO-1007 ..."
                                                  data: {"orders": ["SO-1006", "SO-1007"]}
    new_order   "naya order" said alone: the next message is a new order, beside the open draft

`load` locks the row for the rest of the transaction (its upsert's update locks it on
PostgreSQL; SQLite writers are serialised anyway), so two messages from one
sender handled at once by two workers take turns.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column

from domain.columns import UTCDateTime, utcnow
from domain.models import Base

WAITING = ("", "pick", "shortfall", "cancel", "dealer", "new_order", "which_yes")
QUESTION_TTL = timedelta(hours=24)  # an unanswered question is forgotten after this


class Conversation(Base):
    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(sa.String(20), unique=True)  # E.164
    waiting_for: Mapped[str] = mapped_column(sa.String(16), default="")  # WAITING
    data: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_message_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def ask(self, waiting_for: str, data: dict[str, Any], now: datetime) -> None:
        if waiting_for not in WAITING:
            raise ValueError(f"unknown conversation state {waiting_for!r}")
        self.waiting_for, self.data, self.asked_at, self.updated_at = waiting_for, data, now, now

    def clear(self, now: datetime) -> None:
        self.waiting_for, self.data, self.asked_at, self.updated_at = "", {}, None, now

    def waiting(self, now: datetime) -> str:
        """The open question, or '' when none is open or it went stale."""
        if not self.waiting_for or self.asked_at is None or now - self.asked_at > QUESTION_TTL:
            return ""
        return self.waiting_for


def load(session: Session, phone: str, now: datetime) -> Conversation:
    """The sender's row, created when missing, locked until the transaction ends.

    One round trip: INSERT .. ON CONFLICT DO UPDATE .. RETURNING, whose update of an existing
    row locks it as SELECT .. FOR UPDATE would (issue 13: it was an insert, a select and an update).
    """
    return session.scalars(
        sa.select(Conversation).from_statement(LOAD),
        {"phone": phone, "data": {}, "now": now},
        execution_options={"populate_existing": True},
    ).one()


# A text statement, compiled once and cached (the dialects' insert().on_conflict_do_update() is
# compiled on every call: their Insert sets inherit_cache = False). SQLite has ON CONFLICT .. DO
# UPDATE and RETURNING since 3.35.
_COLUMNS = Conversation.__table__.c
LOAD = (
    sa.text(
        f"INSERT INTO {Conversation.__tablename__} (phone, waiting_for, data, last_message_at, updated_at)"
        " VALUES (:phone, '', :data, :now, :now)"
        " ON CONFLICT (phone) DO UPDATE SET last_message_at = excluded.last_message_at"
        " RETURNING " + ", ".join(column.name for column in _COLUMNS)
    )
    .bindparams(
        sa.bindparam("data", type_=_COLUMNS.data.type), sa.bindparam("now", type_=_COLUMNS.updated_at.type)
    )
    .columns(*_COLUMNS)
)
