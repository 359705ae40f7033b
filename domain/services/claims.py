"""Claim use cases: file a claim about goods that came, approve it whole or in part, or reject it.

    filed = file_claim(work, "D01", "leak", [ClaimedGoods("MAG-MAS-70", Decimal(1), "case")],
                       order="SO-1043", text="...", told_by="+9190...")          # 'CL-1001', open
    done = approve_claim(work, filed.id, {line_id: Decimal(1)}, by="approver@x")  # a credit note
    reject_claim(work, filed.id, "the seal was intact on delivery", by="approver@x")

A claim is numbered from the counter `claims` ('CL-1001', 'CL-1002', ...). Approving prices each
approved line by the rules of domain.claims: at what the claim's order billed for the SKU when it
did, else at the dealer's price today (domain.pricing); the total is booked once as a credit note
(domain.services.ledger.credit_note, reference = the claim number, so a retry adds nothing). A claim
is decided once: approving or rejecting a decided claim is refused, naming how it was decided.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from domain import claims as rules
from domain.claims import ClaimError, LineCredit
from domain.columns import utcnow
from domain.db import lock_dealer, next_value
from domain.errors import NotFound
from domain.models import CLAIM_REASONS, Claim, ClaimLine, Dealer, Order, OrderLine, Sku
from domain.money import ZERO, fmt_inr, round_paisa
from domain.pricing import PricingError, SkuInfo, unit_price
from domain.services import Work, transaction
from domain.services.credit import find_dealer
from domain.services.invoices import raise_credit_note
from domain.services.ledger import credit_note
from domain.services.order_steps import UnknownOrder, normalise_number
from domain.services.quoting import load_price_book, sku_infos

MAX_TEXT = 2000  # characters of the dealer's message kept on the claim
DELIVERED = ("dispatched", "delivered", "invoiced")  # an order whose goods may have come


class UnknownClaim(NotFound):
    def __init__(self, claim_id: int | str) -> None:
        super().__init__(f"no claim {claim_id}")
        self.claim_id = claim_id


class ClaimDecided(ClaimError):
    def __init__(self, number: str, status: str) -> None:
        super().__init__(f"claim {number} was already decided ({status.replace('_', ' ')})")
        self.number, self.status = number, status


@dataclass(frozen=True)
class ClaimedGoods:
    """One thing claimed, as told: a SKU and quantity when known (None: staff fill them)."""

    sku: str | None
    qty: Decimal | None
    uom: str = ""
    words: str = ""
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True)
class LineView:
    id: int
    line_no: int
    sku: str | None
    name: str  # the SKU's name, '' when unknown
    words: str
    candidates: tuple[str, ...]
    qty: Decimal | None
    uom: str
    approved_qty: Decimal | None
    rate: Decimal | None
    amount: Decimal | None


@dataclass(frozen=True)
class ClaimView:
    """A claim as the bot, the console and reports show it (no database objects)."""

    id: int
    number: str
    dealer_code: str
    dealer_name: str
    dealer_phone: str
    order: str | None
    status: str
    reason: str
    text: str
    told_by: str
    created_at: datetime
    notes: tuple[str, ...]
    lines: tuple[LineView, ...]
    credit_amount: Decimal
    decided_by: str
    decided_at: datetime | None
    decision_note: str


@dataclass(frozen=True)
class Decided:
    """An approved claim, the credit note it booked and the dealer's balance after it."""

    claim: ClaimView
    credit: Decimal
    balance: Decimal
    entry_id: int


def view_claim(session: Session, claim: Claim) -> ClaimView:
    codes = {ln.sku_code for ln in claim.lines if ln.sku_code}
    names: dict[str, str] = {}
    if codes:
        names = {
            sku: name for sku, name in session.execute(sa.select(Sku.sku, Sku.name).where(Sku.sku.in_(codes)))
        }
    return ClaimView(
        id=claim.id,
        number=claim.number,
        dealer_code=claim.dealer.code,
        dealer_name=claim.dealer.name,
        dealer_phone=claim.dealer.phone,
        order=claim.order.number if claim.order is not None else None,
        status=claim.status,
        reason=claim.reason,
        text=claim.text,
        told_by=claim.told_by,
        created_at=claim.created_at,
        notes=tuple(claim.notes or ()),
        lines=tuple(
            LineView(
                ln.id,
                ln.line_no,
                ln.sku_code,
                names.get(ln.sku_code or "", ""),
                ln.words,
                tuple(ln.candidates or ()),
                ln.qty,
                ln.uom,
                ln.approved_qty,
                ln.rate,
                ln.amount,
            )
            for ln in claim.lines
        ),
        credit_amount=claim.credit_amount,
        decided_by=claim.decided_by,
        decided_at=claim.decided_at,
        decision_note=claim.decision_note,
    )


# --- filing ----------------------------------------------------------------------------------------------


