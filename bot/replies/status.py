"""Where an order is: its state and history, cancelling it, and staff moving it along."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot.replies.shape import STATE_WORDS, fmt_qty, fmt_when
from domain.money import fmt_inr
from domain.orders import ActorKind, State
from domain.services.order_views import EventView, OrderView

HISTORY_WORDS: Mapping[State, str] = {
    State.AWAITING_CONFIRMATION: "Priced and sent for your YES",
    State.CONFIRMED: "Confirmed",
    State.ON_HOLD: "Held for our approval",
    State.APPROVED: "Approved",
    State.DISPATCHED: "Dispatched",
    State.DELIVERED: "Delivered",
    State.INVOICED: "Invoiced",
    State.CANCELLED: "Cancelled",
}


def order_status(order: OrderView, events: Iterable[EventView], dealer_name: str = "") -> str:
    """An order's state, contents in short, and its history."""
    who = f" ({dealer_name})" if dealer_name else ""
    out = [
        f"*{order.number}*{who}: *{STATE_WORDS.get(order.state, order.state.value)}*",
        f"{len(order.lines)} item{'s' if len(order.lines) != 1 else ''}, total {fmt_inr(order.total)}",
    ]
    for line in order.lines[:10]:
        out.append(f"- {line.name}: {fmt_qty(line.qty, line.uom)}")
    if len(order.lines) > 10:
        out.append(f"- and {len(order.lines) - 10} more")
    history = [e for e in events if e.target is not State.DRAFT]
    if history:
        out.append("")
        out.append("*History*")
        for e in history[-8:]:
            what = HISTORY_WORDS.get(e.target, e.target.value)
            if e.source is e.target:  # changed in place: a price granted, or a piece of the order
                what = "Prices changed by our team" if e.actor.kind is ActorKind.STAFF else "Draft changed"
            out.append(f"{fmt_when(e.at)} - {what}")
    if order.state is State.AWAITING_CONFIRMATION:
        out.append(f"Reply *YES {order.number}* to confirm it.")
    if order.state is State.ON_HOLD:
        out.extend(_held_because(order))
    return "\n".join(out)


def order_not_found(ref: str) -> str:
    return f"I could not find order *{ref}* on your account. Please check the number."


def no_orders() -> str:
    return "You have no orders with us yet. Send one, e.g. *10 peti maggi*."


def ask_cancel(order: OrderView) -> str:
    state = STATE_WORDS.get(order.state, order.state.value)
    return (
        f"Cancel order *{order.number}* for {fmt_inr(order.total)}? (now: {state})\n"
        "Reply *YES* to cancel it, or *NO* to keep it."
    )


def cancel_again(number: str) -> str:
    """The answer to "Cancel SO-1043?" was neither a yes nor a no ("ruko")."""
    return f"Order {number} is unchanged. Reply *YES* to cancel it, or *NO* to keep it."


def cancelled(number: str) -> str:
    return f"❌ Order {number} is cancelled."


def cancel_kept(number: str) -> str:
    return f"OK, order {number} stays as it is."


def nothing_to_cancel() -> str:
    return (
        "You have no order that can still be cancelled. Orders already dispatched cannot be cancelled here; "
        "please call our office."
    )


def cannot_cancel(number: str, state: State) -> str:
    return (
        f"Order {number} is {STATE_WORDS.get(state, state.value).lower()} and cannot be cancelled here. "
        "Please call our office."
    )


def order_moved(order: OrderView, why: str = "") -> str:
    """Dispatched, delivered, invoiced or cancelled by staff."""
    what = STATE_WORDS.get(order.state, order.state.value).lower()
    extra = f" ({why.strip()})" if why.strip() else ""
    return f"📦 Order *{order.number}* is now *{what}*{extra}. Total {fmt_inr(order.total)}."


def _held_because(order: OrderView) -> list[str]:
    """Why an on-hold order waits: the rate the dealer asked, the credit limit, or both."""
    why = []
    asked = [(ln, ln.requested_price) for ln in order.lines if ln.requested_price is not None]
    if asked:
        rates = ", ".join(f"{ln.name} {fmt_inr(price)} a {ln.uom}" for ln, price in asked)
        why.append(f"Waiting for our approval of the rate you asked: {rates}")
    if order.credit_decision == "hold" and order.credit_note:
        why.append(f"Held because: {order.credit_note}")
    return why
