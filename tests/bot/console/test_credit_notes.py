"""Credit notes from claims (issue 12, item 3): approving a claim issues a numbered credit note
(CN/2026-27/0001, its own series per financial year) with the credited lines, HSN and the GST split;
the claim page offers its PDF and the dealer's approval message carries it as a signed link.

Hand-worked: D01 pays 1,070.00 a case of Maggi, GST 5%. One of the three cases claimed is approved:
1,070.00 + 53.50 GST = 1,123.50; the supplier and D01 in Maharashtra: CGST 26.75 + SGST 26.75; D01 with a
Gujarat GSTIN instead: IGST 53.50. The whole claim: 3,210.00 + 160.50 = 3,370.50 (CGST 80.25, SGST 80.25).
"""

from __future__ import annotations

import io
from dataclasses import replace
from decimal import Decimal

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from bot.models import OutboxMessage
from domain.invoices import financial_year, pdf_name
from domain.models import Dealer, Invoice, LedgerEntry, Setting, Sku
from domain.services.credit import today_local
from domain.services.invoices import credit_note_for_claim, doc_lines
from tests.bot.console.conftest import Console
from tests.bot.console.test_claims import claim

D = Decimal
BASE = "https://bot.example.com"
YEAR = financial_year(today_local())  # approvals on the console are dated today
GUJARAT_GSTIN = "24AAACG1234A1ZK"


@pytest.fixture
def gst(console: Console) -> Console:
    runtime = console.app.extensions["orderbot"]
    runtime.settings = replace(runtime.settings, public_base_url=BASE)
    with console.session() as session, session.begin():
        session.add(Setting(key="supplier_state", value="27"))
        session.scalars(sa.select(Dealer).where(Dealer.code == "D01")).one().state = "27"
        session.scalars(sa.select(Sku).where(Sku.sku == "MAG-MAS-70")).one().hsn = "190230"
    return console


def approve(console: Console, claim_id: int, data: dict[str, str]) -> None:
    answer = console.post(console.client("approver"), f"/console/claims/{claim_id}/approve", data)
    assert answer.status_code == 302


def note_of(console: Console, claim_id: int) -> Invoice:
    with console.session() as session:
        found = credit_note_for_claim(session, claim_id)
        assert found is not None
        return found


# (how the approval is given, the dealer's GSTIN, credited qty, taxable, CGST, SGST, IGST, total)
APPROVALS = [
    ("one", "", D(1), D("1070.00"), D("26.75"), D("26.75"), D("0.00"), D("1123.50")),
    ("whole", "", D(3), D("3210.00"), D("80.25"), D("80.25"), D("0.00"), D("3370.50")),
    ("one", GUJARAT_GSTIN, D(1), D("1070.00"), D("0.00"), D("0.00"), D("53.50"), D("1123.50")),
]


@pytest.mark.parametrize(("how", "gstin", "qty", "taxable", "cgst", "sgst", "igst", "total"), APPROVALS)
def test_approving_a_claim_issues_a_numbered_credit_note_with_the_split(
    gst: Console,
    how: str,
    gstin: str,
    qty: Decimal,
    taxable: Decimal,
    cgst: Decimal,
    sgst: Decimal,
    igst: Decimal,
    total: Decimal,
) -> None:
    if gstin:
        with gst.session() as session, session.begin():
            dealer = session.scalars(sa.select(Dealer).where(Dealer.code == "D01")).one()
            dealer.state, dealer.gstin = "", gstin
    filed = claim(gst)
    approve(gst, filed.id, {"whole": "1"} if how == "whole" else {f"qty-{filed.lines[0].id}": "1"})
    note = note_of(gst, filed.id)
    assert (note.number, note.kind) == (f"CN/{YEAR}/0001", "credit_note")  # a series apart from invoices
    [line] = doc_lines(note)
    assert (line.sku, line.hsn, line.qty, line.rate, line.taxable) == (
        "MAG-MAS-70",
        "190230",
        qty,
        D("1070.00"),
        taxable,
    )
    assert (note.taxable, note.cgst, note.sgst, note.igst, note.total) == (taxable, cgst, sgst, igst, total)
    with gst.session() as session:
        booked = session.scalars(sa.select(LedgerEntry.amount).where(LedgerEntry.kind == "credit_note")).one()
    assert booked == -total  # the document is the ledger's credit, to the paisa


def test_credit_notes_are_numbered_in_turn_and_a_rejection_gets_none(gst: Console) -> None:
    first, second, third = claim(gst), claim(gst), claim(gst)
    approve(gst, first.id, {"whole": "1"})
    answer = gst.post(gst.client("approver"), f"/console/claims/{second.id}/reject", {"reason": "no photo"})
    assert answer.status_code == 302
    approve(gst, third.id, {"whole": "1"})
    assert [note_of(gst, c.id).number for c in (first, third)] == [f"CN/{YEAR}/0001", f"CN/{YEAR}/0002"]
    with gst.session() as session:
        assert credit_note_for_claim(session, second.id) is None
    assert gst.client("ops").get(f"/console/claims/{second.id}/credit-note.pdf").status_code == 404


def test_the_claim_page_offers_the_pdf_and_the_dealer_is_sent_it(gst: Console) -> None:
    filed = claim(gst)
    approve(gst, filed.id, {f"qty-{filed.lines[0].id}": "1"})
    number = f"CN/{YEAR}/0001"
    page = gst.client("ops").get(f"/console/claims/{filed.id}").get_data(as_text=True)
    assert number in page and f"/console/claims/{filed.id}/credit-note.pdf" in page
    answer = gst.client("approver").get(f"/console/claims/{filed.id}/credit-note.pdf")
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(answer.data)).pages)
    for expected in ("CREDIT NOTE", number, "190230", "1,070.00", "26.75", "1,123.50"):
        assert expected in text, expected
    with gst.session() as session:
        row = session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.dedupe_key == f"claim:{filed.id}")
        ).one()
    assert row.media_url is not None and row.media_url.endswith("/" + pdf_name(number))
    assert f"Credit note *{number}* is attached." in row.body
    public = gst.client(None).get(row.media_url.removeprefix(BASE))
    assert public.status_code == 200 and number in " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(public.data)).pages
    )
