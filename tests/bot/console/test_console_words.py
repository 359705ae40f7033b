"""The console speaks the distributor's language (issue 12, item 7): times in his time zone (IST unless the
`timezone` setting says otherwise), order states in words, people by name; and the demo has a history."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from bot.commands._demo_history import DAYS, seed_history
from bot.console import words
from domain.models import FieldRep, Order, OrderEvent, Setting
from domain.orders import Actor, State
from domain.quote import LineRequest
from domain.services.credit import today_local
from domain.services.orders import confirm_order, place_order
from domain.uow import UnitOfWork
from tests.bot.console.conftest import Console

AT = datetime(2026, 3, 1, 20, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("", "2026-03-02 01:35 IST"),  # no setting: India
        ("Asia/Kolkata", "2026-03-02 01:35 IST"),
        ("Asia/Dubai", "2026-03-02 00:05 +04"),
        ("Europe/London", "2026-03-01 20:05 GMT"),
        ("Mars/Olympus", "2026-03-02 01:35 IST"),  # a name the machine does not know: India
    ],
)
def test_a_time_is_shown_in_the_distributors_zone(zone: str, shown: str) -> None:
    assert words.local_time(AT, words.zone(zone)) == shown


@pytest.mark.parametrize(
    ("state", "said"),
    [
        (State.AWAITING_CONFIRMATION, "Waiting for the dealer's YES"),
        ("on_hold", "On credit hold, waiting for an approver"),
        (State.INVOICED, "Invoiced"),
        ("a_new_state", "a_new_state"),
    ],
)
def test_order_states_in_words(state: object, said: str) -> None:
    assert words.state_words(state) == said


def test_every_order_state_has_words() -> None:
    assert set(words.STATE_WORDS) == {s.value for s in State}


def _placed(console: Console, code: str = "D01", actor: Actor | None = None) -> str:
    factory = console.app.extensions["orderbot"].sessions
    lines = [LineRequest("MAG-MAS-70", Decimal(1), "case")]
    placed = place_order(UnitOfWork(factory), code, lines, actor or Actor.dealer(code))
    with console.session() as s, s.begin():  # placed at 20:05 UTC, past midnight in India
        s.execute(sa.update(Order).values(created_at=AT))
        s.execute(sa.update(OrderEvent).values(at=AT))
    return placed.order.number


@pytest.mark.parametrize(
    ("setting", "shown"),
    [(None, "2026-03-02 01:35 IST"), ("Europe/London", "2026-03-01 20:05 GMT")],
)
def test_console_pages_show_times_in_the_zone_of_the_setting(
    console: Console, setting: str | None, shown: str
) -> None:
    number = _placed(console)
    if setting:
        with console.session() as s, s.begin():
            s.add(Setting(key="timezone", value=setting))
    ops = console.client("ops")
    for url in ("/console/orders", f"/console/orders/{number}"):
        page = ops.get(url).get_data(as_text=True)
        assert shown in page and "UTC" not in page, url


def test_the_order_page_says_the_state_in_words_and_who_by_name(console: Console) -> None:
    number = _placed(console, "D01", Actor.rep("+919000000901"))
    page = console.client("ops").get(f"/console/orders/{number}").get_data(as_text=True)
    assert "Waiting for the dealer&#39;s YES" in page
    assert "+919000000901" not in page and "field rep +91******0901" in page  # no name given: masked
    with console.session() as s, s.begin():
        s.execute(sa.update(FieldRep).where(FieldRep.phone == "+919000000901").values(name="Ramesh Patil"))
    page = console.client("ops").get(f"/console/orders/{number}").get_data(as_text=True)
    assert "placed by Ramesh Patil (field rep)" in page and "+91******0901" not in page
    confirm_order(UnitOfWork(console.app.extensions["orderbot"].sessions), number, Actor.dealer("D01"))
    page = console.client("ops").get(f"/console/orders/{number}").get_data(as_text=True)
    assert "Shree Ganesh Kirana (D01)" in page and "Confirmed by the dealer" in page


def test_the_review_queue_shows_who_holds_an_item_and_when_it_came_in(console: Console) -> None:
    item = console.add_review("D01", "kuch bhejo")
    ops = console.client("ops")
    console.post(ops, f"/console/review/{item}/claim")
    page = ops.get("/console/review").get_data(as_text=True)
    assert "by ops@example.com" in page and re.search(r"<td>\d{4}-\d\d-\d\d \d\d:\d\d IST</td>", page)


def test_the_demo_seeds_sixty_days_of_history_through_the_domain(console: Console) -> None:
    today = today_local()
    made = seed_history(console.app.extensions["orderbot"].sessions)
    assert (made.orders, made.invoices, made.payments) == (149, 115, 104)  # the seed is fixed
    with console.session() as s:
        states = dict(s.execute(sa.select(Order.state, sa.func.count()).group_by(Order.state)).all())
        first, last = s.execute(sa.select(sa.func.min(Order.created_at), sa.func.max(Order.created_at))).one()
        paid = s.scalar(sa.text("select count(*) from ledger_entries where kind = 'payment'"))
    assert set(states) >= {"invoiced", "dispatched", "delivered", "confirmed", "cancelled"}
    assert sum(states.values()) == made.orders and paid == made.payments
    assert first.date() >= today - timedelta(days=DAYS + 1) and last.date() < today
    # the first open: the dashboard's days and the reports' default period have orders
    ops = console.client("ops")
    dashboard = ops.get("/console/dashboard").get_data(as_text=True)
    days = re.findall(r"<tr><td>\d{4}-\d\d-\d\d</td><td class=\"num\">(\d+)</td>", dashboard)
    assert days and sum(int(n) for n in days) > 20, days
    reports = ops.get("/console/reports").get_data(as_text=True)
    assert "No orders in this period." not in reports and "Shree Ganesh Kirana" in reports
