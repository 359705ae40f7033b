"""Order use cases: place, confirm (credit + stock under the dealer's lock), approve, ship, bill, cancel.

Each takes `work` (a UnitOfWork, or a Session the caller owns: see
domain.services) and an `Actor`, moves the order through `domain.orders`'
table, and records every move as an OrderEvent (who, when, why).

    placed = place_order(uow, "D201", [LineRequest("MAG-MAS-70", Decimal(10), "case")], Actor.dealer("D201"))
    done = confirm_order(uow, placed.order.number, Actor.dealer("D201"))
    done.decision    # 'ok' -> confirmed, 'hold' -> on_hold (an approver decides), 'block' -> cancelled

Stock: confirmation reserves, in base units, what every line and free good
needs of SKUs that have a stock level. When free stock is short the dealer
chooses: `ShortfallChoice.SHIP_AVAILABLE` (lines shrink to whole units in
stock and are priced again) or `BACK_ORDER` (the order stands; dispatch waits
for the stock). Without a choice, confirm raises `StockShort` listing each
short line and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from domain.columns import utcnow
from domain.db import next_value
from domain.errors import DomainError, NotFound
from domain.ledger import EntryKind
from domain.models import Dealer, Order, OrderEvent, OrderFreeGood, OrderLine
from domain.orders import (
    COMMITTED,
    PENDING,
    Actor,
    ActorKind,
    IllegalTransition,
    ShortfallChoice,
    State,
    check_transition,
)
from domain.quote import LineRequest
from domain.services import Work, special_prices, stock, transaction
from domain.services.credit import check_credit, exposure, find_dealer, setting, today_local
from domain.services.invoices import raise_invoice
from domain.services.ledger import add_entry
from domain.services.order_steps import (
    NotTheirDealer,
    UnknownOrder,
    ask_approver,
    check_actor,
    fill,
    locked,
    move,
    normalise_number,
    record,
    resolve_reviews,
    ttl,
)
from domain.services.order_views import Confirmation, EventView, OrderView, Placed, view
from domain.services.quoting import order_skus, quote_for_dealer
from domain.services.special_prices import NotAllowedPrice, PriceUndecided, grant_prices
from domain.services.stock import NotEnoughToDispatch, NothingInStock, Shortfall, StockShort

__all__ = [  # the public API; views and stock errors are re-exported for callers
    "Confirmation",
    "EmptyOrder",
    "EventView",
    "NotAllowedPrice",
    "NotEnoughToDispatch",
    "NotOnHold",
    "NotTheirDealer",
    "NothingInStock",
    "NothingToRepeat",
    "OrderView",
    "Placed",
    "PriceUndecided",
    "Shortfall",
    "ShortfallChoice",
    "StockShort",
    "UnknownOrder",
    "approve_order",
    "cancel_order",
    "confirm_order",
    "dealer_exposure",
    "deliver",
    "dispatch",
    "expire_drafts",
    "get_order",
    "grant_prices",
    "invoice",
    "list_orders",
    "normalise_number",
    "order_history",
    "place_order",
    "reject_hold",
    "repeat_order",
    "revise_order",
]


class LineLike(Protocol):
    """Anything with a SKU code, a quantity and a unit (nlu's ParsedLine, quote's LineRequest)."""

    @property
    def sku(self) -> str: ...
    @property
    def qty(self) -> Decimal: ...
    @property
    def uom(self) -> str: ...


# --- errors ------------------------------------------------------------------------------------------


class EmptyOrder(DomainError):
    def __init__(self, dealer: str) -> None:
        super().__init__(f"an order for {dealer} needs at least one line")


class NothingToRepeat(NotFound):
    def __init__(self, dealer: str) -> None:
        super().__init__(f"dealer {dealer} has no confirmed order to repeat")


# --- placing ---------------------------------------------------------------------------------------


def _place(
    session: Session,
    dealer: Dealer,
    lines: Sequence[LineLike],
    actor: Actor,
    on: date,
    source_ref: str | None,
    note: str,
) -> Placed:
    check_actor(dealer, actor)
    if source_ref:
        same = session.scalars(
            sa.select(Order).where(Order.dealer_id == dealer.id, Order.source_message_ref == source_ref)
        ).first()
        if same is not None:  # the same message delivered twice: the order is already there
            return Placed(view(same), quote_for_dealer(session, dealer, _requests(same.lines), on), same.id)
    if not lines:
        raise EmptyOrder(dealer.code)
    requests = [LineRequest(ln.sku, Decimal(ln.qty), ln.uom) for ln in lines]
    rows = order_skus(session, {r.sku for r in requests})  # read once: for pricing and for the lines
    quote = quote_for_dealer(session, dealer, requests, on, rows=rows)
    now = utcnow()
    order = Order(
        number=f"SO-{next_value(session, 'order')}",
        dealer=dealer,
        placed_by_kind=actor.kind.value,
        placed_by_ref=actor.ref,
        state=State.DRAFT.value,
        source_message_ref=source_ref,
        note=note,
        created_at=now,
        expires_at=now + ttl(session),
    )
    texts = [str(getattr(ln, "text", "")) for ln in lines]
    fill(session, order, quote, texts, special_prices.asked_prices(session, quote, lines), rows)
    session.add(order)
    order.events.append(
        OrderEvent(
            from_state=None,
            to_state=State.DRAFT.value,
            actor_kind=actor.kind.value,
            actor_ref=actor.ref,
            reason="placed",
        )
    )
    # moved on before it is written: one INSERT in the state it ends in (issue 13: was INSERT, UPDATE)
    move(session, order, State.AWAITING_CONFIRMATION, actor, "priced; waiting for the dealer's YES")
    session.flush()
    return Placed(view(order), quote, order.id)


def _requests(lines: Iterable[OrderLine]) -> list[LineRequest]:
    return [LineRequest(ln.sku.sku, ln.qty, ln.uom) for ln in lines]


def place_order(
    work: Work,
    dealer: str | Dealer,
    lines: Sequence[LineLike],
    actor: Actor,
    *,
    on: date | None = None,
    source_ref: str | None = None,
    note: str = "",
) -> Placed:
    """A priced order awaiting confirmation, from parsed lines; the same `source_ref` twice places it once.

    `dealer` is a code, or the Dealer row when `work` is the session that loaded it (no second read).
    Raises UnknownDealer, NotTheirDealer, EmptyOrder, or pricing's PricingError naming the line.
    """
    with transaction(work) as session:
        if isinstance(dealer, Dealer):
            found = dealer if dealer in session else find_dealer(session, dealer.code)
        else:
            found = find_dealer(session, dealer)
        return _place(session, found, lines, actor, on or today_local(), source_ref, note)


def repeat_order(
    work: Work, dealer: str, actor: Actor, *, on: date | None = None, source_ref: str | None = None
) -> Placed:
    """A new order with the lines of the dealer's last confirmed order, at today's prices and schemes."""
    with transaction(work) as session:
        found = find_dealer(session, dealer)
        accepted = [s.value for s in COMMITTED | {State.INVOICED}]
        last = session.scalars(
            sa.select(Order)
            .where(Order.dealer_id == found.id, Order.state.in_(accepted))
            .order_by(Order.created_at.desc(), Order.id.desc())
            .limit(1)
        ).first()
        if last is None:
            raise NothingToRepeat(found.code)
        return _place(
            session,
            found,
            _requests(last.lines),
            actor,
            on or today_local(),
            source_ref,
            f"repeat of {last.number}",
        )


def revise_order(
    work: Work,
    number: str,
    lines: Sequence[LineLike],
    actor: Actor,
    *,
    on: date | None = None,
    why: str = "changed by the dealer",
) -> Placed:
    """The draft awaiting the dealer's YES with `lines` instead of its own (an order sent in pieces):
    priced again as a whole (schemes, tax, credit), kept under the same number, given a fresh
    `draft_ttl_minutes` to be confirmed in, and the change recorded in its history.

    Raises IllegalTransition when the order no longer awaits confirmation, NotTheirDealer,
    EmptyOrder, or pricing's PricingError naming the line (the order is then unchanged).
    """
    with transaction(work) as session:
        order = locked(session, number)
        check_actor(order.dealer, actor)
        state = State(order.state)
        if state is not State.AWAITING_CONFIRMATION:
            raise IllegalTransition(order.number, state, State.AWAITING_CONFIRMATION)
        if not lines:
            raise EmptyOrder(order.dealer.code)
        requests = [LineRequest(ln.sku, Decimal(ln.qty), ln.uom) for ln in lines]
        rows = order_skus(session, {r.sku for r in requests})
        quote = quote_for_dealer(session, order.dealer, requests, on or today_local(), rows=rows)
        texts = [str(getattr(ln, "text", "")) for ln in lines]
        fill(session, order, quote, texts, special_prices.asked_prices(session, quote, lines), rows)
        now = utcnow()
        order.updated_at, order.expires_at = now, now + ttl(session)
        record(session, order, state, state, actor, why)
        session.flush()
        return Placed(view(order), quote, order.id)


# --- confirming --------------------------------------------------------------------------------------


def confirm_order(
    work: Work,
    number: str,
    actor: Actor,
    *,
    shortfall: ShortfallChoice | None = None,
    today: date | None = None,
) -> Confirmation:
    """The dealer's YES: stock and credit are checked and the order moves, in one transaction holding
    the dealer's lock. ok -> confirmed; hold -> on_hold (a review item asks an approver); block ->
    cancelled with the reason. An order whose dealer asked a price below the list goes on_hold too,
    with a `price_exception` review item (unless credit blocks it); `Confirmation.price_asked` says so.
    So does an order with a line priced at ₹0.00 (free on purpose in a price list: a `zero_price`
    review item), which never confirms without an approver.
    Raises StockShort (nothing changed) when stock is short and no `shortfall` choice was given,
    IllegalTransition when the order is not awaiting confirmation.
    """
    with transaction(work) as session:
        order = locked(session, number)
        check_actor(order.dealer, actor)
        check_transition(order.number, State(order.state), State.CONFIRMED, actor)
        day = today or today_local()
        items, allocations, _ = stock.allocate(session, order)
        shorts = stock.shortfalls(items, allocations)
        stock_note = ""
        if shorts and shortfall is None:
            raise StockShort(order.number, shorts)
        if shorts and shortfall is ShortfallChoice.SHIP_AVAILABLE:
            _ship_available(session, order, items, shorts, day)
            stock_note = "shipping what is in stock: " + "; ".join(str(s) for s in shorts)
        elif shorts:
            stock_note = "back-ordered: " + "; ".join(str(s) for s in shorts)
        check = check_credit(session, order.dealer, order.total, day)
        order.credit_decision, order.credit_note = check.decision, check.reason
        why = f"credit {check.decision}: {check.reason}" + (f"; {stock_note}" if stock_note else "")
        asked = special_prices.asks(order) if check.decision != "block" else []
        if asked:
            why += f"; special price asked: {special_prices.describe(asked)}"
        free = special_prices.at_zero(order) if check.decision != "block" else []
        if free:
            why += f"; priced at ₹0.00: {special_prices.describe_zero(free)}"
        if check.decision == "ok" and not asked and not free:
            move(session, order, State.CONFIRMED, actor, why)
            stock.reserve(session, order)
        elif check.decision in ("ok", "hold"):
            move(session, order, State.ON_HOLD, actor, why)
            stock.reserve(session, order)
        else:
            move(session, order, State.CANCELLED, actor, why)
        if asked:
            ask_approver(
                session, order, "price_exception", f"special price asked: {special_prices.describe(asked)}"
            )
        if free:
            ask_approver(
                session,
                order,
                "zero_price",
                f"priced at ₹0.00 (free in the price list): {special_prices.describe_zero(free)}",
            )
        if check.decision == "hold":
            ask_approver(session, order, "credit_hold", why)
        # a line at 0.00 waits on a price decision as well: the dealer is told it waits, never 'confirmed'
        return Confirmation(view(order), check, shorts, price_asked=bool(asked or free))


def _ship_available(
    session: Session, order: Order, items: Sequence[stock.Item], shorts: Sequence[Shortfall], day: date
) -> None:
    """Shrink the paid lines to what is in stock and price the order again (schemes may change)."""
    can = {s.line: s.available for s in shorts if not s.free}
    requests = [
        LineRequest(it.need.sku, can.get(it.need.line + 1, it.qty), it.uom) for it in items if not it.free
    ]
    requests = [r for r in requests if r.qty > 0]
    if not requests:
        raise NothingInStock(order.number)
    said = {(ln.sku.sku, ln.uom): ln.source_text for ln in order.lines}
    asked = {(ln.sku.sku, ln.uom): ln.requested_price for ln in order.lines if ln.requested_price is not None}
    texts = [said.get((r.sku, r.uom), "") for r in requests]
    fill(session, order, quote_for_dealer(session, order.dealer, requests, day), texts, asked)
    session.flush()


# --- after confirmation ------------------------------------------------------------------------------


class NotOnHold(DomainError):
    def __init__(self, number: str, state: State) -> None:
        super().__init__(f"order {number} is {state.value}, not on hold")


def approve_order(work: Work, number: str, actor: Actor, why: str = "approved") -> OrderView:
    """An approver releases a credit hold (or approves a confirmed order). Raises PriceUndecided while
    a special price on it waits for a decision: the order would go on at a price nobody granted."""
    with transaction(work) as session:
        order = locked(session, number)
        pending = special_prices.open_price_exception(session, order)
        if pending is not None:
            raise PriceUndecided(order.number, pending.id)
        move(session, order, State.APPROVED, actor, why)
        resolve_reviews(session, order, "done", why, special_prices.HOLD_KINDS)
        return view(order)


def reject_hold(work: Work, number: str, actor: Actor, why: str) -> OrderView:
    """An approver turns down a credit hold: the order is cancelled and its stock released."""
    with transaction(work) as session:
        order = locked(session, number)
        if State(order.state) is not State.ON_HOLD:
            raise NotOnHold(order.number, State(order.state))
        check_transition(order.number, State.ON_HOLD, State.APPROVED, actor)  # only approvers may reject
        move(session, order, State.CANCELLED, actor, f"hold rejected: {why}")
        resolve_reviews(session, order, "rejected", why, special_prices.HOLD_KINDS)
        return view(order)


def dispatch(work: Work, number: str, actor: Actor, why: str = "", *, on: date | None = None) -> OrderView:
    """Goods leave the warehouse: reserved stock is taken off hand, and the tax invoice that travels with
    them is raised (numbered INV/2026-27/0001 ..., dated `on`, default today; domain/services/invoices.py).
    The ledger's invoice entry is booked later, by `invoice`."""
    with transaction(work) as session:
        order = locked(session, number)
        check_transition(order.number, State(order.state), State.DISPATCHED, actor)
        stock.consume(session, order)
        move(session, order, State.DISPATCHED, actor, why)
        raise_invoice(session, order, str(actor), on)
        return view(order)


