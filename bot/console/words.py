"""What the console calls things: order states in words, people by name, times in the distributor's zone.

One table of state words for every console page (templates use `{{ o.state|state_words }}`):

>>> state_words("awaiting_confirmation"), state_words(State.ON_HOLD), state_words("something new")
("Waiting for the dealer's YES", 'On credit hold, waiting for an approver', 'something new')

People by name, never by phone (`{{ person(e.actor_kind, e.actor_ref) }}`): a dealer code becomes
"Shree Ganesh Kirana (D01)", a field rep's phone his name ("Ramesh (field rep)"; masked when the
reps' file gave him none), staff their email, a job "the bot (job)".

Times (`{{ t|when }}`) in the zone named by the `timezone` setting (an IANA name such as
"Asia/Kolkata", the default); a name the machine does not know falls back to India's time.

>>> from datetime import datetime, timezone
>>> local_time(datetime(2026, 3, 1, 20, 0, tzinfo=timezone.utc), zone("Asia/Kolkata"))
'2026-03-02 01:30 IST'
>>> local_time(datetime(2026, 3, 1, 20, 0, tzinfo=timezone.utc), zone("Europe/London"))
'2026-03-01 20:00 GMT'
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, tzinfo
from functools import lru_cache
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.logging import mask_phone
from domain.models import Dealer, FieldRep
from domain.orders import ActorKind, State
from domain.services.credit import IST, setting

DEFAULT_ZONE = "Asia/Kolkata"

STATE_WORDS: Final[Mapping[str, str]] = {
    State.DRAFT: "Draft, being priced",
    State.AWAITING_CONFIRMATION: "Waiting for the dealer's YES",
    State.CONFIRMED: "Confirmed by the dealer",
    State.ON_HOLD: "On credit hold, waiting for an approver",
    State.APPROVED: "Approved, ready to dispatch",
    State.DISPATCHED: "Dispatched",
    State.DELIVERED: "Delivered",
    State.INVOICED: "Invoiced",
    State.CANCELLED: "Cancelled",
}


def state_words(state: object) -> str:
    """An order state in staff's words; an unknown state as it is."""
    key = str(getattr(state, "value", state) or "")
    return STATE_WORDS.get(key, key)


@lru_cache(maxsize=32)
def zone(name: str) -> tzinfo:
    """The named IANA zone; India's time for a blank or unknown name."""
    try:
        return ZoneInfo(name.strip()) if name.strip() else IST
    except (ZoneInfoNotFoundError, ValueError):
        return IST


def distributor_zone(session: Session) -> tzinfo:
    return zone(setting(session, "timezone", DEFAULT_ZONE))


def local_time(moment: datetime | None, tz: tzinfo) -> str:
    """'2026-03-02 01:30 IST': the moment in the distributor's zone, named."""
    if moment is None:
        return ""
    here = moment.astimezone(tz)
    return f"{here:%Y-%m-%d %H:%M} {here.tzname() or ''}".rstrip()


def person(session: Session, kind: object, ref: str) -> str:
    """Who did something, by name: see the module doc."""
    kind = str(getattr(kind, "value", kind) or "")
    if kind == ActorKind.DEALER:
        dealer = session.scalars(sa.select(Dealer).where(Dealer.code == ref)).first()
        return f"{dealer.name} ({dealer.code})" if dealer else ref
    if kind == ActorKind.REP:
        rep = session.scalars(sa.select(FieldRep).where(FieldRep.phone == ref)).first()
        return f"{rep.name} (field rep)" if rep and rep.name else f"field rep {mask_phone(ref)}"
    if kind == ActorKind.SYSTEM:
        return f"the bot ({ref})" if ref and ref != "system" else "the bot"
    return ref if not ref.startswith("+") else mask_phone(ref)
