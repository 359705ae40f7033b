"""The review screen in a real Chromium (issue 12, item 6): the parser's candidates with why, the catalog
search (static/review.js under the console's CSP: no inline script), and one key to take the best one."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from domain.models import Order
from tests.bot.console.conftest import Console
from tests.bot.console.test_review_screen import unsure_parse
from tests.e2e.test_console_browser import log_in, page, served  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def test_the_review_screen_shows_candidates_searches_and_takes_the_best_with_one_key(
    served: tuple[Console, str],  # noqa: F811
    page: Any,  # noqa: F811
) -> None:
    console, base = served
    item = console.add_review("D01", "lux 1 peti", parse={"intent": "order", **unsure_parse()})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    log_in(page, base, "ops@example.com")
    page.goto(f"{base}/console/review")
    page.click(f"form[action='/console/review/{item}/claim'] button")
    page.wait_for_url(f"**/console/review/{item}")

    # the candidates, best first, each with how it was found and its score
    shown = page.inner_text("ol.candidates")
    assert "LUX-JAS-100" in shown and "similar spelling, 0.71" in shown and "alias, 0.69" in shown
    assert page.locator("ol.candidates li").count() == 5

    # the search finds a product as staff type, and taking it sets the line's SKU
    page.fill("#search-q", "santoor")
    page.wait_for_selector("#search-results button[value='pick:0:SAN-SAN-100']")
    assert "Santoor" in page.inner_text("#search-results")
    page.click("#search-results button[value='pick:0:SAN-SAN-100']")
    page.wait_for_selector("input[name='line-0-sku'][value='SAN-SAN-100']")

    # one key (outside a field) takes the best candidate of the unsure line
    page.goto(f"{base}/console/review/{item}")
    page.locator("h1").click()
    page.keyboard.press("a")
    page.wait_for_selector("input[name='line-0-sku'][value='LUX-JAS-100']")
    assert page.input_value("select[name='line-0-uom']") == "case"
    page.click("button[value=accept]")
    page.wait_for_url("**/console/review")
    assert "sent to Shree Ganesh Kirana for a YES" in page.inner_text(".flash.info")
    with console.session() as s:
        assert [ln.sku.sku for ln in s.scalars(sa.select(Order)).one().lines] == ["LUX-JAS-100"]
    assert errors == [], errors  # no script refused by the CSP, no script error
