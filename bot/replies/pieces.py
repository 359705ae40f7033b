"""An order sent in pieces: the one line over the draft saying what a message changed, and what the bot
says when a piece changes nothing, empties the draft, or finds the draft expired."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from bot.i18n import _
from bot.replies.shape import fmt_qty
from domain.services.stock import qty_str


@dataclass(frozen=True)
class DraftChange:
    """One product's change: added (`now`: its quantity after, when it was in the draft already),
    changed (`before` and `before_uom`: the quantity it had), same (set to what it was), removed,
    or absent (asked to be removed but not in the draft)."""

    kind: str
    name: str
    qty: Decimal = Decimal(0)
    uom: str = ""
    before: Decimal | None = None
    before_uom: str = ""
    now: Decimal | None = None


def draft_changes(changes: Sequence[DraftChange], number: str) -> str:
    """The line over the changed draft: '✏️ Added: Sprite 750ml 5 cases; Changed: Maggi 10 -> 12 cases'."""
    return "✏️ " + changes_said(changes, number)


def changes_said(changes: Sequence[DraftChange], number: str) -> str:
    """What a piece changed, in one line without decoration (also the reason in the order's history)."""
    return "; ".join(_change(c, number) for c in changes)


def _change(c: DraftChange, number: str) -> str:
    qty = fmt_qty(c.qty, c.uom)
    if c.kind == "added":
        if c.now is not None:
            return _("Added: {name} {qty} (now {now})").format(
                name=c.name, qty=qty, now=fmt_qty(c.now, c.uom)
            )
        return _("Added: {name} {qty}").format(name=c.name, qty=qty)
    if c.kind == "changed":
        was = (
            qty_str(c.before or Decimal(0))
            if c.before_uom == c.uom
            else fmt_qty(c.before or Decimal(0), c.before_uom)
        )
        return _("Changed: {name} {was} -> {qty}").format(name=c.name, was=was, qty=qty)
    if c.kind == "same":
        return _("No change: {name} is {qty} already").format(name=c.name, qty=qty)
    if c.kind == "removed":
        return _("Removed: {name}").format(name=c.name)
    return _("{name} is not in draft {number}").format(name=c.name, number=number)


def draft_unchanged(changes: Sequence[DraftChange], number: str) -> str:
    """A piece that changed nothing (it only named products the draft does not have)."""
    same = _("Draft {number} is as it was: reply *YES* to confirm it, or send changes.").format(number=number)
    return f"{draft_changes(changes, number)}.\n{same}"


def draft_emptied(changes: Sequence[DraftChange], number: str) -> str:
    dropped = _("Nothing is left in it, so draft {number} is dropped.").format(number=number)
    return f"{draft_changes(changes, number)}.\n{dropped}"


def draft_expired_new(number: str) -> str:
    """The note over a new draft when the open one had expired before this message came."""
    return _("(Draft {number} expired before it was confirmed, so this is a new draft.)").format(
        number=number
    )


def new_order_items(open_draft: str | None) -> str:
    """ "naya order" said alone: the next order message starts a new draft."""
    text = _("OK, a new order. Send its items, e.g. *10 peti maggi, 5 box parle g*.")
    if open_draft:
        text += " " + _("Draft {number} stays open for your YES.").format(number=open_draft)
    return text