def latest_delivered(session: Session, dealer_id: int) -> Order | None:
    """The dealer's latest order whose goods may have come (dispatched, delivered or invoiced)."""
    return session.scalars(
        sa.select(Order)
        .where(Order.dealer_id == dealer_id, Order.state.in_(DELIVERED))
        .order_by(Order.created_at.desc(), Order.id.desc())
        .limit(1)
    ).first()


def delivered_with(session: Session, dealer_id: int, skus: Sequence[str], last: int = 10) -> Order | None:
    """The dealer's latest order whose goods may have come and that holds every SKU in `skus` (the goods
    a claim about "kal ki" / "last order" names), among his `last` such orders; his latest such order
    when `skus` is empty; None when none of them holds the goods (staff find the order).

    A claim once went to his latest dispatch, which had none of the goods claimed, and was credited at
    today's price instead of the price billed."""
    orders = session.scalars(
        sa.select(Order)
        .where(Order.dealer_id == dealer_id, Order.state.in_(DELIVERED))
        .order_by(Order.created_at.desc(), Order.id.desc())
        .limit(last)
    ).all()
    wanted = set(skus)
    for order in orders:
        if wanted <= {line.sku.sku for line in order.lines} | {f.sku.sku for f in order.free_goods}:
            return order
    return None


def file_claim(
    work: Work,
    dealer: str,
    reason: str,
    goods: Sequence[ClaimedGoods],
    *,
    order: str | None = None,
    text: str = "",
    told_by: str = "",
    message_ref: str | None = None,
    notes: Sequence[str] = (),
    now: datetime | None = None,
) -> ClaimView:
    """Store an open claim of dealer code `dealer`; `order` (a number) must be one of his orders."""
    if reason not in CLAIM_REASONS:
        raise ClaimError(f"'{reason}' is not a claim reason; reasons are {', '.join(CLAIM_REASONS)}")
    with transaction(work) as session:
        found = find_dealer(session, dealer)
        order_row = None
        if order is not None:
            number = normalise_number(order)
            order_row = session.scalars(sa.select(Order).where(Order.number == number)).first()
            if order_row is None or order_row.dealer_id != found.id:
                raise UnknownOrder(number)  # another dealer's order is "not found" too
        claim = Claim(
            number=f"CL-{next_value(session, 'claims')}",
            dealer_id=found.id,
            order_id=order_row.id if order_row is not None else None,
            status="open",
            reason=reason,
            text=text[:MAX_TEXT],
            told_by=told_by,
            message_ref=message_ref,
            notes=list(notes),
            created_at=now or utcnow(),
        )
        claim.lines = [
            ClaimLine(
                line_no=n,
                sku_code=g.sku,
                words=g.words[:500],
                candidates=list(g.candidates[:5]),
                qty=g.qty,
                uom=g.uom or "",
                reason=reason,
            )
            for n, g in enumerate(goods, 1)
        ]
        session.add(claim)
        session.flush()
        return view_claim(session, claim)


# --- deciding -----------------------------------------------------------------------------------------


