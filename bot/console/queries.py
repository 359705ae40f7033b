"""The console's reads (lists with filters) and the few small writes the domain has no use case for.

Views call these with a session; no view holds SQL of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy import CursorResult
from sqlalchemy.orm import Session, selectinload

from bot.models import InboundMessage
from domain import models
from domain.columns import utcnow
from domain.errors import DomainError
from domain.models import (
    AuditLog,
    Dealer,
    LedgerEntry,
    Order,
    OrderFreeGood,
    OrderLine,
    ReviewItem,
    UnknownSender,
)
from domain.money import from_paise
from domain.orders import COMMITTED
from domain.services.credit import IST

QUEUE_KINDS = ("parse", "media")
APPROVAL_KINDS = models.APPROVAL_KINDS
OPEN = ("open", "claimed")
CLAIM_TTL = timedelta(minutes=30)  # a claim older than this may be taken over


class ConsoleError(DomainError):
    """A console action that cannot be done as asked; the message says why."""


# --- review items --------------------------------------------------------------------------------------


def open_items(session: Session, kinds: tuple[str, ...]) -> list[ReviewItem]:
    """Open and claimed items of `kinds`, oldest first."""
    query = (
        sa.select(ReviewItem)
        .where(ReviewItem.kind.in_(kinds), ReviewItem.status.in_(OPEN))
        .options(
            selectinload(ReviewItem.dealer),
            selectinload(ReviewItem.claimed_by),
            selectinload(ReviewItem.order),
        )
        .order_by(ReviewItem.created_at, ReviewItem.id)
    )
    return list(session.scalars(query))


def review_item(
    session: Session, item_id: int, kinds: tuple[str, ...], *, lock: bool = False
) -> ReviewItem | None:
    """The item, if it is one of `kinds`; `lock` holds its row until commit (PostgreSQL: a second
    accept or decision of the same item waits, then finds it done)."""
    query = (
        sa.select(ReviewItem)
        .where(ReviewItem.id == item_id, ReviewItem.kind.in_(kinds))
        .options(
            selectinload(ReviewItem.dealer),
            selectinload(ReviewItem.claimed_by),
            selectinload(ReviewItem.order),
        )
        .execution_options(populate_existing=True)
    )
    if lock:
        query = query.with_for_update(of=ReviewItem)
    return session.scalars(query).first()


def claim(session: Session, item_id: int, user_id: int, now: datetime | None = None) -> bool:
    """Claim an open item for `user_id` (or renew his own claim, or take over a stale one); False if taken."""
    moment = now or utcnow()
    return _changed(
        session,
        sa.update(ReviewItem)
        .where(
            ReviewItem.id == item_id,
            sa.or_(
                ReviewItem.status == "open",
                sa.and_(
                    ReviewItem.status == "claimed",
                    sa.or_(ReviewItem.claimed_by_id == user_id, ReviewItem.claimed_at < moment - CLAIM_TTL),
                ),
            ),
        )
        .values(status="claimed", claimed_by_id=user_id, claimed_at=moment),
    )


def release(session: Session, item_id: int, user_id: int) -> bool:
    return _changed(
        session,
        sa.update(ReviewItem)
        .where(ReviewItem.id == item_id, ReviewItem.status == "claimed", ReviewItem.claimed_by_id == user_id)
        .values(status="open", claimed_by_id=None, claimed_at=None),
    )


def _changed(session: Session, statement: sa.Update) -> bool:
    """Run a conditional UPDATE; True when it changed a row (the condition held at that moment)."""
    result = session.execute(statement.execution_options(synchronize_session=False))
    return bool(cast(CursorResult[Any], result).rowcount)


def holds_claim(item: ReviewItem, user_id: int, now: datetime | None = None) -> bool:
    return (
        item.status == "claimed"
        and item.claimed_by_id == user_id
        and (item.claimed_at is None or item.claimed_at >= (now or utcnow()) - CLAIM_TTL)
    )


def close(item: ReviewItem, status: str, resolution: str, order_id: int | None = None) -> None:
    item.status, item.resolution, item.resolved_at = status, resolution, utcnow()
    if order_id is not None:
        item.order_id = order_id


# --- orders ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrderFilter:
    state: str = ""
    dealer: str = ""  # code or part of the name
    town: str = ""
    start: date | None = None  # created on or after, India's calendar
    end: date | None = None  # created on or before


def _ist_start(day: date) -> datetime:
    return datetime.combine(day, time(0), IST)


def find_orders(session: Session, f: OrderFilter, limit: int = 200) -> list[Order]:
    query = (
        sa.select(Order)
        .join(Dealer, Order.dealer_id == Dealer.id)
        .options(selectinload(Order.dealer), selectinload(Order.free_goods).selectinload(OrderFreeGood.sku))
        .order_by(Order.created_at.desc(), Order.id.desc())
        .limit(limit)
    )
    if f.state:
        query = query.where(Order.state == f.state)
    if f.dealer:
        needle = f.dealer.strip()
        query = query.where(
            sa.or_(
                sa.func.upper(Dealer.code) == needle.upper(),
                Dealer.name.ilike(f"%{_like(needle)}%", escape="\\"),
            )
        )
    if f.town:
        query = query.where(sa.func.lower(Dealer.town) == f.town.strip().lower())
    if f.start:
        query = query.where(Order.created_at >= _ist_start(f.start))
    if f.end:
        query = query.where(Order.created_at < _ist_start(f.end + timedelta(days=1)))
    return list(session.scalars(query))


def order_detail(session: Session, number: str) -> Order | None:
    query = (
        sa.select(Order)
        .where(Order.number == number)
        .options(
            selectinload(Order.lines).selectinload(OrderLine.sku),
            selectinload(Order.free_goods).selectinload(OrderFreeGood.sku),
            selectinload(Order.events),
            selectinload(Order.dealer),
        )
    )
    return session.scalars(query).first()


def towns(session: Session) -> list[str]:
    return [t for t in session.scalars(sa.select(Dealer.town).distinct().order_by(Dealer.town)) if t]


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# --- dealers --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DealerRow:
    dealer: Dealer
    balance: Decimal
    exposure: Decimal


def dealer_rows(session: Session, search: str = "") -> list[DealerRow]:
    """Every dealer with balance and exposure, in two grouped queries (not one per dealer)."""
    paise = sa.type_coerce
    balances: dict[int, int] = dict(
        session.execute(
            sa.select(LedgerEntry.dealer_id, sa.func.sum(paise(LedgerEntry.amount, sa.BigInteger))).group_by(
                LedgerEntry.dealer_id
            )
        )
        .tuples()
        .all()
    )
    committed: dict[int, int] = dict(
        session.execute(
            sa.select(Order.dealer_id, sa.func.sum(paise(Order.total, sa.BigInteger)))
            .where(Order.state.in_([s.value for s in COMMITTED]))
            .group_by(Order.dealer_id)
        )
        .tuples()
        .all()
    )
    query = sa.select(Dealer).order_by(Dealer.code)
    if search.strip():
        needle = f"%{_like(search.strip())}%"
        query = query.where(
            sa.or_(
                Dealer.code.ilike(needle, escape="\\"),
                Dealer.name.ilike(needle, escape="\\"),
                Dealer.town.ilike(needle, escape="\\"),
            )
        )
    rows = []
    for dealer in session.scalars(query):
        balance = from_paise(int(balances.get(dealer.id) or 0))
        rows.append(DealerRow(dealer, balance, balance + from_paise(int(committed.get(dealer.id) or 0))))
    return rows


def dealer_by_code(session: Session, code: str) -> Dealer | None:
    return session.scalars(
        sa.select(Dealer).where(sa.func.upper(Dealer.code) == code.strip().upper())
    ).first()


@dataclass(frozen=True)
class Stranger:
    sender: UnknownSender
    profile_name: str


def unknown_senders(session: Session) -> list[Stranger]:
    """Numbers that wrote to the bot and are not dealers, latest first, with the WhatsApp profile name."""
    dealer_phones = sa.select(Dealer.phone)
    senders = session.scalars(
        sa.select(UnknownSender)
        .where(UnknownSender.phone.not_in(dealer_phones))
        .order_by(UnknownSender.last_seen.desc())
    )
    out = []
    for sender in senders:
        name = session.scalar(
            sa.select(InboundMessage.profile_name)
            .where(InboundMessage.phone == sender.phone)
            .order_by(InboundMessage.id.desc())
            .limit(1)
        )
        out.append(Stranger(sender, name or ""))
    return out


def suggest_code(session: Session) -> str:
    """The next free dealer code like the ones in use: 'D11' after 'D10'."""
    codes = list(session.scalars(sa.select(Dealer.code)))
    numbers = [int(c[1:]) for c in codes if c[:1].upper() == "D" and c[1:].isdigit()]
    width = max((len(c) - 1 for c in codes if c[:1].upper() == "D" and c[1:].isdigit()), default=2)
    return f"D{(max(numbers, default=0) + 1):0{width}d}"


def add_dealer(
    session: Session, sender_id: int, code: str, name: str, town: str, credit_limit: Decimal | None
) -> Dealer:
    """Make the unknown sender a dealer; his number's open 'unknown sender' review items are closed."""
    sender = session.get(UnknownSender, sender_id)
    if sender is None:
        raise ConsoleError(f"no unknown sender {sender_id}")
    code, name = code.strip().upper(), name.strip()
    if not code or not name:
        raise ConsoleError("a dealer needs a code and a name")
    if dealer_by_code(session, code) is not None:
        raise ConsoleError(f"dealer code {code} is already used")
    if session.scalar(sa.select(Dealer.id).where(Dealer.phone == sender.phone)) is not None:
        raise ConsoleError("this number is already a dealer")
    dealer = Dealer(
        code=code, name=name[:200], phone=sender.phone, town=town.strip()[:100], credit_limit=credit_limit
    )
    session.add(dealer)
    session.flush()
    for item in session.scalars(
        sa.select(ReviewItem).where(
            ReviewItem.kind == "unknown_sender", ReviewItem.phone == sender.phone, ReviewItem.status.in_(OPEN)
        )
    ):
        close(item, "done", f"added as dealer {code}")
        item.dealer_id = dealer.id
    return dealer


def audit_rows(session: Session, action: str = "", limit: int = 100) -> list[AuditLog]:
    query = sa.select(AuditLog).order_by(AuditLog.id.desc()).limit(limit)
    if action:
        query = query.where(AuditLog.action.startswith(action))
    return list(session.scalars(query))
