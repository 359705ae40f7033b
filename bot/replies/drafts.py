"""Getting to a draft the dealer can say YES to: the priced draft, questions about unclear items, and
what happens to a draft before the YES (dropped, expired, nothing to price)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from bot.replies.shape import fmt_qty, numbered
from domain.credit import CreditCheck
from domain.money import fmt_inr
from domain.quote import Quote
from domain.services.order_views import OrderView


def draft(
    order: OrderView,
    quote: Quote,
    names: Mapping[str, str],
    schemes: Mapping[str, str],
    *,
    dealer_name: str = "",
    heading: str = "Order draft",
    note: str = "",
    changed: str = "",
    whose: str = "your",
) -> str:
    """The priced draft: numbered lines, free goods, schemes, nudges, totals, credit, and the YES prompt.

    `names` maps SKU codes (free goods included) to product names, `schemes` scheme codes to names;
    `changed` (pieces.draft_changes) goes first, over the title, and `note` under it.
    """
    title = f"*{heading} {order.number}*" + (f"\nFor: {dealer_name}" if dealer_name else "")
    out = [changed, title] if changed else [title]
    if note:
        out.append(note)
    out.append("")
    for i, line in enumerate(order.lines, start=1):
        out.append(f"*{i}.* {line.name}")
        out.append(f"    {fmt_qty(line.qty, line.uom)} × {fmt_inr(line.unit_price)} = {fmt_inr(line.gross)}")
        if line.discount > 0:
            why = ", ".join(schemes.get(code, code) for code in line.schemes)
            out.append(f"    less {fmt_inr(line.discount)} ({why})")
        if line.requested_price is not None:
            out.append(f"    you asked {fmt_inr(line.requested_price)} a {line.uom}: needs our approval")
    for free in order.free_goods:
        out.append(f"🎁 *Free:* {fmt_qty(free.qty, free.uom)} {names.get(free.sku, free.sku)}")
        out.append(f"    ({schemes.get(free.scheme, free.scheme)})")
    for nudge in quote.nudges:
        out.append(f"💡 {nudge}")
    out.append("")
    out.append(f"Subtotal: {fmt_inr(order.gross)}")
    if order.discount > 0:
        out.append(f"Discount: -{fmt_inr(order.discount)}")
    out.append(f"GST: {fmt_inr(order.tax)}")
    out.append(f"*Total: {fmt_inr(order.total)}*")
    out.extend(_credit_after(quote.credit, order.total, whose))
    if any(line.requested_price is not None for line in order.lines):
        out.append(
            "💬 The total is at our list prices. If you confirm, the rate you asked goes to our approver "
            "and the order waits for the answer."
        )
    out.append("")
    out.append("Reply *YES* to confirm, or send changes.")
    return "\n".join(out)


def _credit_after(credit: CreditCheck, total: Decimal, whose: str = "your") -> list[str]:
    if credit.decision == "block":
        return [f"⚠️ This order cannot be accepted now: {credit.reason}."]
    if credit.available is None or credit.limit is None:
        return []
    left = credit.available - total
    if left >= 0:
        return [f"Credit left after this order: {fmt_inr(left)}"]
    return [
        f"⚠️ This order is {fmt_inr(-left)} over {whose} credit limit of {fmt_inr(credit.limit)}. "
        "If you confirm, it waits for our approval."
    ]


def draft_dropped(number: str) -> str:
    return f"OK, draft {number} is dropped. Send the order again with your changes."


def draft_expired(number: str) -> str:
    return f"Draft {number} expired before it was confirmed. Please send the order again."


def draft_checked(replaces: Sequence[str] = ()) -> str:
    """The note over a draft staff fixed from the review queue (it may replace the dealer's drafts)."""
    old = ", ".join(replaces)
    replacing = f"; this replaces draft {old}" if old else ""
    return f"We checked your order{replacing}. Please look at it once more:"


def nothing_to_confirm() -> str:
    return "👍 Nothing is waiting for your YES right now. Send your order any time, e.g. *10 peti maggi*."


def yes_while_in_review() -> str:
    return (
        "👍 Noted. Your order is with our team for a check; they will confirm it with your YES "
        "and message you here."
    )


def nothing_to_repeat() -> str:
    return "You have no confirmed order to repeat yet. Send your order, e.g. *10 peti maggi, 5 box parle g*."


def empty_order() -> str:
    return "I could not find any items in that order. Write each item with a quantity, e.g. *10 peti maggi*."


def price_problem(reason: str) -> str:
    return f"I could not price this order ({reason}). A person from our team will check it and message you."


def noted() -> str:
    return "OK 👍"


def ask_pick(
    item_text: str, options: Sequence[str], index: int = 1, total: int = 1, none_option: bool = True
) -> str:
    """A numbered question about one unclear item: "Which one for 'telma 5 box'? 1) ... 2) ..."."""
    count = f" ({index} of {total})" if total > 1 else ""
    out = [f"Which one did you mean by *{item_text.strip()}*?{count}", numbered(options)]
    if none_option:
        out.append("*0*) None of these")
    out.append("Reply with the number.")
    return "\n".join(out)


def ask_quantity(name: str, index: int = 1, total: int = 1) -> str:
    """How many of a product the dealer named without a quantity."""
    count = f" ({index} of {total})" if total > 1 else ""
    return f"How many *{name}*?{count}\nReply like *5 peti* or *5*, or *0* to leave it out."


def pick_again(count: int, none: bool = True) -> str:
    tail = ", or 0 if none of them is right" if none else ""
    return f"Please reply with a number from 1 to {count}{tail}."


def sent_to_review(items: Sequence[str], placed: bool = False) -> str:
    """What could not be read is with a person now."""
    listed = "\n".join(f"- {text.strip()}" for text in items if text.strip())
    head = "I could not be sure about:" if listed else "I could not read this order with confidence."
    tail = (
        "The rest is in the draft above. " if placed else ""
    ) + "A person from our team will check it and message you here shortly."
    return f"{head}\n{listed}\n\n{tail}" if listed else f"{head}\n\n{tail}"
