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
from decimal import Decimal

from bot.i18n import N_, _, day, money
from bot.replies.shape import fmt_qty, fmt_unit
from domain.quote import Quote
from domain.schemes import SchemeRow
from domain.services.enquiries import Availability, Bill, Offer
from domain.services.order_views import OrderView

MAX_OFFERS = 10  # schemes listed in one answer; the rest are counted


def _pct(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _for(dealer_name: str) -> list[str]:
    return [_("For: {name}").format(name=dealer_name)] if dealer_name else []


# -- prices -------------------------------------------------------------------------------------------


def price_lines(name: str, unit: Quote, asked: Quote | None = None) -> list[str]:
    """One product's price: a unit of it (`unit`, a quote of 1), and what he asked (`asked`, a quote of
    his quantity) when he gave a quantity other than one."""
    line = unit.lines[0]
    each = _("{price} a {unit} + {rate}% GST = *{total}*").format(
        price=money(line.unit_price),
        unit=fmt_unit(line.uom),
        rate=_pct(line.gst_rate),
        total=money(unit.total),
    )
    out = [f"*{name}*", each]
    if asked is not None:
        qty = fmt_qty(asked.lines[0].qty, asked.lines[0].uom)
        out.append(
            _("{qty}: {net} + GST {tax} = *{total}*").format(
                qty=qty, net=money(asked.net), tax=money(asked.tax), total=money(asked.total)
            )
        )
        if asked.discount > 0:
            out.append(_("(after a scheme discount of {amount})").format(amount=money(asked.discount)))
        for free in asked.free_goods:
            out.append(_("🎁 {qty} free").format(qty=fmt_qty(free.qty, free.uom)))
    return out


def price_answer(blocks: Sequence[Sequence[str]], dealer_name: str = "") -> str:
    """His prices, a block a product (`price_lines`, `unsure_block`, `not_found_block`)."""
    out = [_("*Your price today*"), *_for(dealer_name)]
    for block in blocks:
        out.append("")
        out.extend(block)
    out.append("")
    # Translators: keep the example as it is, a dealer types it.
    out.append(_("To order, send the quantity, e.g. *maggi 10 peti*."))
    return "\n".join(out)


def unsure_block(text: str, choices: Sequence[Sequence[str]]) -> list[str]:
    """Words that fit several products: each one, with its answer, for him to say which."""
    if len(choices) == 1:
        out = [_("Do you mean this by *{words}*?").format(words=text.strip())]
    else:
        out = [_("Which one do you mean by *{words}*?").format(words=text.strip())]
    for choice in choices:
        out.append("- " + " ".join(choice))
    return out


def not_found_block(text: str) -> list[str]:
    """Words that fit no product: a person answers."""
    return [
        _("I could not find *{words}* in our list; our team will reply to you here.").format(
            words=text.strip()
        )
    ]


def no_price() -> str:
    return _("No price is set for it yet; our team will reply to you here.")


def which_product(kind: str) -> str:
    """A price or stock question that names no product."""
    # Translators: keep the example as it is, a dealer types it.
    if kind == "price":
        return _("Which product do you want to know about? Send its name, e.g. *maggi ka rate*")
    # Translators: keep the example as it is, a dealer types it.
    return _("Which product do you want to know about? Send its name, e.g. *sprite stock me hai?*")


# -- schemes ------------------------------------------------------------------------------------------


def slab_text(slab: SchemeRow, names: Mapping[str, str]) -> str:
    """What one slab gives: 'Buy 10 cases: 1 case free, again for every 10 cases'."""
    qty = (
        fmt_qty(slab.min_qty or Decimal(0), slab.min_uom)
        if slab.min_uom
        else _pct(slab.min_qty or Decimal(0))
    )
    if slab.kind != "free_goods":
        pct = _pct(slab.discount_pct or Decimal(0))
        if slab.kind == "value_discount":
            return _("Buy {amount} worth: {pct}% off").format(
                amount=money(slab.min_value or Decimal(0)), pct=pct
            )
        return _("Buy {qty}: {pct}% off").format(qty=qty, pct=pct)
    other = bool(slab.free_sku) and slab.free_sku != slab.target
    item = names.get(slab.free_sku, slab.free_sku) if other else ""
    unit = slab.free_uom or ("" if other else slab.min_uom)  # the same product: counted in its own unit
    free = fmt_qty(slab.free_qty or Decimal(0), unit) if unit else _pct(slab.free_qty or Decimal(0))
    texts = {
        (False, False): _("Buy {qty}: {free} free"),
        (True, False): _("Buy {qty}: {free} {item} free"),
        (False, True): _("Buy {qty}: {free} free, again for every {qty}"),
        (True, True): _("Buy {qty}: {free} {item} free, again for every {qty}"),
    }
    return texts[(bool(item), slab.recursive)].format(qty=qty, free=free, item=item)


def scheme_answer(
    offers: Sequence[Offer], names: Mapping[str, str], about: str = "", dealer_name: str = ""
) -> str:
    """The schemes open to him today (on `about`, the products he named), each with its slabs and last day."""
    if not offers:
        if about:
            return _("No scheme is running on {about} for you today.").format(about=about)
        return _("No scheme is running for you today.")
    head = _("*Schemes for you on {about}*").format(about=about) if about else _("*Schemes for you today*")
    out = [head, *_for(dealer_name)]
    for n, offer in enumerate(offers[:MAX_OFFERS], start=1):
        out.append("")
        out.append(f"*{n}. {offer.name}*")
        out.extend(f"    {slab_text(slab, names)}" for slab in offer.slabs)
        if offer.valid_to is not None:
            out.append("    " + _("Till {day}").format(day=day(offer.valid_to, with_year=True)))
    if len(offers) > MAX_OFFERS:
        out.append("")
        # Translators: keep the example as it is, a dealer types it.
        more = _("...and {n} more. Ask about one product for its schemes, e.g. *maggi pe scheme*.")
        out.append(more.format(n=len(offers) - MAX_OFFERS))
    return "\n".join(out)


# -- stock --------------------------------------------------------------------------------------------


def stock_line(name: str, found: Availability) -> list[str]:
    """'Sprite 750ml: ✅ in stock', '... ⚠️ only 3 cases in stock (you asked 5)', '... ❌ out of stock'."""
    if found.state == "short":
        available, asked = fmt_qty(found.available, found.uom), fmt_qty(found.asked or Decimal(0), found.uom)
        said = _("*{name}*: ⚠️ only {available} in stock (you asked {asked})").format(
            name=name, available=available, asked=asked
        )
    elif found.state == "out":
        said = _("*{name}*: ❌ out of stock").format(name=name)
    elif found.asked is not None:
        said = _("*{name}*: ✅ {asked} in stock").format(name=name, asked=fmt_qty(found.asked, found.uom))
    else:
        said = _("*{name}*: ✅ in stock").format(name=name)
    return [said]


def stock_answer(blocks: Sequence[Sequence[str]], dealer_name: str = "") -> str:
    out = [_("*Stock now*"), *_for(dealer_name)]
    for block in blocks:
        out.extend(block)
    out.append("")
    out.append(_("Stock changes during the day; your order reserves it when you confirm."))
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
        _("🧾 *Bill {number}*").format(number=bill.number),
        *_for(dealer_name),
        _("Date: {day}").format(day=day(bill.on, with_year=True)),
    ]
    if bill.due is not None:
        out.append(_("Due: {day}").format(day=day(bill.due, with_year=True)))
    out.append("")
    for i, line in enumerate(order.lines, start=1):
        out.append(f"*{i}.* {line.name}")
        out.append(f"    {fmt_qty(line.qty, line.uom)} × {money(line.unit_price)} = {money(line.gross)}")
        if line.discount > 0:
            why = ", ".join(scheme_names.get(code, code) for code in line.schemes)
            out.append("    " + _("less {amount} ({why})").format(amount=money(line.discount), why=why))
    for free in order.free_goods:
        free_line = _("🎁 *Free:* {qty} {name}")
        out.append(free_line.format(qty=fmt_qty(free.qty, free.uom), name=names.get(free.sku, free.sku)))
    out.append("")
    out.append(_("Subtotal: {amount}").format(amount=money(order.gross)))
    if order.discount > 0:
        out.append(_("Discount: -{amount}").format(amount=money(order.discount)))
    out.append(_("GST: {amount}").format(amount=money(order.tax)))
    out.append(_("*Total: {amount}*").format(amount=money(bill.amount)))
    return "\n".join(out)


NOT_BILLED = {  # why an order has no bill yet, by where it is: msgids, said with _()
    "pending": N_("It is not confirmed yet. The bill is made once it is delivered."),
    "before": N_("The bill is made once it is dispatched and delivered. Ask me again then."),
    "on_the_way": N_("It is on the way; the bill is made once it is delivered. Ask me again then."),
    "delivered": N_("Our office is making its bill now. Ask me again in a little while."),
    "cancelled": N_("It was cancelled, so it has no bill."),
}


def not_billed(order: OrderView, state_word: str, stage: str) -> str:
    """An order with no bill yet: where it is (`state_word`, replies.state_word), and when the bill is made
    (`stage`: a NOT_BILLED key)."""
    head = _("🧾 *{number}*: {state}, total {total}.").format(
        number=order.number, state=state_word, total=money(order.total)
    )
    return head + "\n" + _(NOT_BILLED[stage])
