"""Which shop a field rep orders for, and that the shop's words never become order items.

The dealers below are written for these tests: shops of five trades, with names
that share words on purpose (three "Shree Ganesh" shops, two "Om Sai", two
"Gupta", two "Kisan") so that only the town can tell some of them apart.
"""

from __future__ import annotations

import pytest

from nlu.customer import CustomerFinder
from nlu.normalise import tokenize
from nlu.parser import Parser
from nlu.types import DealerRef

DEALERS = [
    # kirana
    DealerRef("K01", "Sharma Traders", "Indore"),
    DealerRef("K02", "Sharma General Store", "Dewas"),
    DealerRef("K03", "Balaji Kirana Stores", "Indore"),
    DealerRef("K04", "Shree Ganesh Kirana", "Indore"),
    DealerRef("K05", "Gupta Kirana", "Mhow"),
    DealerRef("K06", "Annapurna Kirana", "Sanwer"),
    DealerRef("K07", "Maa Durga Kirana Store", "Ujjain"),
    # electricals
    DealerRef("E01", "Jain Electricals", "Chakan"),
    DealerRef("E02", "New Royal Electricals", "Lonavala"),
    DealerRef("E03", "Royal Lighting Point", "Hinjewadi"),
    DealerRef("E04", "Mauli Electricals", "Alandi"),
    DealerRef("E05", "Shree Ganesh Electric & Hardware", "Pimpri"),
    DealerRef("E06", "Om Sai Electricals", "Hadapsar"),
    # agri inputs
    DealerRef("A01", "Kisan Krushi Kendra", "Pusad"),
    DealerRef("A02", "Kisan Agro Agencies", "Yavatmal"),
    DealerRef("A03", "Patil Krushi Seva Kendra", "Akola"),
    DealerRef("A04", "Om Sai Krushi Kendra", "Washim"),
    DealerRef("A05", "Gajanan Krishi Kendra", "Khamgaon"),
    # pharma
    DealerRef("P01", "Apollo Medical", "Nagpur"),
    DealerRef("P02", "Sanjivani Medical Stores", "Wardha"),
    DealerRef("P03", "Shree Ganesh Medical & General Stores", "Amravati"),
    DealerRef("P04", "Life Care Medical", "Nagpur"),
    # hardware
    DealerRef("H01", "Vishwakarma Hardware", "Satara"),
    DealerRef("H02", "Bharat Hardware & Paints", "Sangli"),
    DealerRef("H03", "Gupta Hardware", "Karad"),
]


@pytest.fixture(scope="module")
def finder() -> CustomerFinder:
    return CustomerFinder(DEALERS)


def found(finder: CustomerFinder, text: str) -> tuple[str | None, str | None]:
    """(dealer, first word of the body), so a row shows where the header ended."""
    tokens = tokenize(text)
    code, start = finder.find(tokens)
    return code, tokens[start].text if start < len(tokens) else None


@pytest.mark.parametrize(
    ("text", "customer", "body"),
    [
        ("Sharma Traders, Indore - maggi 10 cs", "K01", "maggi"),  # name, town, "-"
        ("Gupta Hardware Karad: fevicol 5 kg", "H03", "fevicol"),  # name town ":"
        ("Party: Apollo Medical\ndolo 650 10 strip", "P01", "dolo"),  # "Party:", items on the next line
        ("Party - Mauli Electricals, Alandi\nhavells 9w 20 pc", "E04", "havells"),  # "Party - X, Town"
        ("order for Jain Electricals Chakan:\nanchor wire 2 roll", "E01", "anchor"),  # "order for X Town:"
        ("Patil krushi ke liye: urea 20 bag", "A03", "urea"),  # "X ke liye:", a short name
        ("Annapurna ka order: tata salt 5 bag", "K06", "tata"),  # "X ka order:"
        ("Order from Vishwakarma Hardware:\nfevicol 5 kg", "H01", "fevicol"),  # "Order from X:"
        ("New Royal wale (Lonavala) – havells 9w 20 pc", "E02", "havells"),  # wale, (town), en dash
        ("Bharat Hardware wale (Sangli) — asian paints 4 bucket", "H02", "asian"),  # em dash
        ("Gajanan krishi kendra khamgaon sathi:\nurea 20 bag", "A05", "urea"),  # Marathi "sathi" (for)
        ("Life Care medicals Nagpur\ndolo 650 10 strip", "P04", "dolo"),  # a whole first line, plural
        ("Sanjeevani Medical Wardha: crocin 5 strip", "P02", "crocin"),  # a misspelt name still fits
        ("Sharma traders indore maggi 10 cs", "K01", "maggi"),  # no separator, but name and town
        ("M/s Gupta Hardware (Karad)\nfevicol 5 kg", "H03", "fevicol"),  # "M/s", the town in brackets
        ("Annapurna ka ordar: tata salt 5 bag", "K06", "tata"),  # "order" as transliterated Hindi spells it
    ],
)
def test_a_shop_header_names_its_dealer_and_ends_before_the_items(
    finder: CustomerFinder, text: str, customer: str, body: str
) -> None:
    assert found(finder, text) == (customer, body)


