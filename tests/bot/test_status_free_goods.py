"""The status reply's free goods lines, in each language (issue 12, item 1)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from bot import replies
from bot.i18n import speaking
from domain.orders import Actor, State
from domain.services.order_views import FreeView, OrderView

D = Decimal


def _order(free: tuple[FreeView, ...]) -> OrderView:
    return OrderView(
        "SO-1043", "D01", State.CONFIRMED, Actor.dealer("D01"), (), free,
        D(0), D(0), D(0), D("11010.30"), "ok", "", datetime(2026, 11, 21, tzinfo=UTC), None,
    )  # fmt: skip


MAGGI = FreeView("MAG-MAS-70", D(1), "case", "MAGGI-10P1", "Maggi 70g")
RIN = FreeView("RIN-BAR-250", D(12), "pc", "EASYWASH-RIN", "Rin Bar")

# (locale, free goods, lines the reply must hold)
CASES = [
    ("en", (MAGGI,), ["🎁 Maggi 70g: 1 case free (MAGGI-10P1)"]),
    ("en", (MAGGI, RIN), ["🎁 Maggi 70g: 1 case free (MAGGI-10P1)", "🎁 Rin Bar: 12 pc free (EASYWASH-RIN)"]),
    ("en", (FreeView("MAG-MAS-70", D(2), "case", "MAGGI-10P1"),), ["🎁 MAG-MAS-70: 2 cases free"]),  # no name
    ("hi_Latn", (MAGGI,), ["🎁 Maggi 70g: 1 peti free (MAGGI-10P1)"]),  # units in his words
    ("hi", (MAGGI,), ["🎁 Maggi 70g:", "फ्री (MAGGI-10P1)"]),
]


@pytest.mark.parametrize(("locale", "free", "says"), CASES)
def test_the_status_reply_lists_free_goods_with_their_scheme(
    locale: str, free: tuple[FreeView, ...], says: list[str]
) -> None:
    with speaking(locale):
        text = replies.order_status(_order(free), [])
    for line in says:
        assert line in text, (line, text)


def test_no_free_goods_no_free_line() -> None:
    assert "🎁" not in replies.order_status(_order(()), [])
