"""An order waiting for an approver, and the answer: over the credit limit (a hold) or a special rate
asked below the list (a price exception), then approved or rejected from the ops console."""

from __future__ import annotations

from domain.credit import CreditCheck
from domain.money import fmt_inr
from domain.services.order_views import OrderView


def held(order: OrderView, credit: CreditCheck, whose: str = "your") -> str:
    """Confirmed by the dealer, but over the credit limit: waiting for an approver."""
    over = ""
    if credit.limit is not None:
        over = (
            f" It is {fmt_inr(credit.exposure + order.total - credit.limit)} over {whose} credit limit of "
            f"{fmt_inr(credit.limit)}."
        )
    return (
        f"⏳ *Order {order.number} is on hold* ({fmt_inr(order.total)}).{over}\n\n"
        "Our team will look at it and message you here. A payment now will help it go through faster."
    )


def price_pending(order: OrderView, held: str = "") -> str:
    """Confirmed by the dealer with a rate below the list: the order waits for an approver's answer
    (`held` is the credit-hold text when the order is over the limit as well)."""
    asked = [
        f"{line.name}: {fmt_inr(line.requested_price)} a {line.uom} (list {fmt_inr(line.unit_price)})"
        for line in order.lines
        if line.requested_price is not None
    ]
    out = [
        f"⏳ *Order {order.number}* waits for our approval of the rate you asked:",
        *(f"• {a}" for a in asked),
        "",
        f"Total at list prices: {fmt_inr(order.total)}. We will message you here with the answer.",
    ]
    if held:
        out += ["", held]
    return "\n".join(out)


def _approver_note(note: str, before: str) -> str:
    """The approver's note for the dealer; nothing when it only says "approved"."""
    note = note.strip()
    return f"{before}Note: {note}" if note and note != "approved" else ""


def hold_approved(order: OrderView, note: str = "") -> str:
    return (
        f"✅ *Order {order.number} is approved* ({fmt_inr(order.total)}). We will pack and dispatch it soon."
        + _approver_note(note, "\n")
    )


def hold_rejected(order: OrderView, reason: str) -> str:
    return (
        f"❌ *Order {order.number} could not be approved*: {reason.strip()}. "
        "Please clear your dues and order again."
    )


def price_exception_approved(order: OrderView | None, note: str = "", waits_for_credit: bool = False) -> str:
    what = f"order {order.number}" if order else "your order"
    out = f"✅ The special price for {what} is *approved*.{_approver_note(note, ' ')}"
    if order is not None:
        prices = "; ".join(f"{line.name} {fmt_inr(line.unit_price)} a {line.uom}" for line in order.lines)
        out += f"\n{prices}.\nNew total: *{fmt_inr(order.total)}*."
        if waits_for_credit:
            out += " The order still waits for our credit approval."
    return out


def price_exception_rejected(order: OrderView | None, note: str) -> str:
    what = f"order {order.number}" if order else "your order"
    cancelled = " The order is cancelled; you may order again at the list price." if order else ""
    return f"❌ The special price for {what} was *not approved*: {note.strip()}.{cancelled}"
