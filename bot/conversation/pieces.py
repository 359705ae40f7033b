"""An order sent in pieces: while a draft waits for the YES, the next order message changes that draft.

    place(turn, dealer, lines, drop=..., new=...)  add the lines to the open draft (or start one)
    drop_named(turn, text)                          "sprite hata do": drop a product from the open draft
    open_draft(turn, dealer), is_live(draft, now)   the draft a piece would change, when it is live

"maggi 10 peti" ... "aur 5 peti sprite bhi" ... "maggi 10 nahi 12 karo" ... "sprite hata do" is one
draft: a line of a product and unit already there adds its quantity, a correction ("10 nahi 12 karo",
"12 kar do": nlu.changes reads which) sets it, a removal drops the product. The whole draft is then
priced again under its own number (domain revise_order: schemes, tax, credit) and sent with one line
over it saying what changed. Only an explicit new order ("naya order: ...", a repeat) or an expired
draft starts another draft, so no draft is ever cancelled for being replaced.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa

from bot import replies
from bot.conversation.ordering import Line, expire, pending, place_draft, review, show_draft
from bot.conversation.turn import Turn
from bot.i18n import ENGLISH, speaking
from bot.names import sku_names
from bot.parsing import parse
from domain.models import Dealer, Order
from domain.orders import State
from domain.pricing import PricingError
from domain.services.orders import cancel_order, revise_order
from nlu.changes import removal


class Unread:
    """`place` was not handed the open draft: it reads it itself."""


UNREAD = Unread()


def is_live(draft: Order | None, now: datetime) -> bool:
    """True when there is a draft and it has not expired at `now`."""
    return draft is not None and (draft.expires_at is None or draft.expires_at > now)


def open_draft(turn: Turn, dealer: Dealer) -> Order | None:
    """The newest draft of this shop awaiting this sender's YES, expired or not."""
    query = sa.select(Order).where(
        Order.state == State.AWAITING_CONFIRMATION.value, Order.dealer_id == dealer.id
    )
    if turn.sender.is_rep:
        query = query.where(Order.placed_by_kind == "rep", Order.placed_by_ref == turn.sender.phone)
    else:
        query = query.where(Order.placed_by_kind != "rep")
    return turn.session.scalars(query.order_by(Order.created_at.desc(), Order.id.desc()).limit(1)).first()


def place(
    turn: Turn,
    dealer: Dealer,
    lines: Sequence[Line],
    drop: Sequence[str] = (),
    new: bool = False,
    read: Order | None | Unread = UNREAD,
) -> str | None:
    """Change the open draft by `lines` (each with its `change`) and the products `drop` names; with
    no open draft, or `new`, place a new one (an expired one is cancelled as the expiry job would).
    `read`: what `open_draft` gave earlier in this turn, with nothing written since (one SELECT less)."""
    draft = None if new else (open_draft(turn, dealer) if isinstance(read, Unread) else read)
    note = ""
    if draft is not None and not is_live(draft, turn.now):
        expire(turn, draft)
        note, draft = replies.draft_expired_new(draft.number), None
    if draft is None:  # nothing to change: what would drop a line has nothing to drop
        kept = [ln for ln in lines if ln.change != "remove"]
        return place_draft(turn, dealer, kept, note=note) if kept else None
    skus = [sku for sku in (_named(turn, dealer, words, draft) for words in drop) if sku]
    return _change(turn, dealer, draft, lines, skus)


def drop_named(turn: Turn, text: str) -> bool:
    """A message asking only to drop products from the open draft ("sprite hata do", "remove sprite",
    "sprite nahi chahiye"); False when it names no product (a plain "cancel" or "nahi chahiye" is
    about the whole draft) or no draft is open."""
    names = removal(text)
    if not names:
        return False
    draft = pending(turn)
    if draft is None or not is_live(draft, turn.now):
        return False
    skus = [_named(turn, draft.dealer, words, draft) for words in names]
    if any(sku is None for sku in skus):
        return False
    _change(turn, draft.dealer, draft, [], [s for s in skus if s])
    return True


def _named(turn: Turn, dealer: Dealer, words: str, draft: Order) -> str | None:
    """The product `words` name: the one the parser reads for sure, else the one candidate the draft
    holds ("maggi" for the Maggi line); None when they name none."""
    probe = parse(turn.session, f"1 {words}", dealer.code)
    if len(probe.lines) == 1 and not probe.unmatched and not probe.lines[0].review:
        return probe.lines[0].sku
    held = {ln.sku.sku for ln in draft.lines}
    seen = {c.sku for ln in probe.lines for c in ln.candidates} | {ln.sku for ln in probe.lines}
    seen |= {c.sku for item in probe.unmatched for c in item.candidates}
    both = seen & held
    return both.pop() if len(both) == 1 else None


