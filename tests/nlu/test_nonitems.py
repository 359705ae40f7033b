"""Non-item spans: what in an order message is a phone, an address, a reference, a date, a payment or
rate remark, a sign-off or chat - and that item lines of every trade are left alone."""

from __future__ import annotations

import doctest
import fnmatch
import tomllib
from pathlib import Path

import pytest

from nlu import nonitems
from nlu.nonitems import KINDS, non_items
from nlu.normalise import tokenize

ROOT = Path(__file__).resolve().parents[2]


def marked(text: str) -> list[tuple[str, str]]:
    """(kind, the message's own characters) for each span found."""
    tokens = tokenize(text)
    return [(s.kind, text[tokens[s.start].start : tokens[s.end - 1].end]) for s in non_items(tokens)]


PHONES = [
    # a lead word, the name after it, a number typed in two groups
    ("contact Mahesh 98220 45678 for unloading", [("phone", "contact Mahesh 98220 45678")]),
    # two lead words, +91 and dashes inside the number
    ("Mob no: +91 70200-11223", [("phone", "Mob no: +91 70200-11223")]),
    # no lead word: a 10-digit number from 6-9 is a mobile; the name before it comes along
    ("Ganesh 9011223344", [("phone", "Ganesh 9011223344")]),
    # an honorific after the name, and what is said after the number
    ("Ganesh bhai 9011223344 ko call karo", [("phone", "Ganesh bhai 9011223344 ko call karo")]),
    # the name in brackets after the number; "delivery ke liye" is not part of it
    ("delivery ke liye call 8888012345 (Pinto)", [("phone", "call 8888012345 (Pinto)")]),
    # "<name> ka number": the name before the lead word
    ("Sameer Patil ka number 7756012345 hai", [("phone", "Sameer Patil ka number 7756012345")]),
    # a 0 prefix, all digits in one token
    ("Anil 09822012345", [("phone", "Anil 09822012345")]),
    # 91 glued to the number
    ("whatsapp 919822012345", [("phone", "whatsapp 919822012345")]),
    # a landline is a phone only after a lead word
    ("ph 020 2765 4321", [("phone", "ph 020 2765 4321")]),
    ("gate 020 2765 4321", []),
    # ten digits from 1-5 without a lead word are no mobile
    ("code 5823012345", []),
    # the phone after items leaves the items alone
    ("urea 10 bag, dap 5 bag. Raju 9850012345", [("phone", "Raju 9850012345")]),
    # a filler before the number is no name
    ("maal bhejna 9850012345 pe", [("phone", "9850012345 pe")]),
]

ADDRESSES = [
    # "site:" opens an address that runs to the sentence end; the items after it stay
    (
        "Site: Plot 14, Shivneri Nagar, Chakan. 20mm pipe 10 length",
        [("address", "Site: Plot 14, Shivneri Nagar, Chakan.")],
    ),
    # "no." is an abbreviation, not a sentence end; the line end closes the address
    (
        "address - shop no. 7, near ST stand, Talegaon\nurea 10 bag",
        [("address", "address - shop no. 7, near ST stand, Talegaon")],
    ),
    # the address stops before a clause that holds a quantity with its unit
    ("deliver at Ravet godown, cement 50 bag", [("address", "deliver at Ravet godown")]),
    # "flat" with a number at a line start
    ("Flat 12, Gokul Apts\n2 pin plug top 1 box", [("address", "Flat 12, Gokul Apts")]),
    # "MS flat 25x5" is steel: flat mid-clause, and followed by a size
    ("MS flat 25x5 40 kg", []),
    ("flat 40 x 6 10 kg", []),
    # "opp." at a clause start
    ("opp. Hanuman mandir, Wakad", [("address", "opp. Hanuman mandir, Wakad")]),
    # the place comes before "pahuchana"; the quantity before it stays an item
    ("dap 10 bori Hinjewadi godown pe pahuchana", [("address", "Hinjewadi godown pe pahuchana")]),
    # a phone inside an address splits it: both kinds keep their words
    (
        "Add: Gala no 3, MIDC Bhosari, call 9763012345\nsaddle 25mm 3 pkt",
        [("address", "Add: Gala no 3, MIDC Bhosari,"), ("phone", "call 9763012345")],
    ),
    # "site pe" with a quantity: "site pe" is chat, the quantity an item
    ("site pe 20 bag cement bhejna", [("chat", "site pe")]),
    # an address that runs into a quantity gives up the word before it: it may be the item's name
    ("deliver at Moshi urea 10 bag", [("address", "deliver at")]),
    ("Wakad site pe dap 5 bag", [("chat", "site pe")]),
    ("Flat 302 Sai Residency finolex 2 coil", [("address", "Flat 302")]),
    # a clause holding a place word is a place, wherever the word stands, and so is the rest of its
    # line when no quantity is on it
    ("Gupta Traders, Station Road, Sehore\nurea 10 bag", [("address", "Station Road, Sehore")]),
    ("VPO Kalanwali, Distt Sirsa", [("address", "VPO Kalanwali, Distt Sirsa")]),
    # a PIN code makes its clause a place
    ("Madurai 625001", [("address", "Madurai 625001")]),
    # ... but a clause with a quantity in it is an item, place word or not
    ("ring road wala maal 5 bag", []),
]

