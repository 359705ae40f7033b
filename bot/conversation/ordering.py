"""Drafts and their answers: priced draft -> YES -> confirmed (or held, blocked, short of stock).

    place_draft(turn, dealer, lines)  price and show a new draft (an open one stays open: adding to it
                                    is bot/conversation/pieces.py)
    show_draft(turn, dealer, placed)  send a priced draft, or cancel it when credit blocks it
    confirm(turn)                   YES to the pending draft (credit, stock, shortfall question); with
                                    two or more drafts waiting, a bare YES asks which
    answer_which(turn, text, named) 1, 2, "yes SO-1006" or "both" to "Which order?"
    answer_shortfall(turn, text)    1 or a yes = ship what is in stock, 2 or a wait = back-order,
                                    a no = nothing confirmed, the draft stays
    reject(turn)                    NO to the pending draft
    repeat(turn, dealer)            a draft from the last confirmed order

A draft awaiting a YES is an order in `awaiting_confirmation` that
this sender may confirm (a dealer: his shop's, not placed by a rep; a rep: the
ones he placed), so drafts the ops console sends are confirmed the same way. A YES always
says which order it confirmed; a bare YES with more than one such draft confirms none and asks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from bot import replies
from bot.conversation.turn import Turn
from bot.names import order_schemes, scheme_names, sku_names
from domain.models import Dealer, Order, ReviewItem
from domain.orders import Actor, ShortfallChoice, State
from domain.pricing import PricingError
from domain.services import stock
from domain.services.credit import setting
from domain.services.order_views import Placed, view
from domain.services.orders import (
    EmptyOrder,
    NothingInStock,
    NothingToRepeat,
    StockShort,
    cancel_order,
    confirm_order,
    place_order,
    repeat_order,
)
from nlu.answers import Answer, read_answer
from nlu.types import ParsedLine

REVIEW_YES_WINDOW = timedelta(hours=24)  # a YES this soon after a message went to review confirms it


@dataclass(frozen=True)
class Line:
    """An order line as the conversation keeps it between messages (LineLike for place_order), with
    the rate the dealer asked ("@1150"), per `rate_uom` or the line's unit (special_prices), and how
    it changes an open draft (`change`: add, set or remove; nlu.changes reads it)."""

    sku: str
    qty: Decimal
    uom: str
    text: str = ""
    rate: Decimal | None = None
    rate_uom: str = ""
    change: str = "add"

    @classmethod
    def parsed(cls, line: ParsedLine, text: str | None = None, change: str = "add") -> Line:
        return cls(
            line.sku,
            line.qty,
            line.uom,
            line.text if text is None else text,
            line.rate,
            line.rate_uom,
            change,
        )

    def to_json(self) -> dict[str, str]:
        out = {"sku": self.sku, "qty": str(self.qty), "uom": self.uom, "text": self.text}
        if self.rate is not None:
            out.update(rate=str(self.rate), rate_uom=self.rate_uom)
        if self.change != "add":
            out["change"] = self.change
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, str]) -> Line:
        rate = Decimal(data["rate"]) if data.get("rate") else None
        return cls(
            data["sku"],
            Decimal(data["qty"]),
            data["uom"],
            data.get("text", ""),
            rate,
            data.get("rate_uom", ""),
            data.get("change", "add"),
        )


def review(
    turn: Turn,
    dealer: Dealer,
    text: str,
    parse: Mapping[str, Any],
    unclear: Sequence[str],
    drafted: str | None,
) -> None:
    payload = dict(parse)
    payload["unclear"] = list(unclear)
    payload["drafted_as"] = drafted
    turn.to_review("parse", payload, dealer, text)
    turn.session.flush()


# -- drafts -------------------------------------------------------------------------------------------------


def place_draft(
    turn: Turn, dealer: Dealer, lines: Sequence[Line], repeat: bool = False, note: str = ""
) -> str | None:
    """Place and show a new priced draft (`note` goes under its title); its number, or None."""
    try:
        if repeat:
            placed = repeat_order(
                turn.session, dealer.code, turn.sender.actor, source_ref=turn.inbound.message_sid
            )
        else:
            placed = place_order(  # the row, not its code: it is in this session already
                turn.session, dealer, lines, turn.sender.actor, source_ref=turn.inbound.message_sid
            )
    except NothingToRepeat:
        turn.say(replies.nothing_to_repeat())
        return None
    except EmptyOrder:
        turn.say(replies.empty_order())
        return None
    except PricingError as exc:
        review(turn, dealer, turn.inbound.body, {"lines": [ln.to_json() for ln in lines]}, [str(exc)], None)
        turn.say(replies.price_problem(str(exc)))
        return None
    return show_draft(turn, dealer, placed, note=note)


def show_draft(turn: Turn, dealer: Dealer, placed: Placed, note: str = "", changed: str = "") -> str | None:
    """Send the priced draft (`changed`: the line above it saying what a piece changed); its number.
    A draft credit blocks is cancelled and the dealer told why and how to pay: None."""
    if placed.quote.credit.decision == "block":
        cancel_order(
            turn.session,
            placed.order.number,
            Actor.system("credit"),
            f"credit blocked: {placed.quote.credit.reason}",
        )
        turn.say(replies.blocked(placed.quote.credit.reason, how_to_pay(turn)))
        return None
    number = placed.order.number
    row = turn.session.get_one(Order, placed.order_id)  # in this session already: no query
    ahead = stock.outlook(turn.session, row)
    turn.say(draft_text(turn, placed, dealer, note, changed, ahead))
    if ahead.shortfalls:  # the choice is asked with the draft, before any YES
        turn.conv.ask(
            "shortfall", {"order": number, "drafted": True, "ships": ahead.ships_something}, turn.now
        )
    return number


def draft_text(
    turn: Turn,
    placed: Placed,
    dealer: Dealer,
    note: str = "",
    changed: str = "",
    ahead: stock.Outlook | None = None,
) -> str:
    """The draft as the sender reads it; `ahead` (stock.outlook) adds what is short and the choices."""
    order = placed.order
    short_skus = [s.sku for s in ahead.shortfalls] if ahead is not None else []
    names = sku_names(turn.session, [f.sku for f in order.free_goods] + short_skus)
    schemes = scheme_names(turn.session, order_schemes(order))
    block = ""
    if ahead is not None and ahead.shortfalls:
        block = replies.short_draft(ahead.shortfalls, names, ahead.ships_something)
    return replies.draft(
        order,
        placed.quote,
        names,
        schemes,
        dealer_name=dealer.name if turn.sender.is_rep else "",
        note=note,
        changed=changed,
        whose=_whose(turn),
        stock_block=block,
    )


def _whose(turn: Turn) -> str:
    return "the shop's" if turn.sender.is_rep else "your"


def pending(turn: Turn) -> Order | None:
    """The newest draft waiting for this sender's YES."""
    drafts = _drafts(turn)
    return drafts[-1] if drafts else None


