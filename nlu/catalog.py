"""The contract's catalog and dealers CSV files -> Product and DealerRef records.

Errors name the file, the line and what was wrong:
"catalog.csv line 14: uoms 'case:x' - factor 'x' is not a number".
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path

from nlu.types import UNITS, DealerRef, Product


class CatalogError(ValueError):
    """A row of a catalog or dealers file that cannot be read."""


# A factor is written in plain digits, with a decimal point if it needs one:
# "96", "0.5". Decimal() alone would also take "NaN", "Infinity", "1e3", "+5",
# "1_000" and non-ASCII digits; domain.catalog.parse_uoms refuses the same, and
# tests/test_uoms_readers.py holds both readers to one table of cases.
_FACTOR = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")  # a minus is read, to be refused as not more than 0


def parse_uoms(text: str, where: str) -> tuple[tuple[str, Decimal], ...]:
    """'case:96|pc:1' -> (('case', 96), ('pc', 1)), checking units and the single base unit.

    Units are matched without regard to case ("Box" is "box"); spaces around
    names, factors and bars, and empty entries ("case:96|pc:1|") are ignored.
    """
    uoms: list[tuple[str, Decimal]] = []
    for part in text.split("|"):
        if not part.strip():
            continue
        name, sep, factor = part.partition(":")
        unit, factor = name.strip().lower(), factor.strip()
        if not sep:
            raise CatalogError(f"{where}: uoms '{text}' - '{part.strip()}' is not unit:factor")
        if unit not in UNITS:
            raise CatalogError(
                f"{where}: uoms '{text}' - unknown unit '{name.strip()}' (allowed: {', '.join(UNITS)})"
            )
        if not _FACTOR.fullmatch(factor):
            raise CatalogError(
                f"{where}: uoms '{text}' - factor '{factor}' is not a number (write digits, like 12 or 0.5)"
            )
        value = Decimal(factor)
        if value <= 0:
            raise CatalogError(f"{where}: uoms '{text}' - factor '{factor}' must be more than 0")
        if unit in (u for u, _ in uoms):
            raise CatalogError(f"{where}: uoms '{text}' - unit '{unit}' twice")
        uoms.append((unit, value))
    if not uoms:
        raise CatalogError(f"{where}: uoms is empty")
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
            default = (row.get("default_uom") or "").strip().lower()
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
