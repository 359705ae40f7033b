"""Logout in a real Chromium ends the session for good (issue 12, item 8): the cookies saved before the
logout, put back in a fresh browser, open no page and record no payment."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from domain.models import LedgerEntry
from tests.bot.console.conftest import Console
from tests.e2e.test_console_browser import log_in, log_out, page, served  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def test_cookies_saved_before_logout_open_nothing_and_record_no_payment_in_chromium(
    served: tuple[Console, str],  # noqa: F811
    page: Any,  # noqa: F811
) -> None:
    console, base = served
    log_in(page, base, "approver@example.com")
    page.goto(f"{base}/console/dealers/D01")
    token = page.get_attribute("form[action='/console/dealers/D01/payments'] input[name=csrf_token]", "value")
    saved = page.context.storage_state()  # what an attacker copies from the machine
    assert any(cookie["name"] == "session" for cookie in saved["cookies"])
    log_out(page)

    revived = page.context.browser.new_context(storage_state=saved)
    try:
        tab = revived.new_page()
        tab.goto(f"{base}/console/dealers/D01")
        assert "/console/login" in tab.url  # sent to the login page
        answer = revived.request.post(
            f"{base}/console/dealers/D01/payments",
            form={"csrf_token": token, "amount": "500", "reference": "UTR-REVIVED"},
            max_redirects=0,
        )
        assert answer.status == 302 and "/console/login" in answer.headers["location"]
    finally:
        revived.close()
    with console.session() as s:
        assert s.scalar(sa.select(sa.func.count()).where(LedgerEntry.reference == "UTR-REVIVED")) == 0
