"""A dealer's question: his price, the schemes open to him, stock, or an order's bill (nlu.questions).

    answer(turn, body, parsed, shop) -> bool    # True when the message was such a question

- price: his own price (domain.services.enquiries.price_of, the draft's pricing) per the unit he
  asked in, else the product's order unit, with GST; the total for a quantity he named;
- scheme: the schemes open to him today on the products he named, or all of them;
- stock: in stock, short (with what there is, as a draft shows it) or out, in the unit asked;
- bill: the order he named (or his latest): its invoice in text once billed, else where it is.

A rep is answered for the shop the message is about (`shop()`). Words that fit several products
are answered for each of them, for him to say which; words that fit none go to a person. A question
changes no order and no draft, and leaves an open question (state.py) open.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

import sqlalchemy as sa

from bot import replies
from bot.conversation.turn import Turn
from bot.names import order_schemes, scheme_names, sku_names
from bot.parsing import parse, parser_for
from domain.models import Dealer, Order, Sku
from domain.orders import COMMITTED, PENDING, State
from domain.pricing import PricingError
from domain.services.credit import IST
from domain.services.enquiries import Bill, bill_of, price_of, schemes_for, stock_of
from domain.services.invoices import invoice_for_order_id
from domain.services.order_views import view
from domain.services.orders import normalise_number
from nlu.questions import Asked, Question, Unsure, read_question
from nlu.types import ParsedMessage

Shop = Callable[[], Dealer | None]
MAX_CHOICES = 5  # products offered for words that fit several
BILLED_OR_ON = frozenset(COMMITTED | {State.INVOICED})


def answer(turn: Turn, body: str, parsed: ParsedMessage, shop: Shop) -> bool:
    """Answer the message when it is a question about a price, a scheme, stock or a bill."""
    question = read_question(body, parsed, lambda text: _items(turn, parsed, text))
    if question is None:
        return False
    if question.kind == "bill":
        bill(turn, question.order_ref, shop)
        return True
    dealer = shop()
    if dealer is None:  # a rep with several shops was asked which one
        return True
    {"price": _price, "scheme": _scheme, "stock": _stock}[question.kind](turn, dealer, question)
    return True


def aside(turn: Turn, body: str, still_open: str) -> bool:
    """While the bot waits for an answer (state.py): a question about a price, a scheme, stock or a bill
    is answered and the open question asked again (`still_open`), which stays open. False when the
    message is no such question, or when it is about a shop not known without asking (a rep with
    several shops who names none)."""
    sender = turn.sender
    shops = sender.dealers()
    code = sender.dealer.code if sender.dealer is not None else (shops[0].code if len(shops) == 1 else None)
    parsed = parse(turn.session, body, code)
    known = shops if sender.dealer is not None else [s for s in shops if s.code == (parsed.customer or code)]
    question = read_question(body, parsed, lambda text: _items(turn, parsed, text))
    if question is None or (not known and not (question.kind == "bill" and question.order_ref)):
        return False
    answer(turn, body, parsed, lambda: known[0])
    turn.say(still_open)
    return True


def _items(turn: Turn, parsed: ParsedMessage, text: str) -> ParsedMessage:
    """The parser's `items` reading of `text`, with the aliases taught for the shop when it is known."""
    sender = turn.sender
    shops = sender.dealers()
    code = parsed.customer or (shops[0].code if len(shops) == 1 else None)
    return parser_for(turn.session).items(text, dealer=code)


def _whose(turn: Turn, dealer: Dealer) -> str:
    return dealer.name if turn.sender.is_rep else ""


def _unclear(turn: Turn, question: Question, missing: Sequence[Unsure]) -> list[list[str]]:
    """Words that fit no product: told so, and queued for a person."""
    if not missing:
        return []
    turn.to_review(
        "parse",
        {"asks": question.kind, "unclear": [f"asks the {question.kind} of: {u.text}" for u in missing]},
    )
    return [replies.not_found_block(u.text) for u in missing]


# -- price ----------------------------------------------------------------------------------------------


def _price(turn: Turn, dealer: Dealer, question: Question) -> None:
    if not question.products and not question.unsure:
        turn.say(replies.which_product("price"))
        return
    units = _units(turn, [a.sku for a in question.products] + [s for u in question.unsure for s in u.skus])
    names = sku_names(turn.session, units)
    blocks = [_priced(turn, dealer, asked, names, units) for asked in question.products]
    for unsure in question.unsure:
        if unsure.skus:
            choices = [
                _priced(turn, dealer, Asked(sku, "", None, unsure.text), names, units)
                for sku in unsure.skus[:MAX_CHOICES]
            ]
            blocks.append(replies.unsure_block(unsure.text, [c[:2] for c in choices]))
    blocks += _unclear(turn, question, [u for u in question.unsure if not u.skus])
    turn.say(replies.price_answer(blocks, _whose(turn, dealer)))


def _priced(
    turn: Turn, dealer: Dealer, asked: Asked, names: dict[str, str], units: dict[str, set[str]]
) -> list[str]:
    """One product's price block; a product the price book cannot price goes to a person."""
    sold_in = units.get(asked.sku, set())
    uom = asked.uom if asked.uom in sold_in else _order_unit(turn, asked.sku)
    day = turn.now.astimezone(IST).date()
    name = names.get(asked.sku, asked.sku)
    try:
        one = price_of(turn.session, dealer, asked.sku, Decimal(1), uom, day)
        many = None
        if asked.qty is not None and asked.qty != 1:
            many = price_of(turn.session, dealer, asked.sku, asked.qty, uom, day)
    except PricingError as exc:
        turn.to_review(
            "parse", {"asks": "price", "unclear": [f"no price for {asked.sku}: {exc}"[:300]]}, dealer
        )
        return [f"*{name}*", replies.no_price()]
    return replies.price_lines(name, one, many)


