"""A payment told on WhatsApp: kept for staff to verify against the bank, the sender thanked.

    "payment kar diya 25000 gpay se, UTR 4471..."   -> a reported payment awaiting verification
    "Laxmi Provision Stores: 5000 cash diya"  (rep)  -> the same, for that shop

nlu.payments reads the message (None: not a payment told, the message is left to the rest of the
bot). The report is kept for `shop()` (a rep with several shops is asked which first; his answer
brings the message back here) and never changes the balance: staff verify it on /console/payments,
which books it and tells the dealer. The same reference told again, or the same message replayed,
notes nothing new. A draft waiting for its YES is left as it is.

A message that also asks what the flow answers ("50000 NEFT kiya, ab balance kitna", "payment kar
diya, 10 peti maggi bhejo") is noted and then left to the flow too (False), so the sender gets both
replies. An order without a word asking to send it is the parser reading the amount as items
("₹12,500 bhej diye phonepe se"): the payment is the whole message.
"""

from __future__ import annotations

from collections.abc import Callable

from bot import replies
from bot.conversation.turn import Turn
from domain.models import Dealer
from domain.services.reported_payments import report_payment
from nlu.payments import asks_to_send, read_payment
from nlu.types import ParsedMessage

ALSO_ANSWERED = frozenset({"order", "balance", "status", "repeat", "cancel"})  # intents the flow answers too


def answer(turn: Turn, body: str, parsed: ParsedMessage, shop: Callable[[], Dealer | None]) -> bool:
    """True when the message told a payment and nothing else the flow must answer."""
    told = read_payment(body)
    if told is None:
        return False
    dealer = shop()
    if dealer is None:  # a rep was asked which shop, or told it is not his
        return True
    done = report_payment(
        turn.session,
        dealer.code,
        amount=told.amount,
        mode=told.mode,
        reference=told.reference,
        text=body,
        told_by=turn.inbound.phone,
        told_at=turn.now,
        message_ref=turn.inbound.message_sid,
    )
    row = done.payment
    if done.created:
        name = dealer.name if turn.sender.is_rep else ""
        turn.say(replies.payment_noted(row.amount, row.mode, row.reference, shop=name))
    else:
        turn.say(replies.payment_noted_before(row.amount, row.reference, verified=row.status == "verified"))
    also = parsed.intent in ALSO_ANSWERED and (parsed.intent != "order" or asks_to_send(body))
    return not also


__all__ = ["answer"]
