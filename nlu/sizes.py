"""Pack sizes and strengths: "70g", "1.25 L", "aadha kilo", "40mg", "12mm", "1.5 sqmm".

    >>> size_of("500", "gm"), size_of("1.25", "ltr"), size_of("12", "mm")
    (('g', Decimal('500')), ('ml', Decimal('1250')), ('mm', Decimal('12')))

A size is (dimension, amount in the dimension's base unit). Sizes pick
between variants; they are never quantities. The word tables are data, in
nlu/rules/sizes.txt.

    >>> SIZE_UNITS["mg"], "rs" in PRICE_WORDS, ("mm", "sqmm") in CONFUSED_DIMS
    (('g', Decimal('0.001')), True, True)
"""

from __future__ import annotations

from decimal import Decimal

from nlu import tables
from nlu.numbers import word_number

# The tables are data: nlu/rules/sizes.txt says what each one means.
_RULES = tables.load("sizes.txt")
# size word -> (dimension, multiplier to the dimension's base unit)
SIZE_UNITS: dict[str, tuple[str, Decimal]] = tables.amounts(_RULES, "size_units")
# Words that only make sense as a unit right after a number (so "in", "m" stay words elsewhere).
WEAK_SIZE_WORDS = tables.word_set(_RULES, "weak_size_words")
# "rs 10", "10 rs", "10 rupees", "10 wala": an MRP price point, never a quantity
PRICE_WORDS = tables.word_set(_RULES, "price_words")
WALA_WORDS = tables.word_set(_RULES, "wala_words")
# A dealer's size in one dimension may mean another: "1.5mm wire" is the 1.5 sq mm wire.
CONFUSED_DIMS = tables.pairs(_RULES, "confused_dims")


def size_of(number: str, word: str) -> tuple[str, Decimal] | None:
    unit = SIZE_UNITS.get(word)
    if unit is None:
        return None
    value = word_number(number)
    if value is None:
        return None
    dim, mult = unit
    return dim, clean(value * mult)


def size_in(value: Decimal, word: str) -> tuple[str, Decimal] | None:
    """`size_of` for a number already read: size_in(Decimal('0.5'), 'kg') -> ('g', Decimal('500'))."""
    unit = SIZE_UNITS.get(word)
    if unit is None:
        return None
    dim, mult = unit
    return dim, clean(value * mult)


def clean(value: Decimal) -> Decimal:
    """Decimal('5E+2') -> Decimal('500'); Decimal('1.250') -> Decimal('1.25')."""
    known = _CLEAN.get(value)
    if known is not None:
        return known
    tidy = value.normalize()
    tidy = tidy.quantize(Decimal(1)) if tidy == tidy.to_integral_value() else tidy
    if len(_CLEAN) < 10_000:
        _CLEAN[value] = tidy
    return tidy


_CLEAN: dict[Decimal, Decimal] = {}


def product_sizes(words: list[str]) -> tuple[set[tuple[str, Decimal]], set[Decimal], set[int], set[int]]:
    """From a product's normalised words: sizes, printed size numbers, price points, and the
    indexes of words used up by them.

    >>> s, printed, prices, used = product_sizes(["parle", "g", "50", "g", "(", "rs", "5", ")"])
    >>> sorted(s), sorted(printed), sorted(prices)
    ([('g', Decimal('50'))], [Decimal('50')], [5])
    """
    sizes: set[tuple[str, Decimal]] = set()
    printed: set[Decimal] = set()
    prices: set[int] = set()
    used: set[int] = set()
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if _is_number(w) and nxt == "sq" and i + 2 < len(words) and words[i + 2] == "mm":
            sizes.add(("sqmm", clean(_num(w))))
            printed.add(clean(_num(w)))
            used.update({i, i + 1, i + 2})
        elif _is_number(w) and nxt in SIZE_UNITS:
            size = size_of(w, nxt)
            if size:
                sizes.add(size)
                printed.add(clean(_num(w)))
                used.update({i, i + 1})
        elif w in PRICE_WORDS and _is_number(nxt):
            if _num(nxt) == _num(nxt).to_integral_value():
                prices.add(int(_num(nxt)))
            used.update({i, i + 1})
    return sizes, printed, prices, used


def _is_number(w: str) -> bool:
    return w[:1].isdigit() and word_number(w) is not None


def _num(w: str) -> Decimal:
    value = word_number(w)
    assert value is not None
    return value