REFERENCES = [
    # "PO" and the number, with "ka" said about it
    ("PO 5589 ka maal kab aayega", [("po", "PO 5589 ka")]),
    # dotted "p.o." and "no."
    ("p.o. no. 7781", [("po", "p.o. no. 7781")]),
    # "order N me ... jod do": the tail stops at the quantity
    ("order 6203 me 2 peti aur jod do", [("po", "order 6203 me")]),
    # "order no" makes even a short number a reference
    ("order no 312 dispatch hua?", [("po", "order no 312")]),
    # "order" with a 3-digit number and no "no" or tail is a quantity
    ("order 250 maggi", []),
    # a unit after the number: a quantity, never a reference
    ("order 12 peti parle g", []),
    ("bill no. 88 me galti hai", [("po", "bill no. 88 me")]),
    # a reference with a year in it is no date
    ("ref: 2024/118", [("po", "ref: 2024/118")]),
    ("LR 55012 ka photo bhejo", [("po", "LR 55012 ka")]),
    # "bill 10 tarikh": a date, not bill number 10
    ("bill 10 tarikh ka", [("date", "10 tarikh ka")]),
]

DATES = [
    # d/m in a header line
    ("*Maal list* 18/10\nlizol 500ml 2 peti", [("date", "18/10")]),
    # d.m.yyyy after "dt"
    ("bill dt 03.11.2025", [("date", "dt 03.11.2025")]),
    # d-m-yy and "ko"
    ("maal 15-01-26 ko chahiye", [("date", "15-01-26 ko")]),
    # a day, a part of the day, a time and "tak" in one span
    ("somvar shaam 6 baje tak gaadi bhejo", [("date", "somvar shaam 6 baje tak")]),
    # a day after an item: the item stays
    ("urea 20 bag parso subah", [("date", "parso subah")]),
    ("25 tarikh ke baad bhejna", [("date", "25 tarikh ke baad")]),
    ("4 din se maal nahi aaya", [("date", "4 din se")]),
    # a range of days
    ("2-3 din me bhej dena", [("date", "2-3 din me")]),
    ("agle hafte tak", [("date", "agle hafte tak")]),
    # h:mm next to a time word
    ("kal 11:30 tak", [("date", "kal 11:30 tak")]),
    # an ordinal with a month
    ("5th dec ko", [("date", "5th dec ko")]),
    ("next monday", [("date", "next monday")]),
    # only "kal" in an item line
    ("dap 5 bori kal bhej dena", [("date", "kal")]),
    # number words count days too
    ("teen din me pahucha dena", [("date", "teen din me"), ("chat", "pahucha dena")]),
    # "do" is "bhej do", not two, when no day word follows
    ("maggi bhej do", []),
    # a fraction shape becomes a date with a date cue
    ("dt 1/2", [("date", "dt 1/2")]),
]

NOT_DATES = [
    # fractions and ratings: a size word after, a fraction shape, or no month 16
    ("1/2 inch elbow 25 pc", []),
    ("elbow 3/4 15 nos", []),
    ("3/4", []),
    ("6/16 socket 2 box", []),
    ("5/8 clamp 2 pkt", []),
    # a decimal is no date, nor a range of cases
    ("2.25 ltr 2 peti", []),
    ("4-5 peti maggi", []),
    # NPK grades are no times
    ("npk 10:26:26 20 bag", []),
    ("20:20:0:13 10 bag", []),
    # h:mm with no time word is left alone
    ("ratio 1:10 mix", []),
    # d/m mid-line right before a quantity is a size ("10/12 ft" sheets)
    ("tin sheet 10/12 5 nos", []),
]

