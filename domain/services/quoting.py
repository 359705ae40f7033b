"""Quoting over the database: load a price book and a dealer's terms, then call the pure rules.

    with UnitOfWork(factory) as uow:
        quote = quote_for(uow.session, "D201", [LineRequest("MAG-MAS-70", Decimal(10), "case")])

Nothing is written. The credit inputs are read as the credit service reads
them: exposure (ledger balance + accepted orders not yet invoiced or
cancelled), the distributor's policy (settings `credit_block`,
`block_overdue_days`; with no `credit_block` row, env ORDERBOT_CREDIT_BLOCK=1
turns blocking on) and the dealer's oldest overdue invoice, aged on the quote's
date. To price under the dealer's lock, call `quote_for_dealer` after
`domain.db.lock_dealer`.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from domain import models as m
from domain.catalog import Uoms
from domain.credit import CreditPolicy
from domain.ledger import oldest_overdue_days
from domain.pricing import PriceRow, SkuInfo
from domain.quote import DealerTerms, LineRequest, PriceBook, Quote, quote_order
from domain.schemes import SchemeRow
from domain.services.credit import credit_policy, exposure, find_dealer, has_setting, today_local
from domain.services.gst import place_of_supply, supplier

SKU_COLUMNS = (m.Sku.sku, m.Sku.name, m.Sku.default_uom, m.Sku.brand, m.Sku.category, m.Sku.price,
               m.Sku.gst_rate)
SCHEME_COLUMNS = (m.SchemeRow.code, m.SchemeRow.name, m.SchemeRow.kind, m.SchemeRow.applies_to,
                  m.SchemeRow.target, m.SchemeRow.min_qty, m.SchemeRow.min_uom, m.SchemeRow.min_value,
                  m.SchemeRow.free_sku, m.SchemeRow.free_qty, m.SchemeRow.free_uom, m.SchemeRow.discount_pct,
                  m.SchemeRow.recursive, m.SchemeRow.valid_from, m.SchemeRow.valid_to, m.SchemeRow.tiers)


def units_by_sku(session: Session, where: sa.ColumnElement[bool],
                 batch: int | None = None) -> dict[int, Uoms]:
    """(unit, factor) pairs of the SKUs `where` picks (a condition on `Sku`), by SKU row id, in catalog order.

    Plain tuples, no ORM objects; equal pairs and equal unit lists are one shared tuple. With `batch`,
    rows are fetched that many at a time (a server-side cursor on PostgreSQL): the whole 100,000-SKU
    catalog's units then cost about 30 MB instead of 130.
    """
    query = (sa.select(m.SkuUnit.sku_id, m.SkuUnit.unit, m.SkuUnit.factor)
             .join(m.Sku, m.SkuUnit.sku_id == m.Sku.id).where(where).order_by(m.SkuUnit.id))
    if batch:
        query = query.execution_options(yield_per=batch)
    shared: dict[Any, Any] = {}
    grouped: dict[int, list[tuple[str, Decimal]]] = {}
    for sku_id, unit, factor in session.execute(query):
        pair = (unit, factor)
        grouped.setdefault(sku_id, []).append(shared.setdefault(pair, pair))
    found: dict[int, Uoms] = {}
    for sku_id, pairs in grouped.items():
        uoms = tuple(pairs)
        found[sku_id] = shared.setdefault(uoms, uoms)
    return found


def sku_info(row: sa.Row[Any] | m.Sku, units: Uoms) -> SkuInfo:
    """The pure view of a catalog row (a select of SKU_COLUMNS, or the Sku itself)."""
    return SkuInfo(sku=row.sku, name=row.name, uoms=units, default_uom=row.default_uom, brand=row.brand or "",
                   category=row.category or "", price=row.price, gst_rate=row.gst_rate)


def sku_infos(session: Session, codes: Collection[str] | None = None) -> dict[str, SkuInfo]:
    """The active catalog rows: all of them, or those whose code is in `codes`."""
    where: sa.ColumnElement[bool] = m.Sku.active.is_(True)
    if codes is not None:
        where = sa.and_(where, m.Sku.sku.in_(sorted(codes)))
    units = units_by_sku(session, where)
    rows = session.execute(sa.select(m.Sku.id, *SKU_COLUMNS).where(where))
    return {row.sku: sku_info(row, units.get(row.id, ())) for row in rows}


def order_skus(session: Session, codes: Collection[str]) -> dict[str, m.Sku]:
    """The Sku rows `codes` name (active or not) with their units, by code: two SELECTs.

    An order reads its SKUs once: pricing takes its view from these rows (`load_price_book(rows=)`)
    and the order's lines point at them (`order_steps.fill(rows=)`).
    """
    query = sa.select(m.Sku).where(m.Sku.sku.in_(sorted(codes))).options(selectinload(m.Sku.units))
    return {sku.sku: sku for sku in session.scalars(query)}


def _infos(session: Session, codes: Collection[str], rows: Mapping[str, m.Sku] | None) -> dict[str, SkuInfo]:
    """`sku_infos(session, codes)`, taken from `rows` when they hold every code (no query)."""
    if rows is None or not rows.keys() >= set(codes):
        return sku_infos(session, codes)
    found = (rows[code] for code in sorted(codes))
    return {s.sku: sku_info(s, s.uoms) for s in found if s.active}


def scheme_row(row: sa.Row[Any]) -> SchemeRow:
    """The pure view of a scheme slab (a select of SCHEME_COLUMNS); a 0 for "not given" becomes None."""
    return SchemeRow(
        code=row.code,
        name=row.name,
        kind=row.kind,
        applies_to=row.applies_to,
        target=row.target,
        min_qty=row.min_qty or None,
        min_uom=row.min_uom or "",
        min_value=row.min_value or None,
        free_sku=row.free_sku or "",
        free_qty=row.free_qty,
        free_uom=row.free_uom or "",
        discount_pct=row.discount_pct,
        recursive=bool(row.recursive),
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        tiers=tuple(t for t in (row.tiers or []) if t),
    )


def scheme_rows(session: Session) -> list[SchemeRow]:
    """Every scheme slab, in file order."""
    return [scheme_row(row) for row in session.execute(sa.select(*SCHEME_COLUMNS).order_by(m.SchemeRow.id))]


def load_price_book(session: Session, dealer: m.Dealer | None = None,
                    skus: Iterable[str] | None = None, rows: Mapping[str, m.Sku] | None = None) -> PriceBook:
    """Active SKUs, price rows and scheme slabs. With `dealer`, other dealers' own prices are left out.

    With `skus` (the codes an order names) only what pricing that order can touch is read, so a quote
    costs the same with 100 SKUs or 100,000: those SKUs, the slabs of every scheme one of them matches
    (schemes measure only the order's own lines, brand and category slabs too), the SKUs those schemes
    give free, and the price rows of all of these. The quote is the one the whole book gives. `rows`
    (`order_skus` of this session) spares reading again the SKUs it holds.
    """
    if skus is None:
        catalog, schemes = sku_infos(session), scheme_rows(session)
    else:
        catalog = _infos(session, set(skus), rows)
        schemes = [s for s in scheme_rows(session) if any(s.matches(info) for info in catalog.values())]
        # what a free-goods slab gives, as domain.schemes looks it up (its free_sku, else its target)
        free = {s.free_sku or s.target for s in schemes if s.kind == "free_goods"} - catalog.keys()
        if free:
            catalog.update(_infos(session, free, rows))
    query = (
        sa.select(m.PriceRow.uom, m.PriceRow.price, m.PriceRow.tier, m.Sku.sku, m.Dealer.code)
        .join(m.Sku, m.PriceRow.sku_id == m.Sku.id)
        .outerjoin(m.Dealer, m.PriceRow.dealer_id == m.Dealer.id)
        .order_by(m.PriceRow.id)
    )
    if skus is not None:
        query = query.where(m.Sku.sku.in_(sorted(catalog)))
    if dealer is not None:
        query = query.where(sa.or_(m.PriceRow.dealer_id.is_(None), m.PriceRow.dealer_id == dealer.id))
    prices = [PriceRow(sku, uom, price, tier or None, code or None) for uom, price, tier, sku, code in
              session.execute(query)]
    return PriceBook(catalog, tuple(prices), tuple(schemes))


def dealer_terms(dealer: m.Dealer) -> DealerTerms:
    return DealerTerms(dealer.code, dealer.tier or None, dealer.credit_limit, place_of_supply(dealer))


def policy(session: Session) -> CreditPolicy:
    """The distributor's credit policy; env ORDERBOT_CREDIT_BLOCK=1 when the settings do not say."""
    found = credit_policy(session)
    if not has_setting(session, "credit_block") and os.environ.get("ORDERBOT_CREDIT_BLOCK") == "1":
        return replace(found, block=True)
    return found


def quote_for_dealer(session: Session, dealer: m.Dealer, requests: Iterable[LineRequest],
                     on: date | None = None, book: PriceBook | None = None,
                     rows: Mapping[str, m.Sku] | None = None) -> Quote:
    """Price `requests` for `dealer` on `on` (default: today in India). Pass `book` to reuse one, or
    `rows` (`order_skus`) for the book to take the SKUs from."""
    from domain.services.ledger import entries_of  # the ledger service builds on the credit service

    wanted = list(requests)
    day = on or today_local()
    chosen = policy(session)
    overdue = None
    if chosen.block_overdue_days is not None:
        overdue = oldest_overdue_days(entries_of(session, dealer.id), day)
    if book is None:
        book = load_price_book(session, dealer, (r.sku for r in wanted), rows)
    return quote_order(wanted, book, dealer_terms(dealer), day, exposure(session, dealer.id), chosen, overdue,
                       supplier(session).state)


def quote_for(session: Session, dealer_code: str, requests: Iterable[LineRequest], on: date | None = None,
              book: PriceBook | None = None) -> Quote:
    """`quote_for_dealer` for a dealer code; UnknownDealer when there is none."""
    return quote_for_dealer(session, find_dealer(session, dealer_code), requests, on, book)