def waiting(turn: Turn, dealer: Dealer | None = None) -> list[Order]:
    """Every draft waiting for this sender's YES (of `dealer` only, when given) that has not expired,
    oldest first."""
    drafts = _drafts(turn, dealer)
    return [d for d in drafts if d.expires_at is None or d.expires_at > turn.now]


def in_short(turn: Turn, drafts: Sequence[Order]) -> list[str]:
    """Each draft on one line (with its shop, for a rep)."""
    return [replies.draft_in_short(view(d), d.dealer.name if turn.sender.is_rep else "") for d in drafts]


def _drafts(turn: Turn, dealer: Dealer | None = None) -> list[Order]:
    ids = [d.id for d in turn.sender.dealers() if dealer is None or d.id == dealer.id]
    if not ids:
        return []
    query = sa.select(Order).where(Order.state == State.AWAITING_CONFIRMATION.value, Order.dealer_id.in_(ids))
    if turn.sender.is_rep:
        query = query.where(Order.placed_by_kind == "rep", Order.placed_by_ref == turn.sender.phone)
    else:
        query = query.where(Order.placed_by_kind != "rep")
    return list(turn.session.scalars(query.order_by(Order.created_at, Order.id)))


def expire(turn: Turn, order: Order) -> bool:
    """True (and the draft cancelled by the expiry job's actor) when its time to be confirmed is over."""
    if order.expires_at is None or order.expires_at > turn.now:
        return False
    cancel_order(turn.session, order.number, Actor.system("expiry"), "expired: no confirmation in time")
    return True


def _expired(turn: Turn, order: Order) -> bool:
    if not expire(turn, order):
        return False
    turn.say(replies.draft_expired(order.number))
    return True


# -- YES, NO, shortfall ----------------------------------------------------------------------------------


