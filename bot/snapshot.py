"""The catalog snapshot the parser needs, built from the database.

nlu knows nothing of databases: the bot reads the domain's tables and hands
nlu plain `Product`, `DealerRef` and `Alias` records. Build it once per process
(or when the masters change) and reuse it.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from domain import models as m
from nlu.types import Alias, DealerRef, Product


@dataclass(frozen=True)
class Snapshot:
    products: tuple[Product, ...]
    dealers: tuple[DealerRef, ...]
    aliases: tuple[Alias, ...]


def product(row: m.Sku) -> Product:
    """One active catalog row as the parser sees it."""
    return Product(
        sku=row.sku,
        name=row.name,
        uoms=tuple((u.unit, u.factor) for u in row.units),
        default_uom=row.default_uom,
        brand=row.brand or "",
        category=row.category or "",
        size=row.size or "",
        aliases=tuple(row.aliases or ()),
    )


def products(session: Session) -> tuple[Product, ...]:
    query = (sa.select(m.Sku).where(m.Sku.active.is_(True)).options(selectinload(m.Sku.units))
             .order_by(m.Sku.sku))
    return tuple(product(row) for row in session.scalars(query))


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
