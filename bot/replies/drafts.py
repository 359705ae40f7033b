"""Getting to a draft the dealer can say YES to: the priced draft, questions about unclear items, and
what happens to a draft before the YES (dropped, expired, nothing to price)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from bot.i18n import _, money
from bot.replies.shape import fmt_qty, fmt_unit, numbered
from domain.credit import CreditCheck
from domain.gst import TaxSplit
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
    stock_block: str = "",
) -> str:
    """The priced draft: numbered lines, free goods, schemes, nudges, totals, credit, and the YES prompt.

    `names` maps SKU codes (free goods included) to product names, `schemes` scheme codes to names;
    `changed` (pieces.draft_changes) goes first, over the title, and `note` under it; `stock_block`
    (stock.short_draft: what is short and the choices) takes the place of the YES prompt.
    """
    title = (
        _("*Order draft {number}*").format(number=order.number)
        if heading == "Order draft"
        else f"*{heading} {order.number}*"
    )
    if dealer_name:
        title += "\n" + _("For: {name}").format(name=dealer_name)
    out = [changed, title] if changed else [title]
    if note:
        out.append(note)
    out.append("")
    for i, line in enumerate(order.lines, start=1):
        out.append(f"*{i}.* {line.name}")
        out.append(f"    {fmt_qty(line.qty, line.uom)} × {money(line.unit_price)} = {money(line.gross)}")
        if line.discount > 0:
            why = ", ".join(schemes.get(code, code) for code in line.schemes)
            out.append("    " + _("less {amount} ({why})").format(amount=money(line.discount), why=why))
        if line.requested_price is not None:
            asked = _("you asked {price} a {unit}: needs our approval")
            out.append("    " + asked.format(price=money(line.requested_price), unit=fmt_unit(line.uom)))
    for free in order.free_goods:
        free_line = _("🎁 *Free:* {qty} {name}")
        out.append(free_line.format(qty=fmt_qty(free.qty, free.uom), name=names.get(free.sku, free.sku)))
        out.append(f"    ({schemes.get(free.scheme, free.scheme)})")
    for nudge in quote.nudges:
        out.append(f"💡 {nudge}")
    out.append("")
    out.append(_("Subtotal: {amount}").format(amount=money(order.gross)))
    if order.discount > 0:
        out.append(_("Discount: -{amount}").format(amount=money(order.discount)))
    out.append(gst_line(order.tax, order.tax_split))
    out.append(_("*Total: {amount}*").format(amount=money(order.total)))
    out.extend(_credit_after(quote.credit, order.total, whose))
    if any(line.requested_price is not None for line in order.lines):
        out.append(
            _(
                "💬 The total is at our list prices. If you confirm, the rate you asked goes to our approver "
                "and the order waits for the answer."
            )
        )
    out.append("")
    out.append(stock_block or _("Reply *YES* to confirm, or send changes."))
    return "\n".join(out)


def gst_line(tax: Decimal, split: TaxSplit | None) -> str:
    """The draft's GST line: which GST it is once the distributor's state is set (domain.services.gst)."""
    if split is None or tax == 0:
        return _("GST: {amount}").format(amount=money(tax))
    if split.inter_state:
        return _("IGST: {amount}").format(amount=money(tax))
    return _("GST (CGST+SGST): {amount}").format(amount=money(tax))


def _credit_after(credit: CreditCheck, total: Decimal, whose: str = "your") -> list[str]:
    if credit.decision == "block":
        return [_("⚠️ This order cannot be accepted now: {reason}.").format(reason=credit.reason)]
    if credit.available is None or credit.limit is None:
        return []
    left = credit.available - total
    if left >= 0:
        return [_("Credit left after this order: {amount}").format(amount=money(left))]
    over = (
        _(
            "⚠️ This order is {amount} over your credit limit of {limit}. "
            "If you confirm, it waits for our approval."
        )
        if whose == "your"
        else _(
            "⚠️ This order is {amount} over the shop's credit limit of {limit}. "
            "If you confirm, it waits for our approval."
        )
    )
    return [over.format(amount=money(-left), limit=money(credit.limit))]


def draft_dropped(number: str) -> str:
    return _("OK, draft {number} is dropped. Send the order again with your changes.").format(number=number)


def draft_expired(number: str) -> str:
    return _("Draft {number} expired before it was confirmed. Please send the order again.").format(
        number=number
    )


def draft_checked(replaces: Sequence[str] = ()) -> str:
    """The note over a draft staff fixed from the review queue (it may replace the dealer's drafts)."""
    old = ", ".join(replaces)
    if old:
        return _("We checked your order; this replaces draft {old}. Please look at it once more:").format(
            old=old
        )
    return _("We checked your order. Please look at it once more:")


def nothing_to_confirm() -> str:
    return _("👍 Nothing is waiting for your YES right now. Send your order any time, e.g. *10 peti maggi*.")


def yes_while_in_review() -> str:
    return _(
        "👍 Noted. Your order is with our team for a check; they will confirm it with your YES "
        "and message you here."
    )


def nothing_to_repeat() -> str:
    return _(
        "You have no confirmed order to repeat yet. Send your order, e.g. *10 peti maggi, 5 box parle g*."
    )


def empty_order() -> str:
    return _(
        "I could not find any items in that order. Write each item with a quantity, e.g. *10 peti maggi*."
    )


def price_problem(reason: str) -> str:
    text = _("I could not price this order ({reason}). A person from our team will check it and message you.")
    return text.format(reason=reason)


def noted() -> str:
    return _("OK 👍")


def ask_pick(
    item_text: str, options: Sequence[str], index: int = 1, total: int = 1, none_option: bool = True
) -> str:
    """A numbered question about one unclear item: "Which one for 'telma 5 box'? 1) ... 2) ..."."""
    count = " " + _("({index} of {total})").format(index=index, total=total) if total > 1 else ""
    out = [_("Which one did you mean by *{text}*?").format(text=item_text.strip()) + count, numbered(options)]
    if none_option:
        out.append(_("*0*) None of these"))
    out.append(_("Reply with the number."))
    return "\n".join(out)


def ask_quantity(name: str, index: int = 1, total: int = 1) -> str:
    """How many of a product the dealer named without a quantity."""
    count = " " + _("({index} of {total})").format(index=index, total=total) if total > 1 else ""
    how = _("Reply like *5 peti* or *5*, or *0* to leave it out.")
    return _("How many *{name}*?").format(name=name) + f"{count}\n{how}"


def pick_again(count: int, none: bool = True) -> str:
    if none:
        return _("Please reply with a number from 1 to {count}, or 0 if none of them is right.").format(
            count=count
        )
    return _("Please reply with a number from 1 to {count}.").format(count=count)


def sent_to_review(items: Sequence[str], placed: bool = False) -> str:
    """What could not be read is with a person now."""
    listed = "\n".join(f"- {text.strip()}" for text in items if text.strip())
    head = _("I could not be sure about:") if listed else _("I could not read this order with confidence.")
    tail = (
        _(
            "The rest is in the draft above. "
            "A person from our team will check it and message you here shortly."
        )
        if placed
        else _("A person from our team will check it and message you here shortly.")
    )
    return f"{head}\n{listed}\n\n{tail}" if listed else f"{head}\n\n{tail}"
