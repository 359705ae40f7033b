"""What the console tells a dealer on WhatsApp, and the call that queues it.

The texts below are the ones bot/replies.py did not have when the console was
written (the lead may move them there). Each fits WhatsApp's 1,600 characters
and reads well on a phone; amounts are shown as ₹1,23,456.00.

    outbox_id = send(session, dealer.phone, payment_received(...), key="payment:17",
                     template="payment_received", fields={"1": "₹5,000.00", "2": "₹12,300.00"})

`send` adds an outbox row in the caller's transaction (deduplicated by `key`,
so an action retried never messages twice) and returns its id for delivery
after the commit. `template` names the approved template sent instead when the
dealer is outside WhatsApp's 24-hour window.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from sqlalchemy.orm import Session

from bot.store import queue_message
from domain.money import fmt_inr
from domain.services.order_views import OrderView

LIMIT = 1600


def send(
    session: Session,
    phone: str,
    body: str,
    *,
    key: str,
    template: str | None = None,
    fields: Mapping[str, str] | None = None,
) -> int | None:
    """Queue `body` to `phone`; the outbox id, or None when `key` was queued before."""
    row = queue_message(session, phone, _fit(body), template=template, template_vars=fields, dedupe_key=key)
    return None if row is None else row.id


def _fit(text: str) -> str:
    return text if len(text) <= LIMIT else text[: LIMIT - 1] + "…"


def _qty(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}"


def order_lines(order: OrderView) -> str:
    """'1. Maggi Masala 70g - 10 case x ₹1,070.00 = ₹10,700.00' per line, free goods after."""
    rows = [
        f"{i}. {ln.name} - {_qty(ln.qty)} {ln.uom} x {fmt_inr(ln.unit_price)} = {fmt_inr(ln.net)}"
        for i, ln in enumerate(order.lines, start=1)
    ]
    rows += [f"   Free: {_qty(f.qty)} {f.uom} {f.sku} ({f.scheme})" for f in order.free_goods]
    return "\n".join(rows)


def totals(order: OrderView) -> str:
    parts = [f"Subtotal {fmt_inr(order.gross)}"]
    if order.discount:
        parts.append(f"Discount -{fmt_inr(order.discount)}")
    if order.tax:
        parts.append(f"GST {fmt_inr(order.tax)}")
    parts.append(f"*Total {fmt_inr(order.total)}*")
    return "\n".join(parts)


def draft_for_confirmation(order: OrderView) -> str:
    """The reviewed order, priced, waiting for the dealer's YES."""
    return (
        f"We checked your order. *Draft {order.number}*:\n{order_lines(order)}\n{totals(order)}\n\n"
        "Reply *YES* to confirm, or send changes."
    )


def order_confirmed(order: OrderView) -> str:
    return (
        f"*Order {order.number} is confirmed* (checked by our team).\n{order_lines(order)}\n{totals(order)}"
    )


def order_on_hold(order: OrderView) -> str:
    return (
        f"Order {order.number} ({fmt_inr(order.total)}) is *on hold*: "
        f"{order.credit_note or 'credit check'}.\n"
        "Our team will approve it or call you. A payment releases it sooner."
    )


def order_blocked(order: OrderView) -> str:
    return (
        f"Order {order.number} ({fmt_inr(order.total)}) could not be accepted: "
        f"{order.credit_note or 'credit limit'}.\nPlease clear your dues and order again."
    )


def review_rejected(reason: str) -> str:
    return f"Sorry, we could not take your last order: {reason.strip()}\nPlease send it again or call us."


def hold_approved(order: OrderView, note: str) -> str:
    extra = f"\nNote: {note.strip()}" if note.strip() and note.strip() != "approved" else ""
    total = fmt_inr(order.total)
    return f"Good news: order {order.number} ({total}) is *approved* and will be dispatched.{extra}"


def hold_rejected(order: OrderView, note: str) -> str:
    return (
        f"Order {order.number} ({fmt_inr(order.total)}) was *not approved*: {note.strip()}\n"
        "Please clear your dues or call us."
    )


def price_exception_approved(order: OrderView | None, note: str) -> str:
    what = f"order {order.number}" if order else "your order"
    extra = f" Note: {note.strip()}" if note.strip() else ""
    return f"The special price for {what} is *approved*.{extra}"


def price_exception_rejected(order: OrderView | None, note: str) -> str:
    what = f"order {order.number}" if order else "your order"
    return f"The special price for {what} was *not approved*: {note.strip()}"


MOVED = {
    "dispatched": "Order {number} has been *dispatched*. It is on its way.",
    "delivered": "Order {number} is marked *delivered*. Thank you!",
    "invoiced": "Invoice for order {number}: *{total}*.",
    "cancelled": "Order {number} has been *cancelled*.{why}",
}


def order_moved(order: OrderView, why: str = "") -> str:
    text = MOVED[order.state.value].format(
        number=order.number, total=fmt_inr(order.total), why=f" Reason: {why.strip()}" if why.strip() else ""
    )
    return text


def payment_received(amount: Decimal, ref: str, balance: Decimal) -> str:
    """Acknowledges a payment with the dealer's new balance."""
    owed = (
        f"Your balance is now *{fmt_inr(balance)}*."
        if balance >= 0
        else f"You have *{fmt_inr(-balance)}* in advance with us."
    )
    return f"Payment of *{fmt_inr(amount)}* received (ref {ref}). Thank you!\n{owed}"


def welcome_dealer(name: str) -> str:
    return f"Welcome, {name}! You can now order on WhatsApp. Send your order like: 10 peti maggi, 5 bag salt."
