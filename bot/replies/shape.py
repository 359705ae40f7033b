"""The shape of every text: WhatsApp's 1,600 characters, parts "(1/2)", quantities, times, state words.

The other modules of bot.replies build their texts with these; `to_replies(text)`
cuts a long text into numbered parts at line breaks, so a big draft arrives as a
few readable messages.

>>> fmt_qty(Decimal("10"), "case"), fmt_qty(Decimal("1"), "box"), fmt_qty(Decimal("0.5"), "kg")
('10 cases', '1 box', '0.5 kg')
>>> [len(part) <= LIMIT for part in split("x" * 1000 + "\\n" + "y" * 1000)]
[True, True]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal

from bot.messages import Reply
from domain.orders import State
from domain.schemes import PLURALS
from domain.services.credit import IST
from domain.services.stock import qty_str

LIMIT = 1600  # WhatsApp's (Twilio's) limit for one message body
PART_MARK = 8  # room kept for "(12/12) "

STATE_WORDS: Mapping[State, str] = {
    State.DRAFT: "Draft",
    State.AWAITING_CONFIRMATION: "Waiting for your YES",
    State.CONFIRMED: "Confirmed",
    State.ON_HOLD: "On hold for our approval",  # of credit, or of a special price asked
    State.APPROVED: "Approved, being packed",
    State.DISPATCHED: "Dispatched",
    State.DELIVERED: "Delivered",
    State.INVOICED: "Invoiced",
    State.CANCELLED: "Cancelled",
}


def split(text: str, limit: int = LIMIT) -> list[str]:
    """`text` in parts of at most `limit` characters, cut at line breaks, numbered "(1/3)" when several."""
    text = text.strip()
    if len(text) <= limit:
        return [text]
    room = limit - PART_MARK
    lines: list[str] = []
    for line in text.split("\n"):
        while len(line) > room:  # one line longer than a message: cut it at a space
            cut = line.rfind(" ", 0, room)
            cut = cut if cut > room // 2 else room
            lines.append(line[:cut])
            line = line[cut:].lstrip()
        lines.append(line)
    parts: list[str] = []
    current = ""
    for line in lines:
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > room and current:
            parts.append(current)
            current = line
        else:
            current = candidate
    parts.append(current)
    parts = [p.strip("\n") for p in parts if p.strip()]
    total = len(parts)
    return [f"({i}/{total}) {p}" for i, p in enumerate(parts, start=1)]


def to_replies(text: str, to: str | None = None) -> list[Reply]:
    """One `Reply` per part of `text` (see `split`)."""
    return [Reply(body=part, to=to) for part in split(text)]


def fmt_qty(qty: Decimal, uom: str) -> str:
    word = uom if qty == 1 else PLURALS.get(uom, uom)
    return f"{qty_str(qty)} {word}"


def fmt_when(moment: datetime) -> str:
    """A timestamp as a dealer reads it, in India's time: '21 Nov, 2:05 PM'."""
    local = moment.astimezone(IST)
    return f"{local.day} {local:%b}, {local:%I:%M %p}".replace(", 0", ", ")


def numbered(options: Sequence[str]) -> str:
    return "\n".join(f"*{i}*) {text}" for i, text in enumerate(options, start=1))