def confirm(turn: Turn, shortfall: ShortfallChoice | None = None, number: str | None = None) -> None:
    order = None
    if number is None:
        live = waiting(turn)
        if len(live) > 1:  # a bare YES that could mean two orders confirms none: ask which
            numbers = [d.number for d in live]
            turn.conv.ask("which_yes", {"orders": numbers}, turn.now)
            turn.say(replies.which_yes(in_short(turn, live), numbers))
            return
        order = live[0] if live else pending(turn)
    else:
        order = _awaiting(turn, number)
    if order is None:
        turn.conv.clear(turn.now)
        in_review = _in_review(turn) if number is None else None
        if in_review is not None:  # staff confirm it at once when they accept the fixed order
            in_review.parse = {**(in_review.parse or {}), "confirmed": True}
            turn.say(replies.yes_while_in_review())
        else:
            turn.say(replies.nothing_to_confirm())
        return
    if _expired(turn, order):
        turn.conv.clear(turn.now)
        return
    try:
        done = confirm_order(turn.session, order.number, turn.sender.actor, shortfall=shortfall)
    except StockShort as short:
        ships = stock.ships_something(stock.demand(order), short.shortfalls)
        turn.conv.ask("shortfall", {"order": order.number, "ships": ships}, turn.now)
        names = sku_names(turn.session, [s.sku for s in short.shortfalls])
        turn.say(replies.stock_short(order.number, short.shortfalls, names, ships))
        return
    except NothingInStock:
        turn.conv.ask("shortfall", {"order": order.number}, turn.now)
        turn.say(replies.nothing_in_stock())
        return
    turn.conv.clear(turn.now)
    view = done.order
    if done.price_asked:  # a rate asked below the list, or an item at ₹0.00: an approver decides
        held = replies.held(view, done.credit, _whose(turn)) if done.decision == "hold" else ""
        asked = any(line.requested_price is not None for line in view.lines)
        turn.say((replies.price_pending if asked else replies.zero_price_pending)(view, held))
    elif done.decision == "ok":
        names = sku_names(turn.session, [f.sku for f in view.free_goods])
        turn.say(replies.confirmed(view, done.shortfalls, names, shortfall.value if shortfall else ""))
    elif done.decision == "hold":
        turn.say(replies.held(view, done.credit, _whose(turn)))
    else:
        turn.say(replies.blocked(done.credit.reason, how_to_pay(turn), view.number))


def _in_review(turn: Turn) -> ReviewItem | None:
    """The sender's order message still with a person (an open parse review item of the last day)."""
    since = turn.now - REVIEW_YES_WINDOW
    return turn.session.scalars(
        sa.select(ReviewItem)
        .where(
            ReviewItem.kind == "parse",
            ReviewItem.phone == turn.sender.phone,
            ReviewItem.status.in_(["open", "claimed"]),
            ReviewItem.created_at >= since,
        )
        .order_by(ReviewItem.id.desc())
        .limit(1)
    ).first()


def _awaiting(turn: Turn, number: str) -> Order | None:
    order = turn.session.scalars(sa.select(Order).where(Order.number == number)).first()
    if order is None or order.state != State.AWAITING_CONFIRMATION.value:
        return None
    return order if turn.sender.may_act_for(order.dealer_id) else None


def answer_shortfall(turn: Turn, text: str) -> bool:
    """The answer to "ship what is in stock (1), or wait for the full order (2)?" (nlu.answers reads it).

    2 or a wait ("ruko", "baad me") confirms and back-orders; 1 confirms what is in stock, where that
    ships something (`ships`). Asked with the draft (`drafted`), a no ("rehne do") drops the draft
    and a plain yes, which could mean either, asks again; asked after a YES, a plain yes ships what is
    in stock and a no confirms nothing, the draft staying. A yes with a quantity ("haan par 5 hi") or
    another number asks again. False when the text is no answer."""
    answer = read_answer(text)
    data = turn.conv.data
    number, drafted, ships = (
        str(data.get("order", "")),
        bool(data.get("drafted")),
        bool(data.get("ships", True)),
    )
    if answer.kind == "no":
        turn.conv.clear(turn.now)
        if drafted:
            _drop(turn, number)
        else:
            turn.say(replies.shortfall_declined(number))
        return True
    if answer.kind == "unclear":
        return False
    plain_yes = answer.kind == "yes" and answer.qty is None and not drafted
    if answer.kind == "wait" or answer.number == 2:
        confirm(turn, ShortfallChoice.BACK_ORDER, number=number)
    elif ships and (answer.number == 1 or plain_yes):
        confirm(turn, ShortfallChoice.SHIP_AVAILABLE, number=number)
    else:
        turn.say(replies.ship_or_wait_again(ships))
    return True


