"""The credit decision for one order (data contract section 3), a pure function.

    exposure  = ledger balance + confirmed/approved orders not yet invoiced or cancelled
    available = credit_limit - exposure, before this order
    decision  = ok    when exposure + order total <= credit_limit
                hold  otherwise (the order waits for an approver)
                block otherwise, when the distributor configured blocking

A dealer with no credit limit (None) is always within it; a limit of 0 is a
limit. Independently of the limit, a distributor may block every order of a
dealer whose oldest unpaid invoice is more than N days overdue
(`CreditPolicy.block_overdue_days`); that applies to dealers without a limit too.
Working out exposure and overdue days from the database is the service layer's job.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from domain.money import fmt_inr

OK, HOLD, BLOCK = "ok", "hold", "block"


@dataclass(frozen=True)
class CreditPolicy:
    """How a distributor treats orders over the limit; the defaults hold them for approval."""

    block: bool = False
    block_overdue_days: int | None = None


@dataclass(frozen=True)
class CreditCheck:
    """The outcome for one order. `limit` and `available` are None for a dealer with no limit."""

    limit: Decimal | None
    exposure: Decimal
    available: Decimal | None
    decision: str
    reason: str

    @property
    def ok(self) -> bool:
        return self.decision == OK


def decide(total: Decimal, limit: Decimal | None, exposure: Decimal, policy: CreditPolicy | None = None,
           oldest_overdue_days: int | None = None) -> CreditCheck:
    """The credit decision for an order of `total` rupees.

    >>> decide(Decimal("13104.00"), Decimal("100000.00"), Decimal("96500.00")).decision
    'hold'
    >>> decide(Decimal("500"), None, Decimal("150000")).decision
    'ok'
    """
    policy = policy or CreditPolicy()
    available = None if limit is None else limit - exposure
    overdue_limit = policy.block_overdue_days
    if overdue_limit is not None and oldest_overdue_days is not None and oldest_overdue_days > overdue_limit:
        reason = f"an invoice is {oldest_overdue_days} days overdue (over {overdue_limit} days blocks orders)"
        return CreditCheck(limit, exposure, available, BLOCK, reason)
    if limit is None:
        return CreditCheck(None, exposure, None, OK, "no credit limit")
    if exposure + total <= limit:
        return CreditCheck(limit, exposure, available, OK, f"within the limit of {fmt_inr(limit)}")
    over = exposure + total - limit
    reason = f"{fmt_inr(over)} over the limit of {fmt_inr(limit)}"
    return CreditCheck(limit, exposure, available, BLOCK if policy.block else HOLD, reason)
