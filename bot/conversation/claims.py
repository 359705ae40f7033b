"""A claim told on WhatsApp: goods damaged, leaking, expired, short or wrong, or to be taken back.

    "kal ki 3 peti me 1 peti tel leak thi"     -> claim CL-1001 (leak) on the latest delivered order
    "SO-1043 me 2 case maggi damage aaye"      -> claim on SO-1043: 2 cases of Maggi
    "Laxmi Provision Stores: 2 peti toota" (rep) -> the same, for that shop

nlu.claims reads the message (None: no claim, the message is left to the rest of the bot); the
parser reads the goods from the words nlu.claims leaves for it. The claim is stored open for
`shop()` (a rep with several shops is asked which first; his answer brings the message back here),
linked to the order named or, for "kal ki" / "last order", to the shop's latest dispatched,
delivered or invoiced order. An order number that is not the shop's gets the same "not found" as
everywhere else and nothing is stored. A claim changes no order and no draft: staff decide it on
/console/claims, which books a credit note and tells the dealer.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from bot import replies
from bot.conversation.turn import Turn
from bot.parsing import parse
from domain.models import Dealer, Order
from domain.services.claims import ClaimedGoods, delivered_with, file_claim
from domain.services.order_steps import normalise_number
from nlu.claims import read_claim
from nlu.types import ParsedMessage


def answer(turn: Turn, body: str, parsed: ParsedMessage, shop: Callable[[], Dealer | None]) -> bool:
    """True when the message was a claim (recorded, or refused for an order not the shop's)."""
    told = read_claim(body)
    if told is None:
        return False
    dealer = shop()
    if dealer is None:  # a rep was asked which shop, or told it is not his
        return True
    if told.also_orders:  # "5 peti bhejo, pichli baar 2 peti damage thi": which is which is a person's call
        turn.to_review(
            "parse", {"asks": "claim_and_order", "unclear": ["a claim and an order in one message"]}, dealer
        )
        turn.say(replies.claim_and_order())
        return True
    order: Order | None = None
    ref = told.order_ref or parsed.order_ref
    if ref is not None:
        number = normalise_number(ref)
        order = turn.session.scalars(sa.select(Order).where(Order.number == number)).first()
        if order is None or order.dealer_id != dealer.id:
            turn.say(replies.order_not_found(number))
            return True
    if told.goods_text:
        told = told.with_goods(parse(turn.session, told.goods_text, dealer.code))
    if order is None and told.latest:  # "kal ki": his latest delivery that holds the goods claimed
        order = delivered_with(turn.session, dealer.id, [g.sku for g in told.goods if g.sku])
    filed = file_claim(
        turn.session,
        dealer.code,
        told.reason,
        [ClaimedGoods(g.sku, g.qty, g.uom or "", g.words, g.candidates) for g in told.goods],
        order=order.number if order is not None else None,
        text=body,
        told_by=turn.inbound.phone,
        message_ref=turn.inbound.message_sid,
        notes=told.notes,
        now=turn.now,
    )
    turn.say(replies.claim_recorded(filed, shop=dealer.name if turn.sender.is_rep else ""))
    return True


__all__ = ["answer"]