def deliver(work: Work, number: str, actor: Actor, why: str = "") -> OrderView:
    with transaction(work) as session:
        order = locked(session, number)
        move(session, order, State.DELIVERED, actor, why)
        return view(order)


def invoice(work: Work, number: str, actor: Actor, *, on: date | None = None) -> OrderView:
    """Bill a delivered order: an invoice entry for its total, due after the `credit_days` setting (30)."""
    with transaction(work) as session:
        order = locked(session, number)
        day = on or today_local()
        due = day + timedelta(days=int(setting(session, "credit_days", "30")))
        move(session, order, State.INVOICED, actor, f"invoiced, due {due.isoformat()}")
        add_entry(
            session,
            order.dealer_id,
            EntryKind.INVOICE,
            order.total,
            day,
            ref=order.number,
            due=due,
            order_id=order.id,
            note=f"invoice for {order.number}",
            by=str(actor),
        )
        return view(order)


def cancel_order(work: Work, number: str, actor: Actor, why: str = "") -> OrderView:
    """Cancel an order before dispatch; reserved stock is released. A dealer may cancel only his own."""
    with transaction(work) as session:
        order = locked(session, number)
        check_actor(order.dealer, actor)
        move(session, order, State.CANCELLED, actor, why or "cancelled")
        return view(order)


