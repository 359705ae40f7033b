"""Credit: what a dealer is exposed for, and the check an order must pass under the dealer's lock.

exposure = ledger balance (what he owes; negative when he paid in advance, not
clamped) + totals of his orders that were accepted (confirmed or approved) and
are not yet invoiced or cancelled - which includes orders on the truck
(dispatched, delivered), since nothing has billed them yet.
"""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from domain.models import LedgerEntry, Order
from domain.money import from_paise, round_paisa
from domain.orders import COMMITTED


def _paise_sum(column: sa.ColumnElement[Decimal]) -> sa.ColumnElement[int]:
    """SUM of a Money column as the integer paise it is stored in (exact; summed by the database)."""
    return sa.func.sum(column, type_=sa.BigInteger)


def ledger_balance(session: Session, dealer_id: int) -> Decimal:
    """Sum of the dealer's ledger entries."""
    query = sa.select(_paise_sum(LedgerEntry.amount)).where(LedgerEntry.dealer_id == dealer_id)
    return from_paise(session.scalar(query) or 0)


def committed_total(session: Session, dealer_id: int, exclude_order_id: int | None = None) -> Decimal:
    """Totals of the dealer's accepted orders not yet invoiced or cancelled."""
    query = sa.select(_paise_sum(Order.total)).where(
        Order.dealer_id == dealer_id, Order.state.in_([s.value for s in COMMITTED])
    )
    if exclude_order_id is not None:
        query = query.where(Order.id != exclude_order_id)
    return from_paise(session.scalar(query) or 0)


def exposure(session: Session, dealer_id: int) -> Decimal:
    """Ledger balance + accepted orders not yet invoiced or cancelled (data contract, section 3)."""
    return round_paisa(ledger_balance(session, dealer_id) + committed_total(session, dealer_id))
