"""The dealer's account: balance and credit, statement, payments received and overdue reminders."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from bot.i18n import N_, _, day, money, ngettext
from domain.ledger import EntryKind, Statement
from domain.services.ledger import DealerSummary

HOW_TO_PAY = N_(  # the default of the distributor's `payment_instructions` setting (translated at use)
    "Pay by UPI, NEFT or cheque to our account and send the payment reference here, "
    "or hand it to your salesman."
)
SHOWN_REFS = frozenset({"invoice", "payment", "credit_note"})  # others carry internal references
ENTRY_WORDS = {
    EntryKind.OPENING: N_("opening"),
    EntryKind.INVOICE: N_("invoice"),
    EntryKind.PAYMENT: N_("payment"),
    EntryKind.CREDIT_NOTE: N_("credit note"),
    EntryKind.REVERSAL: N_("reversal"),
}


def entry_word(kind: EntryKind) -> str:
    """A ledger entry's kind as the reader says it: 'credit note', Hindi 'क्रेडिट नोट'."""
    return _(ENTRY_WORDS.get(kind, kind.value.replace("_", " ")))


def balance(summary: DealerSummary, *, show_entries: int = 0, for_rep: bool = False) -> str:
    """Balance, limit, available credit, overdue by age, and (for a statement) the latest entries."""
    owes = _("You owe: *{amount}*") if not for_rep else _("Owes: *{amount}*")
    name = f"*{summary.name}* ({summary.code})"
    out = [name]
    if summary.balance >= 0:
        out.append(owes.format(amount=money(summary.balance)))
    else:
        out.append(_("Advance with us: *{amount}*").format(amount=money(-summary.balance)))
    if summary.limit is None:
        out.append(_("Credit limit: none set"))
    else:
        out.append(_("Credit limit: {amount}").format(amount=money(summary.limit)))
        pending = summary.exposure - summary.balance
        if pending > 0:
            out.append(_("Orders not yet billed: {amount}").format(amount=money(pending)))
        avail = summary.available if summary.available is not None else Decimal(0)
        out.append(_("*Available to order: {amount}*").format(amount=money(max(avail, Decimal(0)))))
        if avail < 0:
            out.append(_("(over the limit by {amount})").format(amount=money(-avail)))
    unpaid = {label: amount for label, amount in summary.ageing.buckets.items() if amount > 0}
    if unpaid:
        out.append("")
        out.append(_("*Unpaid by age (days)*"))
        out.extend(f"{label}: {money(amount)}" for label, amount in unpaid.items())
    if summary.oldest_overdue_days:
        days = summary.oldest_overdue_days
        out.append(
            ngettext("Oldest overdue: {days} day", "Oldest overdue: {days} days", days).format(days=days)
        )
    if show_entries and summary.last_entries:
        out.append("")
        out.append(_("*Latest entries*"))
        for entry in list(summary.last_entries)[-show_entries:]:
            ref = f" {entry.ref}" if entry.ref and entry.kind.value in SHOWN_REFS else ""
            out.append(f"{day(entry.on)}: {entry_word(entry.kind)}{ref} {money(entry.amount)}")
    return "\n".join(out)


def statement(name: str, st: Statement) -> str:
    """A period statement: opening, each entry with its running balance, closing."""
    out = [
        _("*Statement {start} - {end}*").format(start=day(st.start), end=day(st.end, with_year=True)),
        name,
        _("Opening: {amount}").format(amount=money(st.opening)),
    ]
    for line in st.lines[-20:]:
        e = line.entry
        ref = f" {e.ref}" if e.ref else ""
        out.append(f"{day(e.on)} {entry_word(e.kind)}{ref}: {money(e.amount)} → {money(line.running)}")
    out.append(_("*Closing: {amount}*").format(amount=money(st.closing)))
    return "\n".join(out)


def payment_received(amount: Decimal, new_balance: Decimal, ref: str = "") -> str:
    left = (
        _("You owe {amount}").format(amount=money(new_balance))
        if new_balance >= 0
        else _("Advance with us: {amount}").format(amount=money(-new_balance))
    )
    if ref:
        text = _("🙏 Payment of *{amount}* received (ref {ref}). {left}.")
    else:
        text = _("🙏 Payment of *{amount}* received. {left}.")
    return text.format(amount=money(amount), ref=ref, left=left)


def payment_reminder(
    name: str, overdue: Decimal, bands: Mapping[str, Decimal], oldest_days: int, how_to_pay: str
) -> str:
    """The overdue total, the oldest's days past due, and the total by bill age (domain.ledger buckets).

    `bands` maps an ageing bucket ("0-30", "31-60", ...) to the overdue amount in it; empty ones are left out.

    >>> text = payment_reminder("Ravi", Decimal("12400"), {"0-30": Decimal("8000"),
    ...                         "31-60": Decimal("4400"), "61-90": Decimal("0")}, 12, "Pay by UPI.")
    >>> text[text.index("By"):]
    'By bill age: ₹8,000.00 0-30 days, ₹4,400.00 31-60 days. Pay by UPI.'
    """
    days = ngettext("{n} day", "{n} days", oldest_days).format(n=oldest_days)
    ages = ", ".join(
        _("{amount} {label} days").format(amount=money(amount), label=label)
        for label, amount in bands.items()
        if amount > 0
    )
    by_age = " " + _("By bill age: {ages}.").format(ages=ages) if ages else ""
    head = _("Namaste {name} 🙏 A reminder: *{amount}* is overdue, the oldest by {days}.")
    return f"{head.format(name=name, amount=money(overdue), days=days)}{by_age} {_(how_to_pay)}"
