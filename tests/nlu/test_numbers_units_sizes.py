from __future__ import annotations

from decimal import Decimal

import pytest

from nlu.numbers import word_number
from nlu.sizes import size_of
from nlu.types import Product
from nlu.units import UNIT_WORDS, book


@pytest.mark.parametrize(
    ("word", "before_unit", "expected"),
    [
        ("12", False, Decimal(12)),  # digits
        ("1.5", False, Decimal("1.5")),  # decimals
        ("3/4", False, Decimal("0.75")),  # fractions ("3/4 inch")
        ("das", False, Decimal(10)),  # Hindi word
        ("dedh", False, Decimal("1.5")),  # one and a half
        ("aadha", False, Decimal("0.5")),  # half
        ("two", False, Decimal(2)),  # English word
        ("do", False, None),  # "bhej do" - not a number on its own
        ("do", True, Decimal(2)),  # "do peti" - two cases
        ("ek", True, Decimal(1)),  # "ek darjan"
        ("maggi", False, None),  # a word is not a number
    ],
)
def test_number_words_read_as_values_only_where_they_are_numbers(
    word: str, before_unit: bool, expected: Decimal | None
) -> None:
    assert word_number(word, before_unit=before_unit) == expected


@pytest.mark.parametrize(
    ("number", "word", "expected"),
    [
        ("70", "g", ("g", Decimal(70))),
        ("1", "kg", ("g", Decimal(1000))),  # kilos in grams, so 1kg == 1000g
        ("1.25", "ltr", ("ml", Decimal(1250))),
        ("500", "ml", ("ml", Decimal(500))),
        ("40", "mg", ("g", Decimal("0.04"))),  # pharma strength
        ("12", "mm", ("mm", Decimal(12))),  # TMT bar diameter
        ("1/2", "inch", ("mm", Decimal("12.7"))),  # pipe size
        ("9", "w", ("w", Decimal(9))),  # bulb wattage
        ("5", "peti", None),  # a unit word is not a size
    ],
)
def test_sizes_normalise_to_one_base_unit_per_dimension(number: str, word: str, expected: object) -> None:
    assert size_of(number, word) == expected


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("peti", "case"),
        ("ctn", "case"),
        ("crate", "case"),
        ("dabba", "box"),
        ("bx", "box"),
        ("bori", "bag"),
        ("katta", "bag"),
        ("patta", "strip"),
        ("ladi", "strip"),
        ("nos", "pc"),
        ("pkt", "pack"),
        ("btl", "bottle"),
        ("dzn", "dozen"),
        ("darjan", "dozen"),
        ("ltr", "litre"),
        ("coil", "roll"),
        ("bundle", "bundle"),  # a group: booked only as a multi-piece pack or a roll
        ("quintal", "quintal"),  # a measure of 100 kg
        ("jodi", "pair"),  # a trade unit no catalog sells in: read, never taken for chat
    ],
)
def test_dealer_unit_words_map_to_unit_kinds(word: str, kind: str) -> None:
    assert UNIT_WORDS[word] == kind


def _product(uoms: str, default: str, size: str = "") -> Product:
    pairs = tuple((u, Decimal(f)) for u, f in (part.split(":") for part in uoms.split("|")))
    return Product("X", "X " + size, pairs, default, size=size)


@pytest.mark.parametrize(
    ("kind", "word", "qty", "uoms", "expected"),
    [
        ("case", "peti", "2", "case:96|pc:1", ("case", Decimal(2))),  # the unit it is sold in
        ("box", "box", "5", "case:96|pc:1", ("case", Decimal(5))),  # box on a case-only SKU is the carton
        ("box", "dabba", "3", "tin:1", ("tin", Decimal(3))),  # an oil dabba is the tin
        ("case", "cs", "5", "bag:25|pc:1", ("bag", Decimal(5))),  # cs on a bag-only SKU is the bag
        ("pc", "pcs", "120", "case:60|pack:1", ("pack", Decimal(120))),  # pieces of a pack-base SKU
        ("pc", "nos", "2", "tin:1", ("tin", Decimal(2))),  # nos on a tin-only SKU
        ("pack", "pkt", "10", "bag:25|pc:1", ("pc", Decimal(10))),  # pkt without a pack unit is the piece
        ("dozen", "dzn", "3", "case:72|pc:1", ("pc", Decimal(36))),  # a dozen without a dozen unit
        ("dozen", "dzn", "3", "case:72|dozen:12|pc:1", ("dozen", Decimal(3))),  # sold by the dozen
        ("strip", "patta", "2", "case:72|pc:1", None),  # no sensible unit: caller sends it to review
        ("bundle", "bundle", "2", "pc:1|pack:5", ("pack", Decimal(2))),  # conduit sold in packs of 5
        ("bundle", "gaddi", "2", "pack:1", None),  # a bundle of single packets: how many is not known
        ("bundle", "bundle", "3", "roll:1", ("roll", Decimal(3))),  # a bundle of wire is its coil
        ("pc", "nag", "20", "kg:1", None),  # pieces of a SKU sold by weight are a guess
        ("roll", "coil", "2", "pc:1", None),  # a coil of a SKU sold in pieces: a person decides
        ("pair", "jodi", "2", "pc:1", None),  # no pair unit: review, never the default unit
    ],
)
def test_booking_picks_the_unit_a_clerk_would(
    kind: str, word: str, qty: str, uoms: str, expected: object
) -> None:
    assert book(kind, Decimal(qty), _product(uoms, uoms.split(":")[0]), word=word) == expected


@pytest.mark.parametrize(
    ("qty", "kind", "pack", "expected"),
    [
        ("20", "kg", ("g", Decimal(1000)), ("pc", Decimal(20))),  # 20 kg of the 1 kg pack
        ("10", "litre", ("ml", Decimal(1000)), ("pc", Decimal(10))),  # 10 L of the 1 L pack
        # 10 L of 500 ml packs: the catalog does not sell it by the litre, so a person books it
        ("10", "litre", ("ml", Decimal(500)), None),
        ("3", "kg", ("g", Decimal(2000)), None),  # 1.5 packs cannot be booked
    ],
)
def test_measures_become_pieces_of_the_pack_size(
    qty: str, kind: str, pack: tuple[str, Decimal], expected: object
) -> None:
    assert book(kind, Decimal(qty), _product("bag:25|pc:1", "bag"), pack_size=pack) == expected
