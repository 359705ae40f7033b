"""An invoice in a real Chromium (issue 12, item 3): ops dispatch an order from its page, the page then
offers the tax invoice, and the PDF downloaded reads back with its number, the GSTINs, HSN and totals.

Hand-worked (tier A): 10 cases of Maggi at 1070.00 = 10700.00 taxable, 1 case free; CGST 267.50 and
SGST 267.50 (the supplier and D01 both in Maharashtra); total 11235.00.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from domain.invoices import financial_year
from domain.models import Dealer, Setting, Sku
from domain.orders import Actor
from domain.quote import LineRequest
from domain.services.credit import today_local
from domain.services.orders import confirm_order, place_order
from domain.uow import UnitOfWork
from tests.bot.console.conftest import Console
from tests.e2e.test_console_browser import log_in, page, served  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

SUPPLIER_GSTIN, DEALER_GSTIN = "27AAPFU0939F1ZV", "27AAACG1234A1ZE"


@pytest.fixture
def order(served: tuple[Console, str]) -> Iterator[str]:  # noqa: F811
    console, _ = served
    with console.session() as session, session.begin():
        session.add(Setting(key="supplier_gstin", value=SUPPLIER_GSTIN))
        session.add(Setting(key="supplier_name", value="Agarwal & Sons Distributors"))
        session.scalars(sa.select(Dealer).where(Dealer.code == "D01")).one().gstin = DEALER_GSTIN
        session.scalars(sa.select(Sku).where(Sku.sku == "MAG-MAS-70")).one().hsn = "190230"
    factory = console.app.extensions["orderbot"].sessions
    placed = place_order(
        UnitOfWork(factory), "D01", [LineRequest("MAG-MAS-70", Decimal(10), "case")], Actor.dealer("D01")
    )
    confirm_order(UnitOfWork(factory), placed.order.number, Actor.dealer("D01"))
    yield placed.order.number


def test_ops_dispatch_then_download_the_invoice_pdf(
    page: Any,  # noqa: F811
    served: tuple[Console, str],  # noqa: F811
    order: str,
) -> None:
    _, base = served
    log_in(page, base, "ops@example.com")
    page.goto(f"{base}/console/orders/{order}")
    assert page.get_by_text("Download PDF").count() == 0  # not dispatched yet: no invoice
    page.select_option("select[name=to]", "dispatched")
    page.click("button:has-text('Move')")
    page.wait_for_load_state()
    page.goto(f"{base}/console/orders/{order}")
    number = f"INV/{financial_year(today_local())}/0001"  # the first invoice of the year
    assert f"Tax invoice {number}" in " ".join(page.inner_text("body").split())
    with page.expect_download() as caught:
        page.click("text=Download PDF")
    download = caught.value
    assert download.suggested_filename.startswith("INV-") and download.suggested_filename.endswith(".pdf")
    data = Path(download.path()).read_bytes()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    for expected in (
        "TAX INVOICE",
        order,
        SUPPLIER_GSTIN,
        DEALER_GSTIN,
        "190230",
        "FREE (scheme MAGGI-10P1)",
        "10,700.00",
        "267.50",
        "11,235.00",
    ):
        assert expected in text, expected
