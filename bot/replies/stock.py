"""Short of stock: what a draft shows before the YES, and the question "ship what is there, or wait?".

A draft short of stock lists each short line with what is in stock and asks the dealer to choose
before he confirms (`short_draft`); a YES that meets a shortfall stock did not show at draft time asks
the same (`stock_short`). Shipping what is in stock is offered only when it would ship something.

>>> from decimal import Decimal as D
>>> from domain.services.stock import Shortfall
>>> text = short_draft([Shortfall(1, "TU225", "case", D(10), D(0))], {"TU225": "Thums Up 2.25L"}, False)
>>> "*1*" in text, "*2*" in text
(False, True)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.i18n import _
from bot.replies.shape import fmt_qty, numbered
from domain.services.stock import Shortfall, qty_str


def _short_lines(shortfalls: Sequence[Shortfall], names: Mapping[str, str]) -> list[str]:
    out = []
    for s in shortfalls:
        if s.free:
            text = _("- free {name}: {ordered} ordered, {available} in stock")
        else:
            text = _("- {name}: {ordered} ordered, {available} in stock")
        out.append(
            text.format(
                name=names.get(s.sku, s.sku),
                ordered=fmt_qty(s.ordered, s.uom),
                available=qty_str(s.available),
            )
        )
    return out


def _choices(ships: bool) -> list[str]:
    if ships:
        return [
            numbered(
                [
                    _("Confirm and ship what is in stock now (the order is re-priced)"),
                    _("Confirm the full order and wait for the rest (back-order)"),
                ]
            ),
            _("Reply *1* or *2*, or *NO* to drop the draft."),
        ]
    return [
        _(
            "Nothing of these is in stock now. Reply *2* to confirm the full order and wait for the stock "
            "(back-order), or *NO* to drop the draft."
        )
    ]


def short_draft(shortfalls: Sequence[Shortfall], names: Mapping[str, str], ships: bool) -> str:
    """Under a draft short of stock, in place of the YES prompt: what is short and the choices."""
    return "\n".join([_("⚠️ *Short of stock:*"), *_short_lines(shortfalls, names), "", *_choices(ships)])


def stock_short(
    number: str, shortfalls: Sequence[Shortfall], names: Mapping[str, str], ships: bool = True
) -> str:
    """A YES met a shortfall (stock moved since the draft): ship what is there (1) or wait (2)."""
    head = _("*{number}*: we are short of stock on:").format(number=number)
    return "\n".join([head, *_short_lines(shortfalls, names), "", *_choices(ships)])


def nothing_in_stock() -> str:
    # Translators: keep *2* and *cancel*, the dealer types them.
    return _(
        "None of these items is in stock right now, so nothing can ship today. Reply *2* to wait "
        "for the full order, or *cancel*."
    )


def ship_or_wait_again(ships: bool = True) -> str:
    """The answer to "ship what is in stock, or wait?" was neither (a plain yes, a yes with a quantity,
    an option that is not there)."""
    if not ships:
        return _("Please reply *2* to wait for the full order, or *NO* to drop the draft.")
    return _(
        "Please reply *1* to ship what is in stock now, or *2* to wait for the full order. "
        "To change a quantity, send the changed order."
    )


def shortfall_declined(number: str) -> str:
    """A no to "ship what is in stock, or wait?" after a YES: nothing is confirmed, the draft stays."""
    return _(
        "OK, order {number} is *not confirmed*: nothing is reserved or sent. The draft stays as it is; "
        "reply *YES* when you want it, *NO* to drop it, or send a changed order."
    ).format(number=number)
