"""schemes.csv -> SchemeRow rows (data contract section 2), keyed by (code, min_qty, min_value).

Required columns: code, kind, applies_to, target; the others of the contract
are optional columns. What each kind needs:

    free_goods      min_qty > 0, free_qty > 0, free_sku when applies_to is brand or category
    qty_discount    min_qty > 0, discount_pct > 0
    value_discount  min_value > 0, discount_pct > 0

SKU codes (a `sku` target, `free_sku`) must be in the catalog and are stored
as the catalog spells them; `min_uom` / `free_uom` must be units that SKU is
sold in. Rows sharing a code are slabs of one scheme and must agree on kind
and target. An empty min_qty or min_value is stored as 0 (no threshold of
that kind). Stored rows absent from the file are kept, as for every master file.

For a slab already stored, an empty optional cell (name, min_uom, free_sku,
free_qty, free_uom, discount_pct, recursive, valid_from, valid_to, tiers)
keeps the stored value and `-` or `none` clears it (the default: no end date,
all tiers, ...); a new slab takes the default for an empty cell.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from domain.catalog import parse_unit, split_list
from domain.columns import utcnow
from domain.importing.fields import (
    CLEAR_WORDS,
    BadValue,
    ImportFailed,
    Row,
    iso_date,
    optional_money,
    optional_percent,
    quantity,
    unique_rows,
    yes_no,
)
from domain.importing.lookup import Lookup
from domain.importing.result import Counts, changed, shown
from domain.models import SCHEME_KINDS, SCHEME_TARGETS, SchemeRow, Sku

REQUIRED = ("code", "kind", "applies_to", "target")
KEPT = ("name", "min_uom", "free_sku", "free_qty", "free_uom", "discount_pct", "recursive", "valid_from",
        "valid_to", "tiers")  # optional cells that keep a stored slab's value when empty


@dataclass(frozen=True)
class SchemeItem:
    code: str
    name: str
    kind: str
    applies_to: str
    target: str
    min_qty: Decimal
    min_uom: str
    min_value: Decimal
    free_sku: str
    free_qty: Decimal | None
    free_uom: str
    discount_pct: Decimal | None
    recursive: bool
    valid_from: date | None
    valid_to: date | None
    tiers: list[str]

    @property
    def key(self) -> tuple[str, Decimal, Decimal]:
        return (self.code, self.min_qty, self.min_value)


def validate(rows: list[Row], session: Session) -> list[tuple[int, SchemeItem]]:
    skus = Lookup("sku", session.scalars(sa.select(Sku).options(selectinload(Sku.units))), lambda s: s.sku)
    first_of_code: dict[str, tuple[int, SchemeItem]] = {}

    def same_shape(row: Row, slab: tuple[int, SchemeItem]) -> str | None:
        """Slabs of one code agree on kind, applies_to and target with its first slab."""
        item = slab[1]
        line, first = first_of_code.setdefault(item.code, (row.line, item))
        shape = " ".join((item.kind, item.applies_to, item.target))
        first_shape = " ".join((first.kind, first.applies_to, first.target))
        if shape != first_shape:
            return (f"scheme {item.code} is {shape} here but {first_shape} on line {line}; "
                    "slabs of one code must agree")
        return None

    slabs = {(r.code, r.min_qty, r.min_value): r for r in session.scalars(sa.select(SchemeRow))}
    parsed, errors = unique_rows(
        rows,
        lambda row: (row.line, _parse(_filled(row, slabs), skus)),
        lambda slab: slab[1].key,
        lambda slab, line: (f"scheme {slab[1].code} has a slab with this min_qty and min_value already "
                            f"(line {line})"),
        same_shape,
    )
    if errors:
        raise ImportFailed(errors)
    return parsed


def _filled(row: Row, slabs: dict[tuple[str, Decimal, Decimal], SchemeRow]) -> Row:
    """The row with its empty optional cells taken from the stored slab it updates, and `-` / `none`
    cells emptied (the default)."""
    values = dict(row.values)
    try:
        min_qty = quantity("min_qty", row.get("min_qty")) if row.get("min_qty") else Decimal(0)
        min_value = optional_money("min_value", row.get("min_value")) or Decimal(0)
    except BadValue:
        min_qty = min_value = Decimal(-1)  # _parse names the bad value
    stored = slabs.get((row.get("code"), min_qty, min_value))
    for column in KEPT:
        text = row.get(column)
        if text.casefold() in CLEAR_WORDS:
            values[column] = ""
        elif not text and stored is not None:
            value = getattr(stored, column)
            values[column] = "" if value is None or value == "" or value == [] else (
                value.isoformat() if isinstance(value, date) else shown(value) if column != "free_qty"
                else f"{value.normalize():f}")
    return Row(row.file, row.line, values)


def _choice(row: Row, column: str, allowed: tuple[str, ...]) -> str:
    value = row.required(column).lower()
    if value not in allowed:
        raise BadValue(f"{column} '{row.get(column)}' is not one of {', '.join(allowed)}")
    return value


def _unit(row: Row, column: str, sku: Sku | None) -> str:
    if not row.get(column):
        return ""
    try:
        unit = parse_unit(row.get(column), column)
    except ValueError as exc:
        raise BadValue(str(exc)) from None
    if sku is not None and sku.factor(unit) is None:
        units = ", ".join(u.unit for u in sku.units)
        raise BadValue(f"{column} '{unit}': {sku.sku} is not sold in it (its units: {units})")
    return unit


def _parse(row: Row, skus: Lookup[Sku]) -> SchemeItem:
    code = row.required("code")
    kind = _choice(row, "kind", SCHEME_KINDS)
    applies_to = _choice(row, "applies_to", SCHEME_TARGETS)
    target_sku = skus.find(row.required("target")) if applies_to == "sku" else None
    target = target_sku.sku if target_sku else row.required("target")
    free_sku = skus.find(row.get("free_sku")) if row.get("free_sku") else None
    min_qty = quantity("min_qty", row.get("min_qty")) if row.get("min_qty") else Decimal(0)
    min_value = optional_money("min_value", row.get("min_value")) or Decimal(0)
    free_qty = quantity("free_qty", row.get("free_qty")) if row.get("free_qty") else None
    discount = optional_percent("discount_pct", row.get("discount_pct"))
    valid_from = iso_date("valid_from", row.get("valid_from"))
    valid_to = iso_date("valid_to", row.get("valid_to"))
    if valid_from and valid_to and valid_to < valid_from:
        raise BadValue(f"valid_to {valid_to} is before valid_from {valid_from}")
    if kind in ("free_goods", "qty_discount") and min_qty <= 0:
        raise BadValue(f"min_qty is needed for {kind} (a number above 0)")
    if kind == "value_discount" and min_value <= 0:
        raise BadValue("min_value is needed for value_discount (rupees above 0)")
    if kind == "free_goods":
        if not free_qty:
            raise BadValue("free_qty is needed for free_goods (a number above 0)")
        if free_sku is None and applies_to != "sku":
            raise BadValue(f"free_sku is needed when a free_goods scheme applies to a {applies_to}")
    elif not discount:
        raise BadValue(f"discount_pct is needed for {kind} (a percentage above 0)")
    return SchemeItem(
        code=code, name=row.get("name"), kind=kind, applies_to=applies_to, target=target,
        min_qty=min_qty, min_uom=_unit(row, "min_uom", target_sku), min_value=min_value,
        free_sku=free_sku.sku if free_sku else "", free_qty=free_qty,
        free_uom=_unit(row, "free_uom", free_sku or target_sku), discount_pct=discount,
        recursive=yes_no("recursive", row.get("recursive")), valid_from=valid_from, valid_to=valid_to,
        tiers=list(split_list(row.get("tiers"))),
    )


def write(session: Session, items: list[tuple[int, SchemeItem]]) -> tuple[Counts, tuple[str, ...]]:
    stored = {(r.code, r.min_qty, r.min_value): r for r in session.scalars(sa.select(SchemeRow))}
    names = [f.name for f in fields(SchemeItem)]
    counts = Counts()
    for _, item in items:
        values = {name: getattr(item, name) for name in names}
        row = stored.pop(item.key, None)
        if row is None:
            session.add(SchemeRow(**values))
            counts.created += 1
            continue
        changes = []
        for name, value in values.items():
            if getattr(row, name) != value:
                changes.append(changed(name, getattr(row, name), value))
                setattr(row, name, value)
        if changes:
            row.updated_at = utcnow()
        counts.update(f"{item.code} slab {shown(item.min_qty) if item.min_qty else shown(item.min_value)}",
                      changes)
    notes = (f"{len(stored)} stored scheme slabs not in the file were kept",) if stored else ()
    return counts, notes
