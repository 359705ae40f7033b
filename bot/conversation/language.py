"""A dealer choosing the language of his replies: "Hindi me bolo", "English please", "Hinglish chalega".

    answer(turn, body, parsed, shop) -> bool

nlu.language.asked_language reads the request (conservatively: a message that is no clear request
is left for the other readers and the order flow). The choice is stored on the dealer
(dealers.language, the column the console and the dealers master file set too) and confirmed in
the new language. A field rep's request is about his own messages, and reps have no stored
language: he is told his replies follow the language he writes in.
"""

from __future__ import annotations

from collections.abc import Callable

from bot import replies
from bot.conversation.turn import Turn
from bot.i18n import speaking
from domain.models import Dealer
from nlu.language import asked_language
from nlu.types import ParsedMessage


def answer(turn: Turn, body: str, parsed: ParsedMessage, shop: Callable[[], Dealer | None]) -> bool:
    """True when the message asked for a language (and was answered)."""
    if parsed.lines:  # an order that happens to name a language ("english oven 5 pkt") is an order
        return False
    locale = asked_language(body)
    if locale is None:
        return False
    dealer = turn.sender.dealer
    with speaking(locale):
        if dealer is None:
            turn.say(replies.language_follows_writing())
            return True
        dealer.language = locale
        turn.session.flush()
        turn.say(replies.language_set())
    return True
