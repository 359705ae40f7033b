"""The review queue: messages the parser was unsure of, fixed by a person, then sent on as orders.

    GET  /console/review                      oldest first, with age and who holds each item
    POST /console/review/<id>/claim           take the item (one person at a time), then open it
    POST /console/review/<id>/release         give it back to the queue
    GET  /console/review/<id>                 the message beside the parse, the lines to fix
    POST /console/review/<id>                 op=pick:N:SKU | remove:N | add | adopt:N:SKU (edit), op=accept
    POST /console/review/<id>/reject          with a reason, which the dealer is sent

Accepting places the order through the domain (`place_order`): the priced draft
goes to the dealer for his YES, or, when he had already said yes (the stored
parse has "confirmed": true), the order is confirmed at once (`confirm_order`)
and he is told the outcome. Every line whose SKU staff chose (changed, added
from loose words, or confirmed over a low-confidence guess) teaches the parser
the dealer's words (bot/console/teach.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy.orm import Session

from bot import replies, snapshot
from bot.console import audit, notify, queries
from bot.console import review_draft as rd
from bot.console.auth import role_required
from bot.console.teach import teach
from bot.console.web import deliver, reading, staff, writing
from bot.parsing import parser_for
from domain.errors import DomainError
from domain.models import ReviewItem
from domain.orders import PENDING, ShortfallChoice, State
from domain.services.orders import cancel_order, confirm_order, list_orders, place_order, revise_order
from nlu.parser import AUTO_CONFIDENCE
from nlu.types import Product

KINDS = queries.QUEUE_KINDS
NAV: list[tuple[str, str, tuple[str, ...]]] = []  # listed in bot.console.CORE_NAV


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/review", "review_queue", queue)
    bp.add_url_rule("/review/<int:item_id>", "review_item", item_page, methods=["GET", "POST"])
    bp.add_url_rule("/review/<int:item_id>/claim", "review_claim", claim_item, methods=["POST"])
    bp.add_url_rule("/review/<int:item_id>/release", "review_release", release_item, methods=["POST"])
    bp.add_url_rule("/review/<int:item_id>/reject", "review_reject", reject_item, methods=["POST"])


@role_required("ops")
def queue() -> str:
    with reading() as session:
        items = queries.open_items(session, KINDS)
    return render_template("console/review_queue.html", items=items)


@role_required("ops")
def claim_item(item_id: int) -> ResponseReturnValue:
    with writing() as session:
        if queries.review_item(session, item_id, KINDS) is None:
            abort(404)
        took = queries.claim(session, item_id, current_user.id)
        if took:
            audit.record(session, "review.claim", f"review {item_id}")
    if not took:
        flash("Someone else is working on this item.", "error")
        return redirect(url_for("console.review_queue"))
    return redirect(url_for("console.review_item", item_id=item_id))


@role_required("ops")
def release_item(item_id: int) -> ResponseReturnValue:
    with writing() as session:
        if queries.release(session, item_id, current_user.id):
            audit.record(session, "review.release", f"review {item_id}")
    return redirect(url_for("console.review_queue"))


def _catalog(session: Session) -> dict[str, Product]:
    return {p.sku: p for p in snapshot.products(session)}


def _parsed(session: Session, item: ReviewItem) -> dict[str, Any]:
    """The stored parse when it shows spans; else the message parsed again by the current parser."""
    if rd.has_spans(item.parse):
        return dict(item.parse or {})
    if not item.message_text.strip():
        return dict(item.parse or {})
    code = item.dealer.code if item.dealer else None
    again = rd.parse_json(parser_for(session).parse(item.message_text, dealer=code))
    stored = item.parse or {}
    again["notes"] = [*again["notes"], *(str(u) for u in stored.get("unclear") or [])]
    return again


def _edit(
    op: str,
    lines: list[rd.DraftLine],
    loose: list[rd.Loose],
    catalog: Mapping[str, Product],
) -> list[rd.DraftLine]:
    name, _, rest = op.partition(":")
    index_text, _, sku = rest.partition(":")
    index = int(index_text) if index_text.isdigit() else -1
    if name == "pick":
        return rd.pick(lines, index, sku, catalog)
    if name == "remove" and 0 <= index < len(lines):
        return [*lines[:index], *lines[index + 1 :]]
    if name == "add" and len(lines) < rd.MAX_LINES:
        return [*lines, rd.DraftLine(sku="", qty="1", uom="")]
    if name == "adopt" and 0 <= index < len(loose):
        return rd.adopt(lines, loose[index], sku, catalog)
    return lines


@role_required("ops")
def item_page(item_id: int) -> ResponseReturnValue:
    errors: list[str] = []
    with reading() as session:
        item = queries.review_item(session, item_id, KINDS)
        if item is None:
            abort(404)
        catalog = _catalog(session)
        parsed = _parsed(session, item)
        lines, loose, spans = rd.from_parse(parsed)
        recent = list_orders(session, item.dealer.code, limit=5) if item.dealer else []
        mine = queries.holds_claim(item, current_user.id)
    op = request.form.get("op", "") if request.method == "POST" else ""
    if request.method == "POST":
        if not mine:
            flash("Claim the item before changing it.", "error")
            return redirect(url_for("console.review_queue"))
        lines = rd.from_form(request.form)
        if op == "accept":
            outcome = _accept(item_id, lines, catalog)
            if isinstance(outcome, str):
                flash(outcome, "info")
                return redirect(url_for("console.review_queue"))
            errors = outcome
        else:
            lines = _edit(op, lines, loose, catalog)
    status = 400 if errors else 200
    return render_template(
        "console/review_item.html",
        item=item,
        segments=rd.segments(item.message_text, spans),
        lines=rd.with_suggestions(lines, catalog),
        loose=loose,
        notes=parsed.get("notes") or [],
        recent=recent,
        catalog=sorted(catalog.values(), key=lambda p: p.sku),
        mine=mine,
        errors=errors,
        confirmed=bool((item.parse or {}).get("confirmed")),
        media=[str(u) for u in (item.parse or {}).get("media_urls") or []],
    ), status


def _accept(item_id: int, lines: list[rd.DraftLine], catalog: Mapping[str, Product]) -> str | list[str]:
    """Place (and maybe confirm) the fixed order, teach the parser, tell the dealer; a message or errors."""
    good, errors = rd.check(lines, catalog)
    if errors:
        return errors
    try:
        with writing() as session:
            result, outbox = _place_reviewed(session, item_id, lines, good)
    except DomainError as exc:
        return [str(exc)]
    deliver(outbox)
    return result


def _place_reviewed(
    session: Session, item_id: int, lines: list[rd.DraftLine], good: list[rd.Checked]
) -> tuple[str, list[int]]:
    item = queries.review_item(session, item_id, KINDS, lock=True)
    if item is None or not queries.holds_claim(item, current_user.id):
        raise queries.ConsoleError("this item is no longer yours to accept (released, taken over or done)")
    dealer = item.dealer
    if dealer is None:
        raise queries.ConsoleError("the sender is not a dealer: add him as a dealer first, or reject")
    actor = staff()
    earlier = _earlier_drafts(session, item)
    replaced: list[str] = []  # drafts cancelled for this one (none: the dealer's draft is fixed in place)
    if earlier:  # the clear lines were drafted already: that draft becomes the checked order, same number
        placed = revise_order(session, earlier[-1], good, actor, why=f"checked from review item {item.id}")
        for old in earlier[:-1]:
            cancel_order(
                session, old, actor, f"merged into {earlier[-1]}, checked from review item {item.id}"
            )
            replaced.append(old)
    else:
        placed = place_order(
            session, dealer.code, good, actor, source_ref=f"review:{item.id}", note=f"reviewed by {actor.ref}"
        )
    order = placed.order
    if (item.parse or {}).get("confirmed"):
        done = confirm_order(session, order.number, actor, shortfall=ShortfallChoice.BACK_ORDER)
        order = done.order
        body, outcome = (
            notify.confirmation(session, done),
            f"{order.number} confirmed for {dealer.code}: credit {done.decision}",
        )
    else:
        body, outcome = (
            notify.draft(session, placed, replaced),
            f"{order.number} sent to {dealer.code} for a YES",
        )
    taught = [
        t
        for t in (teach(session, ln.words, ln.sku, dealer.id, actor.ref) for ln in lines if _teaches(ln))
        if t
    ]
    queries.close(item, "done", f"accepted as {order.number}", order_id=_order_id(session, order.number))
    audit.record(
        session,
        "review.accept",
        f"review {item.id}",
        before={"message": item.message_text, "parse": item.parse},
        after={
            "order": order.number,
            "state": order.state,
            "lines": good,
            "taught": [t.phrase + " = " + t.sku for t in taught],
        },
    )
    outbox = notify.send(
        session,
        dealer.phone,
        body,
        key=f"review:{item.id}:accepted",
        template="order_update",
        fields={"1": order.number, "2": order.state.value},
    )
    if taught:
        outcome += "; learned " + ", ".join(f"'{t.phrase}' = {t.sku}" for t in taught)
    return outcome, outbox


def _earlier_drafts(session: Session, item: ReviewItem) -> list[str]:
    """Drafts made from this message before review (the clear lines), still waiting for a YES."""
    numbers = {item.order.number} if item.order else set()
    drafted = (item.parse or {}).get("drafted_as")
    if isinstance(drafted, str) and drafted:
        numbers.add(drafted)
    out = []
    for number in sorted(numbers):
        found = queries.order_detail(session, number)
        if found is not None and found.dealer_id == item.dealer_id and State(found.state) in PENDING:
            out.append(found.number)
    return out


def _teaches(line: rd.DraftLine) -> bool:
    """Staff chose this SKU for the dealer's words: a change, a line from loose words, or a doubtful guess."""
    if not line.words.strip():
        return False
    try:
        doubtful = float(line.conf or 0) < AUTO_CONFIDENCE
    except ValueError:
        doubtful = True
    return line.changed or doubtful


