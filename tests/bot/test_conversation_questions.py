"""Questions on WhatsApp (bot/conversation/questions.py): each dealer his own price in the unit he asks,
the schemes open to him on the day, stock in stock / short / out, and nothing ordered by asking.

The replies are checked by what does not depend on the language they are written in: amounts, product
and scheme names, order numbers and the ✅ ⚠️ ❌ marks."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.models import Order, ReviewItem
from tests.bot.conversation_support import D01, D02, D06, REP_MANY, Chat

MAGGI = "Maggi 2-Minute Masala Noodles 70g"

A, B, SPECIAL, LIST = "₹1,070.00", "₹1,085.00", "₹1,060.00", "₹1,090.00"  # Maggi a case: A, B, D06, list

PRICES = [
    # (dealer, question, his price and price with GST in the reply, other dealers' prices never in it)
    (D01, "maggi ka rate kya hai", [f"{A} a case", "₹1,123.50"], [B, SPECIAL, LIST]),  # tier A
    (D02, "maggi ka rate kya hai", [f"{B} a case", "₹1,139.25"], [A, SPECIAL, LIST]),  # tier B
    (D06, "maggi ka rate kya hai", [f"{SPECIAL} a case", "₹1,113.00"], [A, B, LIST]),  # his special price
    # the unit asked: a case is 96 pieces
    (D01, "maggi pc ka rate kya hai", ["₹11.15 a pc"], [A]),
    (D02, "maggi pc ka rate kya hai", ["₹11.30 a pc"], ["₹11.15"]),
    (D01, "maggi 1 peti kitne ki", [f"{A} a case"], []),
    # a quantity: its total with GST and the free goods of the scheme, as the draft would show
    (D01, "maggi 10 peti kitne ka padega", ["10 ", "₹10,700.00 + GST ₹535.00 = *₹11,235.00*", "🎁 1 "], []),
    # Hindi and Marathi
    (D02, "मैगी का रेट क्या है", [f"{B} a case"], [A]),
    (D01, "maggi cha bhav kay aahe", [f"{A} a case"], []),
    # several products: a block each
    (D01, "parle g ka rate aur maggi ka rate", ["Parle-G", MAGGI, A], []),
]


@pytest.mark.parametrize(("phone", "text", "says", "never"), PRICES)
def test_each_dealer_is_told_his_own_price_and_nothing_is_ordered(
    chat: Chat, phone: str, text: str, says: list[str], never: list[str]
) -> None:
    reply = chat.send(phone, text)
    for fragment in says:
        assert fragment in reply
    for fragment in never:
        assert fragment not in reply
    assert chat.rows(Order) == [] and chat.rows(ReviewItem) == []


def test_a_product_that_fits_two_is_offered_with_both_prices_never_guessed(chat: Chat) -> None:
    reply = chat.send(D01, "lux ka rate")
    assert "Lux Soft Glow Rose" in reply and "Lux Fresh Glow Jasmine" in reply
    assert chat.rows(Order) == [] and chat.rows(ReviewItem) == []


def test_a_product_not_in_the_catalog_goes_to_a_person(chat: Chat) -> None:
    reply = chat.send(D01, "telma ka rate")
    assert "telma" in reply
    [item] = chat.rows(ReviewItem)
    assert (item.kind, item.parse["asks"]) == ("parse", "price")
    assert chat.rows(Order) == []


def test_a_rep_is_told_the_price_of_the_shop_he_names(chat: Chat) -> None:
    reply = chat.send(REP_MANY, "Ganesh Traders maggi ka rate")
    # a rep has no stored language: the answer follows his Hinglish
    assert "₹1,085.00 per peti" in reply and "Ganesh Traders" in reply  # D02's tier B price
    assert "₹1,070.00" not in reply
    assert chat.rows(Order) == []


DEC_6, NOV_5, OCT_20 = (datetime(2026, m, d, 6, tzinfo=UTC) for m, d in ((12, 6), (11, 5), (10, 20)))

SCHEMES = [
    # (day, question, schemes listed, schemes never listed)
    (DEC_6, "koi scheme chal rahi hai?", ["Winter chocolates"], ["Diwali soap"]),  # Diwali's is over
    (NOV_5, "koi scheme chal rahi hai?", ["Diwali soap", "Winter chocolates"], []),
    (OCT_20, "koi scheme chal rahi hai?", ["Diwali soap"], ["Winter chocolates"]),  # not begun yet
    (DEC_6, "surf excel pe offer", ["12 Rin bars free", "6 Surf Excel bars"], ["Parle"]),  # on the brand
    (DEC_6, "maggi pe koi scheme", ["Maggi Masala 70g: every 10 cases"], ["Parle"]),
    (DEC_6, "कोई स्कीम चल रही है", ["Maggi Masala 70g"], ["Diwali soap"]),
]


@pytest.mark.parametrize(("now", "text", "listed", "hidden"), SCHEMES)
def test_the_schemes_open_on_the_day_are_listed(
    chat: Chat, now: datetime, text: str, listed: list[str], hidden: list[str]
) -> None:
    chat.now = now
    reply = chat.send(D01, text)
    for name in listed:
        assert name in reply
    for name in hidden:
        assert name not in reply
    assert chat.rows(Order) == []


def test_a_tier_a_scheme_is_listed_for_tier_a_only(chat: Chat) -> None:
    chat.now = datetime(2026, 12, 6, 6, tzinfo=UTC)
    assert "Fortune Soya 1L 10 cases 2% off" in chat.send(D01, "koi scheme chal rahi hai?")
    assert "Fortune Soya 1L 10 cases 2% off" not in chat.send(D02, "koi scheme chal rahi hai?")


STOCK = [
    # (question, what the reply says, what it never says)
    ("sprite stock me hai?", ["Sprite 750ml", "✅"], ["⚠️", "❌"]),
    ("thums up 2.25 stock hai", ["Thums Up 2.25L", "❌"], ["✅"]),  # none in stock
    ("dhara 5 tin milega kya", ["⚠️", " 3 ", " 5 "], ["✅"]),  # 3 tins of 5: the draft says as much
    ("maggi 10 peti stock me hai", ["✅", "10 "], ["11712", "122"]),  # never the warehouse figure
    ("स्प्राइट स्टॉक में है?", ["Sprite 750ml", "✅"], []),
]


@pytest.mark.parametrize(("text", "says", "never"), STOCK)
def test_stock_is_told_in_short_or_out_without_warehouse_figures(
    chat: Chat, text: str, says: list[str], never: list[str]
) -> None:
    reply = chat.send(D01, text)
    for fragment in says:
        assert fragment in reply
    for fragment in never:
        assert fragment not in reply
    assert chat.rows(Order) == []


def test_a_question_while_a_draft_waits_leaves_the_draft_as_it_is(chat: Chat) -> None:
    chat.send(D01, "10 peti maggi")
    [before] = [(o.number, o.state, o.total) for o in chat.rows(Order)]
    assert "₹816.00" in chat.send(D01, "sprite ka rate kya hai")  # Sprite's list price: no tier row
    reply = chat.send(D01, "sprite stock me hai?")
    assert "Sprite 750ml" in reply and "Order draft" not in reply
    assert [(o.number, o.state, o.total) for o in chat.rows(Order)] == [before]
    assert "*Order SO-1001 confirmed.*" in chat.send(D01, "yes")  # the YES still confirms that draft
