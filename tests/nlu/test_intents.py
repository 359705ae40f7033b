from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from nlu.intent import CUES, RULES, aside, decide, load_rules
from nlu.parser import Parser
from nlu.types import Product


@pytest.fixture(scope="module")
def shop() -> Parser:
    """Three trades in one small catalog: noodles by the case, urea by the bag, paint by the bucket."""
    return Parser(
        [
            Product(
                "MAG-70",
                "Maggi Masala Noodles 70g",
                (("case", Decimal(96)), ("pc", Decimal(1))),
                "case",
                brand="Maggi",
                aliases=("maggi",),
            ),
            Product(
                "UREA-45", "IFFCO Urea 45kg", (("bag", Decimal(1)),), "bag", brand="IFFCO", aliases=("urea",)
            ),
            Product(
                "AP-TRA-20L",
                "Asian Paints Tractor Emulsion White 20L",
                (("bucket", Decimal(1)),),
                "bucket",
                brand="Asian Paints",
                aliases=("tractor white",),
            ),
        ]
    )


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


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # status: where is it, when will it come, has it left
        ("maal kab tak pahunchega", "status"),  # Hinglish: by when will the goods arrive
        ("gaadi nikli kya", "status"),  # has the van left
        ("order pack ho gaya kya", "status"),  # is it packed yet
        ("kitne baje aayega", "status"),  # at what time
        ("मेरा ऑर्डर कब आएगा", "status"),  # Devanagari, read as "mera ordar kab aega"
        ("majha order kuthe ahe", "status"),  # Marathi: where is my order
        ("ऑर्डर कधी येईल", "status"),  # Marathi in Devanagari: when will it come
        ("maro order kya che", "status"),  # Gujarati: where is my order
        ("not delivered yet", "status"),  # English
        ("where's my order?", "status"),  # English, the apostrophe read away as in the rules file
        ("order abhi tak nahi aaya, 3 din ho gaye", "status"),  # "3 din" is how long, not an item line
        # balance: dues, ledger, statement
        ("ledger bhejo", "balance"),
        ("kitna baaki hai", "balance"),  # how much is left to pay
        ("khata bhej do", "balance"),  # the account book, not an order ("bhej do")
        ("कितना बाकी है", "balance"),  # Devanagari, read as "kitana baki hai"
        ("baki kiti ahe", "balance"),  # Marathi
        ("ketla baki che", "balance"),  # Gujarati
        ("what is my outstanding", "balance"),  # English
        ("payment kar diya, ab kitna baaki hai", "balance"),  # a payment made, then the question that counts
        # repeat: the same as last time
        ("jo pichli baar bheja tha wahi", "repeat"),
        ("last month jaisa", "repeat"),
        ("pichle mahine wala", "repeat"),
        ("पिछली बार वाला भेजो", "repeat"),  # Devanagari
        ("magil order parat pathva", "repeat"),  # Marathi: send the last order again
        ("gai vakhat jevu moklo", "repeat"),  # Gujarati: send as last time
        ("same as last time", "repeat"),  # English
        # confirm: yes to the draft order
        ("theek hai bhejo", "confirm"),
        ("हाँ", "confirm"),  # Devanagari yes, read as "han"
        ("ho chalel", "confirm"),  # Marathi: yes, that works
        ("pathva", "confirm"),  # Marathi: send it
        ("barabar che", "confirm"),  # Gujarati: it is right
        ("mokli do", "confirm"),  # Gujarati: send it
        ("ok go ahead", "confirm"),  # English
        # help: how do I use this
        ("kaise order karu", "help"),
        ("मदद चाहिए", "help"),  # Devanagari
        ("madat pahije", "help"),  # Marathi: I need help
        ("order kasa takaycha", "help"),  # Marathi: how to place an order
        ("order kevi rite karvo", "help"),  # Gujarati: how to order
        ("how do i order", "help"),  # English
        # cancel and reject
        ("order cancel kar do", "cancel"),
        ("रद्द करो", "cancel"),  # Devanagari
        ("order radd kara", "cancel"),  # Marathi
        ("order na moklo", "cancel"),  # Gujarati: don't send the order
        ("please cancel my order", "cancel"),  # English
        ("नहीं", "reject"),  # Devanagari no, read as "nahin"
        ("chukiche ahe", "reject"),  # Marathi: it is wrong
        ("khotu che", "reject"),  # Gujarati: it is wrong
        ("maggi 5 nahi 10 peti chahiye tha", "reject"),  # a correction quoting items is not a new order
        # other: trade talk that is not an order, no cue at all among the intents above
        ("payment kar diya", "other"),  # a payment made is news for accounts, not a balance question
        ("paise bhej diye", "other"),
        ("NEFT done", "other"),  # English
        ("cheque de diya", "other"),
        ("पेमेंट कर दिया", "other"),  # Devanagari, read as "pement kar diya"
        ("rate list pdf bhejo", "other"),  # a rate list is not help with the bot
        ("new price list aayi kya", "other"),
        ("maal toota hua aaya", "other"),  # a complaint: broken goods
        ("expiry wala maal aaya hai", "other"),  # expired goods
        ("damaged", "other"),  # English
        ("bucket leak ho raha hai", "other"),  # leaking goods
        ("godown kahan hai", "other"),  # where the godown is, not where the order is
        ("गोदाम कहाँ है", "other"),  # the same in Devanagari
        ("धन्यवाद", "other"),  # thanks, in Devanagari
    ],
)
def test_each_intent_is_read_in_every_language_dealers_write(shop: Parser, text: str, intent: str) -> None:
    assert shop.parse(text).intent == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # a message that only talks about goods is not an order, whatever product and number it names
        ("maggi ka rate kya hai 10 peti ka", "other"),  # a rate question
        ("5 peti maggi damaged aaya", "other"),  # a complaint
        ("5 peti maggi toota aaya, dusra bhejo", "other"),  # a complaint wins even over "send another"
        ("10 bag urea ka payment kar diya", "other"),  # a payment made for goods
        ("tractor white 2 bucket leak ho rahi hai", "other"),  # leaking goods, another trade
        # ... but a message that names items and asks for them is an order
        ("10 peti maggi bhej do", "order"),
        ("payment kal karunga, 5 bag urea bhejo", "order"),  # a payment remark inside an order
        ("payment kar diya, 5 bag urea aur bhejo", "order"),  # paid, and asks for more: still an order
        ("maal abhi tak nahi aaya, 10 peti maggi bhejo", "order"),  # chases one order and places another
        ("10 peti maggi aur mera balance kitna hai", "order"),  # an order with a balance question
        ("10 peti maggi, kal tak delivery chahiye", "order"),  # a delivery wish is not a status question
        ("10 bag urea ready rakhna, kal le jaunga", "order"),  # picked up by the dealer, still an order
        ("pichli baar wala maggi 10 peti", "order"),  # a repeat cue with items of its own
        ("maggi stock hai to 10 peti bhejo", "order"),  # a stock question that ends in an order
        ("urea 10 bag mokli do", "order"),  # Gujarati "send"
        ("10 bag urea pathva", "order"),  # Marathi "send"
        ("maggi 10 पेटी भेजो", "order"),  # Devanagari unit and verb
        ("10 peti maggi, rate 1150", "order"),  # a rate stated with the order, not asked
    ],
)
def test_item_lines_make_an_order_unless_the_message_only_talks_about_them(
    shop: Parser, text: str, intent: str
) -> None:
    assert shop.parse(text).intent == intent


