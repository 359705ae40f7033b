"""Claims about goods that came: what was recorded, and staff's answer once they checked it."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from bot.replies.shape import fmt_qty
from domain.money import fmt_inr
from domain.services.claims import ClaimView, LineView
from domain.services.stock import qty_str

REASON_WORDS = {  # how a claim's reason (nlu.claims.REASONS) is written to the dealer
    "damaged": "damaged",
    "leak": "leaking",
    "expired": "expired",
    "short": "short supply",
    "wrong": "wrong goods",
    "return": "return",
}


def _line(line: LineView) -> str:
    """One claimed line: the product and quantity as recorded, or the dealer's words where staff still
    have to find the product or the quantity.

    >>> _line(LineView(1, 1, None, "", "1 peti tel", (), Decimal(1), "case", None, None, None))
    '• 1 peti tel (we will check which product)'
    """
    if line.name and line.qty is not None:
        text = "• {qty} {name}"
        return text.format(qty=fmt_qty(line.qty, line.uom) if line.uom else qty_str(line.qty), name=line.name)
    if line.name:
        text = "• {name} (we will check the quantity)"
        return text.format(name=line.name)
    text = "• {words} (we will check which product)"
    return text.format(words=line.words or "goods")


def claim_recorded(claim: ClaimView, shop: str = "") -> str:
    """The claim number, what was recorded and that staff will check it; `shop` names it for a rep.

    >>> from datetime import datetime, UTC
    >>> line = LineView(1, 1, "MAG-MAS-70", "Maggi 70g", "", (), Decimal(1), "case", None, None, None)
    >>> c = ClaimView(1, "CL-1001", "D01", "Shop", "+91", "SO-1043", "open", "leak", "", "",
    ...               datetime.now(UTC), (), (line,), Decimal(0), "", None, "")
    >>> print(claim_recorded(c))
    📝 Claim *CL-1001* recorded: leaking, order SO-1043
    • 1 case Maggi 70g
    Our staff will check it and tell you here what is credited.
    """
    head = (
        "📝 Claim *{number}* recorded for *{shop}*: {reason}"
        if shop
        else "📝 Claim *{number}* recorded: {reason}"
    )
    out = [head.format(number=claim.number, shop=shop, reason=REASON_WORDS.get(claim.reason, claim.reason))]
    if claim.order:
        of = ", order {order}"
        out[0] += of.format(order=claim.order)
    out.extend(_line(line) for line in claim.lines)
    if not claim.lines:
        out.append("Goods: to be checked with you")
    out.append("Our staff will check it and tell you here what is credited.")
    return "\n".join(out)


def claim_approved(number: str, credit: Decimal, balance: Decimal, partly: bool = False) -> str:
    """Staff approved the claim: the credit note and the balance after it.

    >>> claim_approved("CL-1001", Decimal("1123.50"), Decimal("13419.00"), partly=True)
    '✅ Claim *CL-1001* approved in part: credit note of *₹1,123.50*. You owe ₹13,419.00.'
    """
    if balance >= 0:
        left = "You owe {amount}"
        left = left.format(amount=fmt_inr(balance))
    else:
        left = "Advance with us: {amount}"
        left = left.format(amount=fmt_inr(-balance))
    if partly:
        text = "✅ Claim *{number}* approved in part: credit note of *{credit}*. {left}."
    else:
        text = "✅ Claim *{number}* approved: credit note of *{credit}*. {left}."
    return text.format(number=number, credit=fmt_inr(credit), left=left)


def claim_rejected(number: str, reason: str) -> str:
    """Staff rejected the claim; the reason is theirs.

    >>> claim_rejected("CL-1001", "the seal was intact on delivery")
    '❌ Claim *CL-1001* was not approved: the seal was intact on delivery. Please call us if you disagree.'
    """
    text = "❌ Claim *{number}* was not approved: {reason}. Please call us if you disagree."
    return text.format(number=number, reason=reason.rstrip("."))


def open_claims(claims: Sequence[ClaimView]) -> str:
    """The dealer's claims still being checked, for his statement; '' when there are none.

    >>> open_claims([])
    ''
    """
    if not claims:
        return ""
    out = ["*Claims being checked*"]
    for claim in claims:
        text = "{number} ({reason}){order}, {day}"
        of = " on {order}"
        out.append(
            text.format(
                number=claim.number,
                reason=REASON_WORDS.get(claim.reason, claim.reason),
                order=of.format(order=claim.order) if claim.order else "",
                day=f"{claim.created_at:%d %b}",
            )
        )
    return "\n".join(out)
