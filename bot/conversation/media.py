"""A message with files (a photo, a PDF, a spreadsheet): fetched, read, and booked like typed text.

    take(turn, route)   fetch every MediaUrl (bot.media.fetch rules), store it (media_files), read it
                        (bot.media.read), then either hand the lines to `route` as one typed order
                        or queue the message for a person (review item kind "media") saying why

- A sheet or a PDF: its lines, and the caption when it reads as an order, go to `route` as one
  message starting a new draft, so the parser, the questions about unclear items and the review
  of what nobody can pick work exactly as for text. The dealer is first told what was read.
- A photo or a scanned PDF (OCR): booked the same way only when every line's OCR confidence is
  high and every line parses alone as one sure order line (bot.media.read.unsure); otherwise
  the lines go to a person with the file beside them. Handwriting reads unsure: a person.
- Anything not fetched (a URL not of this Twilio account, a type not read, over 5 MB, outside a
  job) or not readable (no header row, no text layer, no Tesseract here) goes to a person with
  the reason, and the dealer hears "Got your file" as before.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from bot import replies
from bot.conversation.turn import Turn
from bot.media import fetch
from bot.media.models import MediaFile
from bot.media.read import Reading, read, unsure
from bot.models import InboundMessage
from bot.parsing import parse

log = logging.getLogger(__name__)


def take(turn: Turn, route: Callable[[str], None]) -> None:
    """Read the message's files into an order or queue them for a person (module doc)."""
    readings: list[Reading] = []
    stored: list[int] = []
    reasons: list[str] = []
    urls = list(turn.inbound.media_urls)
    if not urls:
        reasons.append("Twilio sent no media link with the message")
    rules = fetch.current_rules()
    for position, url in enumerate(urls):
        if rules is None:
            reasons.append(f"file {position + 1}: files are fetched only by the worker; not fetched here")
            continue
        try:
            fetched = fetch.fetch(url, rules)
        except fetch.FetchRefused as exc:
            log.info("message %s: media %s not fetched: %s", turn.inbound.message_sid, position, exc)
            reasons.append(f"file {position + 1} not fetched: {exc}")
            continue
        reading = read(fetched)
        stored.append(_store(turn, position, fetched, reading.kind))
        if reading.why:
            reasons.append(f"file {position + 1} ({reading.kind}) not read: {reading.why}")
        readings.append(reading)
    lines = [line for r in readings for line in r.lines]
    caption = turn.inbound.body.strip()
    if caption and _is_order(turn, caption):
        lines.extend(ln.strip() for ln in caption.splitlines() if ln.strip())
    kind = readings[0].kind if len(readings) == 1 else "sheet"
    details: dict[str, Any] = {
        "num_media": turn.inbound.num_media,
        "media_urls": urls,
        "media_files": stored,
        "read_as": [r.kind for r in readings],
        "caption": caption,
        "from_rep": turn.sender.is_rep,
    }
    if not reasons and lines:
        home = _home(turn)
        doubts = [why for r in readings for why in unsure(r, lambda ln: parse(turn.session, ln, home))]
        if not doubts:
            turn.say(replies.read_from_file(kind, lines))
            route("\n".join(lines))
            return
        reasons.extend(doubts)
    details["unclear"] = reasons or ["nothing was read from the file"]
    turn.to_review("media", details, text="\n".join(lines) if lines else None)
    if lines and any(r.ocr for r in readings) and all(not r.why for r in readings):
        turn.say(replies.photo_to_person())
    else:
        turn.say(replies.media_received())


def _store(turn: Turn, position: int, fetched: fetch.Fetched, kind: str) -> int:
    inbound_id = turn.session.scalar(
        sa.select(InboundMessage.id).where(InboundMessage.message_sid == turn.inbound.message_sid)
    )
    row = MediaFile(
        inbound_id=inbound_id,
        message_sid=turn.inbound.message_sid,
        position=position,
        content_type=fetched.content_type,
        size=len(fetched.data),
        data=fetched.data,
        read_as=kind,
        created_at=turn.now,
    )
    turn.session.add(row)
    turn.session.flush()
    return row.id


def _is_order(turn: Turn, text: str) -> bool:
    return parse(turn.session, text, _home(turn)).intent == "order"


def _home(turn: Turn) -> str | None:
    shops = turn.sender.dealers()
    return shops[0].code if len(shops) == 1 else None
