"""Claims about goods that came: what was recorded, and staff's answer once they checked it."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from bot.i18n import N_, _, day, money
from bot.replies.shape import fmt_qty
from domain.services.claims import ClaimView, LineView
from domain.services.stock import qty_str

REASON_WORDS = {  # how a claim's reason (nlu.claims.REASONS) is written: msgids, said with reason_word()
    "damaged": N_("damaged"),
    "leak": N_("leaking"),
    "expired": N_("expired"),
    "short": N_("short supply"),
    "wrong": N_("wrong goods"),
    "return": N_("return"),
}


def reason_word(reason: str) -> str:
    """A claim's reason as the reader says it: 'leaking' (Hinglish 'leak ho raha')."""
    return _(REASON_WORDS[reason]) if reason in REASON_WORDS else reason


def _left(balance: Decimal) -> str:
    if balance >= 0:
        return _("You owe {amount}").format(amount=money(balance))
    return _("Advance with us: {amount}").format(amount=money(-balance))


def _line(line: LineView) -> str:
    """One claimed line: the product and quantity as recorded, or the dealer's words where staff still
    have to find the product or the quantity.

    >>> _line(LineView(1, 1, None, "", "1 peti tel", (), Decimal(1), "case", None, None, None))
    '• 1 peti tel (we will check which product)'
    """
    if line.name and line.qty is not None:
        qty = fmt_qty(line.qty, line.uom) if line.uom else qty_str(line.qty)
        return f"• {qty} {line.name}"
    if line.name:
        return _("• {name} (we will check the quantity)").format(name=line.name)
    if line.words:
        return _("• {words} (we will check which product)").format(words=line.words)
    return _("• goods (we will check which product)")


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
    heads = {
        (True, True): _("📝 Claim *{number}* recorded for *{shop}*: {reason}, order {order}"),
        (True, False): _("📝 Claim *{number}* recorded for *{shop}*: {reason}"),
        (False, True): _("📝 Claim *{number}* recorded: {reason}, order {order}"),
        (False, False): _("📝 Claim *{number}* recorded: {reason}"),
    }
    head = heads[(bool(shop), bool(claim.order))]
    out = [head.format(number=claim.number, shop=shop, reason=reason_word(claim.reason), order=claim.order)]
    out.extend(_line(line) for line in claim.lines)
    if not claim.lines:
        out.append(_("Goods: to be checked with you"))
    out.append(_("Our staff will check it and tell you here what is credited."))
    return "\n".join(out)


def claim_approved(number: str, credit: Decimal, balance: Decimal, partly: bool = False) -> str:
    """Staff approved the claim: the credit note and the balance after it.

    >>> claim_approved("CL-1001", Decimal("1123.50"), Decimal("13419.00"), partly=True)
    '✅ Claim *CL-1001* approved in part: credit note of *₹1,123.50*. You owe ₹13,419.00.'
    """
    if partly:
        text = _("✅ Claim *{number}* approved in part: credit note of *{credit}*. {left}.")
    else:
        text = _("✅ Claim *{number}* approved: credit note of *{credit}*. {left}.")
    return text.format(number=number, credit=money(credit), left=_left(balance))


def claim_rejected(number: str, reason: str) -> str:
    """Staff rejected the claim; the reason is theirs.

    >>> claim_rejected("CL-1001", "the seal was intact on delivery")
    '❌ Claim *CL-1001* was not approved: the seal was intact on delivery. Please call us if you disagree.'
    """
    text = _("❌ Claim *{number}* was not approved: {reason}. Please call us if you disagree.")
    return text.format(number=number, reason=reason.rstrip("."))


def open_claims(claims: Sequence[ClaimView]) -> str:
    """The dealer's claims still being checked, for his statement; '' when there are none.

    >>> open_claims([])
    ''
    """
    if not claims:
        return ""
    out = [_("*Claims being checked*")]
    for claim in claims:
        if claim.order:
            text = _("{number} ({reason}) on {order}, {day}")
        else:
            text = _("{number} ({reason}), {day}")
        out.append(
            text.format(
                number=claim.number,
                reason=reason_word(claim.reason),
                order=claim.order,
                day=day(claim.created_at.date()),
            )
        )
    return "\n".join(out)
