"""catalog.csv -> Sku + SkuUnit rows, keyed by `sku`.

Columns: sku, name, uoms, default_uom (required); brand, category, size,
price, aliases, gst_rate, free, hsn (optional). An empty optional cell, or a column
the file does not have, leaves the stored value alone (a new SKU gets none);
`-` or `none` clears it. SKUs missing from the file are left as they are
(orders refer to them); a SKU's units are made to match the file.

A list `price` is above zero. A SKU given away on purpose says `free=yes` with
price 0, and an order with it waits for an approver (orders.confirm_order).

`hsn` is the product's HSN code for tax invoices: 4, 6 or 8 digits (spaces and dots are
dropped: "0902 10" -> "090210").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from domain.catalog import Uoms, parse_unit, parse_uoms, split_list
from domain.columns import utcnow
from domain.importing.fields import (
    CLEARED,
    KEEP,
    BadValue,
    ImportFailed,
    Row,
    optional,
    percent,
    price,
    unique_rows,
    yes_no,
)
from domain.importing.result import Counts, changed
from domain.models import Sku, SkuUnit

REQUIRED = ("sku", "name", "uoms", "default_uom")
OPTIONAL = ("brand", "category", "size", "price", "aliases", "gst_rate", "free", "hsn")
CLEARED_TO: dict[str, object] = {"brand": "", "category": "", "size": "", "price": None, "aliases": [],
                                 "gst_rate": None, "hsn": ""}
HSN_LENGTHS = (4, 6, 8)
Progress = Callable[[int, int], None]  # (rows written, rows in all)
PROGRESS_EVERY = 1000


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
    free = yes_no("free", row.get("free"))
    cells: dict[str, object] = {
        "brand": optional(row, "brand", lambda _, text: text),
        "category": optional(row, "category", lambda _, text: text),
        "size": optional(row, "size", lambda _, text: text),
        "price": optional(row, "price", lambda column, text: price(column, text, free=free)),
        "gst_rate": optional(row, "gst_rate", percent),
        "aliases": optional(row, "aliases", lambda _, text: list(split_list(text))),
        "hsn": optional(row, "hsn", hsn),
    }
    if free and cells["price"] is KEEP:
        raise BadValue("free=yes needs price 0 on the same row")
    for column, value in cells.items():
        if value is not KEEP:
            fields[column] = CLEARED_TO[column] if value is CLEARED else value
    return CatalogRow(row.line, sku, uoms, fields)


def hsn(column: str, text: str) -> str:
    """An HSN cell: 4, 6 or 8 digits once spaces and dots are dropped.

    >>> hsn("hsn", "1902.30"), hsn("hsn", "3401 11 90")
    ('190230', '34011190')
    """
    code = "".join(ch for ch in text if ch not in " .")
    if not code.isdigit() or len(code) not in HSN_LENGTHS:
        raise BadValue(f"{column} '{text}' is not an HSN code (4, 6 or 8 digits)")
    return code


def write(
    session: Session, items: list[CatalogRow], progress: Progress | None = None
) -> tuple[Counts, tuple[str, ...]]:
    existing = {
        sku.sku: sku for sku in session.scalars(sa.select(Sku).options(selectinload(Sku.units)))
    }
    counts = Counts()
    for done, item in enumerate(items, start=1):
        sku = existing.get(item.sku)
        if sku is None:
            sku = Sku(sku=item.sku, brand="", category="", size="", aliases=[], active=True)
            _apply(sku, item)
            session.add(sku)
            counts.created += 1
        else:
            changes = _apply(sku, item)
            if changes:
                sku.updated_at = utcnow()
            counts.update(item.sku, changes)
        if progress is not None and done % PROGRESS_EVERY == 0:
            session.flush()
            progress(done, len(items))
    return counts, ()


def _apply(sku: Sku, item: CatalogRow) -> list[str]:
    """Make `sku` match the row; what changed ("price 60.00 -> 62.00", "uoms case:96 -> case:48")."""
    changes = []
    for column, value in item.fields.items():
        before = getattr(sku, column, None)
        if before != value:
            changes.append(changed(column, before, value))
            setattr(sku, column, value)
    if not sku.active:
        sku.active = True
        changes.append("active no -> yes")
    wanted = dict(item.uoms)
    have = {unit.unit: unit for unit in sku.units}
    before_units = "|".join(f"{u.unit}:{u.factor.normalize():f}" for u in sku.units)
    units_changed = False
    for unit_name, unit in have.items():
        if unit_name not in wanted:
            sku.units.remove(unit)
            units_changed = True
        elif unit.factor != wanted[unit_name]:
            unit.factor = wanted[unit_name]
            units_changed = True
    for unit_name, factor in item.uoms:
        if unit_name not in have:
            sku.units.append(SkuUnit(unit=unit_name, factor=Decimal(factor)))
            units_changed = True
    if units_changed:
        after_units = "|".join(f"{unit}:{Decimal(factor).normalize():f}" for unit, factor in item.uoms)
        changes.append(f"uoms {before_units} -> {after_units}")
    return changes
