"""What a dealer may ask without ordering: his price, the schemes open to him, stock, an order's bill.

    price_of(session, dealer, "MAG-MAS-70", Decimal(1), "case", on)  # -> QuoteLine, priced as a draft is
    schemes_for(session, dealer, {"TIDE-1KG"}, on)   # -> [Offer]: his schemes today on those SKUs
    stock_of(session, [("SPR-750ML", None, "case")]) # -> [Availability]: in stock, short or out
    bill_of(session, order)                          # -> Bill | None: its invoice, once billed

Nothing is written. A price is the draft's own pricing (domain.services.quoting: his special
price, else his tier's, else the list; schemes and GST on the quantity asked), so the answer and
the draft he then sends agree. Schemes are the slabs open to his tier on the day. Stock is what is
free (on hand less reserved), said as the draft's shortfall says it: the quantity is told only when
the stock falls short of what he asked.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from domain.ledger import EntryKind
from domain.models import Dealer, LedgerEntry, Order, Sku, StockLevel
from domain.pricing import SkuInfo
from domain.quote import LineRequest, Quote
from domain.schemes import SchemeRow
from domain.services.quoting import quote_for_dealer, scheme_rows, sku_infos


def price_of(session: Session, dealer: Dealer, sku: str, qty: Decimal, uom: str, on: date) -> Quote:
    """`qty` of `sku` in `uom` priced for `dealer` on `on`, as his draft would be. Raises PricingError
    (UnknownSku, UnknownUnit, NoPrice) naming what cannot be priced."""
    return quote_for_dealer(session, dealer, [LineRequest(sku, qty, uom)], on)


# -- schemes ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Offer:
    """One scheme open to the dealer: its slabs (lowest threshold first) and its last day."""

    code: str
    name: str
    slabs: tuple[SchemeRow, ...]
    valid_to: date | None


def open_offers(
    rows: Iterable[SchemeRow], on: date, tier: str | None, infos: Mapping[str, SkuInfo] | None = None
) -> list[Offer]:
    """The schemes whose slabs are open to `tier` on `on`, in file order; with `infos`, only those
    that match one of those SKUs (by SKU, brand or category).

    >>> from domain.schemes import SchemeRow as S
    >>> rows = [S("W", "Winter", "qty_discount", "sku", "A", Decimal(5), "case", discount_pct=Decimal(2),
    ...           valid_to=date(2026, 1, 31)),
    ...         S("D", "Diwali", "qty_discount", "sku", "A", Decimal(5), "case", valid_to=date(2025, 11, 5)),
    ...         S("T", "Tier B", "qty_discount", "sku", "A", Decimal(5), "case", tiers=("B",))]
    >>> [o.code for o in open_offers(rows, date(2026, 1, 10), "A")]
    ['W']
    """
    grouped: dict[str, list[SchemeRow]] = {}
    for row in rows:
        if row.valid_on(on) and row.open_to(tier):
            if infos is None or any(row.matches(info) for info in infos.values()):
                grouped.setdefault(row.code, []).append(row)
    return [
        Offer(code, slabs[0].name, tuple(sorted(slabs, key=lambda s: s.threshold)), slabs[0].valid_to)
        for code, slabs in grouped.items()
    ]


def schemes_for(session: Session, dealer: Dealer, skus: Collection[str] | None, on: date) -> list[Offer]:
    """The schemes open to `dealer` on `on`: on `skus` (codes) when given, else all of them."""
    infos = sku_infos(session, skus) if skus is not None else None
    return open_offers(scheme_rows(session), on, dealer.tier or None, infos)


# -- stock -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Availability:
    """`state`: 'in_stock', 'short' (some, less than asked) or 'out'; `available`: whole `uom`s free,
    to be told only when short. An untracked SKU (no stock level) is in stock."""

    sku: str
    uom: str
    asked: Decimal | None
    state: str
    available: Decimal


def judge(free: Decimal | None, factor: Decimal, asked: Decimal | None) -> tuple[str, Decimal]:
    """(state, whole units free) for `free` base units, units of `factor` base units, `asked` units.

    >>> judge(Decimal(960), Decimal(96), Decimal(5)), judge(Decimal(300), Decimal(96), Decimal(5))
    (('in_stock', Decimal('10')), ('short', Decimal('3')))
    >>> judge(Decimal(50), Decimal(96), None), judge(None, Decimal(96), Decimal(500))
    (('out', Decimal('0')), ('in_stock', Decimal('0')))
    """
    if free is None:
        return "in_stock", Decimal(0)
    units = max((free / factor).quantize(Decimal(1), rounding=ROUND_DOWN), Decimal(0))
    if units < 1:
        return "out", Decimal(0)
    if asked is not None and units < asked:
        return "short", units
    return "in_stock", units


def stock_of(session: Session, wanted: Sequence[tuple[str, Decimal | None, str]]) -> list[Availability]:
    """For each (sku code, quantity asked or None, unit): how it stands now, read without locking.
    A unit the SKU is not sold in is read as its order unit."""
    codes = sorted({sku for sku, _, _ in wanted})
    skus = {s.sku: s for s in session.scalars(sa.select(Sku).where(Sku.sku.in_(codes)))}
    levels = session.execute(  # the columns, not their difference: Quantity decodes only a column
        sa.select(Sku.sku, StockLevel.on_hand, StockLevel.reserved)
        .join(StockLevel, StockLevel.sku_id == Sku.id)
        .where(Sku.sku.in_(codes))
    )
    free: dict[str, Decimal] = {code: on_hand - reserved for code, on_hand, reserved in levels}
    out = []
    for code, asked, uom in wanted:
        sku = skus.get(code)
        if sku is None:
            continue
        unit = uom if sku.factor(uom) is not None else sku.default_uom
        factor = sku.factor(unit) or Decimal(1)
        state, units = judge(free.get(code), factor, asked)
        out.append(Availability(code, unit, asked, state, units))
    return out


# -- bills -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bill:
    """An order's invoice as the ledger records it (domain.services.orders.invoice)."""

    number: str
    on: date
    due: date | None
    amount: Decimal


def bill_of(session: Session, order: Order) -> Bill | None:
    """The invoice entry of `order`, or None while it is not billed."""
    entry = session.scalars(
        sa.select(LedgerEntry)
        .where(LedgerEntry.order_id == order.id, LedgerEntry.kind == EntryKind.INVOICE.value)
        .order_by(LedgerEntry.id)
        .limit(1)
    ).first()
    if entry is None:
        return None
    return Bill(entry.reference or order.number, entry.entry_date, entry.due_date, entry.amount)


__all__ = [
    "Availability",
    "Bill",
    "Offer",
    "bill_of",
    "judge",
    "open_offers",
    "price_of",
    "schemes_for",
    "stock_of",
]
