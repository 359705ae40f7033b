"""Tax invoices over the database: raised at dispatch, numbered per financial year, kept as issued.

    raise_invoice(session, order, by="asha@x")  -> Invoice ('INV/2026-27/0001'); the same one again
                                                    for an order that has one
    raise_credit_note(session, claim, credited, by="asha@x") -> Invoice ('CN/2026-27/0001') for an
                                                    approved claim, in the approval's transaction
    invoice_for_order(session, "SO-1043")       -> Invoice | None
    credit_note_for_claim(session, 7)           -> Invoice | None
    find_invoice(session, "INV/2026-27/0001")   -> Invoice | None

`domain.services.orders.dispatch` raises the invoice in the dispatch's own transaction (the goods
travel with it). The ledger's `invoice` entry stays where it was, at the order's `invoiced` step:
credit exposure counts an accepted order until that entry exists (domain/services/credit.py), so
moving the entry would change every credit rule; the document and the entry carry the same amount.

Numbering: `next_value` on a counter row per series and financial year ('INV/2026-27') is one
INSERT ... ON CONFLICT DO UPDATE that keeps the row locked until commit, so two dispatches at once
wait for each other and never share a number, and a dispatch that rolls back gives its number back
(no gaps). The document copies the parties, HSN codes, lines, free goods and the split, so a later
change to the masters never changes an invoice already issued.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from domain.claims import LineCredit
from domain.db import next_value
from domain.errors import DomainError
from domain.gst import STATES
from domain.invoices import DocLine, counter_name, doc_line, doc_number, free_line, totals
from domain.models import Claim, ClaimLine, Dealer, Invoice, Order, OrderLine, Sku
from domain.services.credit import today_local
from domain.services.gst import Supplier, place_of_supply, supplier


class InvoiceMismatch(DomainError):
    def __init__(self, number: str, doc_total: Decimal, order_total: Decimal) -> None:
        super().__init__(f"the invoice of {number} adds up to {doc_total}, the order to {order_total}")


def party_of_supplier(found: Supplier) -> dict[str, str]:
    return {
        "name": found.name,
        "address": found.address,
        "gstin": found.gstin,
        "state": found.state or "",
        "state_name": STATES.get(found.state or "", ""),
    }


def party_of_dealer(dealer: Dealer) -> dict[str, str]:
    state = place_of_supply(dealer) or ""
    return {
        "code": dealer.code,
        "name": dealer.name,
        "address": dealer.town,
        "gstin": dealer.gstin or "",
        "state": state,
        "state_name": STATES.get(state, ""),
    }


def order_lines(order: Order, supplier_state: str | None, place: str | None) -> list[DocLine]:
    """The order's charged lines, then its free goods at zero."""
    found = [
        doc_line(
            ln.sku.sku,
            ln.sku.name,
            ln.sku.hsn or "",
            ln.qty,
            ln.uom,
            ln.unit_price,
            ln.gross,
            ln.discount,
            ln.net,
            ln.gst_rate or Decimal(0),
            ln.tax,
            supplier_state,
            place,
            ", ".join(ln.schemes or []),
        )
        for ln in order.lines
    ]
    found.extend(
        free_line(f.sku.sku, f.sku.name, f.sku.hsn or "", f.qty, f.uom, f.scheme) for f in order.free_goods
    )
    return found


def issue(
    session: Session,
    kind: str,
    dealer: Dealer,
    lines: list[DocLine],
    on: date,
    by: str,
    *,
    order_id: int | None = None,
    claim_id: int | None = None,
) -> Invoice:
    """Number and store one document of `kind` (the number is taken last, just before the insert)."""
    found = supplier(session)
    sums = totals(lines)
    number = doc_number(kind, on, next_value(session, counter_name(kind, on), start=1))
    doc = Invoice(
        number=number,
        kind=kind,
        dealer_id=dealer.id,
        order_id=order_id,
        claim_id=claim_id,
        issued_on=on,
        supplier=party_of_supplier(found),
        recipient=party_of_dealer(dealer),
        lines=[ln.to_json() for ln in lines],
        taxable=sums.taxable,
        cgst=sums.cgst,
        sgst=sums.sgst,
        igst=sums.igst,
        total=sums.total,
        created_by=by[:200],
    )
    session.add(doc)
    session.flush()
    return doc


