"""One message in, the replies out: who is writing, any open question, then what the message wants.

    handle(session, inbound, now) -> list[Reply]

1. The sender: a dealer or a field rep; anyone else is listed for ops and told so politely.
2. Guards: media is acknowledged and queued for a person; an empty or over-long message is
   answered with what to do instead.
3. An open question (state.py) takes the message first when it is an answer to it
   ("2" to "Which Telma?", "YES" to "Cancel SO-1043?"), as nlu.answers reads it (yes, no,
   wait, a number), never by words of the bot's own; otherwise the question lapses. So a YES
   answers the question asked last; a YES naming another order ("yes SO-1044" to "Cancel
   SO-1043?") is no answer to it and confirms that order.
4. A payment told, a claim, a question about a price, a scheme, stock or a bill, or a language
   asked for is taken by its reader (requests.py), whatever the intent but a YES or a NO (a language
   asked for even then: "Hinglish chalega" reads as a yes too). Each turn is answered in the
   sender's language (bot/languages.py), set once in `handle`.
5. The parser's intent picks the flow: order, confirm (YES), reject (NO), repeat,
   balance, status, cancel, help, or a short friendly reply. While a draft waits for
   the YES, an order message changes it and "sprite hata do" drops a product from it
   (pieces.py); "naya order: ..." (nlu.changes) starts another draft instead.

A message a person must answer (nlu.intent.aside: a file pointed at, a bill asked for)
changes no order: it is queued for a person and the sender told who answers, and an open
question stays open and is asked again.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot import replies
from bot.conversation import account, media, ordering, picking, pieces, requests
from bot.conversation.state import load
from bot.conversation.turn import Sender, Turn, identify, record_unknown
from bot.i18n import speaking
from bot.languages import reply_locale
from bot.messages import Inbound, Reply
from bot.parsing import parse, parser_for, shop_named
from domain.errors import DomainError
from domain.models import Dealer
from domain.pricing import PricingError
from domain.services.credit import setting
from nlu import chat
from nlu.answers import read_answer
from nlu.changes import new_order
from nlu.intent import aside
from nlu.types import ParsedMessage

log = logging.getLogger(__name__)

ONLY_A_NUMBER = re.compile(r"\s*(?:so\s*[-#]?\s*)?\d{3,7}\s*[?.]?\s*", re.IGNORECASE)
SO_NUMBER = re.compile(r"\bso\s*[-#]?\s*\d{3,7}\b", re.IGNORECASE)


def handle(session: Session, inbound: Inbound, now: datetime) -> list[Reply]:
    sender = identify(session, inbound.phone)
    chosen = sender.language if sender is not None else None
    with speaking(reply_locale(session, inbound.phone, inbound.body, chosen)):  # this turn's language
        return _handle(session, inbound, now, sender)


def _handle(session: Session, inbound: Inbound, now: datetime, sender: Sender | None) -> list[Reply]:
    if sender is None:
        record_unknown(session, inbound, now)
        return replies.to_replies(replies.unknown_sender(setting(session, "business_name", "")))
    if sender.dealer is None and sender.rep is None:
        return replies.to_replies(replies.inactive_account())
    turn = Turn(session, inbound, now, sender, load(session, inbound.phone, now))
    body = inbound.body.strip()
    if inbound.num_media > 0 or inbound.media_urls:
        _queue_media(turn)
    elif not body:
        turn.say(replies.empty_message())
    elif len(body) > replies.LIMIT:
        turn.say(replies.too_long(len(body)))
    elif sender.is_rep and not sender.dealers():
        turn.say(replies.rep_no_dealers())
    else:
        _answer(turn, body)
    session.flush()
    return turn.replies


def _answer(turn: Turn, body: str) -> None:
    """The open question or the flow; a business rule that refuses (an order moved meanwhile, a price
    missing) is told to the sender and left for a person, instead of failing the job again and again."""
    try:
        with turn.session.begin_nested():
            if not _answered(turn, body):
                route(turn, body)
    except (DomainError, PricingError) as exc:
        log.warning("message %s: %s: %s", turn.inbound.message_sid, type(exc).__name__, exc)
        turn.replies.clear()
        turn.conv.clear(turn.now)
        turn.to_review("parse", {"error": f"{type(exc).__name__}: {exc}"[:500]})
        turn.say(replies.went_wrong())


def _queue_media(turn: Turn) -> None:
    """A photo, PDF or spreadsheet: its lines are booked like a typed order starting a new draft, or
    the file is queued for a person saying why (conversation/media.py)."""

    def book(text: str) -> None:
        try:
            with turn.session.begin_nested():
                turn.conv.clear(turn.now)
                route(turn, text, new=True)
        except (DomainError, PricingError) as exc:
            log.warning("message %s: %s: %s", turn.inbound.message_sid, type(exc).__name__, exc)
            turn.replies.clear()
            turn.to_review("media", {"error": f"{type(exc).__name__}: {exc}"[:500]}, text=text)
            turn.say(replies.went_wrong())

    media.take(turn, book)


# -- open questions -----------------------------------------------------------------------------------


def _answered(turn: Turn, body: str) -> bool:
    """Let the open question take the message; True when it did."""
    waiting = turn.conv.waiting(turn.now)
    if not waiting:
        return False
    if waiting == "new_order":  # "naya order" said alone: this message is that order
        turn.conv.clear(turn.now)
        route(turn, body, new=True)
        return True
    if requests.aside(turn, body, _ask_again(turn, waiting)):  # a payment, a claim, a price, stock, a bill,
        return True  # a language asked: answered first ("25k gpay kiya" is no YES); the question stays open
    if waiting == "pick" and picking.answer_pick(turn, body):
        return True
    if waiting == "shortfall" and ordering.answer_shortfall(turn, body):
        return True
    named = account.order_ref(body, None) if SO_NUMBER.search(body) else None
    if waiting == "which_yes" and ordering.answer_which(turn, body, named):
        return True
    about_another = named is not None and named != turn.conv.data.get("order")
    if waiting == "cancel" and not about_another and account.answer_cancel(turn, body):
        return True
    if waiting == "dealer" and _answer_dealer(turn, body):
        return True
    asks = aside(body)
    if asks is not None:  # for a person: the question stays open
        _for_a_person(turn, asks, _ask_again(turn, waiting))
        return True
    intent = _parse(turn, body).intent
    if intent == "help":  # the menu, and the question stays open: a YES after it still answers it
        turn.say(replies.help_menu(turn.sender.name, for_rep=turn.sender.is_rep))
        turn.say(_ask_again(turn, waiting))
        return True
    if waiting in ("pick", "dealer", "shortfall") and intent in ("other", "confirm", "reject"):
        turn.say(_ask_again(turn, waiting))
        return True
    if waiting == "pick":  # a new order or request: the lines held for the question are not lost
        picking.lapse(turn)
    turn.conv.clear(turn.now)  # the message is about something else: the question lapses
    return False


def _ask_again(turn: Turn, waiting: str) -> str:
    """The open question, asked again in short."""
    data = turn.conv.data
    if waiting == "dealer":
        return replies.pick_again(len(data.get("dealers", [])), none=False)
    if waiting == "shortfall":
        return replies.ship_or_wait_again(bool(data.get("ships", True)))
    if waiting == "cancel":
        return replies.cancel_again(str(data.get("order", "")))
    if waiting == "which_yes":
        return replies.which_yes_again(list(data.get("orders", [])))
    return replies.pick_again(len(data["questions"][data["at"]]["options"]))


def _for_a_person(turn: Turn, asks: str, still_open: str = "") -> None:
    """A file pointed at or a bill asked for: queued for a person, the sender told who answers."""
    turn.to_review("parse", {"asks": asks, "unclear": [f"asks for a person: {asks}"]})
    turn.say(replies.bill_asked(still_open) if asks == "bill" else replies.file_mentioned(still_open))


def _answer_dealer(turn: Turn, body: str) -> bool:
    codes: list[str] = list(turn.conv.data.get("dealers", []))
    answer = read_answer(body)
    if answer.kind == "unclear":
        return False
    number = answer.number if answer.kind == "number" else None
    if number is None or not 1 <= number <= len(codes):  # a yes, no or wait names no shop
        turn.say(replies.pick_again(len(codes), none=False))
        return True
    text = str(turn.conv.data.get("text", ""))
    new = bool(turn.conv.data.get("new", False))
    turn.conv.clear(turn.now)
    route(turn, text, forced=codes[number - 1], new=new)
    return True


# -- routing ---------------------------------------------------------------------------------------------


def _parse(turn: Turn, body: str, forced: str | None = None) -> ParsedMessage:
    sender = turn.sender
    if sender.dealer is not None:
        return parse(turn.session, body, sender.dealer.code)
    shops = sender.dealers()
    home = forced or (shops[0].code if len(shops) == 1 else None)
    parsed = parse(turn.session, body, home)
    if parsed.customer and parsed.customer != home and forced is None:
        parsed = parse(turn.session, body, parsed.customer)
    return parsed


def route(turn: Turn, body: str, forced: str | None = None, new: bool = False) -> None:
    """Act on what the message wants (`forced`: the shop a rep already chose; `new`: an order in it
    starts a new draft, the open one stays open)."""
    if not new and (rest := new_order(body)) is not None:
        if not rest:  # "naya order" alone: the next message is the new order
            turn.conv.ask("new_order", {}, turn.now)
            draft = ordering.pending(turn)
            turn.say(replies.new_order_items(draft.number if draft is not None else None))
            return
        body, new = rest, True
    parsed = _parse(turn, body, forced)
    intent = parsed.intent
    if requests.answer(turn, body, parsed, lambda: _dealer_for(turn, parsed, body, forced, new)):
        return  # a payment told, a claim, a price / scheme / stock / bill question, a language chosen:
        # their readers take only their own cues, so "25k gpay kiya" (whose "k" reads as an OK) is a
        # payment, never a YES to the draft
    asks = aside(body) if intent == "other" else None
    if asks is not None:  # "last order ka bill bhejo", "list attached hai": no order changes
        _for_a_person(turn, asks)
        return
    if not parsed.lines and pieces.drop_named(turn, body):  # "sprite hata do" to the open draft
        return
    ref = account.order_ref(body, parsed.order_ref) if intent in ("status", "cancel", "other") else None
    if intent == "confirm":  # only an explicit "SO-1043" picks a draft; "yes 100%" is a plain YES
        ref = account.order_ref(body, parsed.order_ref) if SO_NUMBER.search(body) else None
    if intent == "reject" and _corrects_draft(turn, body):  # "maggi galat likha, 4 peti hi chahiye"
        return
    if intent == "other" and (parsed.order_ref or ONLY_A_NUMBER.fullmatch(body)):
        intent = "status"  # "SO-1043" or "1043" alone asks about that order
    if intent == "confirm":
        ordering.confirm(turn, number=ref)  # "yes SO-1043": that draft, else the newest
    elif intent == "reject":  # "no SO-1043": that draft, else the one waiting (two waiting: asks which)
        ordering.reject(turn, account.order_ref(body, parsed.order_ref) if SO_NUMBER.search(body) else None)
    elif intent == "help":
        turn.say(replies.help_menu(turn.sender.name, for_rep=turn.sender.is_rep))
    elif intent in ("status", "cancel") and ref is not None:
        (account.status if intent == "status" else account.ask_cancel)(turn, ref, None)
    elif intent in ("order", "repeat", "balance", "status", "cancel"):
        dealer = _dealer_for(turn, parsed, body, forced, new)
        if dealer is None:
            return
        if intent == "order":
            picking.start(turn, parsed, dealer, text=body, new=new)
        elif intent == "repeat":
            ordering.repeat(turn, dealer)
        elif intent == "balance":
            account.balance(turn, dealer)
        elif intent == "status":
            account.status(turn, None, dealer)
        else:
            account.ask_cancel(turn, None, dealer)
    else:
        talk = _small_talk(body)
        dealer = turn.sender.dealer
        if talk:
            turn.say(talk)
        elif dealer is None or not picking.offer_quantity(turn, dealer, body, new):
            turn.say(replies.not_understood())


def _corrects_draft(turn: Turn, body: str) -> bool:
    """A refusal that names goods ("maggi galat likha, 4 peti hi chahiye") while a draft waits: a
    correction the parser cannot place for sure. The draft is never dropped for it: a person reads
    it and the dealer is told so. False for a plain NO, or with no draft waiting."""
    draft = ordering.pending(turn)
    if draft is None or SO_NUMBER.search(body):  # "no SO-1001" names the draft to drop
        return False
    named = parser_for(turn.session).items(body, dealer=draft.dealer.code)
    if not named.lines and not any(any(c.isdigit() for c in u.text) for u in named.unmatched):
        return False  # a plain NO ("nahi", "galat hai"): the draft is dropped as asked
    why = ["a correction to the draft"]
    ordering.review(turn, draft.dealer, body, named.to_contract(), why, draft.number)
    turn.say(replies.sent_to_review([body], placed=True))
    return True


def _dealer_for(
    turn: Turn, parsed: ParsedMessage, body: str, forced: str | None, new: bool = False
) -> Dealer | None:
    """The shop the message is about; for a rep with several shops and none named, ask which. A shop
    named that the sender may not act for (a dealer naming another shop, a rep one not assigned to
    him) is refused by name: nothing is booked or shown on the wrong account."""
    sender = turn.sender
    named = (
        forced or parsed.customer or (shop_named(turn.session, body) if parsed.intent != "order" else None)
    )
    if sender.dealer is not None:
        if named and named != sender.dealer.code:
            turn.say(replies.not_your_shop(sender.dealer.name))
            return None
        return sender.dealer
    shops = sender.dealers()
    if named:
        for shop in shops:
            if shop.code == named:
                return shop
        other = turn.session.scalars(sa.select(Dealer).where(Dealer.code == named)).first()
        turn.say(replies.rep_not_assigned(other.name if other is not None else named))
        return None
    if len(shops) == 1:
        return shops[0]
    turn.conv.ask("dealer", {"text": body, "dealers": [s.code for s in shops], "new": new}, turn.now)
    turn.say(replies.rep_ask_dealer([f"{s.name}, {s.town}" if s.town else s.name for s in shops]))
    return None


def _small_talk(body: str) -> str:
    """A greeting or thanks (nlu.chat reads them) gets a short friendly reply; '' for anything else."""
    if chat.greeting(body):
        return replies.greeting()
    if chat.thanks(body):
        return replies.thanks()
    return ""


__all__ = ["handle", "route"]