@pytest.mark.parametrize(
    ("text", "customer", "body"),
    [
        ("Forwarded\n*Order list*\n12/03/2024\nSanjivani Medical Wardha\ncrocin 5 strip", "P02", "crocin"),
        # noise lines after the shop line go with it
        ("Vishwakarma Hardware Satara\n*Order list*\nfevicol 5 kg", "H01", "fevicol"),
        ("Namaste sir\nOrder for Kisan Agro:\nurea 20 bag", "A02", "urea"),  # a greeting line first
        ("Fwd\nDate: 5 May\nRoyal Lighting Point - syska 9w 20 pc", "E03", "syska"),  # date with a month
    ],
)
def test_forwarded_and_greeting_lines_around_the_shop_line_are_skipped(
    finder: CustomerFinder, text: str, customer: str, body: str
) -> None:
    assert found(finder, text) == (customer, body)


@pytest.mark.parametrize(
    ("text", "customer", "stop"),
    [
        ("maggi 10 cs\nparle g 5 box\n- for Sharma Traders", "K01", "box"),  # the last line
        ("urea 20 bag - for Gajanan Krishi Kendra", "A05", "bag"),  # "- for X" on the same line
        ("dolo 650 10 strip\nApollo Medical Nagpur", "P01", "strip"),  # a last line of its own
        ("fevicol 5 kg\nGupta ji", None, None),  # two Gupta shops, no town: nobody
        ("urea 20 bag\n- for Patil Krushi Kendra\nthank you", "A03", "bag"),  # a thank-you after it
        ("maggi 10 cs\nAnnapurna Kirana Sanwer ke liye", "K06", "cs"),  # cue words after the name
    ],
)
def test_the_shop_named_last_is_found_and_cut_off_the_body(
    finder: CustomerFinder, text: str, customer: str | None, stop: str | None
) -> None:
    tokens = tokenize(text)
    located = finder.locate(tokens)
    assert located.code == customer
    assert located.body_start == 0
    if stop is not None:
        assert located.body_stop is not None
        assert tokens[located.body_stop - 1].text == stop


@pytest.mark.parametrize(
    ("text", "customer", "body"),
    [
        ("Shree Ganesh Pimpri: havells 9w 20 pc", "E05", "havells"),  # the town picks one of three
        ("Shree Ganesh Amravati ke liye dolo 650 10 strip", "P03", "dolo"),  # ... another town, another
        ("Shree Ganesh Kirana - maggi 10 cs", "K04", "maggi"),  # ... or the trade word does
        ("Shree Ganesh ka order: maggi 10 cs", None, "maggi"),  # three fit, no town: nobody, header eaten
        ("Om Sai Hadapsar - havells 9w 20 pc", "E06", "havells"),  # two "Om Sai", the town settles it
        ("Om Sai Krushi Kendra - urea 20 bag", "A04", "urea"),  # ... so do the trade words
        ("Om Sai ka order: urea 20 bag", None, "urea"),  # ... and without either nobody
        ("Gupta Karad: fevicol 5 kg", "H03", "fevicol"),  # surname and town
        ("Gupta ji ka order: fevicol 5 kg", None, "fevicol"),  # surname alone fits two
        ("Pusad Kisan - urea 20 bag", "A01", "urea"),  # town first, then the name
        ("Kisan Agro: urea 20 bag", "A02", "urea"),  # the second name word settles it
        ("Royal Lonavala: havells 9w 20 pc", "E02", "havells"),  # shared word, the town settles it
        ("Sharma Traders: maggi 10 cs", "K01", "maggi"),  # the whole name beats "Sharma General Store"
    ],
)
def test_the_town_settles_shared_names_and_nobody_is_guessed(
    finder: CustomerFinder, text: str, customer: str | None, body: str
) -> None:
    assert found(finder, text) == (customer, body)


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("Laxmi Electricals Chakan ka order: havells 9w 50 pc", "havells"),  # not Jain Electricals of Chakan
        ("Laxmi Medical Nagpur - dolo 650 10 strip", "dolo"),  # two medicals in Nagpur, neither is Laxmi
        ("Krushi Kendra Akola: urea 20 bag", "urea"),  # trade words and a town name nobody
        ("Chakan ke liye havells 9w 20 pc", "havells"),  # a town alone never picks a dealer
        ("Durga Hardware Satara ke liye: fevicol 5 kg", "fevicol"),  # one shop's name, another's trade
        ("Jain Brothers ka order: havells 9w 20 pc", "havells"),  # one shared word, one unknown: nobody
    ],
)
def test_a_shop_we_do_not_have_is_nobody_and_its_header_is_still_taken_out(
    finder: CustomerFinder, text: str, body: str
) -> None:
    assert found(finder, text) == (None, body)


