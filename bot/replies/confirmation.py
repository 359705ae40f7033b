"""After the dealer's YES: the order is confirmed (with stock per line) or blocked by credit. Short of
stock is bot/replies/stock.py; an order that waits for an approver is in bot/replies/approvals.py."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.i18n import _, money
from bot.replies.shape import fmt_qty
from domain.services.order_views import OrderView
from domain.services.stock import Shortfall, qty_str


def confirmed(
    order: OrderView, shortfalls: Sequence[Shortfall], names: Mapping[str, str], choice: str = ""
) -> str:
    """Order confirmed: its number, stock per line, and what happens next."""
    head = _("✅ *Order {number} confirmed.* Total {total}").format(
        number=order.number, total=money(order.total)
    )
    out = [head, ""]
    short = {s.line: s for s in shortfalls if not s.free}
    for i, line in enumerate(order.lines, start=1):
        gap = short.get(i)
        if gap is None or choice == "ship_available":
            status = _("reserved")
        else:
            status = _("{qty} in stock now, the rest when stock arrives (back-order)").format(
                qty=qty_str(gap.available)
            )
        out.append(f"{i}. {line.name}: {fmt_qty(line.qty, line.uom)} - {status}")
    for free in order.free_goods:
        free_line = _("🎁 {name}: {qty} free")
        out.append(free_line.format(name=names.get(free.sku, free.sku), qty=fmt_qty(free.qty, free.uom)))
    if choice == "ship_available" and shortfalls:
        out.append("")
        out.append(_("Lines short of stock were cut to what we have; the total above is for what ships."))
    out.append("")
    out.append(_("Next: we pack and dispatch it; you will get a message when it leaves our godown."))
    return "\n".join(out)


def blocked(reason: str, how_to_pay: str, number: str = "") -> str:
    """Credit blocked: why, and how to pay."""
    which = (
        _("🚫 *Order {number} could not be accepted*: {reason}.")
        if number
        else _("🚫 *I cannot take new orders for you right now*: {reason}.")
    )
    how = _("*How to pay:* {how_to_pay}").format(how_to_pay=_(how_to_pay))
    again = _("Send your order again once you have paid.")
    return f"{which.format(number=number, reason=reason)}\n\n{how}\n{again}"
