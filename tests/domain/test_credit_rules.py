"""The credit decision: ok within the limit, hold (or block) over it, no limit is always ok."""

from decimal import Decimal

import pytest

from domain.credit import CreditPolicy, decide

D = Decimal
HOLD_POLICY = CreditPolicy()
BLOCK_POLICY = CreditPolicy(block=True)


@pytest.mark.parametrize(
    ("total", "limit", "exposure", "policy", "decision", "available"),
    [
        ("739.15", "100000.00", "96500.00", HOLD_POLICY, "ok", "3500.00"),  # q24: fits
        ("13104.00", "100000.00", "96500.00", HOLD_POLICY, "hold", "3500.00"),  # q23: over, held
        ("13104.00", "100000.00", "96500.00", BLOCK_POLICY, "block", "3500.00"),  # over, blocking configured
        ("3500.00", "100000.00", "96500.00", HOLD_POLICY, "ok", "3500.00"),  # exactly the limit is within it
        ("3500.01", "100000.00", "96500.00", HOLD_POLICY, "hold", "3500.00"),  # one paisa over
        ("0.01", "0.00", "0.00", HOLD_POLICY, "hold", "0.00"),  # a limit of 0 is a limit
        ("0.00", "0.00", "0.00", HOLD_POLICY, "ok", "0.00"),  # nothing ordered against a 0 limit
        ("500.00", "1000.00", "-700.00", HOLD_POLICY, "ok", "1700.00"),  # advance paid: negative, not clamped
        ("1800.00", "1000.00", "-700.00", HOLD_POLICY, "hold", "1700.00"),  # advance does not cover it all
        ("10.00", "1000.00", "1200.00", HOLD_POLICY, "hold", "-200.00"),  # already over: available < 0
    ],
)
def test_decision_against_the_limit(total: str, limit: str, exposure: str, policy: CreditPolicy,
                                    decision: str, available: str) -> None:
    check = decide(D(total), D(limit), D(exposure), policy)
    assert check.decision == decision
    assert check.limit == D(limit) and check.exposure == D(exposure)
    assert check.available == D(available)


@pytest.mark.parametrize(
    "policy",
    [HOLD_POLICY, BLOCK_POLICY],  # neither hold nor block touches a dealer without a limit
)
def test_a_dealer_without_a_limit_is_always_ok(policy: CreditPolicy) -> None:
    check = decide(D("999999999.00"), None, D("150000.00"), policy)
    assert (check.decision, check.limit, check.available) == ("ok", None, None)
    assert check.exposure == D("150000.00")


@pytest.mark.parametrize(
    ("block_after", "overdue", "limit", "decision"),
    [
        (30, 31, "100000.00", "block"),  # one day past the allowed days blocks, though within the limit
        (30, 30, "100000.00", "ok"),  # exactly N days overdue is not "more than N"
        (30, None, "100000.00", "ok"),  # nothing overdue
        (None, 400, "100000.00", "ok"),  # rule not configured
        (30, 45, None, "block"),  # the overdue rule reaches dealers without a limit too
    ],
)
def test_overdue_invoices_block_when_configured(block_after: int | None, overdue: int | None,
                                                limit: str | None, decision: str) -> None:
    policy = CreditPolicy(block_overdue_days=block_after)
    credit_limit = None if limit is None else D(limit)
    check = decide(D("10.00"), credit_limit, D("0.00"), policy, oldest_overdue_days=overdue)
    assert check.decision == decision


def test_the_reason_says_by_how_much_in_rupees() -> None:
    check = decide(D("13104.00"), D("100000.00"), D("96500.00"))
    assert check.reason == "₹9,604.00 over the limit of ₹1,00,000.00"
