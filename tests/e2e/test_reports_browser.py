"""Reports in a real Chromium: log in, see the dashboard's charts, download a report as CSV.

Reuses the served app, the Chromium page and the log-in steps of the console's browser
test (tests/e2e/test_console_browser.py): the same werkzeug server thread, the Debian
Chromium at /usr/bin/chromium, skipped with the reason when it is missing unless
ORDERBOT_REQUIRE_SERVICES=1.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from domain.orders import Actor
from domain.quote import LineRequest
from domain.services.credit import today_local
from domain.services.orders import confirm_order, place_order
from domain.uow import UnitOfWork
from tests.bot.console.conftest import Console
from tests.e2e import test_console_browser as browser

pytestmark = pytest.mark.browser

served = browser.served  # the fixtures, shared
page = browser.page


def test_staff_see_the_charts_and_download_a_report_as_csv_in_chromium(
    served: tuple[Console, str], page: Any, tmp_path: Path
) -> None:
    console, base = served
    factory = console.app.extensions["orderbot"].sessions
    placed = place_order(UnitOfWork(factory), "D06", [LineRequest("MAG-MAS-70", Decimal(10), "case")],
                         Actor.dealer("D06"))
    order = confirm_order(UnitOfWork(factory), placed.order.number, Actor.dealer("D06")).order

    browser.log_in(page, base, "ops@example.com")
    page.goto(f"{base}/console/dashboard")
    assert page.inner_text("#orders-today") == "1"
    assert page.locator("svg.chart").count() == 2
    assert page.locator("svg.chart rect").count() >= 60

    page.click("header.top >> text=Reports")
    page.wait_for_url("**/console/reports")
    assert "Sai Baba Super Market" in page.inner_text("main")
    with page.expect_download() as caught:
        page.click("a.csv[href*='dealers.csv']")
    download = caught.value
    start, end = today_local() - timedelta(days=29), today_local()  # the default period: the last 30 days
    assert download.suggested_filename == f"dealers_{start.isoformat()}_{end.isoformat()}.csv"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    rows = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["dealer_code", "dealer_name", "town", "orders", "value"]
    assert rows[1] == ["D06", "Sai Baba Super Market", "Nagpur", "1", f"{order.total:f}"]
