"""Claims: goods dealers reported damaged, leaking, expired, short or wrong, approved or rejected here.

    GET  /console/claims                      open claims, oldest first: dealer, order, lines, reason,
                                              the message as told, age; ?status=all for decided ones too
    GET  /console/claims/<id>                 one claim, with the forms below
    POST /console/claims/<id>/approve         qty-<line id> (the quantity approved; blank = 0),
                                              sku-<line id> and uom-<line id> where the reader did not
                                              know them, note (optional); whole=1 approves every line
                                              at the quantity claimed
    POST /console/claims/<id>/reject          reason (required; the dealer is sent it)
    GET  /console/claims/<id>/credit-note.pdf the numbered credit note of an approved claim, as a PDF

Approving prices the lines (domain.services.claims: the billed rate of the claim's order, else the
dealer's price today), books one credit note (and its numbered document, CN/2026-27/0001, whose PDF
goes with the message as a signed link when PUBLIC_BASE_URL is set: bot/invoice_links.py) and tells
the dealer the credit and his new balance;
rejecting books nothing and tells him why. Each message is queued once (key "claim:<id>"); every
decision is an audit row. The dealer's words are shown escaped, as everywhere in the console.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from bot import replies
from bot.console import audit, notify
from bot.console.auth import role_required
from bot.console.web import decimal_or_none, deliver, reading, who, writing
from bot.invoice_links import pdf_response, signed_url
from domain.errors import DomainError
from domain.models import Sku
from domain.money import fmt_inr
from domain.services.claims import UnknownClaim, approve_claim, get_claim, list_claims, reject_claim
from domain.services.invoices import credit_note_for_claim

NAV = [("Claims", "console.claims", ("ops", "approver"))]
MAX_SKU_CHOICES = 500  # the whole catalog is offered for an unknown product up to this many SKUs


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/claims", "claims", queue)
    bp.add_url_rule("/claims/<int:claim_id>", "claim", claim_page)
    bp.add_url_rule("/claims/<int:claim_id>/approve", "claim_approve", approve, methods=["POST"])
    bp.add_url_rule("/claims/<int:claim_id>/reject", "claim_reject", reject, methods=["POST"])
    bp.add_url_rule("/claims/<int:claim_id>/credit-note.pdf", "claim_credit_note", credit_note_pdf)


@role_required("ops", "approver")
def queue() -> str:
    every = request.args.get("status") == "all"
    with reading() as session:
        claims = list_claims(session, status=None if every else "open")
    return render_template("console/claims.html", claims=claims, every=every)


@role_required("ops", "approver")
def claim_page(claim_id: int) -> str:
    with reading() as session:
        try:
            claim = get_claim(session, claim_id)
        except UnknownClaim:
            abort(404)
        skus: list[tuple[str, str]] = []
        if any(ln.sku is None for ln in claim.lines):
            query = sa.select(Sku.sku, Sku.name).where(Sku.active.is_(True)).order_by(Sku.sku)
            skus = [(code, name) for code, name in session.execute(query.limit(MAX_SKU_CHOICES + 1))]
            if len(skus) > MAX_SKU_CHOICES:
                skus = []  # too many to list: staff type the code
        note = credit_note_for_claim(session, claim_id)
        note_number = note.number if note is not None else None
    return render_template(
        "console/claim.html", claim=claim, skus=skus, reasons=replies.REASON_WORDS, note_number=note_number
    )


@role_required("ops", "approver")
def credit_note_pdf(claim_id: int) -> ResponseReturnValue:
    """The claim's credit note as a PDF download; 404 before it is approved."""
    with reading() as session:
        note = credit_note_for_claim(session, claim_id)
        if note is None:
            abort(404)
        return pdf_response(note, "attachment")


