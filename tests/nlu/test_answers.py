"""A reply to a question the bot asked, as dealers type it, in Hinglish, Hindi, Marathi and English."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from nlu.answers import Answer, load_rules, read_answer

YES, NO, WAIT, UNCLEAR = Answer("yes"), Answer("no"), Answer("wait"), Answer("unclear")
CANCEL = Answer("no", cancel=True)  # a no that calls the order off: YES to "Cancel SO-1043?"
SEND = Answer("yes", send=True)  # a yes that asks to send: NO to "Cancel SO-1043?"
ALL = Answer("yes", all=True)  # a yes to every option listed: "both" to "Which order? 1) ... 2) ..."


def number(n: int) -> Answer:
    return Answer("number", number=n)


def yes_but(qty: int, send: bool = False) -> Answer:
    return Answer("yes", qty=Decimal(qty), send=send)


ANSWERS = [
    # -- Hinglish
    ("haan", YES),  # the plain yes
    ("haan ji", YES),  # a polite yes is one phrase
    ("ok ji", YES),
    ("theek hai", YES),
    ("chalega", YES),  # "that will do"
    ("haan bhej do", SEND),  # "send it" agrees, and asks to send
    ("dono", ALL),  # "both" to "You have 2 orders waiting for your YES"
    ("sab", ALL),
    ("दोनों", ALL),  # Hindi
    ("both", ALL),  # English
    ("bhej do na", SEND),  # the pleading "na" is no refusal
    ("jitna hai utna bhej do", SEND),  # "send what there is"
    ("koi baat nahi", YES),  # "no problem": the "nahi" inside a yes phrase is no refusal
    ("haan par 5 hi", yes_but(5)),  # yes with a quantity: "yes, but only 5"
    ("ok, sirf 3 bhejo", yes_but(3, send=True)),  # the quantity may come before or after the yes word
    ("haan par paanch hi", yes_but(5)),  # a quantity written as a word
    ("nahi", NO),
    ("rehne do", NO),  # "leave it"
    ("mat bhejo", CANCEL),  # negation wins over the "bhejo" of a yes: a no that calls the order off
    ("haan mat bhejo", CANCEL),  # ... even after a yes word
    ("bhejo mat", CANCEL),  # the negation may come last
    ("cancel kar do", CANCEL),  # the "kar do" of a yes is part of the cancel
    ("cancel mat karo", NO),  # a cancel refused is a plain no, not a cancel (the longer phrase wins)
    ("nahi chahiye", NO),  # "don't want": no
    ("ok nahi", NO),  # negation wins over the yes word before it
    ("nahi, theek hai", NO),  # ... and after it
    ("ruko", WAIT),
    ("baad me", WAIT),  # "later"
    ("abhi nahi", WAIT),  # "not now" waits; it is no refusal
    ("nahi, baad me", NO),  # a refusal outranks a wait: nothing goes ahead
    ("2", number(2)),  # a bare number picks an option
    ("option 3", number(3)),
    ("2)", number(2)),  # copied the way the option is printed
    ("do", number(2)),  # a number word alone is a number, even one that is a verb elsewhere ("bhej do")
    ("koi nahi", number(0)),  # "none of these"
    ("doosra", number(2)),  # an ordinal
    ("list attached hai, usi hisaab se bhej dena", UNCLEAR),  # a message, not an answer: too many other words
    ("asdf", UNCLEAR),
    ("balance bhejo", UNCLEAR),  # a cue of another intent makes a short message no answer ...
    ("bill bhejo", UNCLEAR),  # ... so its "bhejo" ships nothing
    ("order kab aayega? ok", UNCLEAR),
    ("", UNCLEAR),
    ("yes sir 100%", YES),  # a percentage is no quantity
    ("yes SO-1043", YES),  # an order number is no quantity
    # -- emoji
    ("👍", YES),
    ("👍👍 ok", YES),
    ("👎", NO),
    ("👍 par mat bhejo", CANCEL),  # negation wins over a thumbs-up
    # -- Hindi, Devanagari (read transliterated: "हाँ" -> "han", "बाद में" -> "bad men")
    ("हाँ", YES),
    ("हाँ जी", YES),
    ("ठीक है", YES),
    ("चलेगा", YES),
    ("भेज दो", SEND),
    ("नहीं", NO),
    ("रहने दो", NO),
    ("मत भेजो", CANCEL),
    ("नहीं चाहिए", NO),
    ("रुको", WAIT),
    ("बाद में", WAIT),
    ("हाँ पर ५ ही", yes_but(5)),  # Devanagari digits are digits
    ("दो", number(2)),
    # -- Marathi
    ("ho", YES),
    ("हो", YES),
    ("chalel", YES),  # "that will do"
    ("ho chalel", YES),
    ("barobar", YES),  # "right"
    ("pathva", SEND),  # "send it"
    ("nako", NO),
    ("नको", NO),
    ("pathvu naka", CANCEL),  # "don't send"
    ("thamba", WAIT),  # "wait"
    ("नंतर", WAIT),  # "later"
    # -- English
    ("yes", YES),
    ("Yes please", YES),
    ("go ahead", YES),
    ("ship it", SEND),
    ("no", NO),
    ("no thanks", NO),
    ("don't send", CANCEL),  # the apostrophe is dropped: "dont send"
    ("do not send", CANCEL),  # "do" here is no number
    ("ok don't", NO),
    ("wait", WAIT),
    ("not now", WAIT),
    ("yes but only 5", yes_but(5)),
    ("none", number(0)),
    ("first", number(1)),
    ("no. 2", number(2)),  # "no." leading a number is "number", not a refusal
]


@pytest.mark.parametrize(("text", "expected"), ANSWERS)
def test_a_reply_to_the_bots_question_is_read_in_the_dealers_language(text: str, expected: Answer) -> None:
    assert read_answer(text) == expected


def test_every_phrase_of_the_table_reads_as_its_own_kind() -> None:
    rules = load_rules()
    for kind, phrases in rules.phrases.items():
        for phrase in phrases:
            answer = read_answer(" ".join(phrase))
            assert answer.kind == {"cancel": "no", "send": "yes", "all": "yes"}.get(kind, kind), phrase
            flags = (answer.cancel, answer.send, answer.all)
            assert flags == (kind == "cancel", kind == "send", kind == "all"), phrase


@pytest.mark.parametrize(
    ("table", "error"),
    [
        ('[phrases]\nyes = ["ok"]\nno = ["ok"]\n', "'ok' is in [phrases] yes and [phrases] no"),
        ('[phrases]\nmaybe = ["shayad"]\n', "[phrases] maybe is not a kind"),
        ('[phrases]\nyes = ["!!"]\n', "[phrases] yes: '!!' has no words once normalised"),
        ('[words]\nnot_answers = ["balanse"]\n', "[words] not_answers: balanse is no table of intents.txt"),
    ],
)
def test_a_bad_rules_file_says_what_is_wrong(tmp_path: Path, table: str, error: str) -> None:
    path = tmp_path / "answers.toml"
    path.write_text(table, encoding="utf-8")
    with pytest.raises(ValueError, match=error.replace("[", r"\[").replace("]", r"\]")):
        load_rules(path)
