"""Special prices: a dealer asks a rate below the list ("maggi 10 cs @1150"), an approver decides.

    asked_prices(session, quote, lines)   # at placing: (sku, uom) -> asked unit price, below list only
    asks(order)                           # the order's lines still waiting for a price decision
    open_price_exception(session, order)  # its undecided review item, if any
    grant_prices(uow, "SO-1043", approver, {1: Decimal("1150.00")})   # an approver's yes

The asked rate is kept on the order line (`requested_price`, per the line's unit)
while the order is priced at the list: the draft the dealer confirms, the credit
check and the stock reservation all use the list price, so an order never goes
further on a price nobody granted. At confirmation an order with asks goes
on_hold with a `price_exception` review item (domain.services.orders.confirm_order);
an approver grants the asked prices, or others no higher than the list
(`grant_prices`), or turns them down (the order is cancelled).

A rate at or above the list price asks for nothing: the list price applies and
nothing waits for anyone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.orm import Session

from domain.errors import DomainError
from domain.models import OPEN_REVIEW, Order, OrderLine, ReviewItem
from domain.money import fmt_inr
from domain.orders import Actor, State, check_transition
from domain.pricing import convert_price
from domain.quote import LineRequest, Quote
from domain.services import Work, stock, transaction
from domain.services.credit import today_local
from domain.services.order_steps import RESERVING, fill, locked, move, record, resolve_reviews
from domain.services.order_views import OrderView, view
from domain.services.quoting import quote_for_dealer, sku_infos

OPEN = OPEN_REVIEW
HOLD_KINDS = ("credit_hold", "zero_price")  # review items an approver releases the order with (approve_order)


class AskedLine(Protocol):
    """A parsed or kept order line that may carry the dealer's rate (nlu.ParsedLine, the bot's Line)."""

    @property
    def sku(self) -> str: ...
    @property
    def uom(self) -> str: ...


class NotAllowedPrice(DomainError):
    """A special price an approver cannot grant: not above zero, above the list, or for no such line."""


class PriceUndecided(DomainError):
    def __init__(self, number: str, item: int) -> None:
        super().__init__(f"order {number} waits for a price decision first (review item {item})")
        self.number, self.item = number, item


def asked_prices(
    session: Session, quote: Quote, lines: Sequence[AskedLine]
) -> dict[tuple[str, str], Decimal]:
    """(sku, uom) -> the unit price the dealer asked, converted to the quoted line's unit, for lines
    where he asked less than the quoted price. A rate per another unit ('@12 per pc' on a case
    line) is converted by the SKU's factors, to the paisa."""
    wanted = [ln for ln in lines if getattr(ln, "rate", None) is not None]
    if not wanted:
        return {}
    infos = sku_infos(session, {ln.sku for ln in wanted})
    quoted = {(q.sku, q.uom): q.unit_price for q in quote.lines}
    out: dict[tuple[str, str], Decimal] = {}
    for ln in wanted:
        rate = Decimal(getattr(ln, "rate", None) or 0)
        per = getattr(ln, "rate_uom", "") or ln.uom
        info = infos.get(ln.sku)
        list_price = quoted.get((ln.sku, ln.uom))
        if info is None or list_price is None or rate <= 0:
            continue
        from_factor, to_factor = info.factor(per), info.factor(ln.uom)
        if from_factor is None or to_factor is None:
            continue
        asked = convert_price(rate, from_factor, to_factor)
        if asked < list_price:
            out[(ln.sku, ln.uom)] = asked
    return out


def asks(order: Order) -> list[OrderLine]:
    """The order's lines priced at the list while the dealer asked less."""
    return [ln for ln in order.lines if ln.requested_price is not None and ln.requested_price < ln.unit_price]


def at_zero(order: Order) -> list[OrderLine]:
    """The order's paid lines priced at ₹0.00: a price list says the item is free on purpose
    (`free=yes` in prices.csv or catalog.csv), so an approver sees the order before it goes on."""
    return [ln for ln in order.lines if ln.unit_price == 0]


def describe_zero(lines: Sequence[OrderLine]) -> str:
    """'Maggi Masala 70g: 10 case at ₹0.00' for each line, for the review item."""
    return "; ".join(
        f"{ln.sku.name}: {ln.qty.normalize():f} {ln.uom} at {fmt_inr(ln.unit_price)}" for ln in lines
    )


