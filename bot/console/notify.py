"""What the console tells a dealer on WhatsApp, and the call that queues it.

The texts come from bot/replies.py (every reply the bot sends is built there);
this module only gathers what they need (product and scheme names) and adds
the two texts replies.py has no counterpart for yet: price-exception decisions
and the welcome of a number just added as a dealer (the lead may move them).

    outbox_ids = send(session, dealer.phone, text, key="payment:17",
                     template="payment_received", fields={"1": "₹5,000.00", "2": "₹12,300.00"})

`send` adds outbox rows in the caller's transaction (deduplicated by `key`,
so an action retried never messages twice) and returns their ids for delivery
after the commit. `template` names the approved template sent instead when the
dealer is outside WhatsApp's 24-hour window.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot import replies
from bot.store import queue_message
from domain.models import SchemeRow, Sku
from domain.services.credit import setting
from domain.services.order_views import Confirmation, OrderView, Placed

HOW_TO_PAY = "Pay by UPI or bank transfer and send us the reference."


def send(
    session: Session,
    phone: str,
    body: str,
    *,
    key: str,
    template: str | None = None,
    fields: Mapping[str, str] | None = None,
) -> list[int]:
    """Queue `body` to `phone`, in numbered parts when longer than one WhatsApp message (replies.split);
    the outbox ids, none when `key` was queued before."""
    ids = []
    for i, part in enumerate(replies.split(body)):
        row = queue_message(
            session,
            phone,
            part,
            template=template,
            template_vars=fields,
            dedupe_key=key if i == 0 else f"{key}:{i + 1}",
        )
        if row is not None:
            ids.append(row.id)
    return ids


def _names(session: Session, codes: Iterable[str]) -> dict[str, str]:
    wanted = set(codes)
    if not wanted:
        return {}
    return dict(session.execute(sa.select(Sku.sku, Sku.name).where(Sku.sku.in_(wanted))).tuples().all())


def _schemes(session: Session, order: OrderView) -> dict[str, str]:
    codes = {c for ln in order.lines for c in ln.schemes} | {f.scheme for f in order.free_goods}
    if not codes:
        return {}
    rows = session.execute(sa.select(SchemeRow.code, SchemeRow.name).where(SchemeRow.code.in_(codes)))
    return {code: name or code for code, name in rows}


def draft(session: Session, placed: Placed, replaces: Iterable[str] = ()) -> str:
    """The reviewed order, priced, waiting for the dealer's YES (replies.draft); it may replace drafts."""
    order = placed.order
    old = ", ".join(replaces)
    note = (
        "We checked your order"
        + (f"; this replaces draft {old}" if old else "")
        + ". Please look at it once more:"
    )
    return replies.draft(
        order,
        placed.quote,
        _names(session, [f.sku for f in order.free_goods]),
        _schemes(session, order),
        heading="Order draft",
        note=note,
    )


def confirmation(session: Session, done: Confirmation) -> str:
    """The outcome of confirming a reviewed order the dealer had already said yes to."""
    order = done.order
    if done.decision == "ok":
        return replies.confirmed(order, done.shortfalls, _names(session, [f.sku for f in order.free_goods]))
    if done.decision == "hold":
        return replies.held(order, done.credit)
    how = setting(session, "payment_instructions", HOW_TO_PAY)
    return replies.blocked(done.credit.reason, how, order.number)


def review_rejected(reason: str, text: str) -> str:
    return replies.review_rejected(reason, text)


def hold_approved(order: OrderView, note: str) -> str:
    extra = f"\nNote: {note.strip()}" if note.strip() and note.strip() != "approved" else ""
    return replies.hold_approved(order) + extra


def hold_rejected(order: OrderView, note: str) -> str:
    return replies.hold_rejected(order, note.strip())


def order_moved(order: OrderView, why: str = "") -> str:
    return replies.order_moved(order, why.strip())


def payment_received(amount: Decimal, ref: str, balance: Decimal) -> str:
    return replies.payment_received(amount, balance, ref)


def price_exception_approved(order: OrderView | None, note: str) -> str:
    what = f"order {order.number}" if order else "your order"
    extra = f" Note: {note.strip()}" if note.strip() and note.strip() != "approved" else ""
    return f"✅ The special price for {what} is *approved*.{extra}"


def price_exception_rejected(order: OrderView | None, note: str) -> str:
    what = f"order {order.number}" if order else "your order"
    cancelled = " The order is cancelled; you may order again at the list price." if order else ""
    return f"❌ The special price for {what} was *not approved*: {note.strip()}.{cancelled}"


def welcome_dealer(name: str) -> str:
    return (
        f"Welcome, {name}! 🙏 You can now order here on WhatsApp. "
        "Send your order like: *10 peti maggi, 5 bag tata salt*. Send *help* to see what else I can do."
    )
