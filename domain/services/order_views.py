"""What the order use cases hand back: frozen snapshots of an order, safe to use after the session closes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import object_session

from domain.credit import CreditCheck
from domain.gst import TaxSplit
from domain.models import Order
from domain.money import money_str
from domain.orders import Actor, ActorKind, State
from domain.quote import Quote
from domain.services.gst import order_split
from domain.services.stock import Shortfall, qty_str


@dataclass(frozen=True)
class LineView:
    sku: str
    name: str
    qty: Decimal
    uom: str
    unit_price: Decimal
    gross: Decimal
    discount: Decimal
    net: Decimal
    tax: Decimal
    schemes: tuple[str, ...]
    requested_price: Decimal | None = None  # the unit price the dealer asked, below list, not yet granted


@dataclass(frozen=True)
class FreeView:
    sku: str
    qty: Decimal
    uom: str
    scheme: str  # the scheme's code
    name: str = ""  # the product's name


@dataclass(frozen=True)
class OrderView:
    number: str
    dealer: str
    state: State
    placed_by: Actor
    lines: tuple[LineView, ...]
    free_goods: tuple[FreeView, ...]
    gross: Decimal
    discount: Decimal
    tax: Decimal
    total: Decimal
    credit_decision: str | None
    credit_note: str
    created_at: datetime
    expires_at: datetime | None
    # CGST + SGST or IGST of `tax` (domain.services.gst); None while the supplier's state is not set
    tax_split: TaxSplit | None = None

    def to_json(self) -> dict[str, Any]:
        """Money as strings with two decimals; quantities as plain numbers in text."""
        return {
            "number": self.number,
            "dealer": self.dealer,
            "state": self.state.value,
            "placed_by": {"kind": self.placed_by.kind.value, "ref": self.placed_by.ref},
            "lines": [
                {
                    "sku": ln.sku,
                    "name": ln.name,
                    "qty": qty_str(ln.qty),
                    "uom": ln.uom,
                    "unit_price": money_str(ln.unit_price),
                    "gross": money_str(ln.gross),
                    "discount": money_str(ln.discount),
                    "net": money_str(ln.net),
                    "tax": money_str(ln.tax),
                    "schemes": list(ln.schemes),
                    "requested_price": (
                        money_str(ln.requested_price) if ln.requested_price is not None else None
                    ),
                }
                for ln in self.lines
            ],
            "free_goods": [
                {"sku": f.sku, "qty": qty_str(f.qty), "uom": f.uom, "scheme": f.scheme}
                for f in self.free_goods
            ],
            "gross": money_str(self.gross),
            "discount": money_str(self.discount),
            "tax": money_str(self.tax),
            "total": money_str(self.total),
            "credit_decision": self.credit_decision,
            "credit_note": self.credit_note,
            "created_at": self.created_at.isoformat(),
            "expires_at": self.expires_at.isoformat() if self.expires_at else None,
        }


@dataclass(frozen=True)
class Placed:
    """A new order awaiting the dealer's YES, and the quote it was priced with (nudges, credit)."""

    order: OrderView
    quote: Quote
    order_id: int  # the row's id, so a caller in the same session gets it without a query


@dataclass(frozen=True)
class Confirmation:
    order: OrderView  # confirmed, on_hold, or cancelled when credit is blocked
    credit: CreditCheck
    shortfalls: tuple[Shortfall, ...] = ()  # as found at confirmation (before shrinking)
    price_asked: bool = False  # on_hold for an approver's decision on the special price asked

    @property
    def decision(self) -> str:
        return self.credit.decision


@dataclass(frozen=True)
class EventView:
    source: State | None
    target: State
    actor: Actor
    reason: str
    at: datetime


def view(order: Order) -> OrderView:
    return OrderView(
        number=order.number,
        dealer=order.dealer.code,
        state=State(order.state),
        placed_by=Actor(ActorKind(order.placed_by_kind), order.placed_by_ref),
        lines=tuple(
            LineView(
                ln.sku.sku,
                ln.sku.name,
                ln.qty,
                ln.uom,
                ln.unit_price,
                ln.gross,
                ln.discount,
                ln.net,
                ln.tax,
                tuple(ln.schemes),
                ln.requested_price,
            )
            for ln in order.lines
        ),
        free_goods=tuple(FreeView(f.sku.sku, f.qty, f.uom, f.scheme, f.sku.name) for f in order.free_goods),
        gross=order.gross,
        discount=order.discount,
        tax=order.tax,
        total=order.total,
        credit_decision=order.credit_decision,
        credit_note=order.credit_note,
        created_at=order.created_at,
        expires_at=order.expires_at,
        tax_split=_split(order),
    )


def _split(order: Order) -> TaxSplit | None:
    session = object_session(order)
    return order_split(session, order) if session is not None else None
