"""Payments told on WhatsApp: what was noted, and staff's answer once they checked it against the bank."""

from __future__ import annotations

from decimal import Decimal

from domain.money import fmt_inr

MODE_NAMES = {  # how a way of paying (nlu.payments.MODES) is written to the dealer
    "upi": "UPI",
    "gpay": "Google Pay",
    "phonepe": "PhonePe",
    "paytm": "Paytm",
    "neft": "NEFT",
    "rtgs": "RTGS",
    "imps": "IMPS",
    "cheque": "cheque",
    "cash": "cash",
    "bank": "bank transfer",
}


def _left(balance: Decimal) -> str:
    if balance >= 0:
        text = "You owe {amount}"
        return text.format(amount=fmt_inr(balance))
    text = "Advance with us: {amount}"
    return text.format(amount=fmt_inr(-balance))


def _ref(reference: str) -> str:
    text = " (ref {ref})"
    return text.format(ref=reference) if reference else ""


def payment_noted(amount: Decimal | None, mode: str, reference: str, shop: str = "") -> str:
    """Exactly what was noted, and that it counts once checked; `shop` names it for a rep.

    >>> print(payment_noted(Decimal("25000"), "gpay", "4471XXXX"))
    🙏 Thank you! Payment noted:
    Amount: *₹25,000.00*
    Paid by: Google Pay
    Ref: 4471XXXX
    We will check it against our bank account; your balance is updated once it is verified.
    >>> print(payment_noted(None, "cheque", "", shop="Laxmi Provision Stores"))
    🙏 Thank you! Payment noted for *Laxmi Provision Stores*:
    Amount: not given
    Paid by: cheque
    Our staff will check it with the bank and book the amount received; the balance is updated once it \
is verified.
    """
    head, amount_line = "🙏 Thank you! Payment noted for *{shop}*:", "Amount: *{amount}*"
    mode_line, ref_line = "Paid by: {mode}", "Ref: {ref}"
    out = [head.format(shop=shop) if shop else "🙏 Thank you! Payment noted:"]
    out.append(amount_line.format(amount=fmt_inr(amount)) if amount is not None else "Amount: not given")
    if mode:
        out.append(mode_line.format(mode=MODE_NAMES.get(mode, mode)))
    if reference:
        out.append(ref_line.format(ref=reference))
    if amount is None:
        out.append(
            "Our staff will check it with the bank and book the amount received; the balance is updated "
            "once it is verified."
        )
    elif shop:
        out.append("We will check it against our bank account; the balance is updated once it is verified.")
    else:
        out.append("We will check it against our bank account; your balance is updated once it is verified.")
    return "\n".join(out)


def payment_noted_before(amount: Decimal | None, reference: str, verified: bool) -> str:
    """The same payment told again: nothing new is noted.

    >>> payment_noted_before(Decimal("25000"), "4471XXXX", verified=False)
    '🙏 This payment of *₹25,000.00* (ref 4471XXXX) is already noted; we are checking it against our bank.'
    """
    of = " of *{amount}*"
    what = of.format(amount=fmt_inr(amount)) if amount is not None else ""
    if verified:
        text = "🙏 This payment{what}{ref} is already verified and booked."
    else:
        text = "🙏 This payment{what}{ref} is already noted; we are checking it against our bank."
    return text.format(what=what, ref=_ref(reference))


def payment_verified(amount: Decimal, reference: str, balance: Decimal) -> str:
    """Staff found the payment in the bank and booked it.

    >>> payment_verified(Decimal("25000"), "4471XXXX", Decimal("-1200"))
    '✅ Your payment of *₹25,000.00* (ref 4471XXXX) is verified and booked. Advance with us: ₹1,200.00.'
    """
    text = "✅ Your payment of *{amount}*{ref} is verified and booked. {left}."
    return text.format(amount=fmt_inr(amount), ref=_ref(reference), left=_left(balance))


def payment_not_verified(amount: Decimal | None, reference: str, reason: str) -> str:
    """Staff could not find the payment told; the reason is theirs.

    >>> payment_not_verified(Decimal("5000"), "", "no such credit in the bank")
    '❌ We could not verify your payment of ₹5,000.00: no such credit in the bank. Please check it and \
send the payment reference again, or call us.'
    """
    of = " of {amount}"
    what = of.format(amount=fmt_inr(amount)) if amount is not None else ""
    text = (
        "❌ We could not verify your payment{what}{ref}: {reason}. Please check it and send the payment "
        "reference again, or call us."
    )
    return text.format(what=what, ref=_ref(reference), reason=reason)
