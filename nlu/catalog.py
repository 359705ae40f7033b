"""The contract's catalog and dealers CSV files -> Product and DealerRef records.

Errors name the file, the line and what was wrong:
"catalog.csv line 14: uoms 'case:x' - factor 'x' is not a number".
"""

from __future__ import annotations

import csv
from decimal import Decimal, InvalidOperation
from pathlib import Path

from nlu.types import UNITS, DealerRef, Product


class CatalogError(ValueError):
    """A row of a catalog or dealers file that cannot be read."""


def parse_uoms(text: str, where: str) -> tuple[tuple[str, Decimal], ...]:
    """'case:96|pc:1' -> (('case', 96), ('pc', 1)), checking units and the single base unit."""
    uoms: list[tuple[str, Decimal]] = []
    for part in text.split("|"):
        unit, sep, factor = part.strip().partition(":")
        unit = unit.strip()
        if not sep:
            raise CatalogError(f"{where}: uoms '{text}' - '{part}' is not unit:factor")
        if unit not in UNITS:
            raise CatalogError(
                f"{where}: uoms '{text}' - unknown unit '{unit}' (allowed: {', '.join(UNITS)})"
            )
        try:
            value = Decimal(factor.strip())
        except InvalidOperation:
            raise CatalogError(f"{where}: uoms '{text}' - factor '{factor}' is not a number") from None
        if value <= 0:
            raise CatalogError(f"{where}: uoms '{text}' - factor '{factor}' must be positive")
        if unit in (u for u, _ in uoms):
            raise CatalogError(f"{where}: uoms '{text}' - unit '{unit}' twice")
        uoms.append((unit, value))
    if sum(1 for _, f in uoms if f == 1) != 1:
        raise CatalogError(f"{where}: uoms '{text}' - exactly one unit must have factor 1")
    return tuple(uoms)


def load_catalog_csv(path: str | Path) -> list[Product]:
    path = Path(path)
    products: list[Product] = []
    seen: set[str] = set()
    with path.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        missing = {"sku", "name", "uoms", "default_uom"} - set(reader.fieldnames or ())
        if missing:
            raise CatalogError(f"{path.name} line 1: missing column(s) {', '.join(sorted(missing))}")
        for row in reader:
            where = f"{path.name} line {reader.line_num}"
            sku = (row.get("sku") or "").strip()
            name = (row.get("name") or "").strip()
            if not sku:
                raise CatalogError(f"{where}: sku is empty")
            if not name:
                raise CatalogError(f"{where}: name of {sku} is empty")
            if sku in seen:
                raise CatalogError(f"{where}: sku {sku} appears twice")
            seen.add(sku)
            uoms = parse_uoms(row.get("uoms") or "", where)
            default = (row.get("default_uom") or "").strip()
            if default not in (u for u, _ in uoms):
                raise CatalogError(f"{where}: default_uom '{default}' of {sku} is not one of its uoms")
            aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
            products.append(
                Product(
                    sku=sku,
                    name=name,
                    uoms=uoms,
                    default_uom=default,
                    brand=(row.get("brand") or "").strip(),
                    category=(row.get("category") or "").strip(),
                    size=(row.get("size") or "").strip(),
                    aliases=aliases,
                )
            )
    return products


def load_dealers_csv(path: str | Path) -> list[DealerRef]:
    path = Path(path)
    dealers: list[DealerRef] = []
    with path.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        missing = {"code", "name"} - set(reader.fieldnames or ())
        if missing:
            raise CatalogError(f"{path.name} line 1: missing column(s) {', '.join(sorted(missing))}")
        for row in reader:
            where = f"{path.name} line {reader.line_num}"
            code = (row.get("code") or "").strip()
            name = (row.get("name") or "").strip()
            if not code or not name:
                raise CatalogError(f"{where}: code and name are required")
            dealers.append(DealerRef(code=code, name=name, town=(row.get("town") or "").strip()))
    return dealers
