"""The dealer's account: balance and credit, statement, payments received and overdue reminders."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from domain.ledger import Statement
from domain.money import fmt_inr
from domain.services.ledger import DealerSummary

HOW_TO_PAY = (  # the default of the distributor's `payment_instructions` setting
    "Pay by UPI, NEFT or cheque to our account and send the payment reference here, "
    "or hand it to your salesman."
)
SHOWN_REFS = frozenset({"invoice", "payment", "credit_note"})  # others carry internal references


def balance(summary: DealerSummary, *, show_entries: int = 0, for_rep: bool = False) -> str:
    """Balance, limit, available credit, overdue by age, and (for a statement) the latest entries."""
    owes = "You owe" if not for_rep else "Owes"
    name = f"*{summary.name}* ({summary.code})"
    out = [name]
    if summary.balance >= 0:
        out.append(f"{owes}: *{fmt_inr(summary.balance)}*")
    else:
        out.append(f"Advance with us: *{fmt_inr(-summary.balance)}*")
    if summary.limit is None:
        out.append("Credit limit: none set")
    else:
        out.append(f"Credit limit: {fmt_inr(summary.limit)}")
        pending = summary.exposure - summary.balance
        if pending > 0:
            out.append(f"Orders not yet billed: {fmt_inr(pending)}")
        avail = summary.available if summary.available is not None else Decimal(0)
        out.append(f"*Available to order: {fmt_inr(max(avail, Decimal(0)))}*")
        if avail < 0:
            out.append(f"(over the limit by {fmt_inr(-avail)})")
    unpaid = {label: amount for label, amount in summary.ageing.buckets.items() if amount > 0}
    if unpaid:
        out.append("")
        out.append("*Unpaid by age (days)*")
        out.extend(f"{label}: {fmt_inr(amount)}" for label, amount in unpaid.items())
    if summary.oldest_overdue_days:
        days = summary.oldest_overdue_days
        out.append(f"Oldest overdue: {days} day{'s' if days != 1 else ''}")
    if show_entries and summary.last_entries:
        out.append("")
        out.append("*Latest entries*")
        for entry in list(summary.last_entries)[-show_entries:]:
            kind = entry.kind.value.replace("_", " ")
            ref = f" {entry.ref}" if entry.ref and entry.kind.value in SHOWN_REFS else ""
            out.append(f"{entry.on:%d %b}: {kind}{ref} {fmt_inr(entry.amount)}")
    return "\n".join(out)


def statement(name: str, st: Statement) -> str:
    """A period statement: opening, each entry with its running balance, closing."""
    out = [f"*Statement {st.start:%d %b} - {st.end:%d %b %Y}*", name, f"Opening: {fmt_inr(st.opening)}"]
    for line in st.lines[-20:]:
        e = line.entry
        ref = f" {e.ref}" if e.ref else ""
        out.append(
            f"{e.on:%d %b} {e.kind.value.replace('_', ' ')}{ref}: {fmt_inr(e.amount)}"
            f" → {fmt_inr(line.running)}"
        )
    out.append(f"*Closing: {fmt_inr(st.closing)}*")
    return "\n".join(out)


def payment_received(amount: Decimal, new_balance: Decimal, ref: str = "") -> str:
    ref_text = f" (ref {ref})" if ref else ""
    left = (
        f"You owe {fmt_inr(new_balance)}" if new_balance >= 0 else f"Advance with us: {fmt_inr(-new_balance)}"
    )
    return f"🙏 Payment of *{fmt_inr(amount)}* received{ref_text}. {left}."


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
    days = f"{oldest_days} day{'s' if oldest_days != 1 else ''}"
    ages = ", ".join(f"{fmt_inr(amount)} {label} days" for label, amount in bands.items() if amount > 0)
    by_age = f" By bill age: {ages}." if ages else ""
    return (
        f"Namaste {name} 🙏 A reminder: *{fmt_inr(overdue)}* is overdue, the oldest by {days}.{by_age} "
        f"{how_to_pay}"
    )
