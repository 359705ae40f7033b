"""GST over the database: the distributor as supplier (settings), a dealer's place of supply, the split.

    supplier(session)              -> Supplier (settings supplier_gstin, supplier_state, supplier_name, ...)
    place_of_supply(dealer)        -> '27' (his `state`, else his GSTIN's state) or None
    order_split(session, order)    -> TaxSplit of the order's line taxes, or None when the supplier's
                                      state is not set (the distributor has not set GST up: one GST line)

The split only divides the tax the quote already charged (domain/gst.py): each line's tax is split on
its own, then added up, so CGST + SGST + IGST is always the order's tax.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from domain.gst import TaxSplit, state_code, state_of_gstin, total_split
from domain.models import Dealer, Order
from domain.services.credit import setting


@dataclass(frozen=True)
class Supplier:
    """The distributor as its invoices name it (settings); `state` is a GST state code or None."""

    name: str = ""
    address: str = ""
    gstin: str = ""
    state: str | None = None


def supplier(session: Session) -> Supplier:
    """Settings `supplier_name`, `supplier_address`, `supplier_gstin` and `supplier_state` (a code or a
    name; blank: the GSTIN's state)."""
    gstin = setting(session, "supplier_gstin", "").upper()
    state = state_code(setting(session, "supplier_state", "")) or state_of_gstin(gstin)
    return Supplier(
        name=setting(session, "supplier_name", ""),
        address=setting(session, "supplier_address", ""),
        gstin=gstin,
        state=state,
    )


def place_of_supply(dealer: Dealer) -> str | None:
    """The dealer's state as a GST code: the `state` column, else his GSTIN's first two digits."""
    return state_code(dealer.state) or state_of_gstin(dealer.gstin or "")


def split_for(session: Session, dealer: Dealer, taxes: Iterable[Decimal]) -> TaxSplit | None:
    """The CGST + SGST or IGST split of these line taxes for `dealer`; None while the supplier's state
    is not set."""
    ours = supplier(session).state
    if ours is None:
        return None
    return total_split(taxes, ours, place_of_supply(dealer))


def order_split(session: Session, order: Order) -> TaxSplit | None:
    """The split of an order's tax, line by line (see `split_for`)."""
    return split_for(session, order.dealer, (line.tax for line in order.lines))


__all__ = ["Supplier", "order_split", "place_of_supply", "split_for", "supplier"]
