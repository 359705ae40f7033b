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

from bot.i18n import N_, _, when
from bot.messages import Reply
from domain.orders import State
from domain.schemes import PLURALS
from domain.services.stock import qty_str

LIMIT = 1600  # WhatsApp's (Twilio's) limit for one message body
PART_MARK = 8  # room kept for "(12/12) "

STATE_WORDS: Mapping[State, str] = {  # msgids: state_word() says them in the reader's language
    State.DRAFT: N_("Draft"),
    State.AWAITING_CONFIRMATION: N_("Waiting for your YES"),
    State.CONFIRMED: N_("Confirmed"),
    State.ON_HOLD: N_("On hold for our approval"),  # of credit, or of a special price asked
    State.APPROVED: N_("Approved, being packed"),
    State.DISPATCHED: N_("Dispatched"),
    State.DELIVERED: N_("Delivered"),
    State.INVOICED: N_("Invoiced"),
    State.CANCELLED: N_("Cancelled"),
}
UNIT_WORDS = (  # the units fmt_qty names, singular and plural, marked for the catalogs
    N_("case"),
    N_("cases"),
    N_("box"),
    N_("boxes"),
    N_("pack"),
    N_("packs"),
    N_("bag"),
    N_("bags"),
    N_("bottle"),
    N_("bottles"),
    N_("strip"),
    N_("strips"),
    N_("litre"),
    N_("litres"),
    N_("tin"),
    N_("tins"),
    N_("bucket"),
    N_("buckets"),
    N_("roll"),
    N_("rolls"),
    N_("ton"),
    N_("tons"),
    N_("pc"),
    N_("dozen"),
    N_("kg"),
)


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
    """A quantity with its unit in the reader's language ('10 cases', Hinglish '10 peti')."""
    word = uom if qty == 1 else PLURALS.get(uom, uom)
    return f"{qty_str(qty)} {_(word) if word in UNIT_WORDS else word}"


def fmt_unit(uom: str) -> str:
    """One unit, in the reader's language ('case', Hinglish 'peti'): 'a case' in a rate."""
    return _(uom) if uom in UNIT_WORDS else uom


def fmt_when(moment: datetime) -> str:
    """A timestamp as a dealer reads it, in India's time: '21 Nov, 2:05 PM'."""
    return when(moment)


def state_word(state: State) -> str:
    """An order's state as the reader says it: 'Confirmed', Hinglish 'Confirm ho gaya'."""
    return _(STATE_WORDS.get(state, state.value))


def numbered(options: Sequence[str]) -> str:
    return "\n".join(f"*{i}*) {text}" for i, text in enumerate(options, start=1))