def _per_line(form: Mapping[str, str], prefix: str) -> dict[int, str]:
    """<prefix><line id> fields that are filled -> line id -> the text."""
    out: dict[int, str] = {}
    for key, raw in form.items():
        rest = key.removeprefix(prefix)
        if key.startswith(prefix) and rest.isdigit() and raw.strip():
            out[int(rest)] = raw.strip()[:64]
    return out


@role_required("approver")
def approve(claim_id: int) -> ResponseReturnValue:
    back = redirect(url_for("console.claim", claim_id=claim_id))
    quantities: dict[int, Decimal] = {}
    for line_id, raw in _per_line(request.form, "qty-").items():
        value = decimal_or_none(raw)
        if value is None:
            flash(f"Not approved: '{raw[:20]}' is not a quantity.", "error")
            return back
        quantities[line_id] = value
    note = request.form.get("note", "").strip()[:500]
    try:
        with writing() as session:
            if request.form.get("whole") == "1":  # every line at what was claimed
                claim = get_claim(session, claim_id)
                quantities = {ln.id: ln.qty for ln in claim.lines if ln.qty is not None} | quantities
            done = approve_claim(
                session,
                claim_id,
                quantities,
                who(),
                skus=_per_line(request.form, "sku-"),
                uoms=_per_line(request.form, "uom-"),
                note=note,
            )
            number = done.claim.number
            audit.record(
                session,
                "claim.approve",
                number,
                before={"status": "open"},
                after={
                    "status": done.claim.status,
                    "credit": done.credit,
                    "balance": done.balance,
                    "entry": done.entry_id,
                    "lines": {ln.line_no: ln.approved_qty for ln in done.claim.lines},
                },
            )
            note_doc = credit_note_for_claim(session, claim_id)
            link = None
            if note_doc is not None:  # the credit note's PDF goes with the message
                base_url = current_app.extensions["orderbot"].settings.public_base_url
                link = signed_url(base_url, str(current_app.secret_key), note_doc.number)
            with notify.speaking_to(session, done.claim.dealer_phone):  # the notice in the dealer's language
                told = replies.claim_approved(
                    number, done.credit, done.balance, partly=done.claim.status != "approved"
                )
                if note_doc is not None and link is not None:
                    told += "\n" + replies.credit_note_attached(note_doc.number)
            outbox = notify.send(
                session,
                done.claim.dealer_phone,
                told,
                key=f"claim:{claim_id}",
                template="order_update",
                fields={"1": number, "2": f"approved: credit note {fmt_inr(done.credit)}"},
                media_url=link,
            )
    except UnknownClaim:
        abort(404)
    except DomainError as exc:
        flash(f"Not approved: {exc}", "error")
        return back
    deliver(outbox)
    flash(f"{number} approved: credit note of {fmt_inr(done.credit)}; the dealer was told.", "info")
    return redirect(url_for("console.claims"))


@role_required("approver")
def reject(claim_id: int) -> ResponseReturnValue:
    reason = request.form.get("reason", "").strip()[:500]
    if not reason:
        flash("Write why the claim is rejected: the dealer is sent it.", "error")
        return redirect(url_for("console.claim", claim_id=claim_id))
    try:
        with writing() as session:
            done = reject_claim(session, claim_id, reason, who())
            audit.record(
                session,
                "claim.reject",
                done.number,
                before={"status": "open"},
                after={"status": done.status, "reason": reason},
            )
            with notify.speaking_to(session, done.dealer_phone):
                told = replies.claim_rejected(done.number, reason)
            outbox = notify.send(
                session,
                done.dealer_phone,
                told,
                key=f"claim:{claim_id}",
                template="order_update",
                fields={"1": done.number, "2": reason},
            )
    except UnknownClaim:
        abort(404)
    except DomainError as exc:
        flash(f"Not rejected: {exc}", "error")
        return redirect(url_for("console.claim", claim_id=claim_id))
    deliver(outbox)
    flash(f"{done.number} rejected; the dealer was told why.", "info")
    return redirect(url_for("console.claims"))
