"""Free goods on the console's order pages, and the pick lists a packer prints (issue 12, item 1).

Maggi by the case has MAGGI-10P1: every 10 cases, 1 case free; Surf Excel Easy Wash 1kg has
EASYWASH-RIN: 5 cases, 12 Rin bars (pc) free.
"""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest
import sqlalchemy as sa

from domain.models import Dealer, Order
from domain.orders import Actor
from domain.quote import LineRequest
from domain.services.credit import IST
from domain.services.orders import approve_order, cancel_order, confirm_order, dispatch, place_order
from domain.uow import UnitOfWork
from tests.bot.console.conftest import Console

STAFF = Actor.staff("ops@example.com")
MAGGI = "Maggi 2-Minute Masala Noodles 70g"
ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S)
CELL = re.compile(r"<t[dh][^>]*>(.*?)</t[dh]>", re.S)
TAG = re.compile(r"<[^>]+>")


def cells(page: str) -> list[list[str]]:
    """Each table row of the page as its cells' text (tags dropped, entities read)."""
    return [[html.unescape(TAG.sub("", c)).strip() for c in CELL.findall(row)] for row in ROW.findall(page)]


def placed(console: Console, code: str, lines: list[tuple[str, int, str]], confirm: bool = True) -> str:
    work = lambda: UnitOfWork(console.app.extensions["orderbot"].sessions)  # noqa: E731
    requests = [LineRequest(sku, Decimal(qty), uom) for sku, qty, uom in lines]
    number = place_order(work(), code, requests, Actor.dealer(code)).order.number
    if confirm:
        confirm_order(work(), number, Actor.dealer(code))
    return number


def moved(console: Console, number: str, how: str) -> None:
    work = UnitOfWork(console.app.extensions["orderbot"].sessions)
    {"dispatched": dispatch, "cancelled": cancel_order, "approved": approve_order}[how](work, number, STAFF)


def day_of(console: Console, number: str) -> str:
    with console.session() as s:
        created = s.scalar(sa.select(Order.created_at).where(Order.number == number))
    assert created is not None
    return created.astimezone(IST).date().isoformat()


def test_the_order_page_shows_the_free_case_at_zero_with_its_scheme(console: Console) -> None:
    number = placed(console, "D06", [("MAG-MAS-70", 10, "case")])
    page = console.client("ops").get(f"/console/orders/{number}").get_data(as_text=True)
    free = [row for row in cells(page) if row and row[0] == "🎁"]
    assert free == [
        [
            "🎁",
            f"MAG-MAS-70 · {MAGGI}",
            "FREE · scheme MAGGI-10P1 · Maggi Masala 70g: every 10 cases get 1 case free",
            "1 case",
            *["₹0.00"] * 4,  # price, discount, net, GST
        ]
    ]
    assert f"/console/orders/{number}/pick" in page  # confirmed: ready to pick


def test_the_orders_list_says_which_orders_carry_free_goods(console: Console) -> None:
    with_free = placed(console, "D06", [("SE-EW-1KG", 5, "case")])
    without = placed(console, "D04", [("MAG-MAS-70", 2, "case")])
    page = console.client("ops").get("/console/orders").get_data(as_text=True)
    rows = {row[1]: row for row in cells(page) if len(row) > 5}
    assert "🎁 12 pc RIN-BAR-250 free" in rows[with_free][5]
    assert "free" not in rows[without][5]
    assert "/console/pick" in page


def test_an_orders_pick_list_adds_the_free_goods_to_what_is_picked(console: Console) -> None:
    number = placed(console, "D06", [("MAG-MAS-70", 20, "case"), ("SE-EW-1KG", 5, "case")])
    response = console.client("ops").get(f"/console/orders/{number}/pick")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert [row[:7] for row in cells(page)[1:]] == [
        # SKU, item, unit, bought, free, pick, free by scheme
        ["MAG-MAS-70", MAGGI, "case", "20", "2", "22", "MAGGI-10P1"],
        ["RIN-BAR-250", "Rin Detergent Bar 250g", "pc", "0", "12", "12", "EASYWASH-RIN"],
        ["SE-BAR-250", "Surf Excel Detergent Bar 250g", "pc", "0", "6", "6", "SURF-MIX-4C"],  # 4+ Surf cases
        ["SE-EW-1KG", "Surf Excel Easy Wash Detergent Powder 1kg", "case", "5", "", "5", ""],
    ]
    assert "pick.css" in page and "Sai Baba Super Market" in page
    assert 'name="csrf_token"' not in page and "<form" not in page  # a page to print, nothing to submit


