"""catalog.csv -> Sku + SkuUnit rows, keyed by `sku`.

Columns: sku, name, uoms, default_uom (required); brand, category, size,
price, aliases, gst_rate (optional; a column that is absent leaves the stored
value alone, an empty cell clears it). SKUs missing from the file are left
as they are (orders refer to them); a SKU's units are made to match the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from domain.catalog import Uoms, parse_unit, parse_uoms, split_list
from domain.columns import utcnow
from domain.importing.fields import BadValue, ImportFailed, Row, optional_money, optional_percent, unique_rows
from domain.importing.result import Counts
from domain.models import Sku, SkuUnit

REQUIRED = ("sku", "name", "uoms", "default_uom")
OPTIONAL = ("brand", "category", "size", "price", "aliases", "gst_rate")


@dataclass(frozen=True)
class CatalogRow:
    line: int
    sku: str
    uoms: Uoms
    fields: dict[str, object]  # column -> value, only for columns the file has


def validate(rows: list[Row], session: Session) -> list[CatalogRow]:
    parsed, errors = unique_rows(
        rows,
        _parse,
        lambda item: item.sku.casefold(),
        lambda item, line: f"sku '{item.sku}' appears again (first on line {line})",
    )
    if errors:
        raise ImportFailed(errors)
    return parsed


def _parse(row: Row) -> CatalogRow:
    sku = row.required("sku")
    name = row.required("name")
    try:
        uoms = parse_uoms(row.required("uoms"))
        default = parse_unit(row.required("default_uom"), "default_uom")
    except ValueError as exc:
        raise BadValue(str(exc)) from None
    if default not in {unit for unit, _ in uoms}:
        units = ", ".join(unit for unit, _ in uoms)
        raise BadValue(f"default_uom '{default}' is not one of the uoms ({units})")
    fields: dict[str, object] = {"name": name, "default_uom": default}
    for column in ("brand", "category", "size"):
        if row.has(column):
            fields[column] = row.get(column)
    if row.has("price"):
        fields["price"] = optional_money("price", row.get("price"))
    if row.has("gst_rate"):
        fields["gst_rate"] = optional_percent("gst_rate", row.get("gst_rate"))
    if row.has("aliases"):
        fields["aliases"] = list(split_list(row.get("aliases")))
    return CatalogRow(row.line, sku, uoms, fields)


def write(session: Session, items: list[CatalogRow]) -> tuple[Counts, tuple[str, ...]]:
    existing = {
        sku.sku: sku for sku in session.scalars(sa.select(Sku).options(selectinload(Sku.units)))
    }
    counts = Counts()
    for item in items:
        sku = existing.get(item.sku)
        if sku is None:
            sku = Sku(sku=item.sku, brand="", category="", size="", aliases=[], active=True)
            _apply(sku, item)
            session.add(sku)
            counts.created += 1
        elif _apply(sku, item):
            sku.updated_at = utcnow()
            counts.updated += 1
        else:
            counts.unchanged += 1
    return counts, ()


def _apply(sku: Sku, item: CatalogRow) -> bool:
    """Make `sku` match the row; True when anything changed."""
    changed = False
    for column, value in item.fields.items():
        if getattr(sku, column, None) != value:
            setattr(sku, column, value)
            changed = True
    if not sku.active:
        sku.active = True
        changed = True
    wanted = dict(item.uoms)
    have = {unit.unit: unit for unit in sku.units}
    for unit_name, unit in have.items():
        if unit_name not in wanted:
            sku.units.remove(unit)
            changed = True
        elif unit.factor != wanted[unit_name]:
            unit.factor = wanted[unit_name]
            changed = True
    for unit_name, factor in item.uoms:
        if unit_name not in have:
            sku.units.append(SkuUnit(unit=unit_name, factor=Decimal(factor)))
            changed = True
    return changed
