"""Payments told on WhatsApp: what was noted, and staff's answer once they checked it against the bank."""

from __future__ import annotations

from decimal import Decimal

from bot.i18n import N_, _, money

MODE_NAMES = {  # how a way of paying (nlu.payments.MODES) is written to the dealer; said with _()
    "upi": N_("UPI"),
    "gpay": N_("Google Pay"),
    "phonepe": N_("PhonePe"),
    "paytm": N_("Paytm"),
    "neft": N_("NEFT"),
    "rtgs": N_("RTGS"),
    "imps": N_("IMPS"),
    "cheque": N_("cheque"),
    "cash": N_("cash"),
    "bank": N_("bank transfer"),
}


def mode_word(mode: str) -> str:
    """A way of paying as the reader says it: 'Google Pay', 'cheque' (Hindi 'चेक')."""
    return _(MODE_NAMES[mode]) if mode in MODE_NAMES else mode


def _left(balance: Decimal) -> str:
    if balance >= 0:
        return _("You owe {amount}").format(amount=money(balance))
    return _("Advance with us: {amount}").format(amount=money(-balance))


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
    if shop:
        out = [_("🙏 Thank you! Payment noted for *{shop}*:").format(shop=shop)]
    else:
        out = [_("🙏 Thank you! Payment noted:")]
    if amount is not None:
        out.append(_("Amount: *{amount}*").format(amount=money(amount)))
    else:
        out.append(_("Amount: not given"))
    if mode:
        out.append(_("Paid by: {mode}").format(mode=mode_word(mode)))
    if reference:
        out.append(_("Ref: {ref}").format(ref=reference))
    if amount is None:
        out.append(
            _(
                "Our staff will check it with the bank and book the amount received; the balance is updated "
                "once it is verified."
            )
        )
    elif shop:
        out.append(
            _("We will check it against our bank account; the balance is updated once it is verified.")
        )
    else:
        out.append(
            _("We will check it against our bank account; your balance is updated once it is verified.")
        )
    return "\n".join(out)


def payment_noted_before(amount: Decimal | None, reference: str, verified: bool) -> str:
    """The same payment told again: nothing new is noted.

    >>> payment_noted_before(Decimal("25000"), "4471XXXX", verified=False)
    '🙏 This payment of *₹25,000.00* (ref 4471XXXX) is already noted; we are checking it against our bank.'
    """
    if verified:
        texts = {
            (True, True): _("🙏 This payment of *{amount}* (ref {ref}) is already verified and booked."),
            (True, False): _("🙏 This payment of *{amount}* is already verified and booked."),
            (False, True): _("🙏 This payment (ref {ref}) is already verified and booked."),
            (False, False): _("🙏 This payment is already verified and booked."),
        }
    else:
        texts = {
            (True, True): _(
                "🙏 This payment of *{amount}* (ref {ref}) is already noted; we are checking it against "
                "our bank."
            ),
            (True, False): _(
                "🙏 This payment of *{amount}* is already noted; we are checking it against our bank."
            ),
            (False, True): _(
                "🙏 This payment (ref {ref}) is already noted; we are checking it against our bank."
            ),
            (False, False): _("🙏 This payment is already noted; we are checking it against our bank."),
        }
    text = texts[(amount is not None, bool(reference))]
    return text.format(amount=money(amount) if amount is not None else "", ref=reference)


def payment_verified(amount: Decimal, reference: str, balance: Decimal) -> str:
    """Staff found the payment in the bank and booked it.

    >>> payment_verified(Decimal("25000"), "4471XXXX", Decimal("-1200"))
    '✅ Your payment of *₹25,000.00* (ref 4471XXXX) is verified and booked. Advance with us: ₹1,200.00.'
    """
    if reference:
        text = _("✅ Your payment of *{amount}* (ref {ref}) is verified and booked. {left}.")
    else:
        text = _("✅ Your payment of *{amount}* is verified and booked. {left}.")
    return text.format(amount=money(amount), ref=reference, left=_left(balance))


def payment_not_verified(amount: Decimal | None, reference: str, reason: str) -> str:
    """Staff could not find the payment told; the reason is theirs.

    >>> payment_not_verified(Decimal("5000"), "", "no such credit in the bank")
    '❌ We could not verify your payment of ₹5,000.00: no such credit in the bank. Please check it and \
send the payment reference again, or call us.'
    """
    texts = {
        (True, True): _("❌ We could not verify your payment of {amount} (ref {ref}): {reason}."),
        (True, False): _("❌ We could not verify your payment of {amount}: {reason}."),
        (False, True): _("❌ We could not verify your payment (ref {ref}): {reason}."),
        (False, False): _("❌ We could not verify your payment: {reason}."),
    }
    text = texts[(amount is not None, bool(reference))]
    said = text.format(amount=money(amount) if amount is not None else "", ref=reference, reason=reason)
    return said + " " + _("Please check it and send the payment reference again, or call us.")
