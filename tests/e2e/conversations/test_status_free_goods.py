"""The `status` reply lists the free goods the draft promised, at no charge, with the scheme
(issue 12, item 1): the dealer knows the free case is coming, and so does the rep."""

from __future__ import annotations

from decimal import Decimal

from domain.models import Order, OrderFreeGood
from tests.support.chat import DEALER, Chat


def test_status_of_a_confirmed_order_lists_its_free_case(chat: Chat) -> None:
    draft = chat.say(DEALER, "10 peti maggi")
    assert "🎁" in draft  # the draft promised it
    chat.say(DEALER, "YES")
    reply = chat.say(DEALER, "status")
    assert "Maggi 2-Minute Masala Noodles 70g: 10 cases" in reply
    scheme = "Maggi Masala 70g: every 10 cases get 1 case free"  # the scheme's name, not its code
    assert f"🎁 Maggi 2-Minute Masala Noodles 70g: 1 case free ({scheme})" in reply
    (order,) = chat.rows(Order)
    assert order.state == "confirmed"
    assert [(f.qty, f.uom, f.scheme) for f in chat.rows(OrderFreeGood)] == [
        (Decimal(1), "case", "MAGGI-10P1")
    ]


def test_status_of_an_order_without_free_goods_says_nothing_of_them(chat: Chat) -> None:
    chat.say(DEALER, "2 peti maggi")
    chat.say(DEALER, "YES")
    reply = chat.say(DEALER, "status")
    assert "Maggi 2-Minute Masala Noodles 70g: 2 cases" in reply
    assert "free" not in reply and "🎁" not in reply
    assert chat.rows(OrderFreeGood) == []