def _change(
    turn: Turn, dealer: Dealer, draft: Order, lines: Sequence[Line], drop: Sequence[str]
) -> str | None:
    """Merge, price the whole draft again and send it with what changed; its number, or None."""
    old = [
        Line(
            ln.sku.sku,
            ln.qty,
            ln.uom,
            ln.source_text,
            ln.requested_price,
            ln.uom if ln.requested_price else "",
        )
        for ln in draft.lines
    ]
    merged, edits = merge(old, lines, drop)
    names = sku_names(turn.session, [e.sku for e in edits])
    changes = [
        replies.DraftChange(e.kind, names.get(e.sku, e.sku), e.qty, e.uom, e.before, e.before_uom, e.now)
        for e in edits
    ]
    number = draft.number
    if not merged:
        cancel_order(turn.session, number, turn.sender.actor, "the dealer removed every line of the draft")
        turn.say(replies.draft_emptied(changes, number))
        return None
    if all(e.kind == "absent" for e in edits):
        turn.say(replies.draft_unchanged(changes, number))
        return number
    why = f"changed by the {'field rep' if turn.sender.is_rep else 'dealer'}: "
    with speaking(ENGLISH):  # the order's history is read by staff
        said = replies.changes_said(changes, number)
    try:
        placed = revise_order(turn.session, number, merged, turn.sender.actor, why=why + said)
    except PricingError as exc:  # the draft stays as it was; a person prices the change
        review(
            turn, dealer, turn.inbound.body, {"lines": [ln.to_json() for ln in merged]}, [str(exc)], number
        )
        turn.say(replies.price_problem(str(exc)))
        return None
    return show_draft(turn, dealer, placed, changed=replies.draft_changes(changes, number))


@dataclass(frozen=True)
class Edit:
    """What a piece did to one product (replies.DraftChange, by SKU code)."""

    sku: str
    kind: str  # added | changed | same | removed | absent
    qty: Decimal = Decimal(0)
    uom: str = ""
    before: Decimal | None = None
    before_uom: str = ""
    now: Decimal | None = None


def merge(
    old: Sequence[Line], new: Sequence[Line], drop: Sequence[str] = ()
) -> tuple[list[Line], list[Edit]]:
    """The draft's lines after a piece, and what changed for each product (see the module docstring).

    A set changes the line of that product in the same unit, else its only line; a product in two
    units with neither matching is added as a line of its own.
    """
    out = list(old)
    edits: list[Edit] = []
    for line in new:
        same = [i for i, ln in enumerate(out) if (ln.sku, ln.uom) == (line.sku, line.uom)]
        of_sku = [i for i, ln in enumerate(out) if ln.sku == line.sku]
        if line.change == "remove":
            drop = [*drop, line.sku]
        elif line.change == "set" and (same or len(of_sku) == 1):
            i = (same or of_sku)[0]
            was = out[i]
            kept_rate = (was.rate, was.rate_uom) if was.uom == line.uom else (None, "")
            rate, rate_uom = (line.rate, line.rate_uom) if line.rate is not None else kept_rate
            out[i] = replace(line, text=line.text or was.text, rate=rate, rate_uom=rate_uom, change="add")
            kind = "same" if (was.qty, was.uom) == (line.qty, line.uom) else "changed"
            edits.append(Edit(line.sku, kind, line.qty, line.uom, was.qty, was.uom))
        elif same:
            i = same[0]
            was = out[i]
            rate, rate_uom = (line.rate, line.rate_uom) if line.rate is not None else (was.rate, was.rate_uom)
            text = "; ".join(t for t in (was.text, line.text) if t)
            out[i] = replace(was, qty=was.qty + line.qty, text=text, rate=rate, rate_uom=rate_uom)
            edits.append(Edit(line.sku, "added", line.qty, line.uom, now=was.qty + line.qty))
        else:
            out.append(replace(line, change="add"))
            edits.append(Edit(line.sku, "added", line.qty, line.uom))
    for sku in dict.fromkeys(drop):
        kept = [ln for ln in out if ln.sku != sku]
        edits.append(Edit(sku, "removed" if len(kept) < len(out) else "absent"))
        out = kept
    return out, edits


__all__ = ["UNREAD", "Edit", "Unread", "drop_named", "is_live", "merge", "open_draft", "place"]
