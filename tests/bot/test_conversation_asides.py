"""A message a person must answer (a file pointed at, a bill asked for) changes no order, keeps an open
question open, and is told who will answer it."""

from __future__ import annotations

import pytest

from bot.conversation.state import Conversation
from domain.models import Order, ReviewItem
from tests.bot.conversation_support import D01, D06, Chat

ATTACHED = "list attached hai, usi hisaab se bhej dena"
BILL = "last order ka bill bhejo"
ORDER = "10 peti maggi"


def order_rows(chat: Chat) -> list[tuple[str, str]]:
    return [(o.number, o.state) for o in chat.rows(Order)]


def waiting(chat: Chat, phone: str) -> str:
    rows = chat.rows(Conversation, Conversation.phone == phone)
    return rows[0].waiting_for if rows else ""


ASIDES = [
    # (what came before, the message, the reply says, the question still open, the orders after)
    # a pick question stays open: the file is for a person, never a balance request
    (["lux 1 peti, maggi 2 peti"], ATTACHED, ["read by a person", "number from 1 to 2"], "pick", []),
    # a bill is answered by the bot (bot/conversation/questions.py), the question asked again
    (["lux 1 peti, maggi 2 peti"], BILL, [], "pick", []),
    # a draft waiting for YES is neither replaced by a repeat nor dropped
    ([ORDER], BILL, ["🧾 *SO-1001*"], "", [("SO-1001", "awaiting_confirmation")]),
    ([ORDER], ATTACHED, ["read by a person"], "", [("SO-1001", "awaiting_confirmation")]),
    # a confirmed order is not repeated as a new draft
    ([ORDER, "yes"], BILL, ["🧾 *SO-1001*"], "", [("SO-1001", "confirmed")]),
    # the cancel question stays open and the order stays
    (
        [ORDER, "yes", "order cancel kar do"],
        BILL,
        ["🧾 *SO-1001*", "*YES*"],
        "cancel",
        [("SO-1001", "confirmed")],
    ),
    # in Devanagari
    (["lux 1 peti, maggi 2 peti"], "उसी हिसाब से भेज देना, लिस्ट भेजी है", ["read by a person"], "pick", []),
    (["lux 1 peti, maggi 2 peti"], "पिछले ऑर्डर का बिल भेजो", [], "pick", []),
]


@pytest.mark.parametrize(("before", "text", "says", "still", "orders"), ASIDES)
def test_a_file_or_a_bill_changes_no_order_and_keeps_the_question(
    chat: Chat, before: list[str], text: str, says: list[str], still: str, orders: list[tuple[str, str]]
) -> None:
    chat.play(D01, before)
    reply = chat.send(D01, text)
    for fragment in says:
        assert fragment in reply
    assert "You owe" not in reply and "Order draft" not in reply
    assert waiting(chat, D01) == still
    assert order_rows(chat) == orders


def test_the_shortfall_question_stays_open_through_a_bill_request(chat: Chat) -> None:
    chat.send(D06, "maggi 10 peti, maggi 4 pack 2 cs")  # the draft asks: ship what is there, or wait?
    assert "SO-1001" in chat.send(D06, BILL)
    assert waiting(chat, D06) == "shortfall"
    assert order_rows(chat) == [("SO-1001", "awaiting_confirmation")]
    assert "*Order SO-1001 confirmed.*" in chat.send(D06, "1")  # and it still takes its answer


def test_a_bill_request_is_answered_by_the_bot_not_queued(chat: Chat) -> None:
    chat.play(D01, [ORDER, "yes"])
    assert "🧾 *SO-1001*" in chat.send(D01, BILL)
    assert chat.rows(ReviewItem) == []
