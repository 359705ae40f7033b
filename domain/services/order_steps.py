"""The steps every order use case is made of: lock and load, check who acts, move, write a quote.

    order = locked(session, "SO-1043")              # the dealer's lock first, then the order, fresh
    check_actor(order.dealer, actor)                # a dealer acts on his own orders, a rep on his shops'
    move(session, order, State.CONFIRMED, actor, why)   # the one place an order changes state
    fill(session, order, quote, texts, asked)       # the quote's lines, free goods and totals onto it

domain.services.orders (placing, confirming, shipping, billing) and
domain.services.special_prices (granting a price) are built from them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from domain.columns import utcnow
from domain.db import lock_dealer
from domain.errors import DomainError, NotFound
from domain.models import (
    APPROVAL_KINDS,
    OPEN_REVIEW,
    Dealer,
    Order,
    OrderEvent,
    OrderFreeGood,
    OrderLine,
    ReviewItem,
    Sku,
)
from domain.orders import Actor, ActorKind, State, check_transition
from domain.quote import Quote
from domain.services import stock
from domain.services.credit import setting
from domain.services.quoting import order_skus

RESERVING = frozenset({State.CONFIRMED, State.ON_HOLD, State.APPROVED})  # states that hold stock


class UnknownOrder(NotFound):
    def __init__(self, number: str) -> None:
        super().__init__(f"no order {number}")
        self.number = number


class NotTheirDealer(DomainError):
    """A dealer acting on another dealer's order, or a rep ordering for a shop he does not serve."""

    def __init__(self, actor: Actor, dealer: str) -> None:
        super().__init__(f"{actor} may not order for dealer {dealer}")
        self.actor, self.dealer = actor, dealer


def normalise_number(text: str) -> str:
    """'so-1043', ' SO 1043', '1043' -> 'SO-1043'."""
    digits = "".join(ch for ch in text if ch.isdigit())
    return f"SO-{digits}" if digits else text.strip().upper()


def check_actor(dealer: Dealer, actor: Actor) -> None:
    if actor.kind is ActorKind.DEALER and actor.ref.upper() != dealer.code.upper():
        raise NotTheirDealer(actor, dealer.code)
    if actor.kind is ActorKind.REP and actor.ref not in {r.phone for r in dealer.reps}:
        raise NotTheirDealer(actor, dealer.code)


def move(session: Session, order: Order, target: State, actor: Actor, why: str = "") -> None:
    """The one place an order changes state: checked against the table, recorded as an event."""
    source = State(order.state)
    check_transition(order.number, source, target, actor)
    order.state = target.value
    order.updated_at = utcnow()
    record(session, order, source, target, actor, why)
    if source in RESERVING and target is State.CANCELLED:
        stock.release(session, order)
    if source is State.ON_HOLD and target is State.CANCELLED:  # nothing is left for an approver to decide
        resolve_reviews(session, order, "rejected", f"order cancelled: {why}", APPROVAL_KINDS)


def record(session: Session, order: Order, source: State, target: State, actor: Actor, why: str) -> None:
    """An entry in the order's history: a move, or (source == target) a change made in place.

    An order not yet written takes it in its `events` (one INSERT with the order); a stored one gets
    it by id, so its history is never loaded to add one entry."""
    event = OrderEvent(
        from_state=source.value,
        to_state=target.value,
        actor_kind=actor.kind.value,
        actor_ref=actor.ref,
        reason=why,
    )
    if order.id is None:
        order.events.append(event)
    else:
        event.order_id = order.id
        session.add(event)


def ask_approver(session: Session, order: Order, kind: str, why: str) -> None:
    """A review item an approver decides for the order ('credit_hold' or 'price_exception')."""
    session.add(
        ReviewItem(
            kind=kind,
            dealer_id=order.dealer_id,
            phone=order.dealer.phone,
            message_text=f"{order.number}: {why}",
            order_id=order.id,
        )
    )


def locked(session: Session, number: str) -> Order:
    """Lock the order's dealer, then load the order fresh (another transaction may have moved it)."""
    number = normalise_number(number)
    dealer_id = session.scalar(sa.select(Order.dealer_id).where(Order.number == number))
    if dealer_id is None:
        raise UnknownOrder(number)
    lock_dealer(session, dealer_id)
    return session.scalars(
        sa.select(Order).where(Order.number == number).execution_options(populate_existing=True)
    ).one()


def ttl(session: Session) -> timedelta:
    return timedelta(minutes=int(setting(session, "draft_ttl_minutes", "1440")))


def fill(
    session: Session,
    order: Order,
    quote: Quote,
    texts: Sequence[str] = (),
    asked: Mapping[tuple[str, str], Decimal] | None = None,
    rows: Mapping[str, Sku] | None = None,
) -> None:
    """Write the quote's lines, free goods and totals onto the order (replacing what was there);
    `asked` is (sku, uom) -> the unit price the dealer asked below the list (special_prices); `rows`
    (quoting.order_skus) are SKUs read already, with their units: only the others are read."""
    codes = {q.sku for q in quote.lines} | {f.sku for f in quote.free_goods}
    skus = dict(rows or {})
    if missing := codes - skus.keys():
        skus.update(order_skus(session, missing))  # with the units: stock reads them
    order.lines = [
        OrderLine(
            line_no=i,
            sku=skus[q.sku],
            qty=q.qty,
            uom=q.uom,
            unit_price=q.unit_price,
            gross=q.gross,
            discount=q.discount,
            net=q.net,
            tax=q.tax,
            gst_rate=q.gst_rate,
            schemes=list(q.schemes),
            source_text=texts[i - 1] if i <= len(texts) else "",
            requested_price=(asked or {}).get((q.sku, q.uom)),
        )
        for i, q in enumerate(quote.lines, start=1)
    ]
    order.free_goods = [
        OrderFreeGood(sku=skus[f.sku], qty=f.qty, uom=f.uom, scheme=f.scheme) for f in quote.free_goods
    ]
    order.gross, order.discount, order.tax, order.total = quote.gross, quote.discount, quote.tax, quote.total


def resolve_reviews(
    session: Session, order: Order, status: str, why: str, kinds: Sequence[str] = ("credit_hold",)
) -> None:
    for item in session.scalars(
        sa.select(ReviewItem).where(
            ReviewItem.order_id == order.id,
            ReviewItem.kind.in_(kinds),
            ReviewItem.status.in_(OPEN_REVIEW),
        )
    ):
        item.status, item.resolution, item.resolved_at = status, why, utcnow()
