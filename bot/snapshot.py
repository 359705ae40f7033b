"""The catalog snapshot the parser needs, built from the database.

nlu knows nothing of databases: the bot reads the domain's tables and hands
nlu plain `Product`, `DealerRef` and `Alias` records. Build it once per process
(or when the masters change) and reuse it.
"""

from __future__ import annotations

from dataclasses import dataclass
from sys import intern

import sqlalchemy as sa
from sqlalchemy.orm import Session

from domain import models as m
from domain.services.quoting import units_by_sku
from nlu.types import Alias, DealerRef, Product

PRODUCT_COLUMNS = (m.Sku.sku, m.Sku.name, m.Sku.default_uom, m.Sku.brand, m.Sku.category, m.Sku.size,
                   m.Sku.aliases)
BATCH = 5_000  # catalog rows fetched at a time


@dataclass(frozen=True)
class Snapshot:
    products: tuple[Product, ...]
    dealers: tuple[DealerRef, ...]
    aliases: tuple[Alias, ...]


def product(row: m.Sku) -> Product:
    """One catalog entity as the parser sees it (`products` builds the same from plain columns)."""
    return Product(
        sku=row.sku,
        name=row.name,
        uoms=row.uoms,
        default_uom=row.default_uom,
        brand=row.brand or "",
        category=row.category or "",
        size=row.size or "",
        aliases=tuple(row.aliases or ()),
    )


def products(session: Session) -> tuple[Product, ...]:
    """Every active catalog row as the parser sees it, in SKU order.

    Read as plain column tuples (units by a second select), never as ORM
    entities: loading 100,000 `Sku` objects with their units left ~450 MB of
    high-water mark in every process that built a parser. Rows come BATCH at
    a time; units, brands, categories and sizes are shared, not one copy a SKU.
    """
    active = m.Sku.active.is_(True)
    units = units_by_sku(session, active, BATCH)
    query = sa.select(m.Sku.id, *PRODUCT_COLUMNS).where(active).order_by(m.Sku.sku)
    return tuple(
        Product(sku=row.sku, name=row.name, uoms=units.get(row.id, ()), default_uom=intern(row.default_uom),
                brand=intern(row.brand or ""), category=intern(row.category or ""),
                size=intern(row.size or ""), aliases=tuple(row.aliases or ()))
        for row in session.execute(query.execution_options(yield_per=BATCH))
    )


def dealers(session: Session) -> tuple[DealerRef, ...]:
    query = sa.select(m.Dealer).where(m.Dealer.active.is_(True)).order_by(m.Dealer.code)
    return tuple(DealerRef(d.code, d.name, d.town or "") for d in session.scalars(query))


def learned_aliases(session: Session) -> tuple[Alias, ...]:
    """Phrases staff taught the bot; a dealer-specific one carries the dealer's code."""
    query = (
        sa.select(m.LearnedAlias.phrase, m.Sku.sku, m.Dealer.code)
        .join(m.Sku, m.LearnedAlias.sku_id == m.Sku.id)
        .outerjoin(m.Dealer, m.LearnedAlias.dealer_id == m.Dealer.id)
        .where(m.Sku.active.is_(True))
        .order_by(m.LearnedAlias.id)
    )
    return tuple(Alias(phrase, sku, code) for phrase, sku, code in session.execute(query))


def snapshot(session: Session) -> Snapshot:
    return Snapshot(products(session), dealers(session), learned_aliases(session))
