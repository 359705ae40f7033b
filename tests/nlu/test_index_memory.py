"""The catalog index keeps less memory without reading differently (tests/bench/memory.py measures it).

Its postings, alias products, families and SKU codes are what a plain, per-product build gives;
equal tuples are one object, posting sets are no bigger than a copy, and a product is slotted.
"""

from __future__ import annotations

import sys
from decimal import Decimal

import pytest

from nlu.index import CatalogIndex, _Build
from nlu.parser import Parser
from nlu.types import Product
from tests.bench.synthetic import catalog

CASE = (("case", Decimal(12)), ("pc", Decimal(1)))


def oil(sku: str, name: str, size: str, aliases: tuple[str, ...] = ()) -> Product:
    return Product(
        sku, name, CASE, "case", brand="Fortune", category="Edible Oil", size=size, aliases=aliases
    )


@pytest.fixture(scope="module")
def synthetic() -> tuple[list[Product], CatalogIndex]:
    products = catalog(2_000, seed=5)
    return products, CatalogIndex(products)


def test_postings_hold_exactly_the_products_whose_tokens_carry_the_word(
    synthetic: tuple[list[Product], CatalogIndex],
) -> None:
    _, index = synthetic
    expected: dict[str, set[int]] = {}
    for i, entry in enumerate(index.entries):
        for word in entry.tokens:
            expected.setdefault(word, set()).add(i)
    assert index.postings == expected
    assert all(type(found) is set for found in index.postings.values())


def test_families_and_sku_look_ups_point_at_their_entries(
    synthetic: tuple[list[Product], CatalogIndex],
) -> None:
    products, index = synthetic
    assert index.by_sku == {p.sku: i for i, p in enumerate(products)}
    assert index.codes == {p.sku.upper(): i for i, p in enumerate(products)}
    families: dict[str, list[int]] = {}
    for i, entry in enumerate(index.entries):
        families.setdefault(entry.family, []).append(i)
    assert index.families == families


def test_a_posting_set_is_no_bigger_than_a_copy_of_it(synthetic: tuple[list[Product], CatalogIndex]) -> None:
    _, index = synthetic
    for table in (index.postings, index.aliases):
        grown = [found for found in table.values() if sys.getsizeof(found) > sys.getsizeof(set(found))]
        assert grown == []


def test_sizes_of_one_product_share_its_word_tuples(synthetic: tuple[list[Product], CatalogIndex]) -> None:
    _, index = synthetic
    words = [e.name_words for e in index.entries]
    assert len({id(w) for w in words}) == len(set(words))  # one object per distinct tuple
    assert len(set(words)) < len(words) / 2  # and variants in several sizes do repeat them


@pytest.mark.parametrize(
    ("kind", "a", "b", "shared"),
    [
        ("words", ("maggi", "masala"), ("maggi", "masala"), True),  # equal words: one tuple
        ("sizes", (("ml", Decimal(1000)),), (("ml", Decimal(1000)),), True),
        # equal numbers written differently stay apart: a product keeps the digits it was given
        ("sizes", (("ml", Decimal("1000")),), (("ml", Decimal("1000.0")),), False),
        ("printed", (Decimal("1"),), (Decimal("1.0"),), False),
        ("prices", (10,), (10,), True),
    ],
)
def test_a_build_shares_only_tuples_that_are_the_same_to_the_letter(
    kind: str, a: tuple[object, ...], b: tuple[object, ...], shared: bool
) -> None:
    build = _Build()
    assert build.one(kind, a) is a
    assert (build.one(kind, b) is a) is shared
    assert build.one("words", b) is b  # kinds never mix


def test_a_sku_in_small_letters_is_found_by_its_code_in_capitals() -> None:
    index = CatalogIndex(
        [oil("fo-sun-1l", "Fortune Sunflower Oil 1L", "1L"), oil("FO-SOY-1L", "Fortune Soya 1L", "1L")]
    )
    assert index.codes == {"FO-SUN-1L": 0, "FO-SOY-1L": 1}
    assert index.by_sku == {"fo-sun-1l": 0, "FO-SOY-1L": 1}
    assert index.codes is not index.by_sku
    parser = Parser(index.products)
    assert [ln.sku for ln in parser.parse("FO-SUN-1L 5 cs").lines] == ["fo-sun-1l"]


def test_a_product_is_slotted_and_still_names_its_units() -> None:
    product = oil("F-1", "Fortune Soyabean Oil 1L", "1L")
    assert not hasattr(product, "__dict__")
    assert product.units == ("case", "pc")
    with pytest.raises(AttributeError):
        product.name = "other"  # type: ignore[misc]
