"""The names a reply shows for codes: products by SKU code, schemes by scheme code.

    sku_names(session, ["MAG-MAS-70"])   -> {"MAG-MAS-70": "Maggi 2-Minute Masala Noodles 70g"}
    scheme_names(session, order_schemes(order))

Used by the conversation and by the console's messages to dealers, so a draft
reads the same whichever of them built it. A code not found is left out; a
scheme without a name is shown by its code.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from domain.models import SchemeRow, Sku
from domain.services.order_views import OrderView


def sku_names(session: Session, codes: Iterable[str]) -> dict[str, str]:
    wanted = set(codes)
    if not wanted:
        return {}
    return dict(session.execute(sa.select(Sku.sku, Sku.name).where(Sku.sku.in_(wanted))).tuples().all())


def scheme_names(session: Session, codes: Iterable[str]) -> dict[str, str]:
    wanted = set(codes)
    if not wanted:
        return {}
    rows = session.execute(sa.select(SchemeRow.code, SchemeRow.name).where(SchemeRow.code.in_(wanted)))
    return {code: name or code for code, name in rows}


def order_schemes(order: OrderView) -> list[str]:
    """Every scheme code the order's lines and free goods name."""
    return [c for ln in order.lines for c in ln.schemes] + [f.scheme for f in order.free_goods]
