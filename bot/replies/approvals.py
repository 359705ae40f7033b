"""An order waiting for an approver, and the answer: over the credit limit (a hold) or a special rate
asked below the list (a price exception), then approved or rejected from the ops console."""

from __future__ import annotations

from bot.i18n import _, money
from bot.replies.shape import fmt_unit
from domain.credit import CreditCheck
from domain.services.order_views import OrderView


def held(order: OrderView, credit: CreditCheck, whose: str = "your") -> str:
    """Confirmed by the dealer, but over the credit limit: waiting for an approver."""
    over = ""
    if credit.limit is not None:
        over_by = money(credit.exposure + order.total - credit.limit)
        text = (
            _("It is {amount} over your credit limit of {limit}.")
            if whose == "your"
            else _("It is {amount} over the shop's credit limit of {limit}.")
        )
        over = " " + text.format(amount=over_by, limit=money(credit.limit))
    head = _("⏳ *Order {number} is on hold* ({total}).").format(
        number=order.number, total=money(order.total)
    )
    tail = _("Our team will look at it and message you here. A payment now will help it go through faster.")
    return f"{head}{over}\n\n{tail}"


def price_pending(order: OrderView, held: str = "") -> str:
    """Confirmed by the dealer with a rate below the list: the order waits for an approver's answer
    (`held` is the credit-hold text when the order is over the limit as well)."""
    asked = [
        _("{name}: {price} a {unit} (list {list_price})").format(
            name=line.name,
            price=money(line.requested_price),
            unit=fmt_unit(line.uom),
            list_price=money(line.unit_price),
        )
        for line in order.lines
        if line.requested_price is not None
    ]
    out = [
        _("⏳ *Order {number}* waits for our approval of the rate you asked:").format(number=order.number),
        *(f"• {a}" for a in asked),
        "",
        _("Total at list prices: {total}. We will message you here with the answer.").format(
            total=money(order.total)
        ),
    ]
    if held:
        out += ["", held]
    return "\n".join(out)


def _approver_note(note: str, before: str) -> str:
    """The approver's note for the dealer; nothing when it only says "approved"."""
    note = note.strip()
    return before + _("Note: {note}").format(note=note) if note and note != "approved" else ""


def hold_approved(order: OrderView, note: str = "") -> str:
    text = _("✅ *Order {number} is approved* ({total}). We will pack and dispatch it soon.")
    return text.format(number=order.number, total=money(order.total)) + _approver_note(note, "\n")


def zero_price_pending(order: OrderView, held: str = "") -> str:
    """Confirmed with an item at ₹0.00 (free on purpose in the price list): an approver lets it go out
    first (`held` is the credit-hold text when the order is over the limit as well)."""
    free = [line.name for line in order.lines if line.unit_price == 0]
    out = [
        _("⏳ *Order {number}* waits for our approval: it has items at ₹0.00 on our price list:").format(
            number=order.number
        ),
        *(f"• {name}" for name in free),
        "",
        _("Total: {total}. We will message you here with the answer.").format(total=money(order.total)),
    ]
    if held:
        out += ["", held]
    return "\n".join(out)


def zero_price_rejected(order: OrderView, reason: str) -> str:
    """An order with items at ₹0.00 was not let through: why (nothing about dues: it was not credit)."""
    text = _("❌ *Order {number} could not be approved*: {reason}. Please send the order again without it.")
    return text.format(number=order.number, reason=reason.strip())


def hold_rejected(order: OrderView, reason: str) -> str:
    text = _("❌ *Order {number} could not be approved*: {reason}. Please clear your dues and order again.")
    return text.format(number=order.number, reason=reason.strip())


def price_exception_approved(order: OrderView | None, note: str = "", waits_for_credit: bool = False) -> str:
    if order is None:
        return _("✅ The special price for your order is *approved*.") + _approver_note(note, " ")
    out = _("✅ The special price for order {number} is *approved*.").format(number=order.number)
    out += _approver_note(note, " ")
    prices = "; ".join(
        _("{name} {price} a {unit}").format(
            name=line.name, price=money(line.unit_price), unit=fmt_unit(line.uom)
        )
        for line in order.lines
    )
    out += f"\n{prices}.\n" + _("New total: *{total}*.").format(total=money(order.total))
    if waits_for_credit:
        out += " " + _("The order still waits for our credit approval.")
    return out


def price_exception_rejected(order: OrderView | None, note: str) -> str:
    if order is None:
        return _("❌ The special price for your order was *not approved*: {note}.").format(note=note.strip())
    text = _(
        "❌ The special price for order {number} was *not approved*: {note}. "
        "The order is cancelled; you may order again at the list price."
    )
    return text.format(number=order.number, note=note.strip())