@pytest.mark.parametrize(
    ("found", "has_items", "intent"),
    [
        ({"not_order"}, True, "other"),  # payment made or rate asked: the numbers are no order
        ({"not_order", "send"}, True, "order"),  # ... unless the message asks to send
        ({"overdue"}, True, "status"),  # "not come yet, 2 din ho gaye"
        ({"overdue", "send"}, True, "order"),
        ({"complaint", "send"}, True, "other"),  # a complaint wins even over "send"
        ({"strong_reject", "send"}, True, "reject"),
        ({"not_order", "balance"}, True, "balance"),  # then the usual priority: a balance question
        ({"send"}, False, "other"),  # "send" alone is no intent
        ({"status", "not_order"}, False, "status"),  # "payment kar diya, order kab aayega"
        ({"help", "not_order"}, False, "help"),  # "kya available hai, list bhejo"
    ],
)
def test_decide_weighs_the_labels_that_say_how_item_lines_count(
    found: set[str], has_items: bool, intent: str
) -> None:
    assert decide(found, "", has_items=has_items) == intent


@pytest.mark.parametrize(
    ("words", "labels"),
    [
        (["kal", "wala", "mat", "bhejo"], {"cancel"}),  # "mat bhejo" holds the "bhejo" of send
        (["godown", "kahan", "hai"], {"not_order"}),  # the godown's place, not the order's ("kahan hai")
        (["samajh", "nahi", "aaya"], {"help"}),  # "did not understand", not "nahi aaya" (not arrived)
        (["galat", "maal", "aaya"], {"complaint"}),  # wrong goods came: a complaint, not a refusal
        (["galat", "hai"], {"reject", "strong_reject"}),  # one phrase, two tables: both labels stay
    ],
)
def test_the_longest_of_overlapping_cues_counts(words: list[str], labels: set[str]) -> None:
    from nlu import spans

    assert spans.find(words).labels == labels


