"""An approver answers a dealer's asked rate with a counter-offer, in a real Chromium.

D01 asks ₹1,000 a case for Maggi (list ₹1,070.00 at his tier A) and confirms
over signed webhooks; the approver logs in, finds the asked rate prefilled on
/console/approvals, grants ₹1,030 instead and approves. The app is served by a
werkzeug server thread on 127.0.0.1 as in test_console_browser.py; Chromium is
the Debian package at /usr/bin/chromium driven by Playwright (no browser
download). What the dealer is sent is read from the recording sender.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from domain.models import Order, ReviewItem
from tests.bot.console.conftest import PASSWORD, Console, RecordingSender, build_database
from tests.support.botapp import settings
from tests.support.signing import WEBHOOK, inbound_form, post_signed

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
D01_PHONE = "+919000000101"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Console, str]]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("ORDERBOT_REQUIRE_SERVICES") == "1":
            pytest.fail(f"{CHROMIUM} is missing; ORDERBOT_REQUIRE_SERVICES=1 makes this a failure")
        pytest.skip(f"{CHROMIUM} is missing (Debian package chromium)")
    from bot import create_app

    path = build_database(tmp_path / "browser.db")
    sender = RecordingSender()
    app = create_app(
        settings(
            f"sqlite:///{path}",
            OUTBOUND_SENDER=sender,
            ORDERBOT_ENV="development",
            MESSAGE_HANDLER="bot.conversation:handle",
        )
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Console(app, sender), f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        app.extensions["orderbot"].close()


@pytest.fixture
def page(served: tuple[Console, str]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context()
            tab = context.new_page()
            tab.set_default_timeout(20_000)
            yield tab
        finally:
            browser.close()


def log_in(page: Any, base: str, email: str) -> None:
    page.goto(f"{base}/console/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/console/login" not in page.url, page.content()


def say(console: Console, text: str) -> str:
    """D01 sends one signed message; the bot's answer from the recording sender (jobs run inline)."""
    before = len(console.sender.bodies(D01_PHONE))
    response = post_signed(console.app.test_client(), WEBHOOK, inbound_form(D01_PHONE, text))
    assert response.status_code == 200
    return "\n".join(console.sender.bodies(D01_PHONE)[before:])


def test_an_approver_grants_a_counter_offer_to_an_asked_rate_in_chromium(
    served: tuple[Console, str], page: Any
) -> None:
    console, base = served
    assert "you asked ₹1,000.00 a case: needs our approval" in say(console, "maggi 2 peti @1000")
    assert "waits for our approval" in say(console, "yes")
    with console.session() as s:
        item = s.scalar(sa.select(ReviewItem.id).where(ReviewItem.kind == "price_exception"))
    assert item is not None

    log_in(page, base, "approver@example.com")
    page.goto(f"{base}/console/approvals")
    card = f"section#approval-{item}"
    grant = f"{card} form[action$='/approve'] input[name='price-1']"
    assert page.input_value(grant) == "1000.00"  # what the dealer asked, prefilled
    assert "₹1,070.00" in page.inner_text(f"{card} table.prices")  # beside the list price
    page.fill(grant, "1030")
    page.fill(f"{card} form[action$='/approve'] input[name=note]", "best we can do")
    page.click(f"{card} form[action$='/approve'] button")
    page.wait_for_url("**/console/approvals")
    assert "Approved SO-1001; the dealer was told." in page.inner_text(".flash.info")

    with console.session() as s:
        order = s.scalars(sa.select(Order).where(Order.number == "SO-1001")).one()
        assert (order.state, order.lines[0].unit_price) == ("approved", Decimal("1030.00"))
    told = console.sender.bodies(D01_PHONE)[-1]
    assert "*approved*" in told and "best we can do" in told
    assert "New total: *₹2,163.00*" in told  # 2 x ₹1,030.00 + 5% GST