def _drop(turn: Turn, number: str) -> None:
    """A NO to the draft `number`, when it is still waiting for this sender."""
    order = _awaiting(turn, number)
    if order is None:
        turn.say(replies.noted())
        return
    cancel_order(turn.session, order.number, turn.sender.actor, "dealer said no to the draft")
    turn.say(replies.draft_dropped(order.number))


def answer_which(turn: Turn, text: str, named: str | None) -> bool:
    """The answer to "You have 2 orders waiting for your YES: 1) ... 2) ...": a listed number, a yes
    naming an order (`named`: "yes SO-1006"), or a yes to them all ("both", "dono", "sab") confirms;
    a no confirms none; anything else that is an answer asks again. False when the text is no answer."""
    numbers: list[str] = list(turn.conv.data.get("orders", []))
    answer = read_answer(text)
    if answer.kind == "unclear":
        return False
    if turn.conv.data.get("drop"):
        return _answer_which_drop(turn, answer, named, numbers)
    if answer.kind == "no":
        turn.conv.clear(turn.now)
        turn.say(replies.which_yes_none(numbers))
        return True
    if named is not None and answer.kind == "yes":
        chosen = [named]
    elif answer.kind == "number" and answer.number is not None and 1 <= answer.number <= len(numbers):
        chosen = [numbers[answer.number - 1]]
    elif answer.kind == "yes" and answer.all and answer.qty is None:
        chosen = numbers
    else:
        turn.say(replies.which_yes_again(numbers))
        return True
    turn.conv.clear(turn.now)
    for i, number in enumerate(chosen):
        confirm(turn, number=number)
        if turn.conv.waiting_for and chosen[i + 1 :]:  # a question about this one (short of stock)
            turn.say(replies.still_waiting(chosen[i + 1 :]))
            break
    return True


def _answer_which_drop(turn: Turn, answer: Answer, named: str | None, numbers: list[str]) -> bool:
    """The answer to "Which one should I drop? 1) ... 2) ...": a listed number, a no naming an order
    ("no SO-1006"), or all of them ("all", "dono", "sab") drops; a no alone keeps them all."""
    if named is not None and named in numbers and answer.kind == "no":
        chosen = [named]
    elif answer.kind == "no":
        turn.conv.clear(turn.now)
        turn.say(replies.which_no_none(numbers))
        return True
    elif answer.kind == "number" and answer.number is not None and 1 <= answer.number <= len(numbers):
        chosen = [numbers[answer.number - 1]]
    elif answer.kind == "yes" and answer.all and answer.qty is None:
        chosen = numbers
    else:
        turn.say(replies.which_no_again(numbers))
        return True
    turn.conv.clear(turn.now)
    for number in chosen:
        _drop(turn, number)
    return True


def reject(turn: Turn, number: str | None = None) -> None:
    """NO to the draft waiting for the sender's YES (`number`: "no SO-1043" names it); with two or more
    waiting, a bare NO drops none and asks which."""
    turn.conv.clear(turn.now)
    if number is not None:
        _drop(turn, number)
        return
    live = waiting(turn)
    if len(live) > 1:
        numbers = [d.number for d in live]
        turn.conv.ask("which_yes", {"orders": numbers, "drop": True}, turn.now)
        turn.say(replies.which_no(in_short(turn, live), numbers))
        return
    order = live[0] if live else pending(turn)
    if order is None:
        turn.say(replies.noted())
        return
    _drop(turn, order.number)


def repeat(turn: Turn, dealer: Dealer) -> None:
    turn.conv.clear(turn.now)
    place_draft(turn, dealer, [], repeat=True)


# -- lookups -------------------------------------------------------------------------------------------------


def how_to_pay(turn: Turn) -> str:
    return setting(turn.session, "payment_instructions", replies.HOW_TO_PAY)


__all__ = [
    "Line",
    "answer_shortfall",
    "answer_which",
    "confirm",
    "draft_text",
    "expire",
    "how_to_pay",
    "in_short",
    "pending",
    "place_draft",
    "reject",
    "repeat",
    "review",
    "show_draft",
    "waiting",
]
