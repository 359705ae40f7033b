"""Which order a YES is for: two or more drafts wait for the sender's YES, so a bare YES asks which.

>>> print(which_yes(["SO-1006 Maggi 8 cases ₹8,988.00", "SO-1007 Tata Salt 5 bags ₹3,175.00"],
...                 ["SO-1006", "SO-1007"]))
You have 2 orders waiting for your YES:
*1*) SO-1006 Maggi 8 cases ₹8,988.00
*2*) SO-1007 Tata Salt 5 bags ₹3,175.00
Which one? - reply 1, 2, or YES SO-1006; *both* to confirm them all.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import _, money
from bot.replies.shape import fmt_qty, numbered
from domain.services.order_views import OrderView

NAME_WORDS = 3  # a product named in short: "Maggi 2-Minute Masala"


def draft_in_short(order: OrderView, dealer_name: str = "") -> str:
    """One draft on one line: number, (shop,) lines in short and total."""
    lines = ", ".join(
        f"{' '.join(ln.name.split()[:NAME_WORDS])} {fmt_qty(ln.qty, ln.uom)}" for ln in order.lines[:4]
    )
    more = " " + _("+{n} more").format(n=len(order.lines) - 4) if len(order.lines) > 4 else ""
    shop = f" ({dealer_name})" if dealer_name else ""
    return f"{order.number}{shop} {lines}{more} {money(order.total)}"


def _how(numbers: Sequence[str]) -> str:
    options = ", ".join(str(i) for i in range(1, len(numbers) + 1))
    if len(numbers) == 2:
        return _("reply {options}, or YES {number}; *both* to confirm them all.").format(
            options=options, number=numbers[0]
        )
    return _("reply {options}, or YES {number}; *all* to confirm them all.").format(
        options=options, number=numbers[0]
    )


def which_yes(shorts: Sequence[str], numbers: Sequence[str]) -> str:
    """A bare YES while several drafts wait: list them, confirm none."""
    head = _("You have {n} orders waiting for your YES:").format(n=len(numbers))
    return "\n".join([head, numbered(shorts), _("Which one? - {how}").format(how=_how(numbers))])


def which_yes_again(numbers: Sequence[str]) -> str:
    """The answer to "which order?" named none of them ("ruko", "5")."""
    return _("Nothing is confirmed yet. Please {how}").format(how=_how(numbers))


def which_yes_none(numbers: Sequence[str]) -> str:
    """A no to "which order?": nothing confirmed, the drafts stay."""
    text = _("OK, nothing is confirmed. {numbers} stay open; reply *YES <order number>* when you want one.")
    return text.format(numbers=", ".join(numbers))


def still_waiting(numbers: Sequence[str]) -> str:
    """Confirming every draft stopped at a question (short of stock): these still wait."""
    text = (
        _("{numbers} still waits for your YES.")
        if len(numbers) == 1
        else _("{numbers} still wait for your YES.")
    )
    return text.format(numbers=", ".join(numbers))


def also_waiting(shorts: Sequence[str], numbers: Sequence[str]) -> str:
    """Under a status reply: the other drafts waiting for the YES."""
    rows = [
        "- " + _("{short} - reply *YES {number}*").format(short=short, number=number)
        for short, number in zip(shorts, numbers, strict=True)
    ]
    return "\n".join(["", _("*Also waiting for your YES:*"), *rows])


def which_no(shorts: Sequence[str], numbers: Sequence[str]) -> str:
    """A bare NO while several drafts wait: list them, drop none."""
    head = _("You have {n} orders waiting for your YES:").format(n=len(numbers))
    options = ", ".join(str(i) for i in range(1, len(numbers) + 1))
    how = _("Which one should I drop? - reply {options}, or NO {number}; *all* to drop them all.").format(
        options=options, number=numbers[0]
    )
    return "\n".join([head, numbered(shorts), how])


def which_no_again(numbers: Sequence[str]) -> str:
    """The answer to "which one should I drop?" named none of them."""
    options = ", ".join(str(i) for i in range(1, len(numbers) + 1))
    return _("Nothing is dropped yet. Please reply {options}, or *all* to drop them all.").format(
        options=options
    )


def which_no_none(numbers: Sequence[str]) -> str:
    """A no to "which one should I drop?": every draft stays."""
    return _("OK, nothing is dropped. {numbers} stay open.").format(numbers=", ".join(numbers))
