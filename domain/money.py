"""Exact money: rupees as `Decimal`, paise as `int`, never `float`.

>>> rupees("1,180.80")
Decimal('1180.80')
>>> round_paisa(Decimal("237.312"))
Decimal('237.31')
>>> round_paisa(Decimal("19.525"))
Decimal('19.53')
>>> money_str(Decimal("1234.5"))
'1234.50'
>>> fmt_inr(Decimal("123456"))
'₹1,23,456.00'
>>> fmt_inr(Decimal("-1234567.8"))
'-₹12,34,567.80'
>>> to_paise(Decimal("12.34")), from_paise(1234)
(1234, Decimal('12.34'))
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PAISA = Decimal("0.01")
ZERO = Decimal("0.00")

_RUPEES = re.compile(r"^(?P<sign>[-+]?)\s*(?:₹|rs\.?|inr)?\s*(?P<digits>\d[\d,]*(?:\.\d*)?|\.\d+)$", re.I)


def rupees(text: str) -> Decimal:
    """Parse rupees as written in a file or a message: '1180.80', '1,23,456', '₹ 99.5', '-200'.

    At most two decimals (a paisa is the smallest coin); anything else is a ValueError
    that quotes the text.
    """
    raw = str(text)
    match = _RUPEES.match(raw.strip())
    if not match:
        raise ValueError(f"{raw!r} is not an amount in rupees")
    digits = match.group("digits").replace(",", "")
    try:
        value = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        raise ValueError(f"{raw!r} is not an amount in rupees") from None
    if value != value.quantize(PAISA):
        raise ValueError(f"{raw!r} has more than two decimals (paise)")
    return -value if match.group("sign") == "-" else value


def round_paisa(amount: Decimal) -> Decimal:
    """Round to the paisa, half up (away from zero on an exact half)."""
    return Decimal(amount).quantize(PAISA, rounding=ROUND_HALF_UP)


def money_str(amount: Decimal) -> str:
    """Two decimals, no grouping, as the JSON contract writes money: '1234.50'."""
    return f"{round_paisa(amount):f}"


def fmt_inr(amount: Decimal) -> str:
    """Rupees for people, Indian grouping (lakh, crore): '₹1,23,456.00', '-₹500.00'."""
    value = round_paisa(amount)
    sign = "-" if value < 0 else ""
    whole, _, fraction = f"{abs(value):f}".partition(".")
    head, tail = whole[:-3], whole[-3:]
    groups: list[str] = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    grouped = ",".join([*groups, tail])
    return f"{sign}₹{grouped}.{fraction}"


def to_paise(amount: Decimal) -> int:
    """Rupees to whole paise, rounding half up first."""
    return int(round_paisa(amount) * 100)


def from_paise(paise: int) -> Decimal:
    """Whole paise to rupees with two decimals."""
    return (Decimal(int(paise)) / 100).quantize(PAISA)
