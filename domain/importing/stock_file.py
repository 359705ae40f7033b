"""stock.csv (optional) -> StockLevel.on_hand, keyed by `sku`; `qty` is in the SKU's base unit.

Only SKUs named in the file have tracked stock; `reserved` (held by confirmed
orders) is never touched by an import.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from domain.columns import utcnow
from domain.importing.fields import ImportFailed, Row, quantity, unique_rows
from domain.importing.lookup import Lookup
from domain.importing.result import Counts, changed
from domain.models import Sku, StockLevel

REQUIRED = ("sku", "qty")


@dataclass(frozen=True)
class StockItem:
    line: int
    sku_id: int
    sku: str
    qty: Decimal


def validate(rows: list[Row], session: Session) -> list[StockItem]:
    skus = Lookup("sku", session.scalars(sa.select(Sku)), lambda s: s.sku)

    def parse(row: Row) -> StockItem:
        sku = skus.find(row.required("sku"))
        return StockItem(row.line, sku.id, sku.sku, quantity("qty", row.required("qty")))

    parsed, errors = unique_rows(
        rows,
        parse,
        lambda item: item.sku_id,
        lambda item, line: f"sku '{item.sku}' appears again (first on line {line})",
    )
    if errors:
        raise ImportFailed(errors)
    return parsed


def write(session: Session, items: list[StockItem]) -> tuple[Counts, tuple[str, ...]]:
    stored = {level.sku_id: level for level in session.scalars(sa.select(StockLevel))}
    counts = Counts()
    for item in items:
        level = stored.get(item.sku_id)
        if level is None:
            session.add(StockLevel(sku_id=item.sku_id, on_hand=item.qty, reserved=Decimal(0)))
            counts.created += 1
        elif level.on_hand != item.qty:
            counts.update(item.sku, [changed("qty", level.on_hand, item.qty)])
            level.on_hand = item.qty
            level.updated_at = utcnow()
        else:
            counts.unchanged += 1
    return counts, ()