def test_the_rules_file_is_read_as_messages_are() -> None:
    assert "hisab" in CUES["balance"]  # written "हिसाब": kept as the text a message becomes
    assert "kitana baki" in CUES["balance"]  # "कितना बाकी"
    assert "wheres" in CUES["status"]  # "where's" loses its apostrophe, as in a message
    assert set(CUES) >= {"cancel", "status", "complaint", "not_order", "overdue", "send", "strong_reject"}
    assert RULES.parent.name == "rules" and RULES.is_file()


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("kab aayega\n", "intents.txt line 1: phrases before any [table]"),
        ("[statuss]\nkab aayega\n", "intents.txt line 1: '[statuss]' is not a table"),
        ("[status]\nkab aayega | ??\n", "intents.txt line 2: '??' has no words once normalised"),
        ("[status]\nkab\n\n[status]\n", "intents.txt line 4: table [status] appears twice"),
    ],
)
def test_a_bad_rules_file_names_the_line_and_what_is_wrong(tmp_path: Path, text: str, error: str) -> None:
    path = tmp_path / "intents.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(error)):
        load_rules(path)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # what a person must answer is no balance, repeat or order the bot acts on
        ("list attached hai, usi hisaab se bhej dena", "other"),  # "accordingly": this hisaab is no account
        ("उसी हिसाब से भेज देना", "other"),  # the same in Devanagari
        ("last order ka bill bhejo", "other"),  # a bill asked for is no repeat order
        ("pichle mahine ka bill chahiye", "other"),
        ("SO-1043 ka bill", "other"),
        ("10 peti maggi wale order ka bill bhejo", "other"),  # items named in a bill request are no order
        # ... while the cues they held still work alone
        ("mera hisaab bhejo", "balance"),
        ("last order dobara bhejo", "repeat"),
        ("usi hisaab se 10 peti maggi bhej dena", "order"),  # items with "send" stay an order
    ],
)
def test_a_bill_or_an_attachment_is_no_balance_repeat_or_order(shop: Parser, text: str, intent: str) -> None:
    assert shop.parse(text).intent == intent


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("last order ka bill bhejo", "bill"),  # a bill or invoice, sent by the office
        ("SO-1043 ka bill chahiye", "bill"),
        ("invoice bhej do", "bill"),  # English word, Hinglish verb
        ("बिल भेजो", "bill"),  # Devanagari
        ("list attached hai, usi hisaab se bhej dena", "attachment"),  # points at a file sent apart
        ("📎 bill attached", "attachment"),  # an attached bill is a file, not a bill asked for
        ("photo bheja hai, dekh lo", "attachment"),
        ("10 peti maggi", None),  # an order asks nothing of a person
        ("balance", None),
        ("rate list pdf bhejo", None),  # asks for a file: no file of the dealer's to read
    ],
)
def test_aside_names_what_a_message_asks_of_a_person(text: str, asks: str | None) -> None:
    assert aside(text) == asks
