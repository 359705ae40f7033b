"""Who is writing and what one turn of the conversation carries.

A sender is a dealer (writing for his own shop) or a field rep (writing for the
shops assigned to him); anyone else is unknown and gets listed for ops.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot import replies
from bot.conversation.state import Conversation
from bot.messages import Inbound, Reply
from domain.models import Dealer, FieldRep, ReviewItem, UnknownSender
from domain.orders import Actor


@dataclass(frozen=True)
class Sender:
    phone: str
    dealer: Dealer | None = None  # the dealer writing, for a dealer
    rep: FieldRep | None = None
    language: str | None = None  # the language chosen on the phone's dealer row (inactive ones too)

    @property
    def is_rep(self) -> bool:
        return self.rep is not None and self.dealer is None

    @property
    def actor(self) -> Actor:
        if self.dealer is not None:
            return Actor.dealer(self.dealer.code)
        return Actor.rep(self.phone)

    @property
    def name(self) -> str:
        if self.dealer is not None:
            return self.dealer.name
        return self.rep.name if self.rep is not None else ""

    def dealers(self) -> list[Dealer]:
        """The shops this sender may act for."""
        if self.dealer is not None:
            return [self.dealer]
        if self.rep is None:
            return []
        return [d for d in self.rep.dealers if d.active]

    def may_act_for(self, dealer_id: int) -> bool:
        return any(d.id == dealer_id for d in self.dealers())


def identify(session: Session, phone: str) -> Sender | None:
    """The dealer or field rep with this phone; None for anyone else (inactive ones included)."""
    dealer = session.scalars(sa.select(Dealer).where(Dealer.phone == phone)).first()
    if dealer is not None:
        return Sender(phone, dealer=dealer if dealer.active else None, language=dealer.language)
    rep = session.scalars(
        sa.select(FieldRep).where(FieldRep.phone == phone, FieldRep.active.is_(True))
    ).first()
    if rep is not None:
        return Sender(phone, rep=rep)
    return None


def record_unknown(session: Session, inbound: Inbound, now: datetime) -> None:
    """List the number for ops: an UnknownSender row (counted) and one open review item per number."""
    row = session.scalars(sa.select(UnknownSender).where(UnknownSender.phone == inbound.phone)).first()
    text = inbound.body[:2000]
    if row is None:
        session.add(
            UnknownSender(phone=inbound.phone, first_seen=now, last_seen=now, count=1, last_text=text)
        )
    else:
        row.count += 1
        row.last_seen, row.last_text = now, text
    open_item = session.scalar(
        sa.select(ReviewItem.id).where(
            ReviewItem.kind == "unknown_sender",
            ReviewItem.phone == inbound.phone,
            ReviewItem.status.in_(["open", "claimed"]),
        )
    )
    if open_item is None:
        session.add(
            ReviewItem(
                kind="unknown_sender",
                phone=inbound.phone,
                message_text=text,
                message_ref=inbound.message_sid,
                parse={"profile_name": inbound.profile_name},
                created_at=now,
            )
        )
    session.flush()


@dataclass
class Turn:
    """One inbound message being answered."""

    session: Session
    inbound: Inbound
    now: datetime
    sender: Sender
    conv: Conversation
    replies: list[Reply] = field(default_factory=list)

    def say(self, text: str) -> None:
        self.replies.extend(replies.to_replies(text))

    def to_review(
        self, kind: str, details: Mapping[str, Any], dealer: Dealer | None = None, text: str | None = None
    ) -> None:
        """Queue this message for a person: `details` go in the item's parse column; `dealer` defaults to
        the sender's own shop and `text` to the message as received."""
        dealer = dealer if dealer is not None else self.sender.dealer
        self.session.add(
            ReviewItem(
                kind=kind,
                dealer_id=dealer.id if dealer is not None else None,
                phone=self.inbound.phone,
                message_text=self.inbound.body if text is None else text,
                message_ref=self.inbound.message_sid,
                parse=dict(details),
                created_at=self.now,
            )
        )