def raise_invoice(session: Session, order: Order, by: str, on: date | None = None) -> Invoice:
    """The order's tax invoice: the one it has, or a new one dated `on` (today in India)."""
    existing = invoice_for_order_id(session, order.id)
    if existing is not None:
        return existing
    found = supplier(session)
    lines = order_lines(order, found.state, place_of_supply(order.dealer))
    doc = issue(session, "invoice", order.dealer, lines, on or today_local(), by, order_id=order.id)
    if doc.total != order.total:  # never print a bill that is not the order's: roll the dispatch back
        raise InvoiceMismatch(order.number, doc.total, order.total)
    return doc


def raise_credit_note(
    session: Session,
    claim: Claim,
    credited: list[tuple[ClaimLine, LineCredit]],
    by: str,
    on: date | None = None,
) -> Invoice:
    """The credit note of an approved claim: each credited line at its rate, its GST split as the
    claim's order was (the dealer's place of supply today); its total is the claim's credit."""
    existing = session.scalars(
        sa.select(Invoice).where(Invoice.kind == "credit_note", Invoice.claim_id == claim.id)
    ).one_or_none()
    if existing is not None:
        return existing
    found = supplier(session)
    place = place_of_supply(claim.dealer)
    lines = []
    for line, credit in credited:
        sku = session.scalars(sa.select(Sku).where(Sku.sku == line.sku_code)).one()
        rate = _billed_rate(session, claim, sku) if claim.order_id else None
        lines.append(
            doc_line(
                sku.sku,
                sku.name,
                sku.hsn or "",
                line.approved_qty or Decimal(0),
                line.uom,
                credit.rate,
                credit.net,
                Decimal("0.00"),
                credit.net,
                rate if rate is not None else (sku.gst_rate or Decimal(0)),
                credit.tax,
                found.state,
                place,
                claim.number,
            )
        )
    return issue(session, "credit_note", claim.dealer, lines, on or today_local(), by, claim_id=claim.id)


def _billed_rate(session: Session, claim: Claim, sku: Sku) -> Decimal | None:
    """The GST rate the claim's order billed the SKU at, if it did."""
    return session.scalar(
        sa.select(OrderLine.gst_rate)
        .where(OrderLine.order_id == claim.order_id, OrderLine.sku_id == sku.id)
        .limit(1)
    )


def credit_note_for_claim(session: Session, claim_id: int) -> Invoice | None:
    """The credit note of claim `claim_id`, or None (open, rejected, or approved before credit notes)."""
    return session.scalars(
        sa.select(Invoice).where(Invoice.kind == "credit_note", Invoice.claim_id == claim_id)
    ).one_or_none()


def invoice_for_order_id(session: Session, order_id: int) -> Invoice | None:
    return session.scalars(
        sa.select(Invoice).where(Invoice.kind == "invoice", Invoice.order_id == order_id)
    ).one_or_none()


def invoice_for_order(session: Session, number: str) -> Invoice | None:
    """The tax invoice of order `number` ('SO-1043'), or None before dispatch."""
    return session.scalars(
        sa.select(Invoice)
        .join(Order, Invoice.order_id == Order.id)
        .where(Invoice.kind == "invoice", Order.number == number.strip().upper())
    ).one_or_none()


def find_invoice(session: Session, number: str) -> Invoice | None:
    """An invoice or credit note by its number ('INV/2026-27/0001')."""
    return session.scalars(sa.select(Invoice).where(Invoice.number == number.strip().upper())).one_or_none()


def doc_lines(doc: Invoice) -> list[DocLine]:
    return [DocLine.from_json(line) for line in doc.lines]


__all__ = [
    "InvoiceMismatch",
    "credit_note_for_claim",
    "doc_lines",
    "find_invoice",
    "invoice_for_order",
    "invoice_for_order_id",
    "issue",
    "order_lines",
    "raise_credit_note",
    "raise_invoice",
]
