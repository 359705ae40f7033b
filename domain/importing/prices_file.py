"""prices.csv -> PriceRow rows, keyed by (sku, uom, tier, dealer).

Columns: sku, uom, price (required); tier, dealer (optional; dealer is a
dealer code), free (optional, yes/no). The SKU must be in the catalog and sold
in `uom`; the dealer must exist. A price is above zero: a row given away on
purpose says `free=yes` with price 0, and an order with such a line waits for
an approver (orders.confirm_order) instead of confirming at ₹0.00. Rows are
created or updated in place; rows already stored but absent from the file are
kept (the summary says how many), as for every master file: an import never
deletes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from domain.catalog import parse_unit
from domain.columns import utcnow
from domain.importing.fields import BadValue, ImportFailed, Row, price, unique_rows, yes_no
from domain.importing.lookup import Lookup
from domain.importing.result import Counts, changed
from domain.models import Dealer, PriceRow, Sku

REQUIRED = ("sku", "uom", "price")

Key = tuple[int, str, str, int]  # sku_id, uom, tier, dealer id or 0


@dataclass(frozen=True)
class PriceItem:
    line: int
    key: Key
    price: Decimal
    label: str  # "MAG-MAS-70 case tier A" as the summary names the row


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
    amount = price("price", row.required("price"), free=yes_no("free", row.get("free")))
    dealer = dealers.find(row.get("dealer")) if row.get("dealer") else None
    tier = row.get("tier")
    label = " ".join((sku.sku, uom, *((f"tier {tier}",) if tier else ()),
                      *((f"dealer {dealer.code}",) if dealer else ())))
    return PriceItem(row.line, (sku.id, uom, tier, dealer.id if dealer else 0), amount, label)


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
            counts.update(item.label, [changed("price", row.price, item.price)])
            row.price = item.price
            row.updated_at = utcnow()
        else:
            counts.unchanged += 1
    notes = (f"{len(stored)} stored prices not in the file were kept",) if stored else ()
    return counts, notes