def _units(turn: Turn, skus: Sequence[str]) -> dict[str, set[str]]:
    """SKU code -> the units it is sold in."""
    found: dict[str, set[str]] = {}
    for sku in turn.session.scalars(sa.select(Sku).where(Sku.sku.in_(set(skus)))):
        found[sku.sku] = {u.unit for u in sku.units}
    return found


def _order_unit(turn: Turn, sku: str) -> str:
    return str(turn.session.scalar(sa.select(Sku.default_uom).where(Sku.sku == sku)) or "")


# -- schemes --------------------------------------------------------------------------------------------


def _scheme(turn: Turn, dealer: Dealer, question: Question) -> None:
    named = [a.sku for a in question.products] + [s for u in question.unsure for s in u.skus[:MAX_CHOICES]]
    day = turn.now.astimezone(IST).date()
    offers = schemes_for(turn.session, dealer, named or None, day)
    free = {s.free_sku for o in offers for s in o.slabs if s.free_sku}
    names = sku_names(turn.session, free | set(named))
    about = ", ".join(a.text.strip() for a in question.products) or ", ".join(
        u.text.strip() for u in question.unsure
    )
    text = replies.scheme_answer(offers, names, about, _whose(turn, dealer))
    missing = _unclear(turn, question, [u for u in question.unsure if not u.skus])
    turn.say("\n\n".join([text, *("\n".join(b) for b in missing)]))


# -- stock ----------------------------------------------------------------------------------------------


def _stock(turn: Turn, dealer: Dealer, question: Question) -> None:
    if not question.products and not question.unsure:
        turn.say(replies.which_product("stock"))
        return
    wanted = [(a.sku, a.qty, a.uom or _order_unit(turn, a.sku)) for a in question.products]
    choices = [(u, list(u.skus[:MAX_CHOICES])) for u in question.unsure if u.skus]
    wanted += [(sku, None, _order_unit(turn, sku)) for _, skus in choices for sku in skus]
    found = {(a.sku, a.asked): a for a in stock_of(turn.session, wanted)}
    names = sku_names(turn.session, [w[0] for w in wanted])
    blocks = [
        replies.stock_line(names.get(a.sku, a.sku), found[(a.sku, a.qty)])
        for a in question.products
        if (a.sku, a.qty) in found
    ]
    for unsure, skus in choices:
        lines = [replies.stock_line(names.get(s, s), found[(s, None)]) for s in skus if (s, None) in found]
        blocks.append(replies.unsure_block(unsure.text, lines))
    blocks += _unclear(turn, question, [u for u in question.unsure if not u.skus])
    turn.say(replies.stock_answer(blocks, _whose(turn, dealer)))


# -- bill -----------------------------------------------------------------------------------------------


def bill(turn: Turn, ref: str | None, shop: Shop) -> None:
    """The bill of the order named (only one the sender may see), else of the shop's latest order."""
    if ref is not None:
        number = normalise_number(ref)
        order = turn.session.scalars(sa.select(Order).where(Order.number == number)).first()
        if order is None or not turn.sender.may_act_for(order.dealer_id):
            turn.say(replies.order_not_found(number))  # the same words whether it is missing or not his
            return
    else:
        dealer = shop()
        if dealer is None:
            return
        order = _latest(turn, dealer)
        if order is None:
            turn.say(replies.no_orders())
            return
    turn.say(bill_text(turn, order))


def bill_text(turn: Turn, order: Order) -> str:
    """The order's invoice in text, or where it is and when its bill is made."""
    shown = view(order)
    whose = order.dealer.name if turn.sender.is_rep else ""
    found = bill_of(turn.session, order)
    doc = invoice_for_order_id(turn.session, order.id)
    if doc is not None:  # the tax invoice raised at dispatch is the bill, before the ledger books it
        found = Bill(doc.number, doc.issued_on, found.due if found is not None else None, doc.total)
    if found is not None:
        names = sku_names(turn.session, [f.sku for f in shown.free_goods])
        return replies.invoice_text(
            shown, found, names, scheme_names(turn.session, order_schemes(shown)), whose
        )
    state = State(order.state)
    if state is State.CANCELLED:
        stage = "cancelled"
    elif state in PENDING:
        stage = "pending"
    elif state is State.DISPATCHED:
        stage = "on_the_way"
    elif state in (State.DELIVERED, State.INVOICED):
        stage = "delivered"
    else:
        stage = "before"
    return replies.not_billed(shown, replies.state_word(state), stage)


def _latest(turn: Turn, dealer: Dealer) -> Order | None:
    """His latest order that went ahead (confirmed and on), else his latest of any state."""
    query = (
        sa.select(Order)
        .where(Order.dealer_id == dealer.id)
        .order_by(Order.created_at.desc(), Order.id.desc())
    )
    went_on = query.where(Order.state.in_([s.value for s in BILLED_OR_ON]))
    return turn.session.scalars(went_on.limit(1)).first() or turn.session.scalars(query.limit(1)).first()


__all__ = ["answer", "aside", "bill", "bill_text"]
