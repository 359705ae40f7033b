"""Every domain table, in SQLAlchemy 2.0 style, on one `Base`.

Other packages (bot/models.py) subclass the same `Base`, so `Base.metadata`
holds the whole schema and Alembic sees one picture.

Exactness (see domain/columns.py): money is integer paise returned as
`Decimal('1152.00')`; quantities are integer thousandths returned as
`Decimal('0.5')`; percentages are ten-thousandths; unit factors are exact
decimal text; timestamps are timezone-aware UTC.

Conventions:
- "Not given" text is '' rather than NULL where a column is part of a key
  (`PriceRow.tier`, `SchemeRow.min_uom`), because NULLs never collide in a
  unique constraint.
- `PriceRow.dealer_key` is `dealer_id or 0`, kept in step by a flush hook, so
  (sku, uom, tier, dealer) is one unique key even for rows with no dealer.
- `SchemeRow.min_qty` / `min_value` are 0 when the file leaves them empty
  (0 = no threshold of that kind); they are part of the scheme key.
- Kinds and states are short strings; the allowed values are the tuples
  below. Order states and their transitions belong to the orders module.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy import ForeignKey, MetaData, UniqueConstraint, event
from sqlalchemy.orm import DeclarativeBase, Mapped, Mapper, mapped_column, relationship

from domain import versioning
from domain.catalog import Uoms
from domain.columns import ExactDecimal, Money, Percent, Quantity, UTCDateTime, utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ACTOR_KINDS = ("dealer", "rep", "staff", "system")
LEDGER_KINDS = ("opening", "invoice", "payment", "credit_note", "reversal")
CREDIT_DECISIONS = ("ok", "hold", "block")
SCHEME_KINDS = ("free_goods", "qty_discount", "value_discount")
SCHEME_TARGETS = ("sku", "brand", "category")
REVIEW_KINDS = ("parse", "credit_hold", "price_exception", "zero_price", "media", "unknown_sender")
REVIEW_STATUSES = ("open", "claimed", "done", "rejected")
APPROVAL_KINDS = ("credit_hold", "price_exception", "zero_price")  # an approver decides these for an order
OPEN_REVIEW = ("open", "claimed")  # review statuses still waiting for a person
STAFF_ROLES = ("ops", "approver", "admin")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), Decimal: Money(), dict[str, Any]: sa.JSON()}


def _now() -> Mapped[datetime]:
    return mapped_column(UTCDateTime(), default=utcnow, nullable=False)


# --- catalog ---------------------------------------------------------------------------------------


class Sku(Base):
    __tablename__ = "skus"

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    brand: Mapped[str] = mapped_column(sa.String(100), default="", index=True)
    category: Mapped[str] = mapped_column(sa.String(100), default="", index=True)
    size: Mapped[str] = mapped_column(sa.String(50), default="")
    default_uom: Mapped[str] = mapped_column(sa.String(16))
    price: Mapped[Decimal | None] = mapped_column(Money())  # one default_uom, catalog list price
    gst_rate: Mapped[Decimal | None] = mapped_column(Percent())  # None: the catalog gives none (no tax)
    hsn: Mapped[str] = mapped_column(sa.String(8), default="")  # HSN code for invoices; '' = not given
    aliases: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = _now()
    updated_at: Mapped[datetime] = _now()

    units: Mapped[list[SkuUnit]] = relationship(
        back_populates="sku_row", cascade="all, delete-orphan", order_by="SkuUnit.id"
    )

    @property
    def uoms(self) -> Uoms:
        """(unit, factor) pairs in file order, as pricing and the parser take them."""
        return tuple((row.unit, row.factor) for row in self.units)

    def factor(self, unit: str) -> Decimal | None:
        """Base units in one `unit`, or None when the SKU is not sold in it."""
        for row in self.units:
            if row.unit == unit:
                return row.factor
        return None


class SkuUnit(Base):
    __tablename__ = "sku_units"
    __table_args__ = (UniqueConstraint("sku_id", "unit"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sku_id: Mapped[int] = mapped_column(ForeignKey("skus.id", ondelete="CASCADE"))
    unit: Mapped[str] = mapped_column(sa.String(16))
    factor: Mapped[Decimal] = mapped_column(ExactDecimal())  # base units in one of this unit

    sku_row: Mapped[Sku] = relationship(back_populates="units")


class StockLevel(Base):
    """Stock of one SKU in base units; `reserved` is held by confirmed orders not yet dispatched."""

    __tablename__ = "stock_levels"

    id: Mapped[int] = mapped_column(primary_key=True)
    sku_id: Mapped[int] = mapped_column(ForeignKey("skus.id"), unique=True)
    on_hand: Mapped[Decimal] = mapped_column(Quantity(), default=Decimal(0))
    reserved: Mapped[Decimal] = mapped_column(Quantity(), default=Decimal(0))
    updated_at: Mapped[datetime] = _now()

    sku: Mapped[Sku] = relationship()


# --- dealers and reps ----------------------------------------------------------------------------

dealer_reps = sa.Table(
    "dealer_reps",
    Base.metadata,
    sa.Column("dealer_id", ForeignKey("dealers.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("rep_id", ForeignKey("field_reps.id", ondelete="CASCADE"), primary_key=True),
)


class Dealer(Base):
    __tablename__ = "dealers"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    phone: Mapped[str] = mapped_column(sa.String(20), unique=True)  # E.164
    town: Mapped[str] = mapped_column(sa.String(100), default="")
    tier: Mapped[str] = mapped_column(sa.String(16), default="")  # '' = no tier
    credit_limit: Mapped[Decimal | None] = mapped_column(Money())  # None = no limit; 0 is a limit
    active: Mapped[bool] = mapped_column(default=True)
    reminders_paused: Mapped[bool] = mapped_column(default=False)
    # the replies' language: '' = the language of each message he writes, 'en', 'hi', 'hi_Latn' (Hinglish)
    language: Mapped[str] = mapped_column(sa.String(8), default="")
    gstin: Mapped[str] = mapped_column(sa.String(15), default="")  # '' = unregistered (issue 12)
    state: Mapped[str] = mapped_column(sa.String(2), default="")  # GST state code ('27'); '' = not known
    created_at: Mapped[datetime] = _now()
    updated_at: Mapped[datetime] = _now()

    reps: Mapped[list[FieldRep]] = relationship(secondary=dealer_reps, back_populates="dealers")


class FieldRep(Base):
    __tablename__ = "field_reps"

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(sa.String(20), unique=True)  # E.164
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = _now()

    dealers: Mapped[list[Dealer]] = relationship(
        secondary=dealer_reps, back_populates="reps", order_by="Dealer.code"
    )


# --- prices and schemes ----------------------------------------------------------------------------


class PriceRow(Base):
    """One prices.csv row: price of one `uom` of a SKU, for a dealer, a tier, or everyone."""

    __tablename__ = "price_rows"
    __table_args__ = (UniqueConstraint("sku_id", "uom", "tier", "dealer_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sku_id: Mapped[int] = mapped_column(ForeignKey("skus.id"))
    uom: Mapped[str] = mapped_column(sa.String(16))
    price: Mapped[Decimal] = mapped_column(Money())
    tier: Mapped[str] = mapped_column(sa.String(16), default="")  # '' = any tier
    dealer_id: Mapped[int | None] = mapped_column(ForeignKey("dealers.id"), index=True)
    dealer_key: Mapped[int] = mapped_column(default=0)  # dealer_id or 0; set on flush
    updated_at: Mapped[datetime] = _now()

    sku: Mapped[Sku] = relationship()
    dealer: Mapped[Dealer | None] = relationship()


@event.listens_for(PriceRow, "before_insert")
@event.listens_for(PriceRow, "before_update")
def _price_dealer_key(mapper: Mapper[Any], connection: sa.Connection, target: PriceRow) -> None:
    if target.dealer_id is None and target.dealer is not None:
        target.dealer_id = target.dealer.id
    target.dealer_key = target.dealer_id or 0


class SchemeRow(Base):
    """One schemes.csv row; rows sharing `code` are slabs of one scheme."""

    __tablename__ = "scheme_rows"
    __table_args__ = (UniqueConstraint("code", "min_qty", "min_value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(64), index=True)
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    kind: Mapped[str] = mapped_column(sa.String(20))  # SCHEME_KINDS
    applies_to: Mapped[str] = mapped_column(sa.String(16))  # SCHEME_TARGETS
    target: Mapped[str] = mapped_column(sa.String(100))  # SKU code, brand or category
    min_qty: Mapped[Decimal] = mapped_column(Quantity(), default=Decimal(0))  # 0 = not given
    min_uom: Mapped[str] = mapped_column(sa.String(16), default="")
    min_value: Mapped[Decimal] = mapped_column(Money(), default=Decimal(0))  # 0 = not given
    free_sku: Mapped[str] = mapped_column(sa.String(64), default="")  # SKU code; '' = the same SKU
    free_qty: Mapped[Decimal | None] = mapped_column(Quantity())
    free_uom: Mapped[str] = mapped_column(sa.String(16), default="")  # '' = free SKU's default_uom
    discount_pct: Mapped[Decimal | None] = mapped_column(Percent())
    recursive: Mapped[bool] = mapped_column(default=False)
    valid_from: Mapped[date | None] = mapped_column(sa.Date)
    valid_to: Mapped[date | None] = mapped_column(sa.Date)
    tiers: Mapped[list[str]] = mapped_column(sa.JSON, default=list)  # empty = all tiers
    updated_at: Mapped[datetime] = _now()


# --- orders ------------------------------------------------------------------------------------------


class Counter(Base):
    """Named counters for human numbers (orders: SO-1001, SO-1002, ...); see domain.db.next_value."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    value: Mapped[int] = mapped_column(sa.BigInteger)


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(sa.String(20), unique=True)  # 'SO-1043'
    dealer_id: Mapped[int] = mapped_column(ForeignKey("dealers.id"), index=True)
    placed_by_kind: Mapped[str] = mapped_column(sa.String(10))  # ACTOR_KINDS
    placed_by_ref: Mapped[str] = mapped_column(sa.String(200), default="")  # phone, email, job name
    state: Mapped[str] = mapped_column(sa.String(24), index=True)
    gross: Mapped[Decimal] = mapped_column(Money(), default=Decimal(0))
    discount: Mapped[Decimal] = mapped_column(Money(), default=Decimal(0))
    tax: Mapped[Decimal] = mapped_column(Money(), default=Decimal(0))
    total: Mapped[Decimal] = mapped_column(Money(), default=Decimal(0))
    credit_decision: Mapped[str | None] = mapped_column(sa.String(8))  # CREDIT_DECISIONS
    credit_note: Mapped[str] = mapped_column(sa.Text, default="")  # why held/blocked, in words
    source_message_ref: Mapped[str | None] = mapped_column(sa.String(64), index=True)  # e.g. MessageSid
    needs_review: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # drafts only
    created_at: Mapped[datetime] = _now()
    updated_at: Mapped[datetime] = _now()

    dealer: Mapped[Dealer] = relationship()
    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderLine.line_no"
    )
    free_goods: Mapped[list[OrderFreeGood]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderFreeGood.id"
    )
    events: Mapped[list[OrderEvent]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderEvent.id"
    )


