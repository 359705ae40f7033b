"""Messages that ask for something other than goods: a payment told, a claim, a question, a language.

    answer(turn, body, parsed, shop) -> bool

Each reader in `HANDLERS` looks at the message first (it reads its words through nlu) and takes
it, answering the sender, or leaves it (False) for the order flow. `shop()` is the shop the
message is about (a rep with several shops is asked which, and gets None meanwhile). `aside` does the
same while a question the bot asked is open, and asks it again.

    payments.answer   "payment kar diya 25000 gpay se, UTR 4471..."  -> a payment to verify
    claims.answer     "kal ki 3 peti me 1 peti tel leak thi"          -> a claim for the claims queue
    questions.answer  "parle g 20 wala kitne ka padega", "SO-1043 ka bill" -> his price, scheme,
                      stock; the bill of an order
    language.answer   "Hindi me bolo"                                 -> replies in Hindi from now on
"""

from __future__ import annotations

from collections.abc import Callable

from bot.conversation import claims, language, payments, questions
from bot.conversation.turn import Turn
from bot.parsing import parse
from domain.models import Dealer
from nlu.language import asked_language
from nlu.types import ParsedMessage

Shop = Callable[[], Dealer | None]
Handler = Callable[[Turn, str, ParsedMessage, Shop], bool]

HANDLERS: tuple[Handler, ...] = (language.answer, payments.answer, claims.answer, questions.answer)


def answer(turn: Turn, body: str, parsed: ParsedMessage, shop: Shop) -> bool:
    """True when one of the readers took the message (and answered it)."""
    return any(handler(turn, body, parsed, shop) for handler in HANDLERS)


def aside(turn: Turn, body: str, still_open: str) -> bool:
    """While the bot waits for an answer (state.py): a question about a price, a scheme, stock or a bill,
    a payment told or a claim is taken as at any other time, and the open question is asked again
    (`still_open`) and stays open. Only where the shop is known without asking (a dealer, a rep with
    one shop or naming one of his): False otherwise, and for any other message."""
    if questions.aside(turn, body, still_open):
        return True
    if asked_language(body) is not None:  # "English please" while a question is open: switch, ask again
        said = len(turn.replies)
        if (
            language.answer(turn, body, parse(turn.session, body, None), lambda: None)
            or len(turn.replies) > said
        ):
            turn.say(still_open)
            return True
    sender = turn.sender
    shops = sender.dealers()
    home = sender.dealer.code if sender.dealer is not None else (shops[0].code if len(shops) == 1 else None)
    parsed = parse(turn.session, body, home)
    code = home if sender.dealer is not None else (parsed.customer or home)
    known = next((s for s in shops if s.code == code), None)
    if known is None:
        return False
    for handler in (payments.answer, claims.answer):
        said = len(turn.replies)
        if handler(turn, body, parsed, lambda: known) or len(turn.replies) > said:
            turn.say(still_open)
            return True
    return False


__all__ = ["answer", "aside"]
