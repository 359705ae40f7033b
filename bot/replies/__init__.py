"""Every text the bot sends, built in one place: WhatsApp *bold*, ₹ amounts, at most 1,600 characters.

Functions here take plain values (order views, quotes, summaries, names) and
return text; `to_replies(text)` cuts a long text into numbered parts "(1/2)"
at line breaks, so a big draft arrives as a few readable messages. Nothing here
reads the database: the conversation (and the ops console, for the messages it
sends) gathers the values and picks the function.

>>> fmt_qty(Decimal("10"), "case"), fmt_qty(Decimal("1"), "box"), fmt_qty(Decimal("0.5"), "kg")
('10 cases', '1 box', '0.5 kg')
>>> [len(part) <= LIMIT for part in split("x" * 1000 + "\\n" + "y" * 1000)]
[True, True]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal

from bot.messages import Reply
from domain.credit import CreditCheck
from domain.ledger import Statement
from domain.money import fmt_inr
from domain.orders import State
from domain.quote import Quote
from domain.schemes import PLURALS
from domain.services.credit import IST
from domain.services.ledger import DealerSummary
from domain.services.order_views import EventView, OrderView
from domain.services.stock import Shortfall, qty_str

LIMIT = 1600  # WhatsApp's (Twilio's) limit for one message body
PART_MARK = 8  # room kept for "(12/12) "

STATE_WORDS: Mapping[State, str] = {
    State.DRAFT: "Draft",
    State.AWAITING_CONFIRMATION: "Waiting for your YES",
    State.CONFIRMED: "Confirmed",
    State.ON_HOLD: "On hold for our approval",  # of credit, or of a special price asked
    State.APPROVED: "Approved, being packed",
    State.DISPATCHED: "Dispatched",
    State.DELIVERED: "Delivered",
    State.INVOICED: "Invoiced",
    State.CANCELLED: "Cancelled",
}

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

HOW_TO_PAY = (  # the default of the distributor's `payment_instructions` setting
    "Pay by UPI, NEFT or cheque to our account and send the payment reference here, "
    "or hand it to your salesman."
)
SHOWN_REFS = frozenset({"invoice", "payment", "credit_note"})  # others carry internal references

EXAMPLES = (
    "*10 peti maggi, 5 box parle g* - place an order",
    "*balance* or *credit left* - what you owe and can still order",
    "*statement* - your recent entries",
    "*status* or *status SO-1043* - where an order is",
    "*repeat* - the same as your last order",
    "*cancel* - cancel your last order",
)


# -- shape -----------------------------------------------------------------------------------------


def split(text: str, limit: int = LIMIT) -> list[str]:
    """`text` in parts of at most `limit` characters, cut at line breaks, numbered "(1/3)" when several."""
    text = text.strip()
    if len(text) <= limit:
        return [text]
    room = limit - PART_MARK
    lines: list[str] = []
    for line in text.split("\n"):
        while len(line) > room:  # one line longer than a message: cut it at a space
            cut = line.rfind(" ", 0, room)
            cut = cut if cut > room // 2 else room
            lines.append(line[:cut])
            line = line[cut:].lstrip()
        lines.append(line)
    parts: list[str] = []
    current = ""
    for line in lines:
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > room and current:
            parts.append(current)
            current = line
        else:
            current = candidate
    parts.append(current)
    parts = [p.strip("\n") for p in parts if p.strip()]
    total = len(parts)
    return [f"({i}/{total}) {p}" for i, p in enumerate(parts, start=1)]


def to_replies(text: str, to: str | None = None) -> list[Reply]:
    """One `Reply` per part of `text` (see `split`)."""
    return [Reply(body=part, to=to) for part in split(text)]


def fmt_qty(qty: Decimal, uom: str) -> str:
    word = uom if qty == 1 else PLURALS.get(uom, uom)
    return f"{qty_str(qty)} {word}"


def fmt_when(moment: datetime) -> str:
    """A timestamp as a dealer reads it, in India's time: '21 Nov, 2:05 PM'."""
    local = moment.astimezone(IST)
    return f"{local.day} {local:%b}, {local:%I:%M %p}".replace(", 0", ", ")