def describe(lines: Sequence[OrderLine]) -> str:
    """'Maggi Masala 70g: ₹1,150.00 a case asked, list ₹1,200.00' for each line, for the review item."""
    return "; ".join(
        f"{ln.sku.name}: {fmt_inr(ln.requested_price or Decimal(0))} a {ln.uom} asked, "
        f"list {fmt_inr(ln.unit_price)}"
        for ln in lines
    )


def open_price_exception(session: Session, order: Order) -> ReviewItem | None:
    return session.scalars(
        sa.select(ReviewItem)
        .where(
            ReviewItem.order_id == order.id,
            ReviewItem.kind == "price_exception",
            ReviewItem.status.in_(OPEN),
        )
        .order_by(ReviewItem.id)
        .limit(1)
    ).first()


def granted(order: Order, prices: Mapping[int, Decimal] | None) -> dict[int, Decimal]:
    """line_no -> the unit price to grant: what the dealer asked, or what the approver wrote instead.
    Raises NotAllowedPrice for a line the order does not have, a price not above zero, or one above
    the line's list price (a special price only ever lowers an order, so credit is never worse)."""
    lines = {ln.line_no: ln for ln in order.lines}
    wanted = {ln.line_no: ln.requested_price for ln in asks(order) if ln.requested_price is not None}
    for line_no, price in (prices or {}).items():
        line = lines.get(line_no)
        if line is None:
            raise NotAllowedPrice(f"order {order.number} has no line {line_no}")
        if price <= 0:
            raise NotAllowedPrice(f"line {line_no} ({line.sku.name}): a price must be more than zero")
        if price > line.unit_price:
            raise NotAllowedPrice(
                f"line {line_no} ({line.sku.name}): {fmt_inr(price)} is above the list price "
                f"{fmt_inr(line.unit_price)}"
            )
        wanted[line_no] = price
    if not wanted:
        raise NotAllowedPrice(f"order {order.number} asks no special price")
    return wanted


def grant_prices(
    work: Work,
    number: str,
    actor: Actor,
    prices: Mapping[int, Decimal] | None = None,
    why: str = "special price granted",
) -> OrderView:
    """An approver grants special prices: line_no -> unit price (default: what the dealer asked; a
    price may be anything above zero up to the list). The order is priced again with them (schemes
    and GST as always, stock re-reserved), its price review item closed, and an on_hold order moves
    to approved - unless a credit hold (or a ₹0.00 line) on it is still open, which its approver decides.

    Raises NotAllowedPrice (see `granted`; also for an order no longer holding stock: cancelled,
    dispatched, billed), NotAllowed when the actor may not approve, UnknownOrder.
    """
    with transaction(work) as session:
        order = locked(session, number)
        state = State(order.state)
        if state not in RESERVING:
            raise NotAllowedPrice(f"order {order.number} is {state.value}: its price can no longer change")
        check_transition(order.number, State.ON_HOLD, State.APPROVED, actor)  # approvers only
        prices_by_line = granted(order, prices)
        before = {ln.line_no: (ln.sku.name, ln.uom, ln.unit_price) for ln in order.lines}
        requests = [
            LineRequest(ln.sku.sku, ln.qty, ln.uom, prices_by_line.get(ln.line_no)) for ln in order.lines
        ]
        texts = [ln.source_text for ln in order.lines]
        stock.release(session, order)
        fill(session, order, quote_for_dealer(session, order.dealer, requests, today_local()), texts)
        session.flush()
        stock.reserve(session, order)
        what = "; ".join(
            f"{before[n][0]} {fmt_inr(p)} a {before[n][1]} (list {fmt_inr(before[n][2])})"
            for n, p in sorted(prices_by_line.items())
        )
        note = f"{why}: {what}"
        record(session, order, state, state, actor, note)
        resolve_reviews(session, order, "done", note, ("price_exception",))
        credit_open = session.scalar(
            sa.select(sa.func.count(ReviewItem.id)).where(
                ReviewItem.order_id == order.id,
                ReviewItem.kind.in_(HOLD_KINDS),
                ReviewItem.status.in_(OPEN),
            )
        )
        if state is State.ON_HOLD and not credit_open:
            move(session, order, State.APPROVED, actor, note)
        session.flush()
        return view(order)
