"""Dealers: balance, limit, exposure, ageing and statement; payments; reminders; unknown numbers.

    GET  /console/dealers?q=                             every dealer with balance and exposure
    GET  /console/dealers/<code>?from=&to=               summary, ageing, statement for the period
    POST /console/dealers/<code>/payments                amount, reference, date, note
    POST /console/dealers/<code>/reminders               paused=1|0
    POST /console/dealers/<code>/language                language='' (as he writes) | en | hi | hi_Latn
    GET  /console/unknown                                numbers that wrote to the bot, not dealers
    POST /console/unknown/<id>/dealer                    code, name, town, credit_limit: "add as dealer"

A payment goes through `record_payment`, idempotent by reference: the same
reference again records nothing and sends nothing; a new one is acknowledged
to the dealer with his new balance.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from bot import replies
from bot.console import audit, notify, queries
from bot.console.auth import role_required
from bot.console.web import date_or_none, decimal_or_none, deliver, reading, who, writing
from bot.i18n import LANGUAGES
from domain.errors import DomainError
from domain.money import fmt_inr
from domain.services.claims import list_claims
from domain.services.credit import today_local
from domain.services.ledger import record_payment, statement, summarise
from domain.services.orders import list_orders
from domain.services.reported_payments import awaiting

STATEMENT_DAYS = 90
LANGUAGE_CHOICES = [("", "As he writes"), *LANGUAGES.items()]  # dealers.language (docs/languages.md)


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/dealers", "dealers", dealers)
    bp.add_url_rule("/dealers/<code>", "dealer", dealer)
    bp.add_url_rule("/dealers/<code>/payments", "dealer_payment", payment, methods=["POST"])
    bp.add_url_rule("/dealers/<code>/reminders", "dealer_reminders", reminders, methods=["POST"])
    bp.add_url_rule("/dealers/<code>/language", "dealer_language", language, methods=["POST"])
    bp.add_url_rule("/unknown", "unknown_senders", unknown)
    bp.add_url_rule("/unknown/<int:sender_id>/dealer", "unknown_add_dealer", add_dealer, methods=["POST"])


@role_required("ops", "approver")
def dealers() -> str:
    search = request.args.get("q", "")
    with reading() as session:
        rows = queries.dealer_rows(session, search)
    return render_template("console/dealers.html", rows=rows, q=search)


@role_required("ops", "approver")
def dealer(code: str) -> str:
    end = date_or_none(request.args.get("to")) or today_local()
    start = date_or_none(request.args.get("from")) or end - timedelta(days=STATEMENT_DAYS)
    with reading() as session:
        found = queries.dealer_by_code(session, code)
        if found is None:
            abort(404)
        summary = summarise(session, found, today_local())
        try:
            book = statement(session, found.code, start, end)
        except DomainError as exc:
            flash(str(exc), "error")
            start, end = end - timedelta(days=STATEMENT_DAYS), end
            book = statement(session, found.code, start, end)
        recent = list_orders(session, found.code, limit=10)
        claims = list_claims(session, dealer_id=found.id)  # open claims, being checked
        told = awaiting(session, found.id)  # payments told on WhatsApp, not booked until verified
    return render_template(
        "console/dealer.html",
        dealer=found,
        summary=summary,
        book=book,
        start=start,
        end=end,
        recent=recent,
        claims=claims,
        told=told,
        today=today_local(),
        languages=LANGUAGE_CHOICES,
    )


@role_required("approver")
def payment(code: str) -> ResponseReturnValue:
    amount = decimal_or_none(request.form.get("amount"))
    ref = request.form.get("reference", "").strip()[:100]
    on = date_or_none(request.form.get("date")) or today_local()
    note = request.form.get("note", "").strip()[:500]
    back = redirect(url_for("console.dealer", code=code))
    if amount is None or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        flash(
            f"Amount '{request.form.get('amount', '')}' must be rupees above 0 with at most two decimals.",
            "error",
        )
        return back
    if not ref:
        flash(
            "A payment needs its reference (UTR, cheque or receipt number): it keeps it from being recorded "
            "twice.",
            "error",
        )
        return back
    try:
        with writing() as session:
            found = queries.dealer_by_code(session, code)
            if found is None:
                abort(404)
            done = record_payment(session, found.code, amount, ref=ref, on=on, by=who(), note=note)
            outbox: list[int] = []
            if done.created:
                audit.record(
                    session,
                    "payment.record",
                    f"{found.code} {ref}",
                    after={"amount": amount, "date": on, "balance": done.balance, "entry": done.entry.id},
                )
                with notify.speaking_to(session, found.phone):
                    text = replies.payment_received(amount, done.balance, ref)
                outbox = notify.send(
                    session,
                    found.phone,
                    text,
                    key=f"payment:{done.entry.id}",
                    template="payment_received",
                    fields={"1": fmt_inr(amount), "2": fmt_inr(done.balance)},
                )
    except DomainError as exc:
        flash(f"Not recorded: {exc}", "error")
        return back
    deliver(outbox)
    if done.created:
        flash(
            f"Payment {ref} of {fmt_inr(amount)} recorded; balance now {fmt_inr(done.balance)}. "
            "The dealer was told.",
            "info",
        )
    else:
        flash(f"Payment {ref} was already recorded; nothing added.", "info")
    return back


@role_required("approver")
def reminders(code: str) -> ResponseReturnValue:
    paused = request.form.get("paused") == "1"
    with writing() as session:
        found = queries.dealer_by_code(session, code)
        if found is None:
            abort(404)
        before = found.reminders_paused
        found.reminders_paused = paused
        audit.record(
            session, "dealer.reminders", found.code, before={"paused": before}, after={"paused": paused}
        )
    flash(f"Payment reminders {'paused' if paused else 'resumed'} for {found.code}.", "info")
    return redirect(url_for("console.dealer", code=found.code))


@role_required("ops", "approver")
def language(code: str) -> ResponseReturnValue:
    """The language of the dealer's replies; '' = the language of each message he writes."""
    wanted = request.form.get("language", "").strip()
    if wanted not in dict(LANGUAGE_CHOICES):
        flash(f"Language '{wanted}' is not one of: as he writes, {', '.join(LANGUAGES)}.", "error")
        return redirect(url_for("console.dealer", code=code))
    with writing() as session:
        found = queries.dealer_by_code(session, code)
        if found is None:
            abort(404)
        before = found.language
        found.language = wanted
        audit.record(
            session, "dealer.language", found.code, before={"language": before}, after={"language": wanted}
        )
    flash(f"Replies to {found.code} now: {dict(LANGUAGE_CHOICES)[wanted]}.", "info")
    return redirect(url_for("console.dealer", code=found.code))


