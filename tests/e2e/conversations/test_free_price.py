"""An item the price list gives free on purpose (issue 12, item 4): the dealer's YES never confirms an
order at ₹0.00; it waits for an approver, and the dealer is told it waits."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa

from domain.models import Dealer, Order, PriceRow, ReviewItem, Sku
from tests.support.chat import DEALER, Chat


def test_a_yes_to_an_order_priced_at_zero_waits_for_an_approver(chat: Chat) -> None:
    with chat.session() as session, session.begin():
        d01 = session.scalars(sa.select(Dealer).where(Dealer.code == "D01")).one()
        maggi = session.scalars(sa.select(Sku).where(Sku.sku == "MAG-MAS-70")).one()
        session.add(
            PriceRow(
                sku_id=maggi.id,
                uom="case",
                tier="",
                dealer_id=d01.id,
                dealer_key=d01.id,
                price=Decimal("0.00"),
            )
        )  # as prices.csv with free=yes stores it
    assert "SO-1001" in chat.say(DEALER, "maggi 2 peti")
    reply = chat.say(DEALER, "haan")
    assert "SO-1001" in reply and "confirmed" not in reply.lower() and "approval" in reply
    assert "₹0.00 wale item" in reply and "Maggi" in reply  # not "the rate you asked": he asked none
    assert "maange rate" not in reply
    assert [(o.number, o.state, o.total) for o in chat.rows(Order)] == [
        ("SO-1001", "on_hold", Decimal("0.00"))
    ]
    assert [(r.kind, r.status) for r in chat.rows(ReviewItem)] == [("zero_price", "open")]