def _order_id(session: Session, number: str) -> int | None:
    found = queries.order_detail(session, number)
    return None if found is None else found.id


@role_required("ops")
def reject_item(item_id: int) -> ResponseReturnValue:
    reason = request.form.get("reason", "").strip()
    if not reason:
        flash("Say why the message is rejected: the dealer is sent the reason.", "error")
        return redirect(url_for("console.review_item", item_id=item_id))
    with writing() as session:
        item = queries.review_item(session, item_id, KINDS, lock=True)
        if item is None:
            abort(404)
        if not queries.holds_claim(item, current_user.id):
            flash("Claim the item before rejecting it.", "error")
            return redirect(url_for("console.review_queue"))
        phone = item.phone or (item.dealer.phone if item.dealer else "")  # whoever sent it: dealer or rep
        queries.close(item, "rejected", reason[:500])
        audit.record(
            session,
            "review.reject",
            f"review {item.id}",
            before={"message": item.message_text},
            after={"reason": reason},
        )
        outbox = (
            notify.send(
                session,
                phone,
                replies.review_rejected(reason, item.message_text),
                key=f"review:{item.id}:rejected",
                template="order_update",
                fields={"1": reason[:200]},
            )
            if phone
            else []
        )
    deliver(outbox)
    flash(f"Rejected; the dealer was told: {reason}", "info")
    return redirect(url_for("console.review_queue"))
