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
        ("status 1043", "1043"),  # the status word before the number
        ("1043 ka status", "1043"),  # Hinglish: the number first
        ("order no 1043 kab aayega", "1043"),  # the number inside a question
        ("status of order no. 1043", "1043"),  # English with punctuation
        ("ordr 1043 kab ayega", "1043"),  # a common misspelling of order
        ("status 12", None),  # two digits: a quantity or a day, not an order number
        ("1043", None),  # a bare number is left to the bot (it may be a reply to a question)
    ],
)
def test_status_and_cancel_messages_carry_the_order_number(
    trade_parser: Parser, text: str, ref: str | None
) -> None:
    parsed = trade_parser.parse(text)
    assert parsed.order_ref == ref
    assert parsed.lines == ()


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("status 1043", "status"),  # the status cue
        ("1043 ka status", "status"),
        ("order 1043", "status"),  # an order number alone asks about it
        ("order 1043 cancel karo", "cancel"),  # a cue outranks the bare reference
        ("order no 1043", "status"),  # the "no" of "order no" is "number", not a refusal of a draft
        ("order no. 1043 kab aayega", "status"),  # the same with punctuation and a status cue
        ("no, order 1043 wala nahi chahiye", "reject"),  # a "no" outside the order number still refuses
    ],
)
def test_a_message_naming_an_order_number_gets_the_intent_of_its_cue(
    trade_parser: Parser, text: str, intent: str
) -> None:
    assert trade_parser.parse(text).intent == intent


def test_spacy_reads_cues_and_order_numbers_from_a_blank_pipeline() -> None:
    from nlu import spans

    pipe = spans.pipeline()
    assert pipe.nlp.pipe_names == []  # spacy.blank("en"): no model, no download
    found = spans.find(["galat", "hai", "order", "no", "2231"])
    assert "strong_reject" in found.labels and found.refs == [4]
    before = len(pipe.nlp.vocab.strings)
    spans.find(["kab", "aayega", "zqxwv", "plmokn", "98765"])  # new words do not grow the vocabulary
    assert len(pipe.nlp.vocab.strings) == before
