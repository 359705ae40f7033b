"""The console in a real Chromium: log in, fix a parse, approve a credit hold, record a payment.

The app is served by a werkzeug server thread on 127.0.0.1; Chromium is the
Debian package at /usr/bin/chromium driven by Playwright (no browser download).
What the dealer is sent is read from the recording sender that stands in for
Twilio, and from the outbox.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from bot.models import OutboxMessage
from domain.models import LearnedAlias, Order
from tests.bot.console.conftest import PASSWORD, Console, RecordingSender, build_database
from tests.support.botapp import settings

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
LUX = "colget 100g 3 dzn, dettol 2 dzn, lux 1 peti"
D01_PHONE, D03_PHONE = "+919000000101", "+919000000103"


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


def log_out(page: Any) -> None:
    page.click("text=Log out")
    page.wait_for_url("**/console/login")


def test_staff_fix_a_parse_approve_a_hold_and_record_a_payment_in_chromium(
    served: tuple[Console, str], page: Any
) -> None:
    console, base = served
    item = console.add_review("D01", LUX)
    number, _ = console.credit_hold()

    # ops: claim the message, place the words the parser could not, accept; the dealer gets the draft
    log_in(page, base, "ops@example.com")
    page.goto(f"{base}/console/review")
    assert "lux 1 peti" in page.inner_text("table")
    page.click(f"form[action='/console/review/{item}/claim'] button")
    page.wait_for_url(f"**/console/review/{item}")
    assert page.inner_text("mark.unmatched") == "lux 1 peti"
    page.click("button[value='adopt:0:LUX-ROSE-100']")
    page.wait_for_selector("input[name='line-2-sku'][value='LUX-ROSE-100']")
    page.click("button[value=accept]")
    page.wait_for_url("**/console/review")
    assert "sent to Shree Ganesh Kirana for a YES" in page.inner_text(".flash.info")
    [draft] = console.sender.bodies(D01_PHONE)
    assert "Lux Soft Glow Rose" in draft and "Reply *YES*" in draft
    with console.session() as s:
        assert s.scalar(sa.select(sa.func.count()).where(OutboxMessage.to_phone == D01_PHONE)) == 1
        assert s.scalar(sa.select(LearnedAlias.phrase)) == "lux"
    log_out(page)

    # approver: approve the credit hold; the dealer is told
    log_in(page, base, "approver@example.com")
    page.goto(f"{base}/console/approvals")
    assert number in page.inner_text("main")
    page.fill("section.card form[action$='/approve'] input[name=note]", "paid by cheque")
    page.click("section.card form[action$='/approve'] button")
    page.wait_for_url("**/console/approvals")
    assert f"Approved {number}" in page.inner_text(".flash.info")
    with console.session() as s:
        assert s.scalar(sa.select(Order.state).where(Order.number == number)) == "approved"
    assert "approved" in console.sender.bodies(D03_PHONE)[-1]

    # approver: record a payment and see the balance change
    page.goto(f"{base}/console/dealers/D01")
    assert page.inner_text("#balance") == "₹42,350.00"
    page.fill("input[name=amount]", "2350")
    page.fill("input[name=reference]", "UTR-BROWSER-1")
    page.click("text=Record payment")
    page.wait_for_load_state()
    assert page.inner_text("#balance") == "₹40,000.00"
    assert "₹40,000.00" in console.sender.bodies(D01_PHONE)[-1]
