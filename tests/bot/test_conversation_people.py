"""Who is writing: field reps act for their assigned shops only; unknown numbers are listed for ops."""

from __future__ import annotations

import pytest

from domain.models import Order, ReviewItem, UnknownSender
from tests.bot.conversation_support import (
    D01,
    REP_MANY,
    REP_ONE,
    REP_OTHER,
    STRANGER,
    Chat,
)

REPS = [
    # a rep names an assigned shop: the draft is for that shop and says so
    (
        REP_MANY,
        ["Order for Laxmi Provision Stores:\nmaggi 5 cs\ntata salt 10 bag"],
        ["*Order draft SO-1001*", "For: Laxmi Provision Stores", "Tata Salt"],
        [("D03", "awaiting_confirmation")],
    ),
    # a rep with one shop needs no name
    (
        REP_ONE,
        ["kurkure 5 rs 20 ladi, lays blue 2 peti"],
        ["For: Bhole Provision"],
        [("D10", "awaiting_confirmation")],
    ),
    # a shop not assigned to the rep is refused, nothing is placed
    (
        REP_MANY,
        ["for Agarwal General Stores: dhara tin 5"],
        ["Agarwal General Stores is not one of your shops"],
        [],
    ),
    # several shops and none named: a numbered question ...
    (REP_MANY, ["maggi 5 cs"], ["Which shop is this for?", "*2*) Ganesh Traders, Kamptee"], []),
    # ... answered with a number, the order continues for that shop
    (REP_MANY, ["maggi 5 cs", "2"], ["For: Ganesh Traders", "Maggi"], [("D02", "awaiting_confirmation")]),
    # the rep's YES confirms the draft he placed
    (REP_MANY, ["ganesh traders - saffola gold 1L 2 peti", "yes"], ["confirmed"], [("D02", "confirmed")]),
    # a rep asks the balance of a named shop of his
    (
        REP_MANY,
        ["Laxmi Provision Stores: balance"],
        ["*Laxmi Provision Stores* (D03)", "Owes: *₹96,480.00*"],
        [],
    ),
    # ... also with the name after the question
    (REP_MANY, ["balance Laxmi Provision Stores"], ["(D03)"], []),
    # a rep may not ask the balance of a shop that is not his
    (REP_MANY, ["Agarwal General Stores: balance"], ["not one of your shops"], []),
    # ... however he names it: a rep of one shop once got his own shop's balance for these
    (REP_ONE, ["balance Laxmi Provision Stores"], ["Laxmi Provision Stores is not one of your shops"], []),
    # (in Hinglish, answered in Hinglish: a rep has no language of his own, so his words choose it)
    (REP_ONE, ["Laxmi Provision Stores ka balance"], ["Laxmi Provision Stores aapki shops me nahi hai"], []),
    (REP_ONE, ["balance Sai Baba"], ["Sai Baba Super Market is not one of your shops"], []),
    (REP_ONE, ["status Agarwal General Stores"], ["Agarwal General Stores is not one of your shops"], []),
    # ... and with no shop named, the rep of one shop gets his shop's
    (REP_ONE, ["balance"], ["*Bhole Provision* (D10)"], []),
    (REP_MANY, ["balance Sai Baba Super Market"], ["Sai Baba Super Market is not one of your shops"], []),
]
DEALERS = [
    # a dealer's order for another shop is not booked on his own account
    (
        D01,
        "order for Agarwal General Stores: 10 peti maggi",
        "only take orders and show accounts for your own shop",
    ),
    (D01, "balance Laxmi Provision Stores", "your own shop, Shree Ganesh Kirana"),
    (D01, "Laxmi Provision Stores ka status", "your own shop, Shree Ganesh Kirana"),
    # his own shop named is his own
    (D01, "Shree Ganesh Kirana ka balance", "*Shree Ganesh Kirana* (D01)"),
    (D01, "Shree Ganesh Kirana: maggi 2 peti", "*Order draft SO-1001*"),
]


@pytest.mark.parametrize(("rep", "messages", "says", "orders"), REPS)
def test_a_field_rep_acts_only_for_his_assigned_shops(
    chat: Chat, rep: str, messages: list[str], says: list[str], orders: list[tuple[str, str]]
) -> None:
    reply = chat.play(rep, messages)
    for fragment in says:
        assert fragment in reply
    assert [(o.dealer.code, o.state) for o in _orders(chat)] == orders


@pytest.mark.parametrize(("dealer", "text", "says"), DEALERS)
def test_a_dealer_acts_for_his_own_shop_only(chat: Chat, dealer: str, text: str, says: str) -> None:
    assert says in chat.send(dealer, text)
    assert [(o.dealer.code, o.state) for o in _orders(chat)] == (
        [("D01", "awaiting_confirmation")] if "Order draft" in says else []
    )


def _orders(chat: Chat) -> list[Order]:
    with chat.sessions() as session:
        import sqlalchemy as sa
        from sqlalchemy.orm import selectinload

        return list(session.scalars(sa.select(Order).options(selectinload(Order.dealer)).order_by(Order.id)))


def test_a_rep_cannot_see_the_status_of_an_order_of_a_shop_he_does_not_serve(chat: Chat) -> None:
    chat.play(D01, ["maggi 2 peti", "yes"])  # D01 is served by rep 901 only
    assert "could not find order *SO-1001*" in chat.send(REP_OTHER, "status SO-1001")
    assert "*SO-1001* (Shree Ganesh Kirana): *Confirmed*" in chat.send(REP_MANY, "status SO-1001")


def test_a_rep_with_drafts_for_two_shops_confirms_the_older_one_by_its_number(chat: Chat) -> None:
    chat.send(REP_MANY, "Order for Ganesh Traders: maggi 2 peti")
    chat.send(REP_MANY, "Order for Shree Ganesh Kirana: maggi 3 peti")
    assert "Order SO-1001 confirmed" in chat.send(REP_MANY, "yes SO-1001")
    assert [(o.number, o.state) for o in _orders(chat)] == [
        ("SO-1001", "confirmed"),
        ("SO-1002", "awaiting_confirmation"),
    ]


def test_a_dealer_cannot_confirm_a_draft_his_rep_placed_for_him(chat: Chat) -> None:
    chat.send(REP_MANY, "Order for Shree Ganesh Kirana: maggi 2 peti")
    assert "Nothing is waiting" in chat.send(D01, "yes")
    assert [o.state for o in _orders(chat)] == ["awaiting_confirmation"]


def test_an_unknown_number_gets_a_polite_reply_and_is_listed_once_for_ops(chat: Chat) -> None:
    first = chat.send(STRANGER, "hello, mujhe bhi order dena hai")
    second = chat.send(STRANGER, "10 peti maggi")  # tells no language: his last message's, Hinglish
    assert "Ye number abhi register nahi hai" in first and first == second
    [row] = chat.rows(UnknownSender)
    assert (row.phone, row.count, row.last_text) == (STRANGER, 2, "10 peti maggi")
    assert chat.count(ReviewItem, ReviewItem.kind == "unknown_sender") == 1
    assert chat.count(Order) == 0


def test_media_from_a_rep_is_queued_for_review_with_its_links(chat: Chat) -> None:
    reply = chat.send(
        REP_MANY, "photo of order", media=("https://api.twilio.com/m/1", "https://api.twilio.com/m/2")
    )
    assert "Got your file" in reply
    [item] = chat.rows(ReviewItem, ReviewItem.kind == "media")
    assert item.parse["media_urls"] == ["https://api.twilio.com/m/1", "https://api.twilio.com/m/2"]
    assert item.message_text == "photo of order" and item.phone == REP_MANY
