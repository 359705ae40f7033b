"""Dealer unit words -> the catalog unit a clerk would book.

    >>> UNIT_WORDS["peti"], UNIT_WORDS["bori"], UNIT_WORDS["patta"]
    ('case', 'bag', 'strip')

`book(word_kind, qty, product)` picks the catalog unit when the dealer's unit
is not one the SKU is sold in: "box" on a case-only SKU is the case, "pcs" on
a bottle SKU is the bottle, a dozen of a SKU without a dozen unit is twelve
base pieces, "20 kg" of the 1kg pack is twenty packs.
"""

from __future__ import annotations

from decimal import Decimal

from nlu.types import Product

# dealer word -> unit kind (a contract unit, or a measure: "kg"/"litre" read against the pack size)
UNIT_WORDS: dict[str, str] = {
    **dict.fromkeys(
        [
            "cs",
            "case",
            "cases",
            "ctn",
            "ctns",
            "carton",
            "cartons",
            "crate",
            "crates",
            "peti",
            "petti",
            "pety",
            "petis",
            "cse",
            "csae",
        ],
        "case",
    ),
    **dict.fromkeys(["box", "boxes", "bx", "bxs", "dabba", "dabbe", "dibba", "dibbe", "dabba"], "box"),
    **dict.fromkeys(["pc", "pcs", "piece", "pieces", "nos", "nag", "unit", "units", "pis"], "pc"),
    **dict.fromkeys(["pack", "packs", "pkt", "pkts", "packet", "packets", "pouch", "pouches"], "pack"),
    **dict.fromkeys(
        ["bag", "bags", "bori", "bora", "boriya", "katta", "katte", "kattas", "sack", "sacks"], "bag"
    ),
    **dict.fromkeys(["bottle", "bottles", "btl", "btls", "botal", "bottal"], "bottle"),
    **dict.fromkeys(["strip", "strips", "patta", "patte", "ladi", "ladiya", "ladiyan", "lari"], "strip"),
    **dict.fromkeys(["dozen", "dozens", "dzn", "doz", "dz", "darjan", "darzan", "dajan"], "dozen"),
    **dict.fromkeys(["tin", "tins", "peepa", "pipa"], "tin"),
    **dict.fromkeys(["jar", "jars"], "jar"),
    **dict.fromkeys(["bucket", "buckets", "balti"], "bucket"),
    **dict.fromkeys(["roll", "rolls", "coil", "coils", "bundle", "bundles", "bandal"], "roll"),
    **dict.fromkeys(["ton", "tons", "tonne", "tonnes"], "ton"),
    **dict.fromkeys(["kg", "kgs", "kilo", "kilos", "kilogram"], "kg"),
    **dict.fromkeys(["ltr", "ltrs", "litre", "litres", "liter", "liters", "lt", "l"], "litre"),
}
# Measure words double as pack sizes ("1 kg pack") - see sizes.SIZE_UNITS.
MEASURES = {"kg", "litre"}

# unit kind -> catalog units to try, in order; then the fallback below
PREFERENCE: dict[str, tuple[str, ...]] = {
    "case": ("case", "bag", "box", "tin", "bucket"),
    "box": ("box", "case", "tin"),
    "pc": ("pc", "bottle", "pack", "tin", "strip"),
    "pack": ("pack", "pc", "bottle"),
    "bag": ("bag", "case"),
    "bottle": ("bottle", "pc"),
    "strip": ("strip",),
    "dozen": ("dozen",),
    "tin": ("tin", "pc"),
    "jar": ("pc", "bottle", "tin"),
    "bucket": ("bucket", "pc"),
    "roll": ("roll", "pc"),
    "ton": ("ton",),
}
_BOX_WORDS_THAT_MEAN_TIN = {"dabba", "dabbe", "dibba", "dibbe"}


def base_unit(product: Product) -> str:
    for name, factor in product.uoms:
        if factor == 1:
            return name
    return product.default_uom


def book(
    kind: str, qty: Decimal, product: Product, *, word: str = "", pack_size: tuple[str, Decimal] | None = None
) -> tuple[str, Decimal] | None:
    """(catalog unit, quantity in it), or None when no sensible unit exists.

    `pack_size` is the product's (dimension, amount) for measures: 20 kg of a
    1 kg pack is 20 pieces.
    """
    units = product.units
    if kind in MEASURES:
        if kind in units:
            return kind, qty
        if pack_size is None:
            return None
        dim, amount = pack_size
        want = "g" if kind == "kg" else "ml"
        if dim != want or amount <= 0:
            return None
        pieces = qty * 1000 / amount
        if pieces != pieces.to_integral_value():
            return None
        return base_unit(product), pieces
    for unit in PREFERENCE.get(kind, ()):
        if kind == "box" and unit == "tin" and word not in _BOX_WORDS_THAT_MEAN_TIN:
            continue
        if unit in units:
            return unit, qty
    if kind == "dozen":
        return base_unit(product), qty * 12
    if kind in ("pc", "pack", "jar", "bottle"):
        return base_unit(product), qty
    return None
