"""The pure rules of a claim: the credit an approved line is worth, the claim's status once decided.

A line approved for an order that billed the SKU is credited at what that invoice charged for it:
its net value (after scheme discounts) for the share of the billed quantity approved, and GST on
that at the invoice's rate, each rounded to the paisa half up as the invoice rounded:

    net    = billed net x approved qty / billed qty        (in the billed unit)
    tax    = net x gst_rate / 100
    amount = net + tax

so approving a whole line gives back exactly what it was billed. A line with no such order is
credited at the dealer's price today (`rate`, from the pricing core) the same way:
net = rate x qty. The claim's credit is the sum of its lines.

    >>> credit_at_billed(Decimal(1), Decimal(10), Decimal("10700.00"), Decimal(5)).amount
    Decimal('1123.50')
    >>> credit_at_rate(Decimal(2), Decimal("10.50"), Decimal(18)).amount
    Decimal('24.78')
    >>> decided_status([(Decimal(2), Decimal(2)), (Decimal(1), Decimal(1))])
    'approved'
    >>> decided_status([(Decimal(3), Decimal(1)), (Decimal(1), Decimal(0))])
    'partly_approved'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from domain.errors import DomainError
from domain.money import ZERO, round_paisa

HUNDRED = Decimal(100)


class ClaimError(DomainError):
    """A claim decision a rule refuses; the message says which line and why."""


@dataclass(frozen=True)
class LineCredit:
    """What one approved line is credited: unit rate before GST, net, GST and the amount with GST."""

    rate: Decimal
    net: Decimal
    tax: Decimal
    amount: Decimal


def _with_tax(rate: Decimal, net: Decimal, gst_rate: Decimal | None) -> LineCredit:
    tax = round_paisa(net * (gst_rate or ZERO) / HUNDRED)
    return LineCredit(rate, net, tax, net + tax)


def credit_at_billed(
    qty: Decimal, billed_qty: Decimal, billed_net: Decimal, gst_rate: Decimal | None
) -> LineCredit:
    """The credit for `qty` of a line billed as `billed_qty` (same unit) for `billed_net` before GST.

    >>> credit_at_billed(Decimal(3), Decimal(3), Decimal("100.00"), Decimal(12)).amount  # the whole line
    Decimal('112.00')
    >>> credit_at_billed(Decimal(1), Decimal(3), Decimal("100.00"), None)  # a third, no GST
    LineCredit(rate=Decimal('33.33'), net=Decimal('33.33'), tax=Decimal('0.00'), amount=Decimal('33.33'))
    """
    if billed_qty <= 0:
        raise ClaimError(f"the order billed {billed_qty} of it: nothing to credit")
    if qty > billed_qty:
        raise ClaimError(f"{_qty(qty)} approved is more than the {_qty(billed_qty)} the order billed")
    net = round_paisa(billed_net * qty / billed_qty)
    return _with_tax(round_paisa(billed_net / billed_qty), net, gst_rate)


def credit_at_rate(qty: Decimal, rate: Decimal, gst_rate: Decimal | None) -> LineCredit:
    """The credit for `qty` at a unit price `rate` before GST (the dealer's price today)."""
    return _with_tax(round_paisa(rate), round_paisa(rate * qty), gst_rate)


def checked_qty(line_no: int, approved: Decimal, claimed: Decimal | None) -> Decimal:
    """The approved quantity of line `line_no`: not below 0, not above what was claimed (when known).

    >>> checked_qty(1, Decimal(3), Decimal(2))
    Traceback (most recent call last):
    ...
    domain.claims.ClaimError: line 1: 3 approved is more than the 2 claimed
    """
    if not approved.is_finite() or approved < 0:
        raise ClaimError(f"line {line_no}: {approved} is not a quantity to approve")
    if claimed is not None and approved > claimed:
        raise ClaimError(
            f"line {line_no}: {_qty(approved)} approved is more than the {_qty(claimed)} claimed"
        )
    return approved


def decided_status(lines: Sequence[tuple[Decimal | None, Decimal]]) -> str:
    """'approved' when every line got all it claimed, 'partly_approved' when anything less (a line
    whose claimed quantity was unknown counts as whole when approved at all); refused when nothing is.

    >>> decided_status([(None, Decimal(2))])
    'approved'
    >>> decided_status([(Decimal(2), Decimal(0))])
    Traceback (most recent call last):
    ...
    domain.claims.ClaimError: nothing is approved: approve a quantity on a line, or reject the claim
    """
    if not any(approved > 0 for _, approved in lines):
        raise ClaimError("nothing is approved: approve a quantity on a line, or reject the claim")
    whole = all(approved > 0 if claimed is None else approved >= claimed for claimed, approved in lines)
    return "approved" if whole else "partly_approved"


def total(credits: Iterable[LineCredit]) -> Decimal:
    """The claim's credit: the sum of its lines' amounts."""
    return sum((c.amount for c in credits), ZERO)


def _qty(value: Decimal) -> str:
    return f"{value.normalize():f}"


__all__ = [
    "ClaimError",
    "LineCredit",
    "checked_qty",
    "credit_at_billed",
    "credit_at_rate",
    "decided_status",
    "total",
]
