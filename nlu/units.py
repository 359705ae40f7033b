"""Dealer unit words -> the catalog unit a clerk would book.

    >>> UNIT_WORDS["peti"], UNIT_WORDS["bori"], UNIT_WORDS["patta"]
    ('case', 'bag', 'strip')
    >>> MEASURES["quintal"], PREFERENCE["box"]
    (('g', Decimal('100000')), ('box', 'case', 'tin', 'bucket'))

The word tables are data, in nlu/rules/units.txt.

`book(word_kind, qty, product)` picks the catalog unit when the dealer's unit
is not one the SKU is sold in: "box" on a case-only SKU is the case, "pcs" on
a bottle SKU is the bottle, a dozen of a SKU without a dozen unit is twelve
base pieces, "20 kg" of the 1kg pack is twenty packs.
"""

from __future__ import annotations

from decimal import Decimal

from nlu import tables
from nlu.types import Product

# The tables are data: nlu/rules/units.txt says what each one means.
_RULES = tables.load("units.txt")
# dealer word -> unit kind (a contract unit, a measure, or a trade unit no catalog sells in)
UNIT_WORDS: dict[str, str] = tables.kinds(_RULES, "unit_words")
# unit kind -> (dimension, amount of the dimension's base unit in one)
MEASURES: dict[str, tuple[str, Decimal]] = tables.amounts(_RULES, "measures")
# unit kind -> catalog units to try, in order
PREFERENCE: dict[str, tuple[str, ...]] = tables.meanings(_RULES, "preference")
_BOX_WORDS_THAT_MEAN_TIN = tables.word_set(_RULES, "box_means_tin")
_GROUPS = tables.word_set(_RULES, "groups")  # a bundle is the pack only when the pack holds several
_NOT_COUNTED = tables.word_set(_RULES, "not_counted")  # "20 nag" of wire sold by the kg is a guess


def base_unit(product: Product) -> str:
    for name, factor in product.uoms:
        if factor == 1:
            return name
    return product.default_uom


def book(
    kind: str, qty: Decimal, product: Product, *, word: str = "", pack_size: tuple[str, Decimal] | None = None
) -> tuple[str, Decimal] | None:
    """(catalog unit, quantity in it), or None when no unit follows exactly from the catalog.

    `pack_size` is the product's (dimension, amount) for measures: 20 kg of a 1 kg pack is
    20 pieces.

    >>> p = Product("DAP", "DAP 50 kg", (("ton", Decimal(20)), ("bag", Decimal(1))), "bag")
    >>> book("quintal", Decimal(3), p, pack_size=("g", Decimal(50000)))
    ('ton', Decimal('0.3'))
    >>> book("ton", Decimal(2), p, pack_size=("g", Decimal(50000)))
    ('ton', Decimal('2'))
    >>> book("pc", Decimal(20), Product("GI", "GI wire", (("kg", Decimal(1)),), "kg")) is None
    True
    """
    units = product.units
    if kind == "mt":
        weighed = any(u in MEASURES and MEASURES[u][0] == "g" for u in units)
        kind = "ton" if weighed or (pack_size is not None and pack_size[0] == "g") else "metre"
    if kind in MEASURES:
        return _measure(kind, qty, product, pack_size)
    for unit in PREFERENCE.get(kind, ()):
        if kind == "box" and unit in ("tin", "bucket") and word not in _BOX_WORDS_THAT_MEAN_TIN:
            continue
        if kind == "pc" and unit in _NOT_COUNTED:
            continue
        if kind in _GROUPS and unit != "roll" and (product.factor(unit) or 0) <= 1:
            continue
        if unit in units:
            return unit, qty
    base = base_unit(product)
    if base in _NOT_COUNTED:
        return None
    if kind == "dozen":
        return base, qty * 12
    if kind in ("pc", "jar"):
        return base, qty
    return None


def _measure(
    kind: str, qty: Decimal, product: Product, pack_size: tuple[str, Decimal] | None
) -> tuple[str, Decimal] | None:
    """A weight or volume booked as the catalog allows it exactly, or None.

    In a unit the SKU is sold in; else in another measure it is sold in (1 quintal = 0.1 ton);
    else, for a pack of exactly one such measure ("tata salt 1 kg": 20 kg is 20 packs), in packs.
    A 250 ml bottle is not booked from "5 litre": the catalog does not say it is sold by the litre.
    """
    units = product.units
    if kind in units:
        return kind, qty
    dim, per = MEASURES[kind]
    amount = qty * per
    for unit, _ in product.uoms:
        if unit in MEASURES and MEASURES[unit][0] == dim:
            return unit, _tidy(amount / MEASURES[unit][1])
    if pack_size is not None and pack_size == (dim, per):
        return base_unit(product), qty
    return None


def _tidy(value: Decimal) -> Decimal:
    tidy = value.normalize()
    return tidy.quantize(Decimal(1)) if tidy == tidy.to_integral_value() else tidy
