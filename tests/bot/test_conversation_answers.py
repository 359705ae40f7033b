"""Answers to the bot's questions (ship or wait?, cancel?, which one?) are read by nlu.answers, and an
answer that refuses never goes ahead: "mat bhejo" to the stock-shortfall question confirms nothing."""

from __future__ import annotations

import pytest

from bot.conversation.state import Conversation
from domain.models import Order, OrderLine
from tests.bot.conversation_support import D01, D06, Chat

SHORT = "maggi 10 peti, maggi 4 pack 2 cs"  # the 4-pack is out of stock at the demo godown


def order_rows(chat: Chat) -> list[tuple[str, str]]:
    return [(o.number, o.state) for o in chat.rows(Order)]


def lines(chat: Chat) -> list[tuple[int, str, str, str]]:
    return [(ln.sku_id, str(ln.qty), ln.uom, str(ln.net)) for ln in chat.rows(OrderLine)]


def waiting(chat: Chat, phone: str) -> str:
    [row] = chat.rows(Conversation, Conversation.phone == phone)
    return row.waiting_for


def ask_shortfall(chat: Chat) -> list[tuple[int, str, str, str]]:
    chat.send(D06, SHORT)
    assert "short of stock" in chat.send(D06, "yes")
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
def test_a_refusal_to_the_shortfall_question_confirms_nothing_and_changes_no_order(
    chat: Chat, text: str
) -> None:
    before = ask_shortfall(chat)
    reply = chat.send(D06, text)
    assert "not confirmed" in reply and "SO-1001" in reply
    assert order_rows(chat) == [("SO-1001", "awaiting_confirmation")]
    assert lines(chat) == before
    assert waiting(chat, D06) == ""


SHIPS = [
    ("haan", "ship_available"),  # a yes to "ship what is in stock, or wait?" ships what is in stock
    ("ok bhej do", "ship_available"),
    ("हाँ", "ship_available"),
    ("ho", "ship_available"),  # Marathi yes
    ("1", "ship_available"),
    ("2", "back_order"),
    ("wait", "back_order"),  # option 2 is "wait and get the full order"
    ("baad me", "back_order"),
]


@pytest.mark.parametrize(("text", "choice"), SHIPS)
def test_a_yes_a_number_or_a_wait_to_the_shortfall_question_confirms_as_chosen(
    chat: Chat, text: str, choice: str
) -> None:
    ask_shortfall(chat)
    reply = chat.send(D06, text)
    assert "*Order SO-1001 confirmed.*" in reply
    assert ("back-order" in reply) == (choice == "back_order")
    assert order_rows(chat) == [("SO-1001", "confirmed")]


def test_a_yes_with_a_quantity_to_the_shortfall_question_asks_again(chat: Chat) -> None:
    before = ask_shortfall(chat)
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
