from __future__ import annotations

import pytest

from nlu.parser import Parser


@pytest.mark.parametrize(
    ("text", "customer"),
    [
        ("Order for Verma Paint House:\napex 20L 2", "H01"),  # "order for X:"
        ("verma electricals - havells switch 2 box", "H02"),  # "X - items"
        ("Party: Sri Ganesh Hardware, Bhopal\napex 20L 2", "H03"),  # "Party: X, Town"
        ("verma paint ke liye apex 20L 2", "H01"),  # "X ke liye"
        ("Verma Electricals Sehore\napex 20L 2", "H02"),  # shop name on its own first line, town helps
        ("verma ji ka order: apex 20L 2", None),  # two Verma shops fit: nobody
        ("apex 20L 2", None),  # a dealer's own order names no customer
    ],
)
def test_rep_orders_name_their_shop(trade_parser: Parser, text: str, customer: str | None) -> None:
    parsed = trade_parser.parse(text)
    assert parsed.customer == customer
    assert [ln.sku for ln in parsed.lines] == ["AP-APX-20L"] or parsed.lines[0].sku == "HAV-SW-6A"


def test_shop_name_words_do_not_become_items(trade_parser: Parser) -> None:
    parsed = trade_parser.parse("Verma Paint House:\napex 20L 2")
    assert parsed.unmatched == ()
    assert parsed.needs_review is False
