"""How an order message changes the draft a dealer builds in pieces (nlu/changes.py): a new-order cue,
a removal, and whether each item adds to, sets or drops a line."""

from __future__ import annotations

import doctest
from decimal import Decimal

import pytest

from nlu import changes
from nlu.changes import kind_of_words, new_order, read_changes, removal
from nlu.types import ParsedLine, ParsedMessage, Unmatched

NEW_ORDERS = [
    # (message, what is left for the parser; None: no new-order cue)
    ("naya order: parle g 5 peti", "parle g 5 peti"),
    ("alag order parle g 5 peti", "parle g 5 peti"),
    ("dusra order - maggi 2 peti", "maggi 2 peti"),
    ("new order, 10 peti maggi", "10 peti maggi"),
    ("नया ऑर्डर: पारले जी 5 पेटी", "पारले जी 5 पेटी"),  # Hindi
    ("navin order maggi 2 peti", "maggi 2 peti"),  # Marathi
    ("naya order", ""),  # the cue alone leaves nothing
    ("maggi 10 peti", None),
    ("order kab aayega", None),  # "order" alone is no new order
]


@pytest.mark.parametrize(("text", "rest"), NEW_ORDERS)
def test_a_new_order_cue_is_found_and_taken_out(text: str, rest: str | None) -> None:
    assert new_order(text) == rest


REMOVALS = [
    # (message, the products it drops; None: it asks to drop nothing)
    ("sprite hata do", ("sprite",)),
    ("sprite cancel", ("sprite",)),
    ("sprite nahi chahiye", ("sprite",)),
    ("remove sprite", ("sprite",)),
    ("ye sprite wala mat bhejo", ("sprite",)),  # fillers are not part of the name
    ("sprite aur parle g hata do", ("sprite", "parle g")),  # two products joined
    ("sprite, parle-g nikal do", ("sprite", "parle-g")),
    ("स्प्राइट हटा दो", ("स्प्राइट",)),  # Hindi: the dealer's own words, for the parser
    ("sprite nako", ("sprite",)),  # Marathi
    ("order cancel kar do", ()),  # a remove word naming nothing: the whole order, not a line
    ("cancel", ()),
    ("maggi 10 peti", None),
    ("nahi", None),  # a plain no removes nothing
]


@pytest.mark.parametrize(("text", "names"), REMOVALS)
def test_a_removal_names_the_products_it_drops(text: str, names: tuple[str, ...] | None) -> None:
    assert removal(text) == names


KINDS = [
    # (the words said with one item, how it changes the draft)
    ("maggi 10 nahi 12 karo", "set"),  # the parser reads 12; "nahi ... karo" corrects the line
    ("maggi 12 kar do", "set"),
    ("maggi 10 ki jagah 8 peti", "set"),
    ("मैगी 10 नहीं 12 करो", "set"),
    ("make it 12 maggi", "set"),
    ("aur 5 peti sprite bhi", "add"),  # "aur" alone is "and": the default, add
    ("maggi 2 peti", "add"),
    ("maggi 2 peti extra kar do", "add"),  # an add word outweighs a set word
    ("maggi 2 peti aur bhejo", "add"),
    ("maggi 5 peti order karo", "add"),  # booking is no correction
    ("sprite 5 peti hata do", "remove"),
    ("maggi 5 peti nahi chahiye", "remove"),  # "nahi chahiye" is a removal, not the "nahi" of a fix
    # (issue 11) "in place of" and "only" are corrections too
    ("maggi 10 ki jagah 12 kar do", "set"),
    ("maggi 5 ki jagah 8 kardo", "set"),
    ("मैगी 10 की जगह 12 कर दो", "set"),  # Hindi
    ("maggi 10 ke badle 12", "set"),
    ("maggi 10 aivaji 12", "set"),  # Marathi ऐवजी
    ("मैगी 10 ऐवजी 12", "set"),
    ("maggi 12 instead of 10", "set"),
    ("maggi sirf 6 peti", "set"),  # only 6
    ("मैगी सिर्फ 6 पेटी", "set"),
    ("maggi fakt 6 peti", "set"),  # Marathi फक्त
    ("मैगी फक्त 6 पेटी", "set"),
    ("only 6 peti maggi", "set"),
    ("maggi 4 peti hi chahiye", "set"),  # "hi" after a quantity: only that much
    ("maggi 4 hi", "set"),
    ("मैगी 4 पेटी ही चाहिए", "set"),
    ("maggi galat likha, 4 peti hi chahiye", "set"),  # a correction word and a quantity
    ("maggi galat likha, 4 peti", "set"),
    ("hi, maggi 4 peti", "add"),  # the greeting "hi" before an item is no "only"
    ("aur 5 peti maggi", "add"),
    ("maggi 5 peti aur", "add"),
    ("sirf maggi 2 peti aur bhejo", "add"),  # an add word outweighs "sirf"
]


@pytest.mark.parametrize(("text", "kind"), KINDS)
def test_the_words_with_an_item_say_how_it_changes_the_draft(text: str, kind: str) -> None:
    assert kind_of_words(text) == kind


def _line(sku: str, text: str, start: int) -> ParsedLine:
    return ParsedLine(sku, Decimal(5), "case", 1.0, text, (start, start + len(text)), "alias")


def test_each_item_has_its_own_words_and_a_removal_item_is_taken() -> None:
    text = "maggi 10 nahi 12 karo aur sprite hata do, parle g 5 peti"
    parsed = ParsedMessage(
        "order",
        lines=(_line("MAG", "maggi 10 nahi 12", 0), _line("PAR", "parle g 5 peti", 42)),
        unmatched=(Unmatched("sprite hata", (26, 37)),),
    )
    assert read_changes(text, parsed) == changes.Changes(("set", "add"), ("sprite",), frozenset({0}))


def test_remove_words_after_an_item_drop_that_item() -> None:
    text = "sprite 5 peti hata do"
    parsed = ParsedMessage(
        "order", lines=(_line("SPR", "sprite 5 peti", 0),), unmatched=(Unmatched("hata", (14, 18)),)
    )
    assert read_changes(text, parsed) == changes.Changes(("remove",), (), frozenset({0}))


def test_an_unmatched_cue_word_belongs_to_the_item_before_it() -> None:
    text = "maggi 8 peti kara"  # Marathi "make it": the parser leaves "kara" unmatched
    parsed = ParsedMessage(
        "order", lines=(_line("MAG", "maggi 8 peti", 0),), unmatched=(Unmatched("kara", (13, 17)),)
    )
    assert read_changes(text, parsed) == changes.Changes(("set",), (), frozenset({0}))


def test_an_unmatched_item_that_is_no_removal_is_left_for_the_conversation() -> None:
    text = "maggi 2 peti, telma 5 box"
    parsed = ParsedMessage(
        "order", lines=(_line("MAG", "maggi 2 peti", 0),), unmatched=(Unmatched("telma 5 box", (14, 25)),)
    )
    assert read_changes(text, parsed) == changes.Changes(("add",))


def test_a_phrase_in_two_kinds_is_an_error(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "changes.toml"
    path.write_text('[phrases]\nset = ["karo"]\nadd = ["karo"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="'karo' is in \\[phrases\\] set and \\[phrases\\] add"):
        changes.load_rules(path)


def test_the_module_examples_hold() -> None:
    assert doctest.testmod(changes).failed == 0
