"""Stock for orders: what an order needs in base units, reservations, shortfalls, and goods leaving.

A SKU is tracked when it has a stock level. Confirmation reserves everything
the order needs of tracked SKUs (more than is free when the dealer chose to
back-order); cancellation releases it; dispatch takes it off hand, and refuses
while back-ordered stock has not arrived. Stock rows are locked in SKU order,
so two orders for different dealers cannot both take the last cases, nor
deadlock on each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from domain.errors import DomainError
from domain.models import Order, Sku, StockLevel
from domain.orders import Allocation, Need, allocate_stock


def qty_str(value: Decimal) -> str:
    """A quantity as plain text: Decimal('10.000') -> '10', Decimal('0.5') -> '0.5'."""
    return f"{value.normalize():f}"


@dataclass(frozen=True)
class Shortfall:
    """A line that stock cannot fill: `available` is what can ship, in the line's unit."""

    line: int  # 1-based line number; free goods follow the paid lines
    sku: str
    uom: str
    ordered: Decimal
    available: Decimal
    free: bool = False

    def __str__(self) -> str:
        what = "free " if self.free else ""
        ordered, available = qty_str(self.ordered), qty_str(self.available)
        return f"{what}{self.sku}: {ordered} {self.uom} ordered, {available} in stock"


class StockShort(DomainError):
    """Stock cannot fill the order; call confirm_order again with the dealer's ShortfallChoice."""

    def __init__(self, number: str, shortfalls: Sequence[Shortfall]) -> None:
        listed = "; ".join(str(s) for s in shortfalls)
        super().__init__(f"order {number} is short of stock ({listed}): ship what is there, or back-order?")
        self.number, self.shortfalls = number, tuple(shortfalls)


class NothingInStock(DomainError):
    def __init__(self, number: str) -> None:
        super().__init__(f"order {number}: none of its lines is in stock, so there is nothing to ship now")


class NotEnoughToDispatch(DomainError):
    def __init__(self, number: str, sku: str, needed: Decimal, on_hand: Decimal) -> None:
        super().__init__(
            f"order {number} cannot be dispatched: {sku} needs {qty_str(needed)} base units, "
            f"{qty_str(on_hand)} on hand"
        )


@dataclass(frozen=True)
class Item:
    need: Need
    uom: str
    qty: Decimal
    factor: Decimal
    free: bool


def demand(order: Order) -> list[Item]:
    """What the order needs, in base units: its lines, then its free goods."""
    rows: list[tuple[Sku, Decimal, str, bool]] = [(ln.sku, ln.qty, ln.uom, False) for ln in order.lines]
    rows += [(f.sku, f.qty, f.uom, True) for f in order.free_goods]
    items = []
    for i, (sku, qty, uom, free) in enumerate(rows):
        factor = sku.factor(uom)
        if factor is None:
            raise DomainError(f"order {order.number}: {sku.sku} has no unit '{uom}'")
        items.append(Item(Need(i, sku.sku, qty * factor), uom, qty, factor, free))
    return items


def locked_levels(session: Session, order: Order) -> dict[str, StockLevel]:
    """Stock levels of the order's SKUs, row-locked in SKU order (no deadlock between two orders)."""
    ids = sorted({ln.sku_id for ln in order.lines} | {f.sku_id for f in order.free_goods})
    rows = session.scalars(
        sa.select(StockLevel)
        .where(StockLevel.sku_id.in_(ids))
        .order_by(StockLevel.sku_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return {row.sku.sku: row for row in rows}


def allocate(
    session: Session, order: Order
) -> tuple[list[Item], tuple[Allocation, ...], dict[str, StockLevel]]:
    items = demand(order)
    levels = locked_levels(session, order)
    free = {sku: lv.on_hand - lv.reserved for sku, lv in levels.items()}
    return items, allocate_stock([it.need for it in items], free), levels


def shortfalls(items: Sequence[Item], allocations: Sequence[Allocation]) -> tuple[Shortfall, ...]:
    out = []
    for it, alloc in zip(items, allocations, strict=True):
        if alloc.short > 0:
            step = Decimal(1) if it.qty == it.qty.to_integral_value() else Decimal("0.001")
            can = min((alloc.reserved / it.factor).quantize(step, rounding=ROUND_DOWN), it.qty)
            out.append(Shortfall(it.need.line + 1, it.need.sku, it.uom, it.qty, can, it.free))
    return tuple(out)


def reserve(session: Session, order: Order) -> None:
    """Hold stock for everything the order needs (more than is free, when back-ordered)."""
    items, _, levels = allocate(session, order)
    for it in items:
        if it.need.sku in levels:
            levels[it.need.sku].reserved += it.need.base_qty


def release(session: Session, order: Order) -> None:
    items, _, levels = allocate(session, order)
    for it in items:
        if it.need.sku in levels:
            level = levels[it.need.sku]
            level.reserved = max(level.reserved - it.need.base_qty, Decimal(0))


def consume(session: Session, order: Order) -> None:
    """Goods leave: on hand and reserved both fall; refuse when back-ordered stock has not arrived."""
    items, _, levels = allocate(session, order)
    wanted: dict[str, Decimal] = {}
    for it in items:
        if it.need.sku in levels:
            wanted[it.need.sku] = wanted.get(it.need.sku, Decimal(0)) + it.need.base_qty
    for sku, qty in wanted.items():
        level = levels[sku]
        if level.on_hand < qty:
            raise NotEnoughToDispatch(order.number, sku, qty, level.on_hand)
        level.on_hand -= qty
        level.reserved = max(level.reserved - qty, Decimal(0))


@dataclass(frozen=True)
class Outlook:
    """What a draft would meet if confirmed now: its shortfalls, and whether shipping what is in stock
    would still ship something (False when every paid line short of stock has none)."""

    shortfalls: tuple[Shortfall, ...]
    ships_something: bool


def outlook(session: Session, order: Order) -> Outlook:
    """The draft's stock outlook, read without locking anything (the YES checks again, under lock).

    A draft shows it before the dealer confirms, so he chooses between shipping what is there and
    waiting for the full order knowing both."""
    items = demand(order)
    ids = sorted({ln.sku_id for ln in order.lines} | {f.sku_id for f in order.free_goods})
    levels = list(session.scalars(sa.select(StockLevel).where(StockLevel.sku_id.in_(ids)))) if ids else []
    free = {lv.sku.sku: lv.on_hand - lv.reserved for lv in levels}
    shorts = shortfalls(items, allocate_stock([it.need for it in items], free))
    return Outlook(shorts, ships_something(items, shorts))


def ships_something(items: Sequence[Item], shorts: Sequence[Shortfall]) -> bool:
    """True when shipping what is in stock leaves at least one paid line with something in it.

    >>> need = Item(Need(0, "A", Decimal(10)), "case", Decimal(10), Decimal(1), False)
    >>> ships_something([need], [Shortfall(1, "A", "case", Decimal(10), Decimal(0))])
    False
    >>> ships_something([need], [Shortfall(1, "A", "case", Decimal(10), Decimal(4))])
    True
    """
    short = {s.line: s.available for s in shorts if not s.free}
    return any(short.get(it.need.line + 1, it.qty) > 0 for it in items if not it.free)