def expire_drafts(work: Work, *, now: datetime | None = None) -> tuple[str, ...]:
    """Cancel orders still waiting for a YES after the `draft_ttl_minutes` setting (1440); their numbers."""
    moment = now or utcnow()
    with transaction(work) as session:
        due = session.execute(
            sa.select(Order.number, Order.dealer_id)
            .where(Order.state.in_([s.value for s in PENDING]), Order.expires_at <= moment)
            .order_by(Order.dealer_id, Order.id)
        ).all()
        gone = []
        for number, _dealer_id in due:
            order = locked(session, number)
            if State(order.state) in PENDING and order.expires_at is not None and order.expires_at <= moment:
                move(
                    session,
                    order,
                    State.CANCELLED,
                    Actor.system("expiry"),
                    "expired: no confirmation in time",
                )
                gone.append(order.number)
        return tuple(gone)


# --- reading -----------------------------------------------------------------------------------------


def get_order(work: Work, number: str) -> OrderView:
    with transaction(work) as session:
        order = session.scalars(sa.select(Order).where(Order.number == normalise_number(number))).first()
        if order is None:
            raise UnknownOrder(normalise_number(number))
        return view(order)


def list_orders(
    work: Work, dealer: str, *, states: Iterable[State] | None = None, limit: int | None = None
) -> list[OrderView]:
    """The dealer's orders, newest first."""
    with transaction(work) as session:
        found = find_dealer(session, dealer)
        query = (
            sa.select(Order)
            .where(Order.dealer_id == found.id)
            .options(
                selectinload(Order.lines).selectinload(OrderLine.sku),
                selectinload(Order.free_goods).selectinload(OrderFreeGood.sku),
            )
            .order_by(Order.created_at.desc(), Order.id.desc())
        )
        if states is not None:
            query = query.where(Order.state.in_([State(s).value for s in states]))
        if limit is not None:
            query = query.limit(limit)
        return [view(o) for o in session.scalars(query)]


def order_history(work: Work, number: str) -> tuple[EventView, ...]:
    """Every move of the order, oldest first."""
    with transaction(work) as session:
        order = session.scalars(sa.select(Order).where(Order.number == normalise_number(number))).first()
        if order is None:
            raise UnknownOrder(normalise_number(number))
        return tuple(
            EventView(
                State(e.from_state) if e.from_state else None,
                State(e.to_state),
                Actor(ActorKind(e.actor_kind), e.actor_ref),
                e.reason,
                e.at,
            )
            for e in order.events
        )


def dealer_exposure(work: Work, dealer: str) -> Decimal:
    with transaction(work) as session:
        return exposure(session, find_dealer(session, dealer).id)
