"""Orders: find them by state, dealer, town and date; move them along, one or many at a time.

    GET  /console/orders?state=&dealer=&town=&from=&to=
    GET  /console/orders/<number>                        lines, free goods, totals, GST split, history
    POST /console/orders/move                            number (repeated), to, reason
    GET  /console/orders/<number>/invoice.pdf            its tax invoice (raised at dispatch), as a PDF

Moves go through the domain (`dispatch`, `deliver`, `invoice`, `cancel_order`),
each order in its own savepoint: one order that cannot move (an illegal step,
no stock to dispatch) is reported by name and the others still move. Each move
the dealer should know about (dispatched, invoiced, cancelled) is sent to him.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import Session

from bot import replies
from bot.console import audit, notify, queries
from bot.console.auth import role_required, safe_next
from bot.console.web import date_or_none, deliver, reading, staff, writing
from bot.invoice_links import pdf_response, signed_url
from bot.names import scheme_names
from domain.errors import DomainError
from domain.gst import STATES
from domain.orders import TRANSITIONS, Actor, State
from domain.picking import PICKABLE
from domain.services.gst import order_split, place_of_supply
from domain.services.invoices import invoice_for_order
from domain.services.order_views import OrderView
from domain.services.orders import cancel_order, dispatch, invoice
from domain.services.orders import deliver as deliver_order

MOVES: dict[str, Callable[[Session, str, Actor, str], OrderView]] = {
    "dispatched": lambda s, n, a, why: dispatch(s, n, a, why),
    "delivered": lambda s, n, a, why: deliver_order(s, n, a, why),
    "invoiced": lambda s, n, a, why: invoice(s, n, a),
    "cancelled": lambda s, n, a, why: cancel_order(s, n, a, why),
}
TELL_DEALER = frozenset({"dispatched", "invoiced", "cancelled"})
MAX_BULK = 200


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/orders", "orders", orders)
    bp.add_url_rule("/orders/<number>", "order", order)
    bp.add_url_rule("/orders/move", "orders_move", move, methods=["POST"])
    bp.add_url_rule("/orders/<number>/invoice.pdf", "order_invoice", order_invoice)


def next_moves(state: str) -> list[str]:
    """The console moves an order in `state` may take, in MOVES order."""
    return [m for m in MOVES if (State(state), State(m)) in TRANSITIONS]


@role_required("ops", "approver")
def orders() -> str:
    args = request.args
    wanted = queries.OrderFilter(
        state=args.get("state", "") if args.get("state", "") in {s.value for s in State} else "",
        dealer=args.get("dealer", "").strip(),
        town=args.get("town", "").strip(),
        start=date_or_none(args.get("from")),
        end=date_or_none(args.get("to")),
    )
    with reading() as session:
        found = queries.find_orders(session, wanted)
        towns = queries.towns(session)
    return render_template(
        "console/orders.html",
        orders=found,
        f=wanted,
        towns=towns,
        states=[s.value for s in State],
        moves=list(MOVES),
        next_moves=next_moves,
    )


@role_required("ops", "approver")
def order(number: str) -> str:
    with reading() as session:
        found = queries.order_detail(session, number.strip().upper())
        if found is None:
            abort(404)
        schemes = scheme_names(session, [f.scheme for f in found.free_goods])
        split = order_split(session, found)
        place = place_of_supply(found.dealer)
        bill = invoice_for_order(session, found.number)
        bill_number = bill.number if bill is not None else None
    return render_template(
        "console/order.html",
        order=found,
        schemes=schemes,
        split=split,
        place=place,
        bill_number=bill_number,
        states=STATES,
        next_moves=next_moves(found.state),
        pickable=State(found.state) in PICKABLE,
    )


@role_required("ops", "approver")
def order_invoice(number: str) -> ResponseReturnValue:
    """The order's tax invoice as a PDF download; 404 before dispatch."""
    with reading() as session:
        bill = invoice_for_order(session, number)
        if bill is None:
            abort(404)
        return pdf_response(bill, "attachment")


@role_required("ops")
def move() -> ResponseReturnValue:
    target = request.form.get("to", "")
    numbers = [n.strip().upper() for n in request.form.getlist("number") if n.strip()][:MAX_BULK]
    why = request.form.get("reason", "").strip()
    if target not in MOVES or not numbers:
        flash("Choose orders and a move (dispatched, delivered, invoiced or cancelled).", "error")
        return redirect(url_for("console.orders"))
    if target == "cancelled" and not why:
        flash("Say why the orders are cancelled: the dealer is sent the reason.", "error")
        return redirect(url_for("console.orders"))
    moved: list[str] = []
    failed: list[str] = []
    outbox: list[int] = []
    with writing() as session:
        for number in numbers:
            try:
                with session.begin_nested():
                    outbox.extend(_move_one(session, number, target, why))
                moved.append(number)
            except DomainError as exc:
                failed.append(f"{number}: {exc}")
    deliver(outbox)
    if moved:
        flash(f"Moved to {target}: {', '.join(moved)}", "info")
    for problem in failed:
        flash(f"Not moved: {problem}", "error")
    return redirect(safe_next(request.form.get("back")) or url_for("console.orders"))


def _move_one(session: Session, number: str, target: str, why: str) -> list[int]:
    found = queries.order_detail(session, number)
    before = found.state if found is not None else None
    done = MOVES[target](session, number, staff(), why)
    audit.record(
        session,
        f"order.{target}",
        number,
        before={"state": before},
        after={"state": done.state, "reason": why},
    )
    if target not in TELL_DEALER:
        return []
    dealer = queries.dealer_by_code(session, done.dealer)
    if dealer is None:
        return []
    bill = invoice_for_order(session, number) if target == "dispatched" else None
    link = None
    if bill is not None:  # the tax invoice travels with the goods: its PDF goes with the message
        base_url = current_app.extensions["orderbot"].settings.public_base_url
        link = signed_url(base_url, str(current_app.secret_key), bill.number)
    with notify.speaking_to(session, dealer.phone):
        text = replies.order_moved(done, why)
        if bill is not None and link is not None:
            text += "\n" + replies.invoice_attached(bill.number)
    return notify.send(
        session,
        dealer.phone,
        text,
        key=f"order:{number}:{target}",
        template="order_update",
        fields={"1": number, "2": target},
        media_url=link,
    )
