"""The review queue: messages the parser was unsure of, fixed by a person, then sent on as orders.

    GET  /console/review                      oldest first, with age and who holds each item
    POST /console/review/<id>/claim           take the item (one person at a time), then open it
    POST /console/review/<id>/release         give it back to the queue
    GET  /console/review/<id>                 the message beside the parse, the lines to fix
    POST /console/review/<id>                 op=pick:N:SKU | remove:N | add | adopt:N:SKU (edit), op=accept
    POST /console/review/<id>/reject          with a reason, which the dealer is sent
    GET  /console/review/search?q=WORDS       catalog products for the words (JSON, for static/review.js)

Each line shows the parser's candidates (its best five, each with how it was
found and its score) and the units of its SKU; the page's script searches the
catalog and lets one key ("a") take the best candidate of the first unsure line.
Accepting is bot/console/review_service.py's `accept` (the view only turns the
form into lines, calls it, and redirects or shows the errors).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy.orm import Session

from bot import replies
from bot.console import audit, notify, queries, review_service
from bot.console import review_draft as rd
from bot.console.auth import role_required
from bot.console.web import deliver, reading, staff, writing
from bot.parsing import parser_for
from domain.errors import DomainError
from domain.models import ReviewItem
from domain.services.orders import list_orders
from nlu.types import Product

KINDS = queries.QUEUE_KINDS
SEARCH_LIMIT = 8
NAV: list[tuple[str, str, tuple[str, ...]]] = []  # listed in bot.console.CORE_NAV


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/review", "review_queue", queue)
    bp.add_url_rule("/review/search", "review_search", search)
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
        catalog = review_service.catalog(session)
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
            try:
                with writing() as session:
                    done = review_service.accept(session, item_id, lines, catalog, staff(), current_user.id)
            except DomainError as exc:
                errors = [str(exc)]
            else:
                errors = done.errors
                if not errors:
                    deliver(done.outbox)
                    flash(done.message, "info")
                    return redirect(url_for("console.review_queue"))
        else:
            lines = _edit(op, lines, loose, catalog)
    status = 400 if errors else 200
    shown = rd.with_suggestions(lines, catalog)
    best = next((i for i, ln in enumerate(shown) if ln.unsure and ln.candidates), None)
    best_loose = None if best is not None else next((i for i, u in enumerate(loose) if u.candidates), None)
    return render_template(
        "console/review_item.html",
        item=item,
        segments=rd.segments(item.message_text, spans),
        lines=shown,
        best=best,
        best_loose=best_loose,
        units={ln.sku: catalog[ln.sku].units for ln in shown if ln.sku in catalog},
        loose=loose,
        notes=parsed.get("notes") or [],
        recent=recent,
        mine=mine,
        errors=errors,
        confirmed=bool((item.parse or {}).get("confirmed")),
        media=[str(u) for u in (item.parse or {}).get("media_urls") or []],
    ), status


@role_required("ops")
def search() -> ResponseReturnValue:
    """GET /console/review/search?q=maggi: catalog products for the words, best first (JSON)."""
    words = request.args.get("q", "")[:100]
    with reading() as session:
        catalog = review_service.catalog(session)
    code = words.strip().upper()
    found = [rd.Cand(code, catalog[code].name, 100.0, "code")] if code in catalog else []
    found += [c for c in rd.suggest(words, catalog, limit=SEARCH_LIMIT) if c.sku != code]
    return jsonify(
        [
            {"sku": c.sku, "name": c.name, "units": list(catalog[c.sku].units), "why": c.why}
            for c in found[:SEARCH_LIMIT]
        ]
    )


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
        with notify.speaking_to(session, phone):  # the notice in the sender's language
            told = replies.review_rejected(reason, item.message_text)
        outbox = (
            notify.send(
                session,
                phone,
                told,
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
