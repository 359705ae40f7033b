"""An approver answers a dealer's asked rate with a counter-offer, in a real Chromium.

D01 asks ₹1,000 a case for Maggi (list ₹1,070.00 at his tier A) and confirms
over signed webhooks; the approver logs in, finds the asked rate prefilled on
/console/approvals, grants ₹1,030 instead and approves. Reuses the served app,
the Chromium page and the log-in steps of the console's browser test
(tests/e2e/test_console_browser.py), as the reports' browser test does. What
the dealer is sent is read from the recording sender.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa

from domain.models import Order, ReviewItem
from tests.bot.console.conftest import Console
from tests.e2e import test_console_browser as browser
from tests.support.signing import WEBHOOK, inbound_form, post_signed

pytestmark = pytest.mark.browser

served = browser.served  # the fixtures, shared
page = browser.page
D01_PHONE = browser.D01_PHONE


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

    browser.log_in(page, base, "approver@example.com")
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