PAYMENTS = [
    ("payment parso tak kar dunga", [("payment", "payment parso tak kar dunga")]),
    ("chq de denge", [("payment", "chq de denge")]),
    ("baki paisa next week", [("payment", "baki paisa next week")]),
    # an amount with a comma, and the payment way
    ("paytm se 12,500 bheje hai", [("payment", "paytm se 12,500 bheje hai")]),
    # a UTR with letters glued to its digits
    ("UTR 5122330XX", [("payment", "UTR 5122330XX")]),
    # the remark after an item
    ("urea 10 bag, payment cash me", [("payment", "payment cash me")]),
    # a quantity with its unit ends the remark
    ("payment kal 5 peti maggi", [("payment", "payment kal")]),
    # "Crocin Advance" is a product: "advance" alone is no payment word
    ("crocin advance 15 strip", []),
]

RATES = [
    ("rate wahi purana lagana", [("rate", "rate wahi purana lagana")]),
    ("last bill ke rate pe dena", [("rate", "last bill ke rate pe dena")]),
    # after an item: the item stays
    ("maggi 10 peti old rate", [("rate", "old rate")]),
    ("same rate as last time", [("rate", "same rate as last time")]),
    # a rate with a number is the parser's (it reads asked rates), not a remark
    ("rate 1150 lagana", []),
    ("maggi 5 cs @ 600", []),
    # a rate question without "which rate" is left to intent
    ("cement ka rate kya hai", []),
    # discounts and schemes with their numbers
    ("2% cd laga dena", [("rate", "2% cd laga dena")]),
    ("scheme 12+1 dena", [("rate", "scheme 12+1 dena")]),
    # "4+1" with no scheme word is a product (a switch board)
    ("havells 4+1 board 10 pc", []),
]

SIGNOFFS = [
    ("tata salt 5 bag\nRegards,\nGanesh Kirana", [("signoff", "Regards,\nGanesh Kirana")]),
    ("lizol 2 peti\n- Prakash", [("signoff", "- Prakash")]),
    ("lizol 2 peti. dhanyawad sir", [("signoff", "dhanyawad sir")]),
    ("harpic 1 ltr 3 peti\nthanks & regards\nSai Traders", [("signoff", "thanks & regards\nSai Traders")]),
    # "-" opening every line is a bullet, not a signature
    ("- maggi 2 peti\n- tata salt", []),
    # a dash alone signs nothing
    ("maggi 5 peti\n-", []),
    # thanks before the items is no sign-off
    ("thank you, tata salt 5 bag", []),
    # a sign-off outranks the day-word inside a shop's name ("Sham" is also "evening")
    ("maggi 2 peti\nRegards, Sham Traders", [("signoff", "Regards, Sham Traders")]),
    # a thanks followed by a product is no sign-off
    ("harpic 3 peti\nthanks\nlizol", []),
]

# Devanagari arrives transliterated; its spellings are in the tables too.
DEVANAGARI = [
    ("यूरिया 20 बैग परसों शाम 4 बजे तक", [("date", "परसों शाम 4 बजे तक")]),
    ("पेमेंट अगले हफ्ते करूंगा", [("payment", "पेमेंट अगले हफ्ते करूंगा")]),
    ("संपर्क महेश 97654 32101", [("phone", "संपर्क महेश 97654 32101")]),
    ("ऑर्डर नंबर 5566 में जोड़ दो", [("po", "ऑर्डर नंबर 5566 में जोड़ दो")]),
    ("रेट पुराना वाला लगाना", [("rate", "रेट पुराना वाला लगाना")]),
]

CHAT = [
    ("site pe kaam band hai", [("chat", "site pe kaam band hai")]),
    # a count of times, not of goods
    ("4 baar phone kiya", [("chat", "4 baar")]),
    ("do baar bola tha", [("chat", "do baar")]),
    # a delivering verb with no place before it
    ("jaldi pahuchana", [("chat", "pahuchana")]),
]

# Item lines of several trades: nothing in them may be marked.
ITEM_LINES = [
    # grocery
    "aashirvaad atta 10 kg 5 bag",
    "tata salt 1 kg 2 bori",
    "fortune oil 1 ltr 3 peti",
    "parle g 5 rs 10 dabba",
    "clinic plus 1 rs 20 patta",
    "vim bar 10 wala 2 dzn",
    "good day 200 gm 2 ctn",
    "1 case (50 nos) dettol",
    # electricals
    "polycab 1.5 sqmm blue 3 coil",
    "havells 9w led 2 peti",
    "legrand 6A 1 way 5 box",
    "8 way db 3 nos",
    "2 pin top 1 box",
    "25mm conduit pipe 10 length",
    "4 core 2.5 sqmm cable 100 mtr",
    # agri inputs
    "dap 10 bag",
    "urea 45 kg 20 bori",
    "npk 12:32:16 15 bag",
    "coragen 150 ml 20 btl",
    "mancozeb 75% wp 1 kg 10 pkt",
    "hexaconazole 5% sc 1 ltr 6",
    "makka 9144 - 40 bag",
    # pharma
    "dolo 650 10 strip",
    "pan 40 20 strip",
    "augmentin 625 duo 3 box",
    "insulin 10 ml 4 vial",
    "ors 21 g 2 box",
    # building materials
    "ultratech cement 50 bag",
    "12mm tmt 2 ton",
    "3/4 tee 30 nos",
    "tiles 2x2 40 box",
    "pvc pipe 4 inch 10 length",
    "sand 2 brass",
    "apex 20 ltr 2 bucket",
    # a big quantity is no phone
    "maggi 1000 pc",
]

