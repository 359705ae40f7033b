"""What a packer takes off the shelf: each SKU and unit once, what was bought and what is free, together.

    >>> lines = pick([
    ...     Item("MAG-MAS-70", "Maggi 70g", "case", Decimal(10)),
    ...     Item("MAG-MAS-70", "Maggi 70g", "case", Decimal(1), scheme="MAGGI-10P1"),
    ...     Item("RIN-BAR-250", "Rin Bar 250g", "pc", Decimal(12), scheme="EASYWASH-RIN"),
    ... ])
    >>> [(ln.sku, ln.uom, str(ln.paid), str(ln.free), str(ln.qty)) for ln in lines]
    [('MAG-MAS-70', 'case', '10', '1', '11'), ('RIN-BAR-250', 'pc', '0', '12', '12')]
    >>> lines[0].schemes
    ('MAGGI-10P1',)

An item with a `scheme` is free goods (a scheme gave it, at no charge). Units are
never converted: cases and loose packs of one SKU are picked from different
places, so they stay separate lines. Only orders a dealer has committed to and
that have not left the warehouse are picked (`PICKABLE`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final

from domain.orders import State

PICKABLE: Final = frozenset({State.CONFIRMED, State.APPROVED})
ZERO: Final = Decimal(0)


@dataclass(frozen=True)
class Item:
    """One order line or one free good of an order."""

    sku: str
    name: str
    uom: str
    qty: Decimal
    scheme: str = ""  # the scheme that gave it free; '' = bought


@dataclass(frozen=True)
class PickLine:
    sku: str
    name: str
    uom: str
    paid: Decimal
    free: Decimal
    schemes: tuple[str, ...]  # the schemes that gave the free part

    @property
    def qty(self) -> Decimal:
        """What to pick: bought and free together."""
        return self.paid + self.free


@dataclass(frozen=True)
class OrderPick:
    number: str
    dealer_code: str
    dealer_name: str
    town: str
    state: State
    lines: tuple[PickLine, ...]


@dataclass(frozen=True)
class DayPick:
    day: date
    orders: tuple[OrderPick, ...]
    totals: tuple[PickLine, ...]  # every order's lines added up by SKU and unit


def pick(items: Iterable[Item]) -> tuple[PickLine, ...]:
    """The items added up by SKU and unit, in SKU order."""
    return merge(
        PickLine(
            i.sku,
            i.name,
            i.uom,
            ZERO if i.scheme else i.qty,
            i.qty if i.scheme else ZERO,
            (i.scheme,) if i.scheme else (),
        )
        for i in items
    )


def merge(lines: Iterable[PickLine]) -> tuple[PickLine, ...]:
    """Pick lines of the same SKU and unit added into one, in SKU order."""
    kept: dict[tuple[str, str], PickLine] = {}
    for ln in lines:
        key = (ln.sku, ln.uom)
        had = kept.get(key)
        if had is None:
            kept[key] = ln
            continue
        schemes = had.schemes + tuple(s for s in ln.schemes if s not in had.schemes)
        kept[key] = PickLine(ln.sku, had.name, ln.uom, had.paid + ln.paid, had.free + ln.free, schemes)
    return tuple(kept[key] for key in sorted(kept))


def day_totals(day: date, orders: Iterable[OrderPick]) -> DayPick:
    """The day's orders and what they come to, SKU by SKU."""
    kept = tuple(orders)
    return DayPick(day, kept, merge(ln for order in kept for ln in order.lines))
