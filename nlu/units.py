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

# dealer word -> unit kind (a contract unit, a measure read against the pack size, or a trade unit no
# catalog sells in: such a line goes to a person unless the SKU is sold in one of PREFERENCE's units)
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
            "pethi",
            "kes",
            "kartan",
        ],
        "case",
    ),
    **dict.fromkeys(
        ["box", "boxes", "bx", "bxs", "dabba", "dabbe", "dibba", "dibbe", "dabbi", "boks"], "box"
    ),
    **dict.fromkeys(
        ["pc", "pcs", "piece", "pieces", "nos", "no", "nag", "nang", "naga", "unit", "units", "pis", "pce"],
        "pc",
    ),
    **dict.fromkeys(
        [
            "pack",
            "packs",
            "pkt",
            "pkts",
            "packet",
            "packets",
            "pouch",
            "pouches",
            "pak",
            "paiket",
            "paket",
            "thaili",
            "thaila",
            "thailee",
        ],
        "pack",
    ),
    **dict.fromkeys(
        [
            "bag",
            "bags",
            "bori",
            "bora",
            "boriya",
            "katta",
            "katte",
            "kattas",
            "sack",
            "sacks",
            "goni",
            "baig",
            "beg",
        ],
        "bag",
    ),
    **dict.fromkeys(["bottle", "bottles", "btl", "btls", "botal", "bottal", "bot"], "bottle"),
    **dict.fromkeys(["strip", "strips", "patta", "patte", "ladi", "ladiya", "ladiyan", "lari"], "strip"),
    **dict.fromkeys(["dozen", "dozens", "dzn", "doz", "dz", "darjan", "darzan", "dajan", "dazan"], "dozen"),
    **dict.fromkeys(["tin", "tins", "peepa", "pipa", "dabbo"], "tin"),
    **dict.fromkeys(["can", "cans", "canister", "jerrycan"], "can"),
    **dict.fromkeys(["jar", "jars"], "jar"),
    **dict.fromkeys(["bucket", "buckets", "balti", "baltee"], "bucket"),
    **dict.fromkeys(
        ["roll", "rolls", "coil", "coils", "koil", "kwail", "reel", "reels", "thaan", "than", "rol"], "roll"
    ),
    **dict.fromkeys(["bundle", "bundles", "bandal", "bundal", "gaddi", "gaddhi", "gadi"], "bundle"),
    **dict.fromkeys(["ton", "tons", "tonne", "tonnes", "tonnage", "tan"], "ton"),
    # "MT": metric tons of what is sold by weight, metres of anything else (a person books those)
    **dict.fromkeys(["mt", "mts"], "mt"),
    **dict.fromkeys(
        ["quintal", "quintals", "qtl", "qtls", "quintel", "kuintal", "kwintal", "kvintal"], "quintal"
    ),
    **dict.fromkeys(["kg", "kgs", "kilo", "kilos", "kilogram", "kilograms"], "kg"),
    **dict.fromkeys(
        ["ltr", "ltrs", "litre", "litres", "liter", "liters", "lt", "l", "lit", "litar", "leetar"], "litre"
    ),
    **dict.fromkeys(["mtr", "mtrs", "meter", "meters", "metre", "metres", "mitar"], "metre"),
    **dict.fromkeys(["ft", "feet", "foot"], "foot"),
    # trade units no catalog of the contract sells in: read, so never taken for chat, and never defaulted
    **dict.fromkeys(["pair", "pairs", "jodi", "jod", "joda", "jode"], "pair"),
    **dict.fromkeys(["set", "sets"], "set"),
    **dict.fromkeys(["drum", "drums", "barrel", "barrels"], "drum"),
    **dict.fromkeys(["vial", "vials", "ampoule", "ampoules", "amp"], "vial"),
    **dict.fromkeys(["tube", "tubes"], "tube"),
    **dict.fromkeys(["sachet", "sachets", "satchet", "pouchh"], "sachet"),
    **dict.fromkeys(["length", "lengths", "lenth", "lambai", "pipe", "pipes"], "length"),
    **dict.fromkeys(["rft", "rmt", "sqft", "sft"], "run"),
    **dict.fromkeys(["tray", "trays"], "tray"),
    **dict.fromkeys(["sheet", "sheets", "patra", "patre"], "sheet"),
    **dict.fromkeys(
        ["tablet", "tablets", "tab", "tabs", "goli", "capsule", "capsules", "cap", "caps"], "tablet"
    ),
    **dict.fromkeys(["truck", "trucks", "load", "loads", "tempo", "trolley", "gaadi"], "load"),
    **dict.fromkeys(["ream", "reams"], "ream"),
}
# Measures: unit kind -> (dimension, amount of the dimension's base unit in one). "20 kg" of a 1 kg pack is
# 20 packs; "1 quintal" of a 50 kg bag is 2 bags; "1 ton" of a 45 kg bag is no whole number of bags, so
# it goes to a person.
MEASURES: dict[str, tuple[str, Decimal]] = {
    "kg": ("g", Decimal(1000)),
    "litre": ("ml", Decimal(1000)),
    "quintal": ("g", Decimal(100_000)),
    "ton": ("g", Decimal(1_000_000)),
    # a length: no contract unit is one, so "200 meter" of pipe or "45 mtr" cut from a coil of wire is
    # read as the quantity the dealer asked and sent to a person, never taken for the size
    "metre": ("mm", Decimal(1000)),
    "foot": ("mm", Decimal("304.8")),
}

# unit kind -> catalog units to try, in order. A kind missing here (or none of whose units the SKU is sold
# in) cannot be booked: the line goes to a person, never to the default unit.
PREFERENCE: dict[str, tuple[str, ...]] = {
    "case": ("case", "bag", "box", "tin", "bucket"),
    "box": ("box", "case", "tin", "bucket"),  # a "dabba" of a SKU sold only in tins or buckets is one
    "pc": ("pc", "bottle", "pack", "tin", "strip", "bucket", "roll", "bag", "box"),
    "pack": ("pack", "pc", "bottle"),
    "bag": ("bag",),  # a bag is no case: "40 bag" of a SKU sold in packs and cases is for a person
    "bottle": ("bottle", "pc", "tin"),
    "strip": ("strip",),
    "dozen": ("dozen",),
    "tin": ("tin", "pc", "bucket"),
    "can": ("tin", "bucket", "bottle"),
    "jar": ("pc", "bottle", "tin"),
    "bucket": ("bucket", "tin"),
    "roll": ("roll",),
    "bundle": ("pack", "roll"),
    "ton": ("ton",),
    "vial": ("pc", "bottle"),
    "tube": ("pc",),
    "sachet": ("pc", "pack"),
    "length": ("pc",),
    "sheet": ("pc",),
}
_BOX_WORDS_THAT_MEAN_TIN = {"dabba", "dabbe", "dibba", "dibbe"}
# A bundle groups several pieces: it is the SKU's pack only when that pack holds more than one piece
# (conduit in packs of 5); a bundle of single packets is a count the catalog does not give
_GROUPS = {"bundle"}
# Piece words on a SKU counted in these are a guess ("20 nag" of wire sold by the kg): never booked
_NOT_COUNTED = {"kg", "litre", "ton"}


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
