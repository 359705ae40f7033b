"""Which unit price a dealer pays for a SKU in a unit (data contract, "Which price applies").

The most specific level that has any `prices.csv` row for the SKU wins:
the dealer's own rows, else his tier's rows, else the rows with neither, else
the catalog price (which is for one `default_uom`). Within the winning level a
row in the ordered unit is used as it is; otherwise a row in another unit is
converted through the base unit and rounded once to the paisa, half up:

    unit price = row price / row unit's factor x ordered unit's factor

Nothing here touches a database: the service layer builds `SkuInfo` and
`PriceRow` values and hands them in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from domain.money import round_paisa


class PricingError(ValueError):
    """An order line the price book cannot price; the message says which and why."""


class UnknownSku(PricingError):
    pass


class UnknownUnit(PricingError):
    pass


class NoPrice(PricingError):
    pass


@dataclass(frozen=True)
class SkuInfo:
    """What pricing and schemes need to know about one catalog SKU.

    `uoms` pairs each unit with its factor (base units in one of it); exactly one
    unit has factor 1. `price` is the catalog list price of one `default_uom`.
    """

    sku: str
    name: str
    uoms: tuple[tuple[str, Decimal], ...]
    default_uom: str
    brand: str = ""
    category: str = ""
    price: Decimal | None = None
    gst_rate: Decimal | None = None

    def factor(self, unit: str) -> Decimal | None:
        for name, factor in self.uoms:
            if name == unit:
                return factor
        return None

    def require_factor(self, unit: str) -> Decimal:
        factor = self.factor(unit)
        if factor is None:
            units = ", ".join(name for name, _ in self.uoms)
            raise UnknownUnit(f"{self.sku} is not sold in '{unit}' (units: {units})")
        return factor

    @property
    def base_uom(self) -> str:
        return next((name for name, factor in self.uoms if factor == 1), self.default_uom)


@dataclass(frozen=True)
class PriceRow:
    """One `prices.csv` row: `tier` and `dealer` are None for the default level."""

    sku: str
    uom: str
    price: Decimal
    tier: str | None = None
    dealer: str | None = None


def same_code(a: str | None, b: str | None) -> bool:
    """Tier and dealer codes compare without regard to case or surrounding spaces."""
    return bool(a) and bool(b) and str(a).strip().casefold() == str(b).strip().casefold()


def level_rows(rows: Iterable[PriceRow], sku: str, dealer: str,
               tier: str | None) -> tuple[str, list[PriceRow]]:
    """The rows of the most specific level that has any for `sku`, and that level's name.

    Levels: "dealer", "tier", "default"; ("catalog", []) when no row fits.
    """
    mine = [r for r in rows if r.sku == sku]
    dealer_rows = [r for r in mine if r.dealer and same_code(r.dealer, dealer)]
    if dealer_rows:
        return "dealer", dealer_rows
    tier_rows = [r for r in mine if not r.dealer and r.tier and same_code(r.tier, tier)]
    if tier_rows:
        return "tier", tier_rows
    default_rows = [r for r in mine if not r.dealer and not r.tier]
    if default_rows:
        return "default", default_rows
    return "catalog", []


def convert_price(price: Decimal, from_factor: Decimal, to_factor: Decimal) -> Decimal:
    """A price per one unit of `from_factor` base units, as a price per `to_factor` base units.

    >>> convert_price(Decimal("1152.00"), Decimal(96), Decimal(1))
    Decimal('12.00')
    >>> convert_price(Decimal("360.00"), Decimal(12), Decimal(144))
    Decimal('4320.00')
    """
    if from_factor == to_factor:
        return round_paisa(price)
    return round_paisa(price * to_factor / from_factor)


def unit_price(info: SkuInfo, uom: str, rows: Sequence[PriceRow], dealer: str, tier: str | None) -> Decimal:
    """The price of one `uom` of `info` for this dealer (see the module docstring)."""
    wanted = info.require_factor(uom)
    level, chosen = level_rows(rows, info.sku, dealer, tier)
    if level == "catalog":
        if info.price is None:
            raise NoPrice(f"{info.sku} has no price: no prices.csv row and no catalog price")
        return convert_price(info.price, info.require_factor(info.default_uom), wanted)
    for row in chosen:
        if row.uom == uom:
            return round_paisa(row.price)
    preference = [info.default_uom, *(name for name, _ in info.uoms)]
    for unit in preference:  # the default unit's row first, then the catalog's order of units
        for row in chosen:
            if row.uom == unit:
                return convert_price(row.price, info.require_factor(unit), wanted)
    units = ", ".join(sorted({r.uom for r in chosen}))
    raise NoPrice(f"{info.sku}: the {level} price rows are in units it is not sold in ({units})")


def to_unit(qty: Decimal, info: SkuInfo, from_uom: str, to_uom: str) -> Decimal:
    """A quantity of `info` in `from_uom`, expressed in `to_uom` (may be fractional).

    >>> sku = SkuInfo("M", "M", (("case", Decimal(96)), ("pc", Decimal(1))), "case")
    >>> to_unit(Decimal(960), sku, "pc", "case")
    Decimal('10')
    """
    return qty * info.require_factor(from_uom) / info.require_factor(to_uom)
