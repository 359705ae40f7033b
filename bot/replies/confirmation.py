"""After the dealer's YES: the order is confirmed (with stock per line), short of stock, or blocked
by credit. An order that waits for an approver is in bot/replies/approvals.py."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.replies.shape import fmt_qty, numbered
from domain.money import fmt_inr
from domain.services.order_views import OrderView
from domain.services.stock import Shortfall, qty_str


def confirmed(
    order: OrderView, shortfalls: Sequence[Shortfall], names: Mapping[str, str], choice: str = ""
) -> str:
    """Order confirmed: its number, stock per line, and what happens next."""
    out = [f"✅ *Order {order.number} confirmed.* Total {fmt_inr(order.total)}", ""]
    short = {s.line: s for s in shortfalls if not s.free}
    for i, line in enumerate(order.lines, start=1):
        gap = short.get(i)
        if gap is None or choice == "ship_available":
            status = "reserved"
        else:
            status = f"{qty_str(gap.available)} in stock now, the rest when stock arrives (back-order)"
        out.append(f"{i}. {line.name}: {fmt_qty(line.qty, line.uom)} - {status}")
    for free in order.free_goods:
        out.append(f"🎁 {names.get(free.sku, free.sku)}: {fmt_qty(free.qty, free.uom)} free")
    if choice == "ship_available" and shortfalls:
        out.append("")
        out.append("Lines short of stock were cut to what we have; the total above is for what ships.")
    out.append("")
    out.append("Next: we pack and dispatch it; you will get a message when it leaves our godown.")
    return "\n".join(out)


def stock_short(number: str, shortfalls: Sequence[Shortfall], names: Mapping[str, str]) -> str:
    """Some lines are short of stock: ship what is there (1) or wait for the full order (2)."""
    out = [f"*{number}*: we are short of stock on:"]
    for s in shortfalls:
        what = "free " if s.free else ""
        out.append(
            f"- {what}{names.get(s.sku, s.sku)}: {fmt_qty(s.ordered, s.uom)} ordered, "
            f"{qty_str(s.available)} in stock"
        )
    out.append("")
    out.append(
        numbered(
            ["Ship what is in stock now (the order is re-priced)", "Wait and get the full order (back-order)"]
        )
    )
    out.append("Reply *1* or *2*.")
    return "\n".join(out)


def nothing_in_stock() -> str:
    return (
        "None of these items is in stock right now, so nothing can ship today. Reply *2* to wait "
        "for the full order, or *cancel*."
    )


def ship_or_wait_again() -> str:
    """The answer to "ship what is in stock, or wait?" was neither (a yes with a quantity, an option
    that is not there)."""
    return (
        "Please reply *1* to ship what is in stock now, or *2* to wait for the full order. "
        "To change a quantity, send the changed order."
    )


def shortfall_declined(number: str) -> str:
    """A no to "ship what is in stock, or wait?": nothing is confirmed, the draft stays as it was."""
    return (
        f"OK, order {number} is *not confirmed*: nothing is reserved or sent. The draft stays as it is; "
        "reply *YES* when you want it, *NO* to drop it, or send a changed order."
    )


def blocked(reason: str, how_to_pay: str, number: str = "") -> str:
    """Credit blocked: why, and how to pay."""
    which = (
        f"Order {number} could not be accepted" if number else "I cannot take new orders for you right now"
    )
    return f"🚫 *{which}*: {reason}.\n\n*How to pay:* {how_to_pay}\nSend your order again once you have paid."
