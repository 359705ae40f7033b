from __future__ import annotations

import pytest

from nlu.parser import Parser


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("kitna payment baki hai", "balance"),  # Hinglish dues
        ("please send my ledger", "balance"),  # English statement request
        ("mera order kab aayega", "status"),  # when will it come
        ("gaadi nikli kya?", "status"),  # has the van left
        ("order cancel kar do", "cancel"),
        ("kal wala order mat bhejna", "cancel"),  # don't send
        ("pichla order dobara bhejo", "repeat"),
        ("same as last time", "repeat"),
        ("haan theek hai", "confirm"),
        ("👍", "confirm"),  # emoji only
        ("nahi, galat hai", "reject"),
        ("wrong quantity, change it", "reject"),
        ("help", "help"),
        ("how to order?", "help"),
        ("thanks", "other"),
        ("tractor white ka rate kya hai", "other"),  # price enquiry names a product, orders nothing
        ("", "other"),  # empty message
        ("tractor white 20L 2 bucket", "order"),
        (
            "tractor white 20L 2 bucket aur mera balance kitna hai",
            "order",
        ),  # an order with a balance question
        ("galat hai, maine tractor white 20L 5 bucket bola tha", "reject"),  # quoting items while rejecting
    ],
)
def test_intents_follow_the_cue_tables(trade_parser: Parser, text: str, intent: str) -> None:
    assert trade_parser.parse(text).intent == intent


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("status of order SO-1043", "SO-1043"),
        ("order no 2231 ka kya hua", "2231"),
        ("Order 1187 cancel karo", "1187"),
        ("order kab aayega", None),
    ],
)
def test_status_and_cancel_messages_carry_the_order_number(
    trade_parser: Parser, text: str, ref: str | None
) -> None:
    parsed = trade_parser.parse(text)
    assert parsed.order_ref == ref
    assert parsed.lines == ()
