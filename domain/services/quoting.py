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
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from domain import models as m
from domain.credit import CreditPolicy
from domain.ledger import oldest_overdue_days
from domain.pricing import PriceRow, SkuInfo
from domain.quote import DealerTerms, LineRequest, PriceBook, Quote, quote_order
from domain.schemes import SchemeRow
from domain.services.credit import credit_policy, exposure, find_dealer, today_local


def sku_info(row: m.Sku) -> SkuInfo:
    """The pure view of a catalog row."""
    return SkuInfo(
        sku=row.sku,
        name=row.name,
        uoms=tuple((u.unit, u.factor) for u in row.units),
        default_uom=row.default_uom,
        brand=row.brand or "",
        category=row.category or "",
        price=row.price,
        gst_rate=row.gst_rate,
    )


def scheme_row(row: m.SchemeRow) -> SchemeRow:
    """The pure view of a scheme slab; the table's 0 for "not given" becomes None."""
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


def load_price_book(session: Session, dealer: m.Dealer | None = None) -> PriceBook:
    """Active SKUs, price rows and scheme slabs. With `dealer`, other dealers' own prices are left out."""
    skus = session.scalars(sa.select(m.Sku).where(m.Sku.active.is_(True)).options(selectinload(m.Sku.units)))
    catalog = {row.sku: sku_info(row) for row in skus}
    query = (
        sa.select(m.PriceRow.uom, m.PriceRow.price, m.PriceRow.tier, m.Sku.sku, m.Dealer.code)
        .join(m.Sku, m.PriceRow.sku_id == m.Sku.id)
        .outerjoin(m.Dealer, m.PriceRow.dealer_id == m.Dealer.id)
        .order_by(m.PriceRow.id)
    )
    if dealer is not None:
        query = query.where(sa.or_(m.PriceRow.dealer_id.is_(None), m.PriceRow.dealer_id == dealer.id))
    prices = [PriceRow(sku, uom, price, tier or None, code or None) for uom, price, tier, sku, code in
              session.execute(query)]
    schemes = [scheme_row(r) for r in session.scalars(sa.select(m.SchemeRow).order_by(m.SchemeRow.id))]
    return PriceBook(catalog, tuple(prices), tuple(schemes))


def dealer_terms(dealer: m.Dealer) -> DealerTerms:
    return DealerTerms(dealer.code, dealer.tier or None, dealer.credit_limit)


def policy(session: Session) -> CreditPolicy:
    """The distributor's credit policy; env ORDERBOT_CREDIT_BLOCK=1 when the settings do not say."""
    found = credit_policy(session)
    if session.get(m.Setting, "credit_block") is None and os.environ.get("ORDERBOT_CREDIT_BLOCK") == "1":
        return replace(found, block=True)
    return found


def quote_for_dealer(session: Session, dealer: m.Dealer, requests: Iterable[LineRequest],
                     on: date | None = None, book: PriceBook | None = None) -> Quote:
    """Price `requests` for `dealer` on `on` (default: today in India). Pass `book` to reuse one."""
    from domain.services.ledger import entries_of  # the ledger service builds on the credit service

    day = on or today_local()
    chosen = policy(session)
    overdue = None
    if chosen.block_overdue_days is not None:
        overdue = oldest_overdue_days(entries_of(session, dealer.id), day)
    return quote_order(requests, book or load_price_book(session, dealer), dealer_terms(dealer), day,
                       exposure(session, dealer.id), chosen, overdue)


def quote_for(session: Session, dealer_code: str, requests: Iterable[LineRequest], on: date | None = None,
              book: PriceBook | None = None) -> Quote:
    """`quote_for_dealer` for a dealer code; UnknownDealer when there is none."""
    return quote_for_dealer(session, find_dealer(session, dealer_code), requests, on, book)
