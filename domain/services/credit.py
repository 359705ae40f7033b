"""Credit: what a dealer is exposed for, and the check an order must pass under the dealer's lock.

exposure = ledger balance (what he owes; negative when he paid in advance, not
clamped) + totals of his orders that were accepted (confirmed or approved) and
are not yet invoiced or cancelled - which includes orders on the truck
(dispatched, delivered), since nothing has billed them yet.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute, Session

from domain.credit import CreditCheck, CreditPolicy, decide
from domain.errors import UnknownDealer
from domain.ledger import oldest_overdue_days
from domain.models import Dealer, LedgerEntry, Order, Setting
from domain.money import from_paise, round_paisa
from domain.orders import COMMITTED


def _paise_sum(column: InstrumentedAttribute[Decimal]) -> sa.ColumnElement[int]:
    """SUM of a Money column as the integer paise it is stored in (exact; summed by the database)."""
    return sa.func.sum(sa.type_coerce(column, sa.BigInteger))


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
    """Ledger balance + accepted orders not yet invoiced or cancelled (data contract, section 3).

    Both sums in one round trip (issue 13), each as `ledger_balance` and `committed_total` read it."""
    ledger = sa.select(_paise_sum(LedgerEntry.amount)).where(LedgerEntry.dealer_id == dealer_id)
    committed = sa.select(_paise_sum(Order.total)).where(
        Order.dealer_id == dealer_id, Order.state.in_([s.value for s in COMMITTED])
    )
    both = sa.select(ledger.scalar_subquery(), committed.scalar_subquery())
    balance, accepted = session.execute(both).one()
    return round_paisa(from_paise(balance or 0) + from_paise(accepted or 0))


# --- the check, inside a transaction that holds the dealer's lock -----------------------------------

IST = timezone(timedelta(hours=5, minutes=30), "IST")  # the distributor's calendar (India has no DST)


def today_local() -> date:
    """Today's date in India: ledger dates, due dates and ageing count calendar days there."""
    return datetime.now(IST).date()


def find_dealer(session: Session, code: str) -> Dealer:
    """The dealer with this code (case-insensitive), or UnknownDealer."""
    query = sa.select(Dealer).where(sa.func.upper(Dealer.code) == code.strip().upper())
    dealer = session.scalars(query).first()
    if dealer is None:
        raise UnknownDealer(code)
    return dealer


def setting(session: Session, key: str, default: str) -> str:
    """A distributor setting as text (the `settings` table), or `default`.

    Every setting is read in one SELECT, once per transaction of `session` (an order reads
    about ten of them, each was a round trip); a Setting added, changed or deleted in this
    session and not yet flushed is read through the session as before, and a flush that
    writes one makes the next call read the table again.
    """
    if _settings_changed(session):
        row = session.get(Setting, key)
        return default if row is None else row.value.strip()
    value = _settings(session).get(key)
    return default if value is None else value.strip()


def has_setting(session: Session, key: str) -> bool:
    """True when the `settings` table has a row for `key` (read as `setting` reads it)."""
    if _settings_changed(session):
        return session.get(Setting, key) is not None
    return key in _settings(session)


def _settings_changed(session: Session) -> bool:
    """A Setting added, changed or deleted in this session and not yet flushed."""
    return any(isinstance(o, Setting) for o in (*session.new, *session.dirty, *session.deleted))


def _settings(session: Session) -> dict[str, str]:
    transaction = session.get_transaction()
    cached = session.info.get("orderbot.settings")
    if transaction is not None and cached is not None and cached[0] is transaction:
        return cached[1]
    values = dict(session.execute(sa.select(Setting.key, Setting.value)).tuples().all())
    if transaction is None:
        transaction = session.get_transaction()  # the SELECT began it
    session.info["orderbot.settings"] = (transaction, values)
    return values


@sa.event.listens_for(Session, "after_flush")
def _settings_flushed(session: Session, flush_context: object) -> None:
    """A Setting written in this transaction: the next `setting` reads the table again."""
    if _settings_changed(session):
        session.info.pop("orderbot.settings", None)


def credit_policy(session: Session) -> CreditPolicy:
    """Settings `credit_block` (yes/no: refuse instead of hold) and `block_overdue_days` (empty: off)."""
    block = setting(session, "credit_block", "no").lower() in {"1", "yes", "true", "on", "block"}
    overdue = setting(session, "block_overdue_days", "")
    return CreditPolicy(block=block, block_overdue_days=int(overdue) if overdue else None)


def check_credit(session: Session, dealer: Dealer, total: Decimal, today: date | None = None) -> CreditCheck:
    """The decision for a new order of `total` rupees. Call it holding `lock_dealer(session, dealer.id)`.

    Read under the lock, exposure cannot change until the order's new state is
    committed, so two orders can never both fit into the same headroom.
    """
    from domain.services.ledger import entries_of  # these two build on this module
    from domain.services.quoting import policy

    chosen = policy(session)
    overdue = None
    if chosen.block_overdue_days is not None:
        overdue = oldest_overdue_days(entries_of(session, dealer.id), today or today_local())
    return decide(total, dealer.credit_limit, exposure(session, dealer.id), chosen, overdue)