TABLES = PHONES + ADDRESSES + REFERENCES + DATES + NOT_DATES + PAYMENTS + RATES + SIGNOFFS + CHAT + DEVANAGARI


@pytest.mark.parametrize(("text", "expected"), PHONES)
def test_phones_are_marked_with_their_lead_word_and_name(text: str, expected: list[tuple[str, str]]) -> None:
    assert marked(text) == expected


@pytest.mark.parametrize(("text", "expected"), ADDRESSES)
def test_addresses_run_to_the_end_of_their_line_or_sentence(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert marked(text) == expected


@pytest.mark.parametrize(("text", "expected"), REFERENCES)
def test_order_and_bill_references_are_not_quantities(text: str, expected: list[tuple[str, str]]) -> None:
    assert marked(text) == expected


@pytest.mark.parametrize(("text", "expected"), DATES)
def test_dates_and_times_are_marked(text: str, expected: list[tuple[str, str]]) -> None:
    assert marked(text) == expected


@pytest.mark.parametrize(("text", "expected"), NOT_DATES)
def test_fractions_ratings_and_grades_are_not_dates(text: str, expected: list[tuple[str, str]]) -> None:
    assert marked(text) == expected


@pytest.mark.parametrize(("text", "expected"), PAYMENTS)
def test_payment_remarks_are_marked(text: str, expected: list[tuple[str, str]]) -> None:
    assert marked(text) == expected


@pytest.mark.parametrize(("text", "expected"), RATES)
def test_rate_remarks_without_a_number_are_marked(text: str, expected: list[tuple[str, str]]) -> None:
    assert marked(text) == expected


@pytest.mark.parametrize(("text", "expected"), SIGNOFFS)
def test_signoffs_close_the_message(text: str, expected: list[tuple[str, str]]) -> None:
    assert marked(text) == expected


@pytest.mark.parametrize(("text", "expected"), CHAT)
def test_chat_with_numbers_or_site_talk_is_marked(text: str, expected: list[tuple[str, str]]) -> None:
    assert marked(text) == expected


@pytest.mark.parametrize(("text", "expected"), DEVANAGARI)
def test_devanagari_messages_are_read_like_latin_ones(text: str, expected: list[tuple[str, str]]) -> None:
    assert marked(text) == expected


@pytest.mark.parametrize("text", ITEM_LINES)
def test_item_lines_of_every_trade_are_left_alone(text: str) -> None:
    assert marked(text) == []


def test_a_whole_message_keeps_its_items_and_marks_the_rest() -> None:
    text = (
        "Namaste ji, order dt 21/11\n"
        "Site - Plot 8, Sai Krupa Nagar, Alandi. Contact Vinod 97650 43210\n"
        "finolex 2.5 red 2 coil\n"
        "25mm bend 100 pcs\n"
        "payment parso, rate pichla wala\n"
        "- Santosh"
    )
    assert marked(text) == [
        ("date", "dt 21/11"),
        ("address", "Site - Plot 8, Sai Krupa Nagar, Alandi."),
        ("phone", "Contact Vinod 97650 43210"),
        ("payment", "payment parso"),
        ("rate", "rate pichla wala"),
        ("signoff", "- Santosh"),
    ]


@pytest.mark.parametrize(("text", "expected"), TABLES)
def test_spans_come_in_order_never_overlap_and_have_a_known_kind(
    text: str, expected: list[tuple[str, str]]
) -> None:
    spans = non_items(tokenize(text))
    assert all(s.kind in KINDS and s.start < s.end for s in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))


def test_an_empty_message_has_no_spans() -> None:
    assert non_items([]) == []


def test_the_docstring_examples_hold() -> None:
    assert doctest.testmod(nonitems).failed == 0


def test_the_word_lists_ship_with_the_package() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = pyproject["tool"]["setuptools"]["package-data"]["*"]
    assert any(fnmatch.fnmatch("rules/nonitems.toml", g) for g in globs)
