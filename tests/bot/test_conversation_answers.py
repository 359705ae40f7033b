"""Answers to the bot's questions (ship or wait?, cancel?, which one?) are read by nlu.answers, and an
answer that refuses never goes ahead: "mat bhejo" to the stock-shortfall question confirms nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from bot.conversation.state import Conversation
from domain.models import Order, OrderLine, Sku, StockLevel
from tests.bot.conversation_support import D01, D06, Chat

SHORT = "maggi 10 peti, maggi 4 pack 2 cs"  # the 4-pack is out of stock at the demo godown
TIDE = "TIDE-1KG"  # in stock at the demo godown until a test takes it


def order_rows(chat: Chat) -> list[tuple[str, str]]:
    return [(o.number, o.state) for o in chat.rows(Order)]


def lines(chat: Chat) -> list[tuple[int, str, str, str]]:
    return [(ln.sku_id, str(ln.qty), ln.uom, str(ln.net)) for ln in chat.rows(OrderLine)]


def waiting(chat: Chat, phone: str) -> str:
    [row] = chat.rows(Conversation, Conversation.phone == phone)
    return row.waiting_for


def ask_shortfall(chat: Chat) -> list[tuple[int, str, str, str]]:
    """A draft short of stock: it shows the shortfall and asks ship-or-wait before any YES."""
    draft = chat.send(D06, SHORT)
    assert "*Short of stock:*" in draft and "*1*) Confirm and ship what is in stock now" in draft
    assert "Reply *YES* to confirm" not in draft
    assert waiting(chat, D06) == "shortfall"
    return lines(chat)


def ask_shortfall_after_yes(chat: Chat) -> list[tuple[int, str, str, str]]:
    """A draft in stock whose stock goes before the YES: the YES asks ship-or-wait."""
    draft = chat.send(D06, "maggi 10 peti, tide 1kg 2 cs")
    assert "Short of stock" not in draft
    with chat.sessions() as session, session.begin():
        tide = session.scalars(sa.select(Sku).where(Sku.sku == TIDE)).one()
        session.scalars(sa.select(StockLevel).where(StockLevel.sku_id == tide.id)).one().on_hand = Decimal(0)
    assert "we are short of stock on" in chat.send(D06, "yes")
    assert waiting(chat, D06) == "shortfall"
    return lines(chat)


REFUSALS = [
    "mat bhejo",  # Hinglish "don't send": its "bhejo" once read as "ship what is in stock"
    "मत भेजो",  # the same in Devanagari
    "rehne do",  # "leave it"
    "nahi",
    "don't send",
    "pathvu naka",  # Marathi "don't send"
    "👎",
]


@pytest.mark.parametrize("text", REFUSALS)
def test_a_refusal_to_the_shortfall_question_after_a_yes_confirms_nothing_and_changes_no_order(
    chat: Chat, text: str
) -> None:
    before = ask_shortfall_after_yes(chat)
    reply = chat.send(D06, text)
    assert "not confirmed" in reply and "SO-1001" in reply
    assert order_rows(chat) == [("SO-1001", "awaiting_confirmation")]
    assert lines(chat) == before
    assert waiting(chat, D06) == ""


@pytest.mark.parametrize("text", REFUSALS)
def test_a_refusal_to_a_draft_short_of_stock_drops_it_and_ships_nothing(chat: Chat, text: str) -> None:
    ask_shortfall(chat)
    reply = chat.send(D06, text)
    assert "draft SO-1001 is dropped" in reply
    assert order_rows(chat) == [("SO-1001", "cancelled")]
    assert waiting(chat, D06) == ""


SHIPS = [
    ("1", "ship_available"),
    ("2", "back_order"),
    ("wait", "back_order"),  # option 2 is "wait and get the full order"
    ("baad me", "back_order"),
]
AFTER_YES = [
    ("haan", "ship_available"),  # after a YES, a yes to "ship what is in stock, or wait?" ships it
    ("ok bhej do", "ship_available"),
    ("हाँ", "ship_available"),
    ("ho", "ship_available"),  # Marathi yes
]


@pytest.mark.parametrize(("text", "choice"), SHIPS)
def test_a_number_or_a_wait_to_a_draft_short_of_stock_confirms_as_chosen(
    chat: Chat, text: str, choice: str
) -> None:
    ask_shortfall(chat)
    reply = chat.send(D06, text)
    assert "*Order SO-1001 confirmed.*" in reply
    assert ("back-order" in reply) == (choice == "back_order")
    assert order_rows(chat) == [("SO-1001", "confirmed")]
    assert len(lines(chat)) == (1 if choice == "ship_available" else 2)  # the 4-pack has none


@pytest.mark.parametrize(("text", "choice"), SHIPS + AFTER_YES)
def test_a_yes_a_number_or_a_wait_to_the_shortfall_question_after_a_yes_confirms_as_chosen(
    chat: Chat, text: str, choice: str
) -> None:
    ask_shortfall_after_yes(chat)
    reply = chat.send(D06, text)
    assert "*Order SO-1001 confirmed.*" in reply
    assert ("back-order" in reply) == (choice == "back_order")
    assert order_rows(chat) == [("SO-1001", "confirmed")]


@pytest.mark.parametrize("text", ["yes", "haan", "ok bhej do", "haan par 5 hi"])
def test_a_plain_yes_to_a_draft_short_of_stock_asks_which_choice(chat: Chat, text: str) -> None:
    """The draft asked "1 (ship what is there) or 2 (wait)?": a yes could mean either, so it asks."""
    before = ask_shortfall(chat)
    assert "reply *1* to ship what is in stock now, or *2* to wait" in chat.send(D06, text)
    assert order_rows(chat) == [("SO-1001", "awaiting_confirmation")] and lines(chat) == before
    assert waiting(chat, D06) == "shortfall"


def test_a_draft_with_nothing_in_stock_does_not_offer_to_ship_what_is_in_stock(chat: Chat) -> None:
    draft = chat.send(D06, "maggi 4 pack 2 cs")  # out of stock: shipping "what is there" ships nothing
    assert "*Short of stock:*" in draft and "*1*)" not in draft and "Reply *2*" in draft
    assert "Please reply *2* to wait" in chat.send(D06, "1")
    assert order_rows(chat) == [("SO-1001", "awaiting_confirmation")]
    assert "back-order" in chat.send(D06, "2")
    assert order_rows(chat) == [("SO-1001", "confirmed")]


def test_a_yes_with_a_quantity_to_the_shortfall_question_asks_again(chat: Chat) -> None:
    before = ask_shortfall_after_yes(chat)
    assert "reply *1* to ship what is in stock now, or *2* to wait" in chat.send(D06, "haan par 5 hi")
    assert order_rows(chat) == [("SO-1001", "awaiting_confirmation")] and lines(chat) == before
    assert waiting(chat, D06) == "shortfall"


CANCEL_ANSWERS = [
    ("haan", "cancelled"),  # YES cancels
    ("mat bhejo", "cancelled"),  # "don't send" to "Cancel SO-1001?" means cancel
    ("cancel kar do", "cancelled"),
    ("मत भेजो", "cancelled"),
    ("no", "confirmed"),  # NO keeps it
    ("cancel mat karo", "confirmed"),  # "don't cancel" keeps it
    ("bhej do", "confirmed"),  # "send it" keeps it
    ("rehne do", "confirmed"),  # "leave it": nothing changes
    ("nako", "confirmed"),  # Marathi no
]


@pytest.mark.parametrize(("text", "state"), CANCEL_ANSWERS)
def test_the_answer_to_cancel_is_read_by_what_it_means_for_the_order(
    chat: Chat, text: str, state: str
) -> None:
    chat.play(D01, ["10 peti maggi", "yes", "order cancel kar do"])
    reply = chat.send(D01, text)
    assert ("is cancelled" in reply) == (state == "cancelled")
    assert ("stays as it is" in reply) == (state == "confirmed")
    assert order_rows(chat) == [("SO-1001", state)]
    assert waiting(chat, D01) == ""


def test_a_wait_to_cancel_keeps_the_question_and_the_order(chat: Chat) -> None:
    chat.play(D01, ["10 peti maggi", "yes", "order cancel kar do"])
    assert "*YES* to cancel" in chat.send(D01, "ruko")
    assert order_rows(chat) == [("SO-1001", "confirmed")]
    assert waiting(chat, D01) == "cancel"


PICK_ANSWERS = [
    ("mat bhejo", "number from 1 to 2"),  # not an option: asked again, nothing cancelled or drafted
    ("haan", "number from 1 to 2"),
    ("ruko", "number from 1 to 2"),
]


@pytest.mark.parametrize(("text", "says"), PICK_ANSWERS)
def test_a_yes_no_or_wait_to_which_one_asks_for_the_number_again(chat: Chat, text: str, says: str) -> None:
    chat.send(D01, "lux 1 peti, maggi 2 peti")
    assert says in chat.send(D01, text)
    assert order_rows(chat) == [] and waiting(chat, D01) == "pick"


def test_a_number_word_picks_an_option(chat: Chat) -> None:
    chat.send(D01, "lux 1 peti, maggi 2 peti")
    assert "*Order draft SO-1001*" in chat.send(D01, "दो")
    assert order_rows(chat) == [("SO-1001", "awaiting_confirmation")]
