"""Approvals: credit holds and price exceptions, with what an approver needs to decide.

    GET  /console/approvals                   open items, oldest first: the order, the dealer's exposure,
                                              limit, ageing, recent orders and the order's history
    POST /console/approvals/<id>/approve      note (optional); for a price exception also
                                              price-<line no> (the unit price to grant, prefilled
                                              with what the dealer asked; at most the list price)
    POST /console/approvals/<id>/reject       note (required; the dealer is sent it)

A credit hold approved moves the order on_hold -> approved (`approve_order`;
refused while a special price on the order is undecided); rejected, it is
cancelled and its stock released (`reject_hold`). A price exception approved
prices the order again at the granted prices and approves it, unless its credit
hold is still open (`grant_prices`); rejected, the order is cancelled. The dealer
is told on WhatsApp either way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import Session

from bot import replies
from bot.console import audit, notify, queries
from bot.console.auth import role_required
from bot.console.web import deliver, reading, staff, writing
from domain.errors import DomainError
from domain.models import ReviewItem
from domain.money import round_paisa
from domain.orders import CANCELLABLE, State
from domain.services.credit import today_local
from domain.services.ledger import DealerSummary, summarise
from domain.services.order_views import EventView, OrderView, view
from domain.services.orders import (
    approve_order,
    cancel_order,
    grant_prices,
    list_orders,
    order_history,
    reject_hold,
)
from domain.services.special_prices import HOLD_KINDS

KINDS = queries.APPROVAL_KINDS
MAX_PRICE = Decimal(10) ** 12  # a unit price past this is a typing slip, not an amount


@dataclass(frozen=True)
class Case:
    item: ReviewItem
    order: OrderView | None
    summary: DealerSummary | None
    history: tuple[EventView, ...]
    recent: list[OrderView]


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/approvals", "approvals", approvals)
    bp.add_url_rule("/approvals/<int:item_id>/approve", "approval_approve", approve, methods=["POST"])
    bp.add_url_rule("/approvals/<int:item_id>/reject", "approval_reject", reject, methods=["POST"])


def _case(session: Session, item: ReviewItem) -> Case:
    order = view(item.order) if item.order else None
    summary = summarise(session, item.dealer, today_local()) if item.dealer else None
    history = order_history(session, order.number) if order else ()
    recent = list_orders(session, item.dealer.code, limit=5) if item.dealer else []
    return Case(item, order, summary, history, recent)


@role_required("approver")
def approvals() -> str:
    with reading() as session:
        cases = [_case(session, item) for item in queries.open_items(session, KINDS)]
    return render_template("console/approvals.html", cases=cases)


@role_required("approver")
def approve(item_id: int) -> ResponseReturnValue:
    note = request.form.get("note", "").strip()
    try:
        prices = _prices(request.form)
    except ValueError as exc:
        flash(f"Not done: {exc}", "error")
        return redirect(url_for("console.approvals"))
    return _decide(item_id, approved=True, note=note or "approved", prices=prices)


def _prices(form: Mapping[str, str]) -> dict[int, Decimal]:
    """price-<line no> fields -> line no -> unit price; a blank field grants nothing for its line
    beyond what the dealer asked. Raises ValueError naming a field that is not an amount."""
    out: dict[int, Decimal] = {}
    for key, raw in form.items():
        if not key.startswith("price-") or not raw.strip():
            continue
        line = key.removeprefix("price-")[:6]
        try:
            value = Decimal(raw.strip().replace(",", "").removeprefix("₹"))
        except InvalidOperation:
            value = Decimal("NaN")
        if not line.isdigit() or not value.is_finite() or abs(value) >= MAX_PRICE:
            raise ValueError(f"'{raw.strip()[:30]}' for line {line} is not an amount")
        out[int(line)] = round_paisa(value)
    return out


@role_required("approver")
def reject(item_id: int) -> ResponseReturnValue:
    note = request.form.get("note", "").strip()
    if not note:
        flash("Write why it is rejected: the dealer is sent the note.", "error")
        return redirect(url_for("console.approvals"))
    return _decide(item_id, approved=False, note=note)


def _decide(
    item_id: int, *, approved: bool, note: str, prices: Mapping[int, Decimal] | None = None
) -> ResponseReturnValue:
    try:
        with writing() as session:
            item = queries.review_item(session, item_id, KINDS, lock=True)
            if item is None:
                abort(404)
            if item.status not in queries.OPEN:
                raise queries.ConsoleError(f"item {item_id} was already decided ({item.status})")
            before = {"status": item.status, "order_state": item.order.state if item.order else None}
            phone = item.dealer.phone if item.dealer else item.phone
            with notify.speaking_to(session, phone):  # the notice in the dealer's language
                order, body = _apply(session, item, approved, note, prices)
            if item.status in queries.OPEN:  # price exceptions are closed here, credit holds by the domain
                queries.close(item, "done" if approved else "rejected", note)
            action = f"approval.{'approve' if approved else 'reject'}"
            audit.record(
                session,
                action,
                order.number if order else f"review {item.id}",
                before=before,
                after={"status": item.status, "order_state": order.state if order else None, "note": note},
            )
            outbox = notify.send(
                session,
                phone,
                body,
                key=f"approval:{item.id}",
                template="order_update",
                fields={"1": order.number if order else "", "2": "approved" if approved else note},
            )
            rep = _placing_rep(item)
            if rep and rep != phone:  # the rep who placed it hears the outcome too
                outbox += notify.send(
                    session,
                    rep,
                    replies.for_the_shop(item.dealer.name if item.dealer else "", body),
                    key=f"approval:{item.id}:rep",
                    template="order_update",
                    fields={"1": order.number if order else "", "2": "approved" if approved else note},
                )
    except DomainError as exc:
        flash(f"Not done: {exc}", "error")
        return redirect(url_for("console.approvals"))
    deliver(outbox)
    flash(
        f"{'Approved' if approved else 'Rejected'} {order.number if order else ''}; the dealer was told.",
        "info",
    )
    return redirect(url_for("console.approvals"))


def _placing_rep(item: ReviewItem) -> str:
    """The phone of the field rep who placed the item's order; '' when a dealer or staff placed it."""
    order = item.order
    if order is None or order.placed_by_kind != "rep":
        return ""
    return order.placed_by_ref


def _apply(
    session: Session,
    item: ReviewItem,
    approved: bool,
    note: str,
    prices: Mapping[int, Decimal] | None = None,
) -> tuple[OrderView | None, str]:
    actor = staff()
    number = item.order.number if item.order else None
    if item.kind in HOLD_KINDS:  # a credit hold, or a line priced at ₹0.00 (free in the price list)
        if number is None:
            raise queries.ConsoleError(f"{item.kind.replace('_', ' ')} {item.id} names no order")
        if approved:
            done = approve_order(session, number, actor, note)
            return done, replies.hold_approved(done, note)
        done = reject_hold(session, number, actor, note)
        rejected = replies.zero_price_rejected if item.kind == "zero_price" else replies.hold_rejected
        return done, rejected(done, note)
    state = State(item.order.state) if item.order else None
    if approved:
        if number is None:
            raise queries.ConsoleError(f"price exception {item.id} names no order")
        granted = grant_prices(session, number, actor, prices, note)
        waits = granted.state is State.ON_HOLD  # its credit hold is still to be decided
        return granted, replies.price_exception_approved(granted, note, waits_for_credit=waits)
    done_view = (
        cancel_order(session, number, actor, f"price exception rejected: {note}")
        if number and (state in CANCELLABLE)
        else (view(item.order) if item.order else None)
    )
    return done_view, replies.price_exception_rejected(done_view, note)