@pytest.mark.parametrize(
    "text",
    [
        "havells 9w 50 pc",  # a brand is no shop
        "maggi 10 cs\nparle g 5 box",  # item lines only
        "balaji wafers 10 pkt",  # a shop's word that is also a product's, before a quantity
        "kisan urea 10 bag",  # ... and one two shops share
        "apollo 10 strip",  # one shop word and a quantity is no header
        "havells 9w: 20 pc",  # a colon after an item
        "19:19:19 dana 20 bag",  # a colon inside a product name
        "Forwarded\nmaggi 10 cs",  # a forwarded header alone names nobody and eats nothing
        "bhai 2 peti thums up bhej dena shaadi ka order hai",  # "ka order" after items is no header
        "electrical tape: 3 box",  # a trade word is no shop
        "Apollo\ndolo 650 10 strip",  # one shop word on a line may be a brand heading its items
        "Vishwakarma: fevicol 5 kg",  # ... so may one before a colon
        "Mauli electricals fan 2 pc",  # a shop's words run into an item with nothing between
    ],
)
def test_a_message_without_a_shop_header_keeps_every_token(finder: CustomerFinder, text: str) -> None:
    assert finder.find(tokenize(text)) == (None, 0)


@pytest.mark.parametrize(
    ("words", "customer"),
    [
        (["sharma", "trader"], "K01"),  # words from a header, already split
        (["sharma"], None),  # two Sharma shops
        (["electricals"], None),  # a trade word names nobody
        (["chakan"], None),  # a town names nobody
    ],
)
def test_match_reads_header_words(finder: CustomerFinder, words: list[str], customer: str | None) -> None:
    assert finder.match(words) == customer


def test_an_empty_dealer_list_finds_nobody() -> None:
    assert CustomerFinder([]).find(tokenize("Sharma Traders: maggi 10 cs")) == (None, 0)


@pytest.mark.parametrize(
    ("text", "customer"),
    [
        ("Order for Verma Paint House:\napex 20L 2", "H01"),  # "order for X:"
        ("verma paint ke liye apex 20L 2", "H01"),  # "X ke liye"
        ("Party: Sri Ganesh Hardware, Bhopal\napex 20L 2", "H03"),  # "Party: X, Town"
        ("Verma Electricals Sehore\napex 20L 2", "H02"),  # shop name on its own first line
        ("Verma Paint House wale (Bhopal) – apex 20L 2", "H01"),  # no separator token left
        ("Forwarded\n*Order list*\nVerma Paint House\napex 20L 2", "H01"),  # forwarded header
        ("verma ji ka order: apex 20L 2", None),  # two Verma shops fit: nobody
        ("Laxmi Paints Bhopal ka order: apex 20L 2", None),  # not Verma Paint House of Bhopal
        ("apex 20L 2", None),  # a dealer's own order names no customer
    ],
)
def test_rep_orders_name_their_shop_and_keep_their_items(
    trade_parser: Parser, text: str, customer: str | None
) -> None:
    parsed = trade_parser.parse(text)
    assert parsed.customer == customer
    assert [ln.sku for ln in parsed.lines] == ["AP-APX-20L"]
    assert parsed.unmatched == ()


def test_shop_name_words_do_not_become_items(trade_parser: Parser) -> None:
    parsed = trade_parser.parse("Verma Paint House:\napex 20L 2")
    assert parsed.unmatched == ()
    assert parsed.needs_review is False
