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

from bot.replies.shape import fmt_qty, numbered
from domain.money import fmt_inr
from domain.services.order_views import OrderView

NAME_WORDS = 3  # a product named in short: "Maggi 2-Minute Masala"


def draft_in_short(order: OrderView, dealer_name: str = "") -> str:
    """One draft on one line: number, (shop,) lines in short and total."""
    lines = ", ".join(
        f"{' '.join(ln.name.split()[:NAME_WORDS])} {fmt_qty(ln.qty, ln.uom)}" for ln in order.lines[:4]
    )
    more = f" +{len(order.lines) - 4} more" if len(order.lines) > 4 else ""
    shop = f" ({dealer_name})" if dealer_name else ""
    return f"{order.number}{shop} {lines}{more} {fmt_inr(order.total)}"


def _how(numbers: Sequence[str]) -> str:
    options = ", ".join(str(i) for i in range(1, len(numbers) + 1))
    every = "*both*" if len(numbers) == 2 else "*all*"
    return f"reply {options}, or YES {numbers[0]}; {every} to confirm them all."


def which_yes(shorts: Sequence[str], numbers: Sequence[str]) -> str:
    """A bare YES while several drafts wait: list them, confirm none."""
    head = f"You have {len(numbers)} orders waiting for your YES:"
    return "\n".join([head, numbered(shorts), f"Which one? - {_how(numbers)}"])


def which_yes_again(numbers: Sequence[str]) -> str:
    """The answer to "which order?" named none of them ("ruko", "5")."""
    return f"Nothing is confirmed yet. Please {_how(numbers)}"


def which_yes_none(numbers: Sequence[str]) -> str:
    """A no to "which order?": nothing confirmed, the drafts stay."""
    listed = ", ".join(numbers)
    return f"OK, nothing is confirmed. {listed} stay open; reply *YES <order number>* when you want one."


def still_waiting(numbers: Sequence[str]) -> str:
    """Confirming every draft stopped at a question (short of stock): these still wait."""
    return f"{', '.join(numbers)} still {'waits' if len(numbers) == 1 else 'wait'} for your YES."


def also_waiting(shorts: Sequence[str], numbers: Sequence[str]) -> str:
    """Under a status reply: the other drafts waiting for the YES."""
    rows = [f"- {short} - reply *YES {number}*" for short, number in zip(shorts, numbers, strict=True)]
    return "\n".join(["", "*Also waiting for your YES:*", *rows])
