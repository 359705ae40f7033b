"""Small talk and statement words are read in nlu (nlu/rules/chat.toml), never by bot/ word lists."""

from __future__ import annotations

import pytest

from nlu.chat import greeting, thanks, wants_entries

GREETINGS = [
    ("hi", True),
    ("Hello sir", True),
    ("namaste ji 🙏", True),
    ("नमस्ते", True),  # Devanagari
    ("ram ram bhai", True),
    ("good morning sir ji", True),
    ("hi sir kaise ho", True),  # a greeting with "how are you"
    ("kem cho", False),  # "how are you" alone is no greeting word
    ("namaste, 10 peti maggi bhejo", False),  # a greeting before an order: the order's
    ("hi balance batao", False),
    ("", False),
]
THANKS = [
    ("thank you", True),
    ("ok thanks sir", True),
    ("dhanyavad", True),
    ("धन्यवाद जी", True),
    ("shukriya bhai", True),
    ("thik hai", False),
    ("10 peti maggi", False),
]
ENTRIES = [
    ("statement bhejo", True),
    ("khata dikhao", True),
    ("mera hisaab", True),
    ("हिसाब भेजो", True),
    ("account statement please", True),
    ("balance kitna hai", False),  # the total only
    ("kitna baki hai", False),
]


@pytest.mark.parametrize(("text", "expected"), GREETINGS)
def test_a_greeting_is_a_message_of_greeting_words_only(text: str, expected: bool) -> None:
    assert greeting(text) is expected


@pytest.mark.parametrize(("text", "expected"), THANKS)
def test_thanks_are_read_in_english_hinglish_and_hindi(text: str, expected: bool) -> None:
    assert thanks(text) is expected


@pytest.mark.parametrize(("text", "expected"), ENTRIES)
def test_a_balance_question_asking_for_the_entries_is_told_apart(text: str, expected: bool) -> None:
    assert wants_entries(text) is expected
