"""Payments told on WhatsApp, for staff to check against the bank: verify (book) or reject.

    GET  /console/payments                       awaiting verification, oldest first; recent decided
    POST /console/payments/<id>/verify           amount, reference (as told unless corrected)
    POST /console/payments/<id>/reject           reason (sent to the dealer)

Verifying books a ledger payment through `verify_payment` (once by reference) and tells the dealer
the amount booked and his new balance; rejecting tells him why. Each message is keyed
"reported-payment:<id>", so it is queued once however often the action is posted. Roles: those who
record payments on a dealer's page (approver, admin).
"""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from bot import replies
from bot.console import audit, notify
from bot.console.auth import role_required
from bot.console.web import decimal_or_none, deliver, reading, who, writing
from domain.errors import DomainError
from domain.money import fmt_inr
from domain.services.reported_payments import (
    awaiting,
    decided,
    describe,
    look_alikes,
    reject_payment,
    verify_payment,
)

NAV = [("Payments", "console.payments", ("approver",))]
RECENT = 30


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/payments", "payments", payments)
    bp.add_url_rule("/payments/<int:payment_id>/verify", "payment_verify", verify, methods=["POST"])
    bp.add_url_rule("/payments/<int:payment_id>/reject", "payment_reject", reject, methods=["POST"])


@role_required("approver")
def payments() -> str:
    with reading() as session:
        waiting = awaiting(session)
        done = decided(session, RECENT)
        alike = look_alikes(session, waiting)  # told twice? shown before a second is booked
        for row in (*waiting, *done):  # loaded while the session is open
            _ = row.dealer.name
    return render_template("console/payments.html", waiting=waiting, done=done, alike=alike)


@role_required("approver")
def verify(payment_id: int) -> ResponseReturnValue:
    back = redirect(url_for("console.payments"))
    text = request.form.get("amount", "").strip()
    amount = decimal_or_none(text) if text else None
    if text and (amount is None or amount <= 0 or amount != amount.quantize(Decimal("0.01"))):
        flash(f"Amount '{text}' must be rupees above 0 with at most two decimals.", "error")
        return back
    reference = request.form.get("reference", "").strip()[:100] or None
    try:
        with writing() as session:
            done = verify_payment(session, payment_id, amount=amount, reference=reference, by=who())
            row = done.payment
            outbox: list[int] = []
            if done.fresh and row.amount is not None:
                audit.record(
                    session,
                    "payment.verify",
                    f"reported {row.id}",
                    before={
                        "status": "awaiting",
                        "amount": done.told_amount,
                        "reference": done.told_reference,
                    },
                    after={
                        "status": "verified",
                        "dealer": row.dealer.code,
                        "amount": row.amount,
                        "reference": row.reference,
                        "entry": row.ledger_entry_id,
                        "booked": done.booked,
                        "balance": done.balance,
                    },
                )
                with notify.speaking_to(session, row.dealer.phone):  # the notice in the dealer's language
                    told = replies.payment_verified(row.amount, row.reference, done.balance)
                outbox = notify.send(
                    session,
                    row.dealer.phone,
                    told,
                    key=f"reported-payment:{row.id}",
                    template="payment_received",
                    fields={"1": fmt_inr(row.amount), "2": fmt_inr(done.balance)},
                )
            what = describe(row)
    except DomainError as exc:
        flash(f"Not verified: {exc}", "error")
        return back
    deliver(outbox)
    if not done.fresh:
        flash(f"{what} was already verified; nothing added.", "info")
    elif done.booked:
        flash(
            f"Verified and booked: {what}; balance now {fmt_inr(done.balance)}. The dealer was told.", "info"
        )
    else:
        flash(f"Verified: {what} was already in the ledger, nothing added. The dealer was told.", "info")
    return back


@role_required("approver")
def reject(payment_id: int) -> ResponseReturnValue:
    back = redirect(url_for("console.payments"))
    reason = request.form.get("reason", "").strip()[:500]
    try:
        with writing() as session:
            done = reject_payment(session, payment_id, reason, by=who())
            row, outbox = done.payment, []
            if done.fresh:
                audit.record(
                    session,
                    "payment.reject",
                    f"reported {row.id}",
                    before={"status": "awaiting"},
                    after={"status": "rejected", "dealer": row.dealer.code, "reason": row.reason},
                )
                with notify.speaking_to(session, row.dealer.phone):
                    told = replies.payment_not_verified(row.amount, row.reference, row.reason)
                outbox = notify.send(
                    session,
                    row.dealer.phone,
                    told,
                    key=f"reported-payment:{row.id}",
                )
            what = describe(row)
    except DomainError as exc:
        flash(f"Not rejected: {exc}", "error")
        return back
    deliver(outbox)
    flash(
        f"Rejected: {what}. The dealer was told why." if done.fresh else f"{what} was already rejected.",
        "info",
    )
    return back
