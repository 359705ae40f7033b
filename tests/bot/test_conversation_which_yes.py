"""Which order a YES is for (issue 11): every YES names the order it confirms; a bare YES with two
or more drafts waiting asks which; a YES naming an order confirms exactly that one; a YES answers
the question asked last ("Cancel SO-1001?" or a draft's "Reply YES"), and says which order it moved."""

from __future__ import annotations

import pytest

from domain.models import Order
from tests.bot.conversation_support import D01, REP_MANY, Chat

TWO_DRAFTS = ["maggi 8 peti", "naya order: parle g 5 peti"]  # SO-1001 stays open beside SO-1002
REP_TWO_DRAFTS = [
    "Order for Ganesh Traders: maggi 2 peti",
    "naya order: Order for Ganesh Traders: sprite 1 peti",
]


def orders(chat: Chat) -> list[tuple[str, str]]:
    return [(o.number, o.state) for o in chat.rows(Order)]


def test_a_yes_to_the_only_draft_names_the_order_it_confirms(chat: Chat) -> None:
    reply = chat.play(D01, ["maggi 8 peti", "haan"])
    assert "*Order SO-1001 confirmed.*" in reply
    assert orders(chat) == [("SO-1001", "confirmed")]


@pytest.mark.parametrize(
    "phone, messages, first",
    [
        (D01, TWO_DRAFTS, "*1*) SO-1001 Maggi"),  # number, lines in short, total
        (REP_MANY, REP_TWO_DRAFTS, "*1*) SO-1001 (Ganesh Traders) Maggi"),  # a rep sees the shop too
    ],
)
def test_a_bare_yes_with_two_drafts_waiting_asks_which_and_confirms_none(
    chat: Chat, phone: str, messages: list[str], first: str
) -> None:
    reply = chat.play(phone, [*messages, "yes"])
    assert "You have 2 orders waiting for your YES" in reply
    assert first in reply and "*2*) SO-1002" in reply and "₹" in reply
    assert "reply 1, 2, or YES SO-1001" in reply
    assert orders(chat) == [("SO-1001", "awaiting_confirmation"), ("SO-1002", "awaiting_confirmation")]


@pytest.mark.parametrize(
    "answer, confirmed, still_open",
    [
        ("1", ["SO-1001"], ["SO-1002"]),  # the number of a listed draft
        ("2", ["SO-1002"], ["SO-1001"]),
        ("yes SO-1001", ["SO-1001"], ["SO-1002"]),  # a YES naming the order
        ("both", ["SO-1001", "SO-1002"], []),  # every listed draft, in English, Hinglish, Hindi
        ("dono", ["SO-1001", "SO-1002"], []),
        ("sab", ["SO-1001", "SO-1002"], []),
        ("दोनों", ["SO-1001", "SO-1002"], []),
    ],
)
def test_the_answer_to_which_order_confirms_what_it_names(
    chat: Chat, answer: str, confirmed: list[str], still_open: list[str]
) -> None:
    chat.play(D01, [*TWO_DRAFTS, "yes"])
    reply = chat.send(D01, answer)
    for number in confirmed:
        assert f"*Order {number} confirmed.*" in reply
    for number in still_open:
        assert f"Order {number} confirmed" not in reply
    states = dict(orders(chat))
    assert [n for n, s in states.items() if s == "confirmed"] == confirmed
    assert [n for n, s in states.items() if s == "awaiting_confirmation"] == still_open


def test_an_option_that_is_not_listed_asks_again(chat: Chat) -> None:
    reply = chat.play(D01, [*TWO_DRAFTS, "yes", "3"])
    assert "reply 1, 2, or YES SO-1001" in reply
    assert orders(chat) == [("SO-1001", "awaiting_confirmation"), ("SO-1002", "awaiting_confirmation")]


def test_a_rep_answering_which_confirms_his_own_draft(chat: Chat) -> None:
    reply = chat.play(REP_MANY, [*REP_TWO_DRAFTS, "yes", "1"])
    assert "*Order SO-1001 confirmed.*" in reply
    assert orders(chat) == [("SO-1001", "confirmed"), ("SO-1002", "awaiting_confirmation")]


@pytest.mark.parametrize("text", ["YES SO-1001", "yes so 1001", "haan SO-1002"])
def test_a_yes_naming_an_order_confirms_exactly_that_one_without_asking(chat: Chat, text: str) -> None:
    chat.play(D01, TWO_DRAFTS)
    number = "SO-1002" if "1002" in text else "SO-1001"
    reply = chat.send(D01, text)
    assert f"*Order {number} confirmed.*" in reply and "waiting for your YES" not in reply
    assert [n for n, s in orders(chat) if s == "confirmed"] == [number]