class OrderLine(Base):
    __tablename__ = "order_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    line_no: Mapped[int] = mapped_column(default=1)
    sku_id: Mapped[int] = mapped_column(ForeignKey("skus.id"))
    qty: Mapped[Decimal] = mapped_column(Quantity())
    uom: Mapped[str] = mapped_column(sa.String(16))
    unit_price: Mapped[Decimal] = mapped_column(Money())
    gross: Mapped[Decimal] = mapped_column(Money())
    discount: Mapped[Decimal] = mapped_column(Money(), default=Decimal(0))
    net: Mapped[Decimal] = mapped_column(Money())
    tax: Mapped[Decimal] = mapped_column(Money(), default=Decimal(0))
    gst_rate: Mapped[Decimal | None] = mapped_column(Percent())
    schemes: Mapped[list[str]] = mapped_column(sa.JSON, default=list)  # discount scheme codes
    source_text: Mapped[str] = mapped_column(sa.Text, default="")  # the words the line came from
    # the unit price (per `uom`) the dealer asked for, below list: an approver grants it or not
    requested_price: Mapped[Decimal | None] = mapped_column(Money(), nullable=True)

    order: Mapped[Order] = relationship(back_populates="lines")
    sku: Mapped[Sku] = relationship()


class OrderFreeGood(Base):
    __tablename__ = "order_free_goods"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    sku_id: Mapped[int] = mapped_column(ForeignKey("skus.id"))
    qty: Mapped[Decimal] = mapped_column(Quantity())
    uom: Mapped[str] = mapped_column(sa.String(16))
    scheme: Mapped[str] = mapped_column(sa.String(64))  # scheme code

    order: Mapped[Order] = relationship(back_populates="free_goods")
    sku: Mapped[Sku] = relationship()


