"""Which language the bot answers a phone in (docs/languages.md).

    reply_locale(session, phone, body) -> "en" | "hi" | "hi_Latn"

1. The dealer's own choice (dealers.language: set in the console, by him in chat, "Hindi me bolo",
   or from the dealers master file), when he has made one.
2. Else the language of the message being answered (nlu.language.written_in: Devanagari is Hindi,
   Roman with Hindi words Hinglish, with English words English).
3. Else (a message that does not tell: "yes", "2", "10 peti maggi") the language of his latest
   message that does, so a "2" to a Hinglish question gets a Hinglish answer.
4. Else English.

A notice from the console (no message to answer) takes 1, 3 and 4.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.i18n import ENGLISH, known
from bot.models import InboundMessage
from domain.models import Dealer
from nlu.language import written_in

LOOK_BACK = 10  # earlier messages read for one that tells his language


UNREAD = object()  # `chosen` not given: read the dealer's choice by phone


def reply_locale(session: Session, phone: str, body: str | None = None, chosen: object = UNREAD) -> str:
    """The locale of the replies to `phone` (`body`: the message being answered, if any; `chosen`: the
    phone's dealer's `language` when the caller has read his row already, None for no dealer)."""
    if chosen is UNREAD:
        chosen = session.scalar(sa.select(Dealer.language).where(Dealer.phone == phone))
    if isinstance(chosen, str) and known(chosen):
        return chosen
    said = written_in(body) if body else None
    return said or last_written_in(session, phone) or ENGLISH


def last_written_in(session: Session, phone: str) -> str | None:
    """The language of the newest of the phone's last messages whose words tell one."""
    bodies = session.scalars(
        sa.select(InboundMessage.body)
        .where(InboundMessage.phone == phone)
        .order_by(InboundMessage.received_at.desc(), InboundMessage.id.desc())
        .limit(LOOK_BACK)
    )
    return next((locale for locale in (written_in(b) for b in bodies if b) if locale), None)
