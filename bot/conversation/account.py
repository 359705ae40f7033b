"""Questions about the account and about orders: balance / statement, status, cancel.

Every lookup is limited to the shops the sender may act for: a dealer sees his
own shop only, a rep the shops assigned to him. An order number that belongs to
someone else gets the same "not found" reply as a number that does not exist,
so nothing about another dealer leaks.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from bot import replies
from bot.conversation import ordering
from bot.conversation.turn import Turn
from bot.names import scheme_names
from domain.models import Dealer, Order
from domain.orders import CANCELLABLE, State
from domain.services.claims import list_claims
from domain.services.credit import IST
from domain.services.ledger import summarise
from domain.services.order_views import view
from domain.services.orders import cancel_order, normalise_number, order_history
from nlu.answers import read_answer
from nlu.chat import wants_entries

_REF = re.compile(r"\b(?:so\s*[-#]?\s*)?(\d{3,7})\b", re.I)


def order_ref(text: str, parsed_ref: str | None) -> str | None:
    """The order number a message names: 'SO-1043', 'status 1043', 'order no 1043' -> 'SO-1043'.

    The parser's `order_ref` first; the pattern still reads the phrasings it leaves out on purpose
    or not yet ("cancel 1043", "1043 kidhar hai", "so 1043 status": see test_conversation NAMED)."""
    if parsed_ref:
        return normalise_number(parsed_ref)
    match = _REF.search(text)
    return normalise_number(match.group(1)) if match else None


# -- balance -------------------------------------------------------------------------------------------


def balance(turn: Turn, dealer: Dealer) -> None:
    summary = summarise(turn.session, dealer, turn.now.astimezone(IST).date())
    entries = 8 if wants_entries(turn.inbound.body) else 0
    text = replies.balance(summary, show_entries=entries, for_rep=turn.sender.is_rep)
    claims = list_claims(turn.session, dealer_id=dealer.id) if entries else []
    turn.say(f"{text}\n\n{replies.open_claims(claims)}" if claims else text)  # a statement lists open claims


# -- status ---------------------------------------------------------------------------------------------


def _visible(turn: Turn, number: str) -> Order | None:
    """The order with this number when the sender may see it; None otherwise (also when it is not ours)."""
    order = turn.session.scalars(sa.select(Order).where(Order.number == number)).first()
    if order is None or not turn.sender.may_act_for(order.dealer_id):
        return None
    return order


def _last(turn: Turn, dealer: Dealer, states: frozenset[State] | None = None) -> Order | None:
    query = sa.select(Order).where(Order.dealer_id == dealer.id)
    if states is not None:
        query = query.where(Order.state.in_([s.value for s in states]))
    return turn.session.scalars(query.order_by(Order.created_at.desc(), Order.id.desc()).limit(1)).first()


def status(turn: Turn, ref: str | None, dealer: Dealer | None) -> None:
    """The named order (when the sender may see it), else the dealer's latest and under it every other
    draft waiting for the sender's YES."""
    if ref is not None:
        order = _visible(turn, ref)
        if order is None:
            turn.say(replies.order_not_found(ref))
            return
    else:
        order = _last(turn, dealer) if dealer is not None else None
        if order is None:
            turn.say(replies.no_orders())
            return
    events = order_history(turn.session, order.number)
    shown = view(order)
    schemes = scheme_names(turn.session, [f.scheme for f in shown.free_goods])
    text = replies.order_status(shown, events, order.dealer.name if turn.sender.is_rep else "", schemes)
    others = [d for d in ordering.waiting(turn, dealer) if d.id != order.id] if ref is None else []
    if others:
        text += "\n" + replies.also_waiting(ordering.in_short(turn, others), [d.number for d in others])
    turn.say(text)


# -- cancel ---------------------------------------------------------------------------------------------


def ask_cancel(turn: Turn, ref: str | None, dealer: Dealer | None) -> None:
    if ref is not None:
        order = _visible(turn, ref)
        if order is None:
            turn.say(replies.order_not_found(ref))
            return
        if State(order.state) not in CANCELLABLE:
            turn.say(replies.cannot_cancel(order.number, State(order.state)))
            return
    else:
        order = _last(turn, dealer, CANCELLABLE) if dealer is not None else None
        if order is None:
            turn.say(replies.nothing_to_cancel())
            return
    turn.conv.ask("cancel", {"order": order.number}, turn.now)
    turn.say(replies.ask_cancel(view(order)))


def answer_cancel(turn: Turn, text: str) -> bool:
    """The answer to "Cancel SO-1043?" (nlu.answers reads it): a yes, 1, or a no that calls the order off
    ("mat bhejo") cancels; a no, 2, or a yes asking to send ("bhej do") keeps it; a wait or a yes with a
    quantity asks again. False when the text is no answer."""
    answer = read_answer(text)
    number = str(turn.conv.data.get("order", ""))
    if answer.kind == "unclear" or (answer.kind == "number" and answer.number not in (1, 2)):
        return False
    if answer.kind == "wait" or answer.qty is not None:
        turn.say(replies.cancel_again(number))
        return True
    turn.conv.clear(turn.now)
    if answer.number == 2 or answer.send or (answer.kind == "no" and not answer.cancel):
        turn.say(replies.cancel_kept(number))
        return True
    order = _visible(turn, number)
    if order is None or State(order.state) not in CANCELLABLE:
        state = State(order.state) if order is not None else State.CANCELLED
        turn.say(replies.cannot_cancel(number, state))
        return True
    cancel_order(turn.session, number, turn.sender.actor, "cancelled on WhatsApp")
    turn.say(replies.cancelled(number))
    return True


__all__ = ["answer_cancel", "ask_cancel", "balance", "order_ref", "status"]