@role_required("ops", "approver")
def unknown() -> str:
    with reading() as session:
        strangers = queries.unknown_senders(session)
        code = queries.suggest_code(session)
    return render_template("console/unknown.html", strangers=strangers, code=code)


@role_required()
def add_dealer(sender_id: int) -> ResponseReturnValue:
    form = request.form
    limit_text = form.get("credit_limit", "").strip()
    limit = decimal_or_none(limit_text) if limit_text else None
    if limit_text and (limit is None or limit < 0):
        flash(f"Credit limit '{limit_text}' is not an amount in rupees.", "error")
        return redirect(url_for("console.unknown_senders"))
    try:
        with writing() as session:
            new = queries.add_dealer(
                session, sender_id, form.get("code", ""), form.get("name", ""), form.get("town", ""), limit
            )
            audit.record(
                session,
                "dealer.add",
                new.code,
                after={"name": new.name, "phone": new.phone, "town": new.town, "credit_limit": limit},
            )
            outbox = notify.send(
                session,
                new.phone,
                replies.welcome_dealer(new.name),
                key=f"welcome:{new.code}",
                template="welcome",
                fields={"1": new.name},
            )
    except DomainError as exc:
        flash(f"Not added: {exc}", "error")
        return redirect(url_for("console.unknown_senders"))
    deliver(outbox)
    flash(f"{new.name} is now dealer {new.code}.", "info")
    return redirect(url_for("console.dealer", code=new.code))