class OrderEvent(Base):
    """One state transition of an order: who moved it, when and why. Never updated."""

    __tablename__ = "order_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    from_state: Mapped[str | None] = mapped_column(sa.String(24))  # None for creation
    to_state: Mapped[str] = mapped_column(sa.String(24))
    actor_kind: Mapped[str] = mapped_column(sa.String(10))  # ACTOR_KINDS
    actor_ref: Mapped[str] = mapped_column(sa.String(200), default="")
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    at: Mapped[datetime] = _now()

    order: Mapped[Order] = relationship(back_populates="events")


# --- ledger ------------------------------------------------------------------------------------------


class LedgerEntry(Base):
    """Append-only. amount > 0: the dealer owes more (opening, invoice); < 0: he owes less (payment).

    `reference` is unique per (dealer, kind) when given (NULLs never collide), which makes a
    retried payment with the same reference a no-op for the service that checks it.
    """

    __tablename__ = "ledger_entries"
    __table_args__ = (UniqueConstraint("dealer_id", "kind", "reference"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dealer_id: Mapped[int] = mapped_column(ForeignKey("dealers.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(16))  # LEDGER_KINDS
    amount: Mapped[Decimal] = mapped_column(Money())
    reference: Mapped[str | None] = mapped_column(sa.String(100))
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"), index=True)
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entries.id"))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    entry_date: Mapped[date] = mapped_column(sa.Date)
    due_date: Mapped[date | None] = mapped_column(sa.Date)  # invoices
    created_by: Mapped[str] = mapped_column(sa.String(200), default="")
    created_at: Mapped[datetime] = _now()

    dealer: Mapped[Dealer] = relationship()


REPORTED_PAYMENT_STATUSES = ("awaiting", "verified", "rejected")


class ReportedPayment(Base):
    """A payment a dealer (or his rep) told of on WhatsApp, waiting for staff to check it against the bank.

    It never changes the balance: only `verify_payment` books a ledger payment (`ledger_entry_id`), with
    the amount and reference staff confirmed (they may correct what was told, or give the amount missing).
    """

    __tablename__ = "reported_payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    dealer_id: Mapped[int] = mapped_column(ForeignKey("dealers.id"), index=True)
    amount: Mapped[Decimal | None] = mapped_column(Money())  # None: told without an amount
    mode: Mapped[str] = mapped_column(sa.String(16), default="")  # upi, neft, cheque, ... or ''
    reference: Mapped[str] = mapped_column(sa.String(100), default="")  # UTR, cheque number, ... or ''
    text: Mapped[str] = mapped_column(sa.Text, default="")  # the message as told, capped
    message_ref: Mapped[str | None] = mapped_column(sa.String(64))  # the WhatsApp message (MessageSid)
    told_at: Mapped[datetime] = _now()
    told_by: Mapped[str] = mapped_column(sa.String(20), default="")  # phone of the dealer or rep, E.164
    status: Mapped[str] = mapped_column(sa.String(12), default="awaiting", index=True)
    decided_by: Mapped[str] = mapped_column(sa.String(254), default="")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(sa.Text, default="")  # why it was rejected
    ledger_entry_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entries.id"))

    dealer: Mapped[Dealer] = relationship()
    ledger_entry: Mapped[LedgerEntry | None] = relationship()


CLAIM_STATUSES = ("open", "approved", "partly_approved", "rejected")
CLAIM_REASONS = ("damaged", "leak", "expired", "short", "wrong", "return")


class Claim(Base):
    """Goods a dealer reports damaged, leaking, expired, short or wrong, or asks to return ('CL-1001').

    Staff approve it whole or in part (a credit note in the ledger, `ledger_entry_id`) or reject it.
    """

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(sa.String(20), unique=True)  # 'CL-1001'
    dealer_id: Mapped[int] = mapped_column(ForeignKey("dealers.id"), index=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"), index=True)
    status: Mapped[str] = mapped_column(sa.String(16), default="open", index=True)  # CLAIM_STATUSES
    reason: Mapped[str] = mapped_column(sa.String(16))  # CLAIM_REASONS
    text: Mapped[str] = mapped_column(sa.Text, default="")  # the message as told, capped
    told_by: Mapped[str] = mapped_column(sa.String(20), default="")  # the phone it came from, E.164
    message_ref: Mapped[str | None] = mapped_column(sa.String(64))  # the WhatsApp message (MessageSid)
    notes: Mapped[list[str]] = mapped_column(sa.JSON, default=list)  # what the reader left for staff
    created_at: Mapped[datetime] = _now()
    decided_by: Mapped[str] = mapped_column(sa.String(254), default="")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_note: Mapped[str] = mapped_column(sa.Text, default="")
    credit_amount: Mapped[Decimal] = mapped_column(Money(), default=Decimal(0))
    ledger_entry_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entries.id"))

    dealer: Mapped[Dealer] = relationship()
    order: Mapped[Order | None] = relationship()
    lines: Mapped[list[ClaimLine]] = relationship(
        back_populates="claim", cascade="all, delete-orphan", order_by="ClaimLine.line_no"
    )


class ClaimLine(Base):
    """One thing claimed: a SKU and quantity when the reader knew them (None: staff fill them)."""

    __tablename__ = "claim_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    line_no: Mapped[int] = mapped_column(default=1)
    sku_code: Mapped[str | None] = mapped_column(sa.String(64))  # None: staff choose it
    words: Mapped[str] = mapped_column(sa.Text, default="")  # the dealer's words for it
    candidates: Mapped[list[str]] = mapped_column(sa.JSON, default=list)  # SKUs the parser thought of
    qty: Mapped[Decimal | None] = mapped_column(Quantity())  # None: staff fill it
    uom: Mapped[str] = mapped_column(sa.String(16), default="")  # '' = not said
    reason: Mapped[str] = mapped_column(sa.String(16))  # CLAIM_REASONS
    approved_qty: Mapped[Decimal | None] = mapped_column(Quantity())
    rate: Mapped[Decimal | None] = mapped_column(Money())  # the unit price credited, before GST
    amount: Mapped[Decimal | None] = mapped_column(Money())  # the credit for the line, with GST

    claim: Mapped[Claim] = relationship(back_populates="lines")


INVOICE_KINDS = ("invoice", "credit_note")


class Invoice(Base):
    """A numbered GST document, kept as issued (never updated): a tax invoice raised at dispatch
    ('INV/2026-27/0001', one per order) or a credit note for an approved claim ('CN/2026-27/0001').

    Parties, lines (free goods at zero, HSN, the CGST/SGST/IGST of each) and totals are copied in, so
    a later change to the masters never changes a document already issued (domain/invoices.py).
    """

    __tablename__ = "invoices"
    __table_args__ = (UniqueConstraint("kind", "order_id"), UniqueConstraint("kind", "claim_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(sa.String(32), unique=True)  # 'INV/2026-27/0001'
    kind: Mapped[str] = mapped_column(sa.String(16))  # INVOICE_KINDS
    dealer_id: Mapped[int] = mapped_column(ForeignKey("dealers.id"), index=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"))
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))
    issued_on: Mapped[date] = mapped_column(sa.Date)
    supplier: Mapped[dict[str, Any]] = mapped_column(sa.JSON)  # name, address, gstin, state
    recipient: Mapped[dict[str, Any]] = mapped_column(sa.JSON)  # code, name, address, gstin, state, phone
    lines: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON)  # see domain/invoices.py DocLine
    taxable: Mapped[Decimal] = mapped_column(Money())
    cgst: Mapped[Decimal] = mapped_column(Money())
    sgst: Mapped[Decimal] = mapped_column(Money())
    igst: Mapped[Decimal] = mapped_column(Money())
    total: Mapped[Decimal] = mapped_column(Money())
    created_by: Mapped[str] = mapped_column(sa.String(200), default="")
    created_at: Mapped[datetime] = _now()

    dealer: Mapped[Dealer] = relationship()
    order: Mapped[Order | None] = relationship()


# --- settings, learning, review, staff, audit ---------------------------------------------------------


class Setting(Base):
    """Distributor settings as text: credit_block, block_overdue_days, draft_ttl_minutes, ..."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    value: Mapped[str] = mapped_column(sa.Text)
    updated_at: Mapped[datetime] = _now()


class LearnedAlias(Base):
    __tablename__ = "learned_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    phrase: Mapped[str] = mapped_column(sa.String(200), index=True)
    sku_id: Mapped[int] = mapped_column(ForeignKey("skus.id"))
    dealer_id: Mapped[int | None] = mapped_column(ForeignKey("dealers.id"))  # None: everyone
    created_by: Mapped[str] = mapped_column(sa.String(200), default="")
    promoted: Mapped[bool] = mapped_column(default=False)
    uses: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = _now()

    sku: Mapped[Sku] = relationship()
    dealer: Mapped[Dealer | None] = relationship()


class StaffUser(Base):
    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[str] = mapped_column(sa.String(16))  # STAFF_ROLES
    active: Mapped[bool] = mapped_column(default=True)
    # a console session is good only while it carries this number; logout, a new password and
    # deactivation add one, ending every session of the user (bot/console/auth.py)
    session_version: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = _now()


class ReviewItem(Base):
    __tablename__ = "review_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20), index=True)  # REVIEW_KINDS
    status: Mapped[str] = mapped_column(sa.String(12), default="open", index=True)  # REVIEW_STATUSES
    dealer_id: Mapped[int | None] = mapped_column(ForeignKey("dealers.id"), index=True)
    phone: Mapped[str] = mapped_column(sa.String(20), default="")
    message_text: Mapped[str] = mapped_column(sa.Text, default="")
    message_ref: Mapped[str | None] = mapped_column(sa.String(64))
    parse: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"), index=True)
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolution: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = _now()
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    dealer: Mapped[Dealer | None] = relationship()
    order: Mapped[Order | None] = relationship()
    claimed_by: Mapped[StaffUser | None] = relationship()


class AuditLog(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    who: Mapped[str] = mapped_column(sa.String(254))
    at: Mapped[datetime] = _now()
    action: Mapped[str] = mapped_column(sa.String(64), index=True)
    target: Mapped[str] = mapped_column(sa.String(200), default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)


class UnknownSender(Base):
    __tablename__ = "unknown_senders"

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(sa.String(20), unique=True)  # E.164
    first_seen: Mapped[datetime] = _now()
    last_seen: Mapped[datetime] = _now()
    count: Mapped[int] = mapped_column(default=1)
    last_text: Mapped[str] = mapped_column(sa.Text, default="")


# the counters bumped by catalog and learned-alias changes (domain/versioning.py), on create_all too
event.listen(Base.metadata, "after_create", versioning.after_create)