# (how the order got where it is, status of its pick list)
STATES = [
    ("awaiting_confirmation", 409),  # the dealer has not said YES: nothing to pack yet
    ("confirmed", 200),
    ("approved", 200),  # an approver let it through: pack it
    ("dispatched", 409),  # gone: picking it again would ship it twice
    ("cancelled", 409),
]


@pytest.mark.parametrize(("state", "status"), STATES)
def test_only_confirmed_and_approved_orders_are_picked(console: Console, state: str, status: int) -> None:
    number = placed(console, "D06", [("MAG-MAS-70", 10, "case")], confirm=state != "awaiting_confirmation")
    if state in ("dispatched", "cancelled", "approved"):
        moved(console, number, state)
    ops = console.client("ops")
    response = ops.get(f"/console/orders/{number}/pick")
    assert response.status_code == status
    page = response.get_data(as_text=True)
    if status == 409:
        assert f"order {number} is {state}: only confirmed or approved orders are picked" in page
        assert "MAG-MAS-70" not in page
    order_page = ops.get(f"/console/orders/{number}").get_data(as_text=True)
    assert (f"/console/orders/{number}/pick" in order_page) is (status == 200)
    day = ops.get(f"/console/pick?date={day_of(console, number)}").get_data(as_text=True)
    assert (number in day) is (status == 200)


def test_an_unknown_order_has_no_pick_list(console: Console) -> None:
    assert console.client("ops").get("/console/orders/SO-9999/pick").status_code == 404


def test_the_days_pick_list_has_each_order_and_totals_by_sku(console: Console) -> None:
    first = placed(console, "D06", [("MAG-MAS-70", 10, "case")])
    second = placed(console, "D04", [("MAG-MAS-70", 20, "case"), ("SE-EW-1KG", 5, "case")])
    gone = placed(console, "D06", [("MAG-MAS-70", 30, "case")])
    moved(console, gone, "dispatched")
    waiting = placed(console, "D04", [("MAG-MAS-70", 40, "case")], confirm=False)
    day = day_of(console, first)
    page = console.client("ops").get(f"/console/pick?date={day}").get_data(as_text=True)
    assert first in page and second in page and gone not in page and waiting not in page
    totals = page[page.index("Day's totals by SKU") :]
    assert [row[:6] for row in cells(totals)[1:]] == [
        ["MAG-MAS-70", MAGGI, "case", "30", "3", "33"],  # 10 + 20 bought, 1 + 2 free
        ["RIN-BAR-250", "Rin Detergent Bar 250g", "pc", "0", "12", "12"],
        ["SE-BAR-250", "Surf Excel Detergent Bar 250g", "pc", "0", "6", "6"],
        ["SE-EW-1KG", "Surf Excel Easy Wash Detergent Powder 1kg", "case", "5", "", "5"],
    ]
    assert "2 orders confirmed or approved" in page


# (date asked, status, what the page says)
DAYS = [
    ("2020-01-01", 200, "Nothing to pick for this day."),  # a day without orders
    ("21/11/2026", 400, "&#39;21/11/2026&#39; is not a date like 2026-11-21"),
    ("<script>", 400, "&#39;&lt;script&gt;&#39; is not a date"),  # escaped, never run
]


@pytest.mark.parametrize(("asked", "status", "says"), DAYS)
def test_a_day_is_asked_as_an_iso_date(console: Console, asked: str, status: int, says: str) -> None:
    response = console.client("ops").get("/console/pick", query_string={"date": asked})
    assert response.status_code == status
    assert says in response.get_data(as_text=True)


def test_dealer_names_are_escaped_on_the_pick_list(console: Console) -> None:
    with console.session() as s, s.begin():
        s.execute(sa.update(Dealer).where(Dealer.code == "D06").values(name="<b>Shah & Sons</b>"))
    number = placed(console, "D06", [("MAG-MAS-70", 10, "case")])
    page = console.client("ops").get(f"/console/orders/{number}/pick").get_data(as_text=True)
    assert "&lt;b&gt;Shah &amp; Sons&lt;/b&gt;" in page and "<b>Shah" not in page


# (role, may see pick lists)
ROLES = [("ops", True), ("admin", True), ("approver", False)]


@pytest.mark.parametrize(("role", "allowed"), ROLES)
def test_pick_lists_are_for_ops(console: Console, role: str, allowed: bool) -> None:
    number = placed(console, "D06", [("MAG-MAS-70", 10, "case")])
    client = console.client(role)
    for url in (f"/console/orders/{number}/pick", "/console/pick"):
        assert (client.get(url).status_code == 200) is allowed, url
    assert console.client(None).get("/console/pick").status_code == 302  # to the login page
