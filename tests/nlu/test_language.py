"""nlu.language: a dealer asking for the language of his replies, and the language a message is written in."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlu.language import asked_language, load_rules, written_in

ASKED = [
    # (message, locale asked or None) - what each row proves
    ("Hindi me bolo", "hi"),  # the issue's own words: Hindi is Devanagari
    ("hindi mein baat karo", "hi"),
    ("Hindi mein baat kijiye bhaiya", "hi"),  # politeness around it
    ("mujhse hindi me baat karo", "hi"),
    ("हिंदी में बोलो", "hi"),  # in Devanagari
    ("हिंदी", "hi"),  # the language alone is a request
    ("please reply in hindi only", "hi"),
    ("English please", "en"),
    ("reply in english", "en"),
    ("can you speak in English?", "en"),
    ("angrezi me likho", "en"),
    ("अंग्रेज़ी में बोलो", "en"),
    ("english", "en"),
    ("hindi nahi aati, english me likho", "en"),  # the language refused does not count
    ("english nahi, hindi me bolo", "hi"),
    ("no hindi please, english", "en"),
    ("Hinglish chalega", "hi_Latn"),
    ("roman hindi me likho", "hi_Latn"),  # the longer name wins over "hindi"
    ("hinglish me reply karo", "hi_Latn"),
    # not requests: the message is about something else, or unclear
    ("hindi film ka gaana", None),  # names a language, asks nothing of the bot
    ("english oven 5 pkt", None),  # an order (a number)
    ("maggi hindi wala", None),
    ("hindi samajh nahi aata", None),  # a complaint, not a choice: a person reads it
    ("not in hindi please", None),  # refuses one, names no other
    ("hindi ya english", None),  # two languages: unclear
    ("hindi me kya likha hai is bill pe", None),  # too many words of its own
    ("balance batao", None),
    ("10 peti maggi bhej do", None),
    ("yes", None),
]


@pytest.mark.parametrize(("text", "locale"), ASKED)
def test_a_language_is_read_only_from_a_clear_request(text: str, locale: str | None) -> None:
    assert asked_language(text) == locale


WRITTEN = [
    # (message, the language it is written in, None when its words do not tell)
    ("मैगी का रेट क्या है", "hi"),  # Devanagari is Hindi
    ("मैगी 10 पेटी भेज दो", "hi"),
    ("bhaiya 10 peti maggi aur 5 peti parle g bhej do", "hi_Latn"),  # Hindi function words
    ("maggi ka rate kya hai", "hi_Latn"),
    ("payment kitna baki hai", "hi_Latn"),
    ("haan", "hi_Latn"),
    ("nahi chahiye", "hi_Latn"),
    ("what is my balance", "en"),
    ("please send 10 cases of maggi", "en"),
    ("is maggi in stock", "en"),
    ("order bhej do", "hi_Latn"),  # trade words in English do not make it English
    ("yes", None),  # the bot's own keywords tell nothing
    ("NO", None),
    ("2", None),
    ("balance", None),
    ("10 peti maggi", None),  # products, numbers and units only
    ("status SO-1043", None),
]


@pytest.mark.parametrize(("text", "locale"), WRITTEN)
def test_the_language_of_a_message_is_read_from_its_script_and_words(text: str, locale: str | None) -> None:
    assert written_in(text) == locale


BAD_RULES = [
    ("[languages]\nmr = ['marathi']\n", "[languages] mr is no locale"),
    ("[languages]\nhi = ['hindi']\nen = ['hindi']\n", "'hindi' names hi and en"),
    ("[detect]\nhinglish = ['hai']\nenglish = ['hai']\n", "[detect] hai in both"),
]


@pytest.mark.parametrize(("toml", "error"), BAD_RULES)
def test_a_bad_rules_file_is_an_error_naming_what_is_wrong(tmp_path: Path, toml: str, error: str) -> None:
    path = tmp_path / "language.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(ValueError, match=error.replace("[", r"\[").replace("]", r"\]")):
        load_rules(path)