def test_a_yes_to_the_cancel_question_asked_last_cancels_and_names_that_order(chat: Chat) -> None:
    chat.play(D01, ["maggi 8 peti", "yes", "naya order: parle g 5 peti"])
    assert "Cancel order *SO-1001*" in chat.send(D01, "cancel SO-1001")
    assert "Order SO-1001 is cancelled" in chat.send(D01, "yes")
    assert orders(chat) == [("SO-1001", "cancelled"), ("SO-1002", "awaiting_confirmation")]


def test_a_yes_naming_another_order_while_cancel_is_asked_confirms_that_one_and_cancels_nothing(
    chat: Chat,
) -> None:
    # today: "yes SO-1002" answered "Cancel SO-1001?" and cancelled SO-1001
    chat.play(D01, ["maggi 8 peti", "yes", "naya order: parle g 5 peti", "cancel SO-1001"])
    reply = chat.send(D01, "yes SO-1002")
    assert "*Order SO-1002 confirmed.*" in reply and "cancelled" not in reply
    assert orders(chat) == [("SO-1001", "confirmed"), ("SO-1002", "confirmed")]


def test_a_draft_sent_after_the_cancel_question_takes_the_yes_and_the_reply_names_it(chat: Chat) -> None:
    chat.play(D01, ["maggi 8 peti", "yes", "cancel SO-1001", "parle g 5 peti"])
    reply = chat.send(D01, "yes")
    assert "*Order SO-1002 confirmed.*" in reply and "cancelled" not in reply
    assert orders(chat) == [("SO-1001", "confirmed"), ("SO-1002", "confirmed")]


def test_a_yes_while_two_drafts_wait_and_cancel_is_asked_answers_the_cancel_question(chat: Chat) -> None:
    chat.play(D01, [*TWO_DRAFTS, "cancel SO-1001"])
    assert "Order SO-1001 is cancelled" in chat.send(D01, "yes")
    assert orders(chat) == [("SO-1001", "cancelled"), ("SO-1002", "awaiting_confirmation")]


def test_status_lists_every_draft_waiting_for_a_yes(chat: Chat) -> None:
    reply = chat.play(D01, [*TWO_DRAFTS, "status"])
    assert "*SO-1002*" in reply
    assert "SO-1001 Maggi" in reply and "YES SO-1001" in reply
    assert orders(chat) == [("SO-1001", "awaiting_confirmation"), ("SO-1002", "awaiting_confirmation")]


def test_a_bare_no_with_two_drafts_waiting_asks_which_and_drops_none(chat: Chat) -> None:
    reply = chat.play(D01, [*TWO_DRAFTS, "nahi"])  # once dropped the newest, SO-1002, unasked
    assert "You have 2 orders waiting for your YES" in reply and "Which one should I drop?" in reply
    assert "*1*) SO-1001 Maggi" in reply and "*2*) SO-1002" in reply
    assert orders(chat) == [("SO-1001", "awaiting_confirmation"), ("SO-1002", "awaiting_confirmation")]


@pytest.mark.parametrize(
    "answer, dropped, kept",
    [
        ("1", ["SO-1001"], ["SO-1002"]),  # the number of a listed draft
        ("2", ["SO-1002"], ["SO-1001"]),
        ("no SO-1002", ["SO-1002"], ["SO-1001"]),  # a NO naming the order
        ("dono", ["SO-1001", "SO-1002"], []),  # all of them
        ("nahi", [], ["SO-1001", "SO-1002"]),  # a NO to "which one should I drop?" drops none
        ("ruko", [], ["SO-1001", "SO-1002"]),  # no answer of the kind asked: asks again
    ],
)
def test_the_answer_to_which_draft_to_drop_drops_what_it_names(
    chat: Chat, answer: str, dropped: list[str], kept: list[str]
) -> None:
    chat.play(D01, [*TWO_DRAFTS, "no"])
    reply = chat.send(D01, answer)
    for number in dropped:
        assert f"draft {number} is dropped" in reply
    states = dict(orders(chat))
    assert sorted(n for n, s in states.items() if s == "cancelled") == dropped
    assert sorted(n for n, s in states.items() if s == "awaiting_confirmation") == kept


def test_a_no_naming_a_draft_drops_that_one_only(chat: Chat) -> None:
    reply = chat.play(D01, [*TWO_DRAFTS, "no SO-1001"])
    assert "draft SO-1001 is dropped" in reply
    assert orders(chat) == [("SO-1001", "cancelled"), ("SO-1002", "awaiting_confirmation")]
