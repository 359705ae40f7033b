"""Answers to a dealer's questions: his price, the schemes open to him, stock, and an order's bill.

Prices are his own (his special price, else his tier's, else the list) and shown as the draft shows
them: the price before GST, the GST rate, and what it comes to with GST. Stock says in stock, short
or out; a quantity only when stock falls short of what he asked, as the draft's shortfall does.

>>> from domain.schemes import SchemeRow
>>> slab_text(SchemeRow("M", "Maggi", "free_goods", "sku", "MAG", Decimal(10), "case", free_qty=Decimal(1),
...                     free_uom="case", recursive=True), {})
'Buy 10 cases: 1 case free, again for every 10 cases'
>>> slab_text(SchemeRow("T", "Tea", "value_discount", "category", "Tea", min_value=Decimal(25000),
...                     discount_pct=Decimal("1.5")), {})
'Buy ₹25,000.00 worth: 1.5% off'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from bot.replies.shape import fmt_qty
from domain.money import fmt_inr
from domain.quote import Quote
from domain.schemes import SchemeRow
from domain.services.enquiries import Availability, Bill, Offer
from domain.services.order_views import OrderView

MAX_OFFERS = 10  # schemes listed in one answer; the rest are counted


def _pct(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _for(dealer_name: str) -> list[str]:
    return [f"For: {dealer_name}"] if dealer_name else []


# -- prices -------------------------------------------------------------------------------------------


def price_lines(name: str, unit: Quote, asked: Quote | None = None) -> list[str]:
    """One product's price: a unit of it (`unit`, a quote of 1), and what he asked (`asked`, a quote of
    his quantity) when he gave a quantity other than one."""
    line = unit.lines[0]
    price, per, rate, total = fmt_inr(line.unit_price), line.uom, _pct(line.gst_rate), fmt_inr(unit.total)
    out = [f"*{name}*", f"{price} a {per} + {rate}% GST = *{total}*"]
    if asked is not None:
        qty = fmt_qty(asked.lines[0].qty, asked.lines[0].uom)
        net, tax, total = fmt_inr(asked.net), fmt_inr(asked.tax), fmt_inr(asked.total)
        out.append(f"{qty}: {net} + GST {tax} = *{total}*")
        if asked.discount > 0:
            amount = fmt_inr(asked.discount)
            out.append(f"(after a scheme discount of {amount})")
        for free in asked.free_goods:
            qty = fmt_qty(free.qty, free.uom)
            out.append(f"🎁 {qty} free")
    return out


def price_answer(blocks: Sequence[Sequence[str]], dealer_name: str = "") -> str:
    """His prices, a block a product (`price_lines`, `unsure_block`, `not_found_block`)."""
    out = ["*Your price today*", *_for(dealer_name)]
    for block in blocks:
        out.append("")
        out.extend(block)
    out.append("")
    out.append("To order, send the quantity, e.g. *maggi 10 peti*.")
    return "\n".join(out)


def unsure_block(text: str, choices: Sequence[Sequence[str]]) -> list[str]:
    """Words that fit several products: each one, with its answer, for him to say which."""
    if len(choices) == 1:
        out = [f"Do you mean this by *{text.strip()}*?"]
    else:
        out = [f"Which one do you mean by *{text.strip()}*?"]
    for choice in choices:
        out.append("- " + " ".join(choice))
    return out


def not_found_block(text: str) -> list[str]:
    return [f"I could not find *{text.strip()}* in our list; our team will reply to you here."]


def no_price() -> str:
    return "No price is set for it yet; our team will reply to you here."


def which_product(kind: str) -> str:
    """A price or stock question that names no product."""
    example = "*maggi ka rate*" if kind == "price" else "*sprite stock me hai?*"
    return f"Which product do you want to know about? Send its name, e.g. {example}"


# -- schemes ------------------------------------------------------------------------------------------


def slab_text(slab: SchemeRow, names: Mapping[str, str]) -> str:
    """What one slab gives: 'Buy 10 cases: 1 case free, again for every 10 cases'."""
    if slab.kind == "value_discount":
        buy = f"Buy {fmt_inr(slab.min_value or Decimal(0))} worth"
    else:
        buy = f"Buy {fmt_qty(slab.min_qty or Decimal(0), slab.min_uom) if slab.min_uom else slab.min_qty}"
    if slab.kind != "free_goods":
        return f"{buy}: {_pct(slab.discount_pct or Decimal(0))}% off"
    other = bool(slab.free_sku) and slab.free_sku != slab.target
    item = names.get(slab.free_sku, slab.free_sku) if other else ""
    unit = slab.free_uom or ("" if other else slab.min_uom)  # the same product: counted in its own unit
    free = fmt_qty(slab.free_qty or Decimal(0), unit) if unit else _pct(slab.free_qty or Decimal(0))
    text = "{buy}: {free}{item} free".format(buy=buy, free=free, item=f" {item}" if item else "")
    if slab.recursive:
        again = fmt_qty(slab.min_qty or Decimal(0), slab.min_uom) if slab.min_uom else str(slab.min_qty)
        text += f", again for every {again}"
    return text


def scheme_answer(
    offers: Sequence[Offer], names: Mapping[str, str], about: str = "", dealer_name: str = ""
) -> str:
    """The schemes open to him today (on `about`, the products he named), each with its slabs and last day."""
    if not offers:
        if about:
            return f"No scheme is running on {about} for you today."
        return "No scheme is running for you today."
    head = f"*Schemes for you on {about}*" if about else "*Schemes for you today*"
    out = [head, *_for(dealer_name)]
    for n, offer in enumerate(offers[:MAX_OFFERS], start=1):
        out.append("")
        out.append(f"*{n}. {offer.name}*")
        out.extend(f"    {slab_text(slab, names)}" for slab in offer.slabs)
        if offer.valid_to is not None:
            day = _day(offer.valid_to)
            out.append(f"    Till {day}")
    if len(offers) > MAX_OFFERS:
        out.append("")
        n = len(offers) - MAX_OFFERS
        out.append(f"...and {n} more. Ask about one product for its schemes, e.g. *maggi pe scheme*.")
    return "\n".join(out)


# -- stock --------------------------------------------------------------------------------------------


def stock_line(name: str, found: Availability) -> list[str]:
    """'Sprite 750ml: ✅ in stock', '... ⚠️ only 3 cases in stock (you asked 5)', '... ❌ out of stock'."""
    if found.state == "short":
        available, asked = fmt_qty(found.available, found.uom), fmt_qty(found.asked or Decimal(0), found.uom)
        said = f"⚠️ only {available} in stock (you asked {asked})"
    elif found.state == "out":
        said = "❌ out of stock"
    elif found.asked is not None:
        asked = fmt_qty(found.asked, found.uom)
        said = f"✅ {asked} in stock"
    else:
        said = "✅ in stock"
    return [f"*{name}*: {said}"]


def stock_answer(blocks: Sequence[Sequence[str]], dealer_name: str = "") -> str:
    out = ["*Stock now*", *_for(dealer_name)]
    for block in blocks:
        out.extend(block)
    out.append("")
    out.append("Stock changes during the day; your order reserves it when you confirm.")
    return "\n".join(out)


# -- bills --------------------------------------------------------------------------------------------


def invoice_text(
    order: OrderView,
    bill: Bill,
    names: Mapping[str, str],
    scheme_names: Mapping[str, str],
    dealer_name: str = "",
) -> str:
    """An invoiced order's bill in text: number, date, lines, free goods, taxes and total."""
    out = [
        f"🧾 *Bill {bill.number}*",
        *_for(dealer_name),
        f"Date: {_day(bill.on)}",
    ]
    if bill.due is not None:
        out.append(f"Due: {_day(bill.due)}")
    out.append("")
    for i, line in enumerate(order.lines, start=1):
        out.append(f"*{i}.* {line.name}")
        out.append(f"    {fmt_qty(line.qty, line.uom)} × {fmt_inr(line.unit_price)} = {fmt_inr(line.gross)}")
        if line.discount > 0:
            why = ", ".join(scheme_names.get(code, code) for code in line.schemes)
            out.append(f"    less {fmt_inr(line.discount)} ({why})")
    for free in order.free_goods:
        out.append(f"🎁 *Free:* {fmt_qty(free.qty, free.uom)} {names.get(free.sku, free.sku)}")
    out.append("")
    out.append(f"Subtotal: {fmt_inr(order.gross)}")
    if order.discount > 0:
        out.append(f"Discount: -{fmt_inr(order.discount)}")
    out.append(f"GST: {fmt_inr(order.tax)}")
    out.append(f"*Total: {fmt_inr(bill.amount)}*")
    return "\n".join(out)


NOT_BILLED = {  # why an order has no bill yet, by where it is
    "pending": "It is not confirmed yet. The bill is made once it is delivered.",
    "before": "The bill is made once it is dispatched and delivered. Ask me again then.",
    "on_the_way": "It is on the way; the bill is made once it is delivered. Ask me again then.",
    "delivered": "Our office is making its bill now. Ask me again in a little while.",
    "cancelled": "It was cancelled, so it has no bill.",
}


def not_billed(order: OrderView, state_word: str, stage: str) -> str:
    """An order with no bill yet: where it is, and when the bill is made (`stage`: a NOT_BILLED key)."""
    head = f"🧾 *{order.number}*: {state_word}, total {fmt_inr(order.total)}."
    return head + "\n" + NOT_BILLED[stage]


def _day(on: date) -> str:
    return f"{on:%d %b %Y}"