def _locked(session: Session, claim_id: int) -> Claim:
    claim = session.scalars(
        sa.select(Claim)
        .where(Claim.id == claim_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one_or_none()
    if claim is None:
        raise UnknownClaim(claim_id)
    if claim.status != "open":
        raise ClaimDecided(claim.number, claim.status)
    return claim


def approve_claim(
    work: Work,
    claim_id: int,
    lines: Mapping[int, Decimal],
    by: str,
    *,
    skus: Mapping[int, str] | None = None,
    uoms: Mapping[int, str] | None = None,
    note: str = "",
    on: date | None = None,
    now: datetime | None = None,
) -> Decided:
    """Approve claim `claim_id`: `lines` maps a line id to the quantity approved (a line left out
    gets 0); `skus` and `uoms` fill in what the reader did not know. Books one credit note."""
    with transaction(work) as session:
        claim = _locked(session, claim_id)
        dealer = lock_dealer(session, claim.dealer_id)
        for line in claim.lines:
            if skus and skus.get(line.id):
                line.sku_code = skus[line.id].strip().upper()
            if uoms and uoms.get(line.id):
                line.uom = uoms[line.id].strip().lower()
        decided = [
            (line, rules.checked_qty(line.line_no, Decimal(lines.get(line.id, ZERO)), line.qty))
            for line in claim.lines
        ]
        status = rules.decided_status([(line.qty, qty) for line, qty in decided])
        credits = []
        credited = []
        for line, qty in decided:
            line.approved_qty = qty
            if qty > 0:
                credit = _priced(session, claim, line, qty, dealer)
                line.rate, line.amount = credit.rate, credit.amount
                credits.append(credit)
                credited.append((line, credit))
            else:
                line.rate, line.amount = None, ZERO
        amount = rules.total(credits)
        booked = credit_note(
            session,
            dealer.code,
            amount,
            ref=claim.number,
            on=on,
            by=by,
            note=f"claim {claim.number} ({claim.reason})"
            + (f" on {claim.order.number}" if claim.order else ""),
        )
        claim.status, claim.credit_amount = status, amount
        claim.ledger_entry_id = booked.entry.id
        claim.decided_by, claim.decided_at, claim.decision_note = by[:254], now or utcnow(), note[:2000]
        if credited:  # the numbered document of the credit (CN/2026-27/0001: domain/services/invoices.py)
            raise_credit_note(session, claim, credited, by, on)
        session.flush()
        return Decided(view_claim(session, claim), amount, booked.balance, booked.entry.id)


def reject_claim(
    work: Work, claim_id: int, reason: str, by: str, *, now: datetime | None = None
) -> ClaimView:
    """Reject claim `claim_id`, saying why (the dealer is told it); nothing is booked."""
    if not reason.strip():
        raise ClaimError("a claim is rejected with its reason: the dealer is told it")
    with transaction(work) as session:
        claim = _locked(session, claim_id)
        claim.status = "rejected"
        claim.decided_by, claim.decided_at, claim.decision_note = (
            by[:254],
            now or utcnow(),
            reason.strip()[:2000],
        )
        for line in claim.lines:
            line.approved_qty = ZERO
        session.flush()
        return view_claim(session, claim)


def _priced(session: Session, claim: Claim, line: ClaimLine, qty: Decimal, dealer: Dealer) -> LineCredit:
    """The credit for `qty` of `line`: at what the claim's order billed for the SKU, else today's price."""
    where = f"line {line.line_no}"
    if not line.sku_code:
        raise ClaimError(f"{where}: choose the product before approving it")
    info = sku_infos(session, {line.sku_code}).get(line.sku_code)
    if info is None:
        raise ClaimError(f"{where}: no product {line.sku_code} in the catalog")
    if not line.uom:
        line.uom = info.default_uom
    try:
        factor = info.require_factor(line.uom)
        billed = _billed(session, claim, line.sku_code)
        if billed is not None:
            billed_factor = info.require_factor(billed.uom)
            credit = rules.credit_at_billed(
                qty * factor / billed_factor, billed.qty, billed.net, billed.gst_rate
            )
            return replace(credit, rate=round_paisa(billed.net / billed.qty * factor / billed_factor))
        return rules.credit_at_rate(qty, _price_today(session, info, line.uom, dealer), info.gst_rate)
    except (ClaimError, PricingError) as exc:
        raise ClaimError(f"{where}: {exc}") from None


def _billed(session: Session, claim: Claim, sku: str) -> OrderLine | None:
    if claim.order_id is None:
        return None
    return session.scalars(
        sa.select(OrderLine)
        .join(Sku, OrderLine.sku_id == Sku.id)
        .where(OrderLine.order_id == claim.order_id, Sku.sku == sku)
        .order_by(OrderLine.line_no)
        .limit(1)
    ).first()


def _price_today(session: Session, info: SkuInfo, uom: str, dealer: Dealer) -> Decimal:
    book = load_price_book(session, dealer, [info.sku])
    return unit_price(info, uom, book.prices, dealer.code, dealer.tier or None)


# --- reading --------------------------------------------------------------------------------------------


def get_claim(session: Session, claim_id: int) -> ClaimView:
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise UnknownClaim(claim_id)
    return view_claim(session, claim)


def list_claims(
    session: Session, *, status: str | None = "open", dealer_id: int | None = None, limit: int = 200
) -> list[ClaimView]:
    """Claims, oldest first (`status` None: every status, newest first)."""
    query = sa.select(Claim)
    if status is not None:
        query = query.where(Claim.status == status).order_by(Claim.created_at, Claim.id)
    else:
        query = query.order_by(Claim.created_at.desc(), Claim.id.desc())
    if dealer_id is not None:
        query = query.where(Claim.dealer_id == dealer_id)
    return [view_claim(session, c) for c in session.scalars(query.limit(limit))]


def in_words(claim: ClaimView) -> str:
    """One line about a claim for staff and statements: 'CL-1001 leak, SO-1043: 1 case MAG-MAS-70'."""
    goods = ", ".join(
        f"{'' if ln.qty is None else f'{ln.qty.normalize():f} '}{ln.uom or ''} {ln.sku or ln.words}".strip()
        for ln in claim.lines
    )
    where = f", {claim.order}" if claim.order else ""
    credit = f" ({fmt_inr(claim.credit_amount)})" if claim.credit_amount else ""
    return f"{claim.number} {claim.reason}{where}: {goods or 'goods to be checked'}{credit}"


__all__ = [
    "ClaimDecided",
    "ClaimView",
    "ClaimedGoods",
    "Decided",
    "LineView",
    "UnknownClaim",
    "approve_claim",
    "file_claim",
    "get_claim",
    "in_words",
    "delivered_with",
    "latest_delivered",
    "list_claims",
    "reject_claim",
    "view_claim",
]
