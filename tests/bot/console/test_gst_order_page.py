"""The console's order page shows the tax split (issue 12, item 2): CGST + SGST for a dealer in the
distributor's state, IGST for one in another, with the place of supply and the dealer's GSTIN.

Hand-worked (tier A prices): 10 cases of Maggi at 1070.00 = 10700.00, tax 5% = 535.00; 1 case free.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from domain.models import Dealer, Setting
from domain.orders import Actor
from domain.quote import LineRequest
from domain.services.orders import place_order
from domain.uow import UnitOfWork
from tests.bot.console.conftest import Console
from tests.bot.console.test_free_goods_pick import cells

GUJARAT_GSTIN = "24AAACG1234A1ZK"

# (dealer's state, dealer's GSTIN, what the split row says)
PAGES = [
    ("27", "", "CGST ₹267.50 · SGST ₹267.50 · place of supply 27 Maharashtra"),
    ("", GUJARAT_GSTIN, f"IGST ₹535.00 · place of supply 24 Gujarat · dealer GSTIN {GUJARAT_GSTIN}"),
    ("", "", "CGST ₹267.50 · SGST ₹267.50 · place of supply not known (taken as intra-state)"),
]


@pytest.mark.parametrize(("state", "gstin", "shown"), PAGES)
def test_the_order_page_shows_the_split(console: Console, state: str, gstin: str, shown: str) -> None:
    with console.session() as session, session.begin():
        session.add(Setting(key="supplier_state", value="27"))
        dealer = session.scalars(sa.select(Dealer).where(Dealer.code == "D01")).one()
        dealer.state, dealer.gstin = state, gstin
    work = UnitOfWork(console.app.extensions["orderbot"].sessions)
    number = place_order(
        work, "D01", [LineRequest("MAG-MAS-70", Decimal(10), "case")], Actor.dealer("D01")
    ).order.number
    page = console.client("ops").get(f"/console/orders/{number}").get_data(as_text=True)
    rows = [" ".join(" ".join(row).split()) for row in cells(page)]
    assert shown in rows


def test_no_split_row_while_the_supplier_state_is_not_set(console: Console) -> None:
    work = UnitOfWork(console.app.extensions["orderbot"].sessions)
    number = place_order(
        work, "D01", [LineRequest("MAG-MAS-70", Decimal(10), "case")], Actor.dealer("D01")
    ).order.number
    page = console.client("ops").get(f"/console/orders/{number}").get_data(as_text=True)
    assert "CGST" not in page and "IGST" not in page
