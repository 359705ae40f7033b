"""Tax invoices on the console and on WhatsApp (issue 12, item 3): the order page offers the PDF once the
order is dispatched, ops and approvers download it, and the dispatch message carries it as a media
message: a signed, expiring link under PUBLIC_BASE_URL that a public route serves and that refuses a
bad or expired signature.

The order: D01 (Maharashtra, like the supplier) buys 10 cases of Maggi at 1070.00 (tier A), 1 case free:
taxable 10700.00, CGST 267.50, SGST 267.50, total 11235.00.
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from bot import invoice_links
from bot.invoice_links import signed_url
from bot.models import OutboxMessage
from bot.outbound import TwilioSender
from domain.invoices import financial_year, pdf_name
from domain.models import Dealer, Setting, Sku
from domain.orders import Actor
from domain.quote import LineRequest
from domain.services.credit import today_local
from domain.services.orders import confirm_order, place_order
from domain.uow import UnitOfWork
from tests.bot.console.conftest import Console
from tests.support.fake_twilio import FakeTwilio
from tests.support.signing import TEST_FROM, TEST_SID, TEST_TOKEN

BASE = "https://bot.example.com"
SUPPLIER_GSTIN = "27AAPFU0939F1ZV"
DEALER_GSTIN = "27AAACG1234A1ZE"
INVOICE = f"INV/{financial_year(today_local())}/0001"  # the console dispatches today
FILE = pdf_name(INVOICE)
PDF = "/console/orders/{number}/invoice.pdf"


def read_pdf(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def confirmed(console: Console) -> str:
    """A confirmed order of D01 with GST set up (supplier, dealer GSTIN, HSN), PUBLIC_BASE_URL set."""
    runtime = console.app.extensions["orderbot"]
    runtime.settings = replace(runtime.settings, public_base_url=BASE)
    with console.session() as session, session.begin():
        session.add(Setting(key="supplier_gstin", value=SUPPLIER_GSTIN))
        session.add(Setting(key="supplier_name", value="Agarwal & Sons Distributors"))
        session.scalars(sa.select(Dealer).where(Dealer.code == "D01")).one().gstin = DEALER_GSTIN
        session.scalars(sa.select(Sku).where(Sku.sku == "MAG-MAS-70")).one().hsn = "190230"
    factory = runtime.sessions
    placed = place_order(
        UnitOfWork(factory), "D01", [LineRequest("MAG-MAS-70", Decimal(10), "case")], Actor.dealer("D01")
    )
    confirm_order(UnitOfWork(factory), placed.order.number, Actor.dealer("D01"))
    return placed.order.number


def dispatched(console: Console, number: str) -> list[dict[str, Any]]:
    """Dispatch `number` on the console; what the sender was asked to send (its keyword arguments)."""
    calls: list[dict[str, Any]] = []
    record = console.sender.send

    def send(to: str, body: str | None = None, **kw: Any) -> Any:
        calls.append({"to": to, "body": body, **kw})
        return record(to, body, **kw)

    console.sender.send = send  # type: ignore[method-assign]
    ops = console.client("ops")
    answer = console.post(ops, "/console/orders/move", {"number": number, "to": "dispatched", "reason": ""})
    assert answer.status_code == 302
    return calls


def test_the_invoice_is_offered_only_once_the_order_is_dispatched(console: Console, confirmed: str) -> None:
    ops = console.client("ops")
    assert ops.get(PDF.format(number=confirmed)).status_code == 404  # confirmed: no invoice yet
    assert "Download PDF" not in ops.get(f"/console/orders/{confirmed}").get_data(as_text=True)
    dispatched(console, confirmed)
    page = ops.get(f"/console/orders/{confirmed}").get_data(as_text=True)
    assert INVOICE in page and PDF.format(number=confirmed) in page


@pytest.mark.parametrize("role", ["ops", "approver", "admin"])
def test_staff_download_the_pdf_with_number_gstins_hsn_and_totals(
    console: Console, confirmed: str, role: str
) -> None:
    dispatched(console, confirmed)
    answer = console.client(role).get(PDF.format(number=confirmed))
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    assert f'filename="{FILE}"' in answer.headers["Content-Disposition"]
    text = read_pdf(answer.data)
    for expected in (
        INVOICE,
        confirmed,
        SUPPLIER_GSTIN,
        DEALER_GSTIN,
        "190230",
        "FREE (scheme MAGGI-10P1)",
        "10,700.00",
        "267.50",
        "11,235.00",
    ):
        assert expected in text, expected


def test_a_stranger_gets_no_pdf_from_the_console(console: Console, confirmed: str) -> None:
    dispatched(console, confirmed)
    answer = console.client(None).get(PDF.format(number=confirmed))
    assert answer.status_code == 302 and "/console/login" in answer.headers["Location"]


def test_the_dispatch_message_carries_the_pdf_as_a_signed_link(console: Console, confirmed: str) -> None:
    calls = dispatched(console, confirmed)
    with console.session() as session:
        row = session.scalars(sa.select(OutboxMessage).where(OutboxMessage.dedupe_key.like("order:%"))).one()
    assert row.media_url is not None and row.media_url.startswith(f"{BASE}/documents/")
    assert row.media_url.endswith(f"/{FILE}")
    assert f"Tax invoice *{INVOICE}* is attached." in row.body
    [call] = calls
    assert call["media_url"] == row.media_url  # the delivery hands the link to Twilio
    public = console.client(None).get(row.media_url.removeprefix(BASE))  # Twilio fetches it: no login
    assert public.status_code == 200 and public.mimetype == "application/pdf"
    assert INVOICE in read_pdf(public.data)


def test_the_public_route_refuses_a_bad_or_expired_signature(
    console: Console, confirmed: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    dispatched(console, confirmed)
    good = signed_url(BASE, "test-secret", INVOICE)
    assert good is not None
    path = good.removeprefix(BASE)
    token = path.split("/")[2]
    client = console.client(None)
    assert client.get(path).status_code == 200
    forged = signed_url(BASE, "another-secret", INVOICE)
    assert forged is not None
    refused = [
        forged.removeprefix(BASE),  # signed with another key
        path.replace(token, token[:-2] + ("AA" if not token.endswith("AA") else "BB")),  # tampered
        path.replace(FILE, FILE.replace("0001", "0002")),  # a name the token does not give
    ]
    for url in refused:
        assert client.get(url).status_code == 403, url
    unknown = signed_url(BASE, "test-secret", INVOICE.replace("0001", "0999"))
    assert unknown is not None and client.get(unknown.removeprefix(BASE)).status_code == 404
    monkeypatch.setattr(invoice_links, "LINK_MAX_AGE", timedelta(seconds=-1))
    assert client.get(path).status_code == 410  # expired


def test_without_public_base_url_the_message_goes_without_the_pdf(console: Console, confirmed: str) -> None:
    runtime = console.app.extensions["orderbot"]
    runtime.settings = replace(runtime.settings, public_base_url=None)
    calls = dispatched(console, confirmed)
    with console.session() as session:
        row = session.scalars(sa.select(OutboxMessage).where(OutboxMessage.dedupe_key.like("order:%"))).one()
    assert row.media_url is None and "attached" not in row.body
    assert "media_url" not in calls[0]


def test_twilio_is_sent_the_media_url(fake: FakeTwilio) -> None:
    link = f"{BASE}/documents/abc/INV-2026-27-0001.pdf"
    TwilioSender(TEST_SID, TEST_TOKEN, TEST_FROM, fake.base_url).send(
        "+919000000101", "Dispatched", media_url=link
    )
    [message] = fake.sent
    assert (message.body, message.media_urls) == ("Dispatched", (link,))