def _numbered(options: Sequence[str]) -> str:
    return "\n".join(f"*{i}*) {text}" for i, text in enumerate(options, start=1))


# -- orders ------------------------------------------------------------------------------------------


def draft(
    order: OrderView,
    quote: Quote,
    names: Mapping[str, str],
    schemes: Mapping[str, str],
    *,
    dealer_name: str = "",
    heading: str = "Order draft",
    note: str = "",
    whose: str = "your",
) -> str:
    """The priced draft: numbered lines, free goods, schemes, nudges, totals, credit, and the YES prompt.

    `names` maps SKU codes (free goods included) to product names, `schemes` scheme codes to names.
    """
    title = f"*{heading} {order.number}*" + (f"\nFor: {dealer_name}" if dealer_name else "")
    out = [title]
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


def blocked(reason: str, how_to_pay: str, number: str = "") -> str:
    """Credit blocked: why, and how to pay."""
    which = (
        f"Order {number} could not be accepted" if number else "I cannot take new orders for you right now"
    )
    return f"🚫 *{which}*: {reason}.\n\n*How to pay:* {how_to_pay}\nSend your order again once you have paid."


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
        _numbered(
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


def noted() -> str:
    return "OK 👍"


def ask_pick(
    item_text: str, options: Sequence[str], index: int = 1, total: int = 1, none_option: bool = True
) -> str:
    """A numbered question about one unclear item: "Which one for 'telma 5 box'? 1) ... 2) ..."."""
    count = f" ({index} of {total})" if total > 1 else ""
    out = [f"Which one did you mean by *{item_text.strip()}*?{count}", _numbered(options)]
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


def nothing_to_confirm() -> str:
    return "👍 Nothing is waiting for your YES right now. Send your order any time, e.g. *10 peti maggi*."


def yes_while_in_review() -> str:
    return (
        "👍 Noted. Your order is with our team for a check; they will confirm it with your YES "
        "and message you here."
    )


def draft_dropped(number: str) -> str:
    return f"OK, draft {number} is dropped. Send the order again with your changes."


def draft_replaced(number: str) -> str:
    return f"(Draft {number} is replaced by this one.)"


def draft_expired(number: str) -> str:
    return f"Draft {number} expired before it was confirmed. Please send the order again."


def nothing_to_repeat() -> str:
    return "You have no confirmed order to repeat yet. Send your order, e.g. *10 peti maggi, 5 box parle g*."


def empty_order() -> str:
    return "I could not find any items in that order. Write each item with a quantity, e.g. *10 peti maggi*."


def price_problem(reason: str) -> str:
    return f"I could not price this order ({reason}). A person from our team will check it and message you."


# -- status and cancelling ------------------------------------------------------------------------------


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
            out.append(f"{fmt_when(e.at)} - {HISTORY_WORDS.get(e.target, e.target.value)}")
    if order.state is State.AWAITING_CONFIRMATION:
        out.append(f"Reply *YES {order.number}* to confirm it.")
    if order.state is State.ON_HOLD and order.credit_note:
        out.append(f"Held because: {order.credit_note}")
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


# -- account ----------------------------------------------------------------------------------------------


def balance(summary: DealerSummary, *, show_entries: int = 0, for_rep: bool = False) -> str:
    """Balance, limit, available credit, overdue by age, and (for a statement) the latest entries."""
    owes = "You owe" if not for_rep else "Owes"
    name = f"*{summary.name}* ({summary.code})"
    out = [name]
    if summary.balance >= 0:
        out.append(f"{owes}: *{fmt_inr(summary.balance)}*")
    else:
        out.append(f"Advance with us: *{fmt_inr(-summary.balance)}*")
    if summary.limit is None:
        out.append("Credit limit: none set")
    else:
        out.append(f"Credit limit: {fmt_inr(summary.limit)}")
        pending = summary.exposure - summary.balance
        if pending > 0:
            out.append(f"Orders not yet billed: {fmt_inr(pending)}")
        avail = summary.available if summary.available is not None else Decimal(0)
        out.append(f"*Available to order: {fmt_inr(max(avail, Decimal(0)))}*")
        if avail < 0:
            out.append(f"(over the limit by {fmt_inr(-avail)})")
    unpaid = {label: amount for label, amount in summary.ageing.buckets.items() if amount > 0}
    if unpaid:
        out.append("")
        out.append("*Unpaid by age (days)*")
        out.extend(f"{label}: {fmt_inr(amount)}" for label, amount in unpaid.items())
    if summary.oldest_overdue_days:
        days = summary.oldest_overdue_days
        out.append(f"Oldest overdue: {days} day{'s' if days != 1 else ''}")
    if show_entries and summary.last_entries:
        out.append("")
        out.append("*Latest entries*")
        for entry in list(summary.last_entries)[-show_entries:]:
            kind = entry.kind.value.replace("_", " ")
            ref = f" {entry.ref}" if entry.ref and entry.kind.value in SHOWN_REFS else ""
            out.append(f"{entry.on:%d %b}: {kind}{ref} {fmt_inr(entry.amount)}")
    return "\n".join(out)


def statement(name: str, st: Statement) -> str:
    """A period statement: opening, each entry with its running balance, closing."""
    out = [f"*Statement {st.start:%d %b} - {st.end:%d %b %Y}*", name, f"Opening: {fmt_inr(st.opening)}"]
    for line in st.lines[-20:]:
        e = line.entry
        ref = f" {e.ref}" if e.ref else ""
        out.append(
            f"{e.on:%d %b} {e.kind.value.replace('_', ' ')}{ref}: {fmt_inr(e.amount)}"
            f" → {fmt_inr(line.running)}"
        )
    out.append(f"*Closing: {fmt_inr(st.closing)}*")
    return "\n".join(out)


# -- people ------------------------------------------------------------------------------------------------


def help_menu(name: str = "", for_rep: bool = False) -> str:
    hello = f"Namaste {name}! " if name else "Namaste! "
    out = [f"{hello}I take orders on WhatsApp. You can send:"]
    out.extend(f"- {line}" for line in EXAMPLES)
    if for_rep:
        out.append("- *order for Sharma Traders: 10 peti maggi* - order for one of your shops")
        out.append("- *balance Sharma Traders* - a shop's account")
    out.append("")
    out.append(
        "Hindi or English both work. I show a priced draft first; nothing is booked until you say *YES*."
    )
    return "\n".join(out)


def went_wrong() -> str:
    return "Sorry, I could not finish that. A person from our team will look at your message and reply here."


def greeting(name: str = "") -> str:
    return f"Namaste{' ' + name if name else ''} 🙏 Send your order any time, or *help* to see what I can do."


def thanks() -> str:
    return "You're welcome 🙏"


def not_understood() -> str:
    return (
        "Sorry, I did not understand that. Send *help* to see what I can do, or write your order like "
        "*10 peti maggi, 5 box parle g*."
    )


def unknown_sender(business: str = "") -> str:
    who = f" with {business}" if business else ""
    return (
        "Namaste 🙏 This number is not registered" + who + " yet, so I cannot take orders from it. "
        "I have passed your message to our team; they will contact you. If you already buy from us, "
        "please tell them your shop name and town."
    )


def inactive_account() -> str:
    return "Your account is not active right now, so I cannot take orders. Please call our office."


def media_received() -> str:
    return (
        "📎 Got your file. A person from our team will look at it and reply here. "
        "For a quick order, type it as text, e.g. *10 peti maggi*."
    )


def empty_message() -> str:
    return "Your message was empty. Send your order as text, e.g. *10 peti maggi*, or *help*."


def too_long(length: int) -> str:
    return (
        f"That message is too long for me ({length:,} characters; at most {LIMIT:,}). "
        "Please send the order in two or three shorter messages."
    )


def rep_ask_dealer(dealers: Sequence[str]) -> str:
    return (
        "Which shop is this for?\n" + _numbered(dealers) + "\nReply with the number, or start your message "
        'with the shop\'s name ("order for Sharma Traders: ...").'
    )


def rep_not_assigned(name: str) -> str:
    return (
        f"{name} is not one of your shops, so I cannot act for it. Please ask our office to assign it to you."
    )


def rep_no_dealers() -> str:
    return "No shops are assigned to you yet. Please ask our office to assign your shops."


def rep_unknown_shop() -> str:
    return (
        "I could not tell which of your shops this is for. Start with the shop's name, e.g. "
        "*order for Sharma Traders: 10 peti maggi*."
    )


# -- messages the ops console sends ------------------------------------------------------------------------


def review_rejected(reason: str, text: str = "") -> str:
    quoted = f' ("{text.strip()[:80]}")' if text.strip() else ""
    return (
        f"Sorry, we could not take your message{quoted}: {reason}. Please call our office if you need help."
    )


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


def order_moved(order: OrderView, why: str = "") -> str:
    """Dispatched, delivered, invoiced or cancelled by staff."""
    what = STATE_WORDS.get(order.state, order.state.value).lower()
    extra = f" ({why.strip()})" if why.strip() else ""
    return f"📦 Order *{order.number}* is now *{what}*{extra}. Total {fmt_inr(order.total)}."


def payment_received(amount: Decimal, new_balance: Decimal, ref: str = "") -> str:
    ref_text = f" (ref {ref})" if ref else ""
    left = (
        f"You owe {fmt_inr(new_balance)}" if new_balance >= 0 else f"Advance with us: {fmt_inr(-new_balance)}"
    )
    return f"🙏 Payment of *{fmt_inr(amount)}* received{ref_text}. {left}."


def payment_reminder(
    name: str, overdue: Decimal, bands: Mapping[str, Decimal], oldest_days: int, how_to_pay: str
) -> str:
    """The overdue total, the oldest's days past due, and the total by bill age (domain.ledger buckets).

    `bands` maps an ageing bucket ("0-30", "31-60", ...) to the overdue amount in it; empty ones are left out.

    >>> text = payment_reminder("Ravi", Decimal("12400"), {"0-30": Decimal("8000"),
    ...                         "31-60": Decimal("4400"), "61-90": Decimal("0")}, 12, "Pay by UPI.")
    >>> text[text.index("By"):]
    'By bill age: ₹8,000.00 0-30 days, ₹4,400.00 31-60 days. Pay by UPI.'
    """
    days = f"{oldest_days} day{'s' if oldest_days != 1 else ''}"
    ages = ", ".join(f"{fmt_inr(amount)} {label} days" for label, amount in bands.items() if amount > 0)
    by_age = f" By bill age: {ages}." if ages else ""
    return (
        f"Namaste {name} 🙏 A reminder: *{fmt_inr(overdue)}* is overdue, the oldest by {days}.{by_age} "
        f"{how_to_pay}"
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


def welcome_dealer(name: str) -> str:
    """A number just added as a dealer from the unknown-numbers list."""
    return (
        f"Welcome, {name}! 🙏 You can now order here on WhatsApp. "
        "Send your order like: *10 peti maggi, 5 bag tata salt*. Send *help* to see what else I can do."
    )


def draft_checked(replaces: Sequence[str] = ()) -> str:
    """The note over a draft staff fixed from the review queue (it may replace the dealer's drafts)."""
    old = ", ".join(replaces)
    replacing = f"; this replaces draft {old}" if old else ""
    return f"We checked your order{replacing}. Please look at it once more:"


def please_wait() -> str:
    """The one reply a minute to a sender over the rate limit (bot/ratelimit.py)."""
    return (
        "You have sent a lot of messages in the last minute, so I am taking a short break from reading them. "
        "Please wait a minute, then send your last message again."
    )
