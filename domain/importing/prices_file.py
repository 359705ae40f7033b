"""prices.csv -> PriceRow rows, keyed by (sku, uom, tier, dealer).

Columns: sku, uom, price (required); tier, dealer (optional; dealer is a
dealer code). The SKU must be in the catalog and sold in `uom`; the dealer
must exist. Rows are created or updated in place; rows already stored but
absent from the file are kept (the summary says how many), as for every
master file: an import never deletes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from domain.catalog import parse_unit
from domain.columns import utcnow
from domain.importing.fields import BadValue, ImportFailed, Row, money, unique_rows
from domain.importing.lookup import Lookup
from domain.importing.result import Counts
from domain.models import Dealer, PriceRow, Sku

REQUIRED = ("sku", "uom", "price")

Key = tuple[int, str, str, int]  # sku_id, uom, tier, dealer id or 0


@dataclass(frozen=True)
class PriceItem:
    line: int
    key: Key
    price: Decimal


def validate(rows: list[Row], session: Session) -> list[PriceItem]:
    skus = Lookup("sku", session.scalars(sa.select(Sku).options(selectinload(Sku.units))), lambda s: s.sku)
    dealers = Lookup("dealer", session.scalars(sa.select(Dealer)), lambda d: d.code)
    parsed, errors = unique_rows(
        rows,
        lambda row: _parse(row, skus, dealers),
        lambda item: item.key,
        lambda item, line: f"the same sku, uom, tier and dealer appear again (first on line {line})",
    )
    if errors:
        raise ImportFailed(errors)
    return parsed


def _parse(row: Row, skus: Lookup[Sku], dealers: Lookup[Dealer]) -> PriceItem:
    sku = skus.find(row.required("sku"))
    try:
        uom = parse_unit(row.required("uom"), "uom")
    except ValueError as exc:
        raise BadValue(str(exc)) from None
    if sku.factor(uom) is None:
        units = ", ".join(unit.unit for unit in sku.units)
        raise BadValue(f"{sku.sku} is not sold in '{uom}' (its units: {units})")
    price = money("price", row.required("price"))
    dealer_code = row.get("dealer")
    dealer_id = dealers.find(dealer_code).id if dealer_code else 0
    return PriceItem(row.line, (sku.id, uom, row.get("tier"), dealer_id), price)


def write(session: Session, items: list[PriceItem]) -> tuple[Counts, tuple[str, ...]]:
    stored = {(r.sku_id, r.uom, r.tier, r.dealer_key): r for r in session.scalars(sa.select(PriceRow))}
    counts = Counts()
    for item in items:
        row = stored.pop(item.key, None)
        if row is None:
            sku_id, uom, tier, dealer_id = item.key
            session.add(PriceRow(sku_id=sku_id, uom=uom, tier=tier, dealer_id=dealer_id or None,
                                 dealer_key=dealer_id, price=item.price))
            counts.created += 1
        elif row.price != item.price:
            row.price = item.price
            row.updated_at = utcnow()
            counts.updated += 1
        else:
            counts.unchanged += 1
    notes = (f"{len(stored)} stored prices not in the file were kept",) if stored else ()
    return counts, notes
