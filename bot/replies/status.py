"""Where an order is: its state and history, cancelling it, and staff moving it along."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot.i18n import N_, _, money, ngettext
from bot.replies.shape import fmt_qty, fmt_unit, fmt_when, state_word
from domain.orders import ActorKind, State
from domain.services.order_views import EventView, OrderView

HISTORY_WORDS: Mapping[State, str] = {  # msgids, said with _() where used
    State.AWAITING_CONFIRMATION: N_("Priced and sent for your YES"),
    State.CONFIRMED: N_("Confirmed"),
    State.ON_HOLD: N_("Held for our approval"),
    State.APPROVED: N_("Approved"),
    State.DISPATCHED: N_("Dispatched"),
    State.DELIVERED: N_("Delivered"),
    State.INVOICED: N_("Invoiced"),
    State.CANCELLED: N_("Cancelled"),
}


def order_status(
    order: OrderView,
    events: Iterable[EventView],
    dealer_name: str = "",
    schemes: Mapping[str, str] | None = None,
) -> str:
    """An order's state, contents in short (free goods with the scheme's name from `schemes`, code ->
    name), and its history."""
    who = f" ({dealer_name})" if dealer_name else ""
    count = len(order.lines)
    out = [
        f"*{order.number}*{who}: *{state_word(order.state)}*",
        ngettext("{n} item, total {total}", "{n} items, total {total}", count).format(
            n=count, total=money(order.total)
        ),
    ]
    for line in order.lines[:10]:
        out.append(f"- {line.name}: {fmt_qty(line.qty, line.uom)}")
    if len(order.lines) > 10:
        out.append("- " + _("and {n} more").format(n=len(order.lines) - 10))
    for free in order.free_goods:  # shipped with the order at no charge: the dealer should expect them
        text = _("🎁 {name}: {qty} free ({scheme})")
        out.append(
            text.format(
                name=free.name or free.sku,
                qty=fmt_qty(free.qty, free.uom),
                scheme=(schemes or {}).get(free.scheme, free.scheme),
            )
        )
    history = [e for e in events if e.target is not State.DRAFT]
    if history:
        out.append("")
        out.append(_("*History*"))
        for e in history[-8:]:
            what = _(HISTORY_WORDS.get(e.target, e.target.value))
            if e.source is e.target:  # changed in place: a price granted, or a piece of the order
                what = (
                    _("Prices changed by our team") if e.actor.kind is ActorKind.STAFF else _("Draft changed")
                )
            out.append(f"{fmt_when(e.at)} - {what}")
    if order.state is State.AWAITING_CONFIRMATION:
        out.append(_("Reply *YES {number}* to confirm it.").format(number=order.number))
    if order.state is State.ON_HOLD:
        out.extend(_held_because(order))
    return "\n".join(out)


def order_not_found(ref: str) -> str:
    return _("I could not find order *{ref}* on your account. Please check the number.").format(ref=ref)


def no_orders() -> str:
    return _("You have no orders with us yet. Send one, e.g. *10 peti maggi*.")


def ask_cancel(order: OrderView) -> str:
    text = _(
        "Cancel order *{number}* for {total}? (now: {state})\nReply *YES* to cancel it, or *NO* to keep it."
    )
    return text.format(number=order.number, total=money(order.total), state=state_word(order.state))


def cancel_again(number: str) -> str:
    """The answer to "Cancel SO-1043?" was neither a yes nor a no ("ruko")."""
    return _("Order {number} is unchanged. Reply *YES* to cancel it, or *NO* to keep it.").format(
        number=number
    )


def cancelled(number: str) -> str:
    return _("❌ Order {number} is cancelled.").format(number=number)


def cancel_kept(number: str) -> str:
    return _("OK, order {number} stays as it is.").format(number=number)


def nothing_to_cancel() -> str:
    return _(
        "You have no order that can still be cancelled. Orders already dispatched cannot be cancelled here; "
        "please call our office."
    )


def cannot_cancel(number: str, state: State) -> str:
    text = _("Order {number} is {state} and cannot be cancelled here. Please call our office.")
    return text.format(number=number, state=state_word(state).lower())


def order_moved(order: OrderView, why: str = "") -> str:
    """Dispatched, delivered, invoiced or cancelled by staff."""
    what = state_word(order.state).lower()
    if why.strip():
        text = _("📦 Order *{number}* is now *{state}* ({why}). Total {total}.")
    else:
        text = _("📦 Order *{number}* is now *{state}*. Total {total}.")
    return text.format(number=order.number, state=what, why=why.strip(), total=money(order.total))


def invoice_attached(number: str) -> str:
    """The line under a dispatch message that carries the tax invoice's PDF."""
    return _("🧾 Tax invoice *{number}* is attached.").format(number=number)


def credit_note_attached(number: str) -> str:
    """The line under a claim's approval that carries the credit note's PDF."""
    return _("🧾 Credit note *{number}* is attached.").format(number=number)


def _held_because(order: OrderView) -> list[str]:
    """Why an on-hold order waits: the rate the dealer asked, the credit limit, or both."""
    why = []
    asked = [(ln, ln.requested_price) for ln in order.lines if ln.requested_price is not None]
    if asked:
        rates = ", ".join(
            _("{name} {price} a {unit}").format(name=ln.name, price=money(price), unit=fmt_unit(ln.uom))
            for ln, price in asked
        )
        why.append(_("Waiting for our approval of the rate you asked: {rates}").format(rates=rates))
    if order.credit_decision == "hold" and order.credit_note:
        why.append(_("Held because: {note}").format(note=order.credit_note))
    return why
