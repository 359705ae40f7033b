"""Tax invoices raised at dispatch (issue 12, item 3): numbered per financial year with no gaps and no
reuse, copying parties, HSN, lines, free goods and the tax split; the ledger's invoice entry stays at
the `invoiced` step; the PDF reads back with the number, GSTINs, HSN and totals.

The order is the hand-worked one of tests/domain/test_gst_orders.py: 10 cases of Maggi (1 free) and 11
of Parle-G at 2% off. D01 (Maharashtra, like the supplier): taxable 17491.40, CGST 437.29, SGST 437.28,
total 18365.97. D02 (Gujarat GSTIN): taxable 17749.20, IGST 887.46, total 18636.66.
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from contextlib import nullcontext
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfReader
from sqlalchemy.orm import Session, sessionmaker

from domain.invoice_pdf import render
from domain.invoices import counter_name, doc_number, financial_year
from domain.models import Invoice, LedgerEntry, Setting, Sku
from domain.orders import Actor
from domain.services.invoices import doc_lines, invoice_for_order
from domain.services.orders import confirm_order, deliver, dispatch, invoice, place_order
from domain.uow import UnitOfWork
from tests.domain.demo_support import demo_factory
from tests.domain.test_gst_orders import GUJARAT_GSTIN, ORDER, SUPPLIER_GSTIN, gst_setup

D = Decimal
STAFF = Actor.staff("asha@example.com")
NOV_3 = date(2026, 11, 3)


@pytest.fixture
def factory(db_url: str) -> Iterator[sessionmaker[Session]]:
    for made in demo_factory(db_url):
        gst_setup(made)
        with made() as session, session.begin():
            session.add(Setting(key="supplier_name", value="Agarwal & Sons Distributors"))
            session.add(Setting(key="supplier_address", value="12 Itwari Road, Nagpur"))
            for code, hsn in (("MAG-MAS-70", "190230"), ("PAR-G-50", "190590")):
                session.scalars(sa.select(Sku).where(Sku.sku == code)).one().hsn = hsn
        yield made


def confirmed(factory: sessionmaker[Session], code: str) -> str:
    number = place_order(UnitOfWork(factory), code, ORDER, Actor.dealer(code)).order.number
    confirm_order(UnitOfWork(factory), number, Actor.dealer(code))
    return number


# (date, the financial year, the first invoice number of that year)
YEARS = [
    (date(2026, 4, 1), "2026-27", "INV/2026-27/0001"),
    (date(2027, 3, 31), "2026-27", "INV/2026-27/0001"),
    (date(2027, 4, 1), "2027-28", "INV/2027-28/0001"),
    (date(2099, 12, 31), "2099-00", "INV/2099-00/0001"),
]


@pytest.mark.parametrize(("on", "year", "first"), YEARS)
def test_numbers_run_per_financial_year(on: date, year: str, first: str) -> None:
    assert financial_year(on) == year
    assert doc_number("invoice", on, 1) == first
    assert counter_name("credit_note", on) == f"CN/{year}"
    assert doc_number("invoice", on, 12345) == f"INV/{year}/12345"


def test_dispatch_raises_the_invoice_with_parties_hsn_lines_free_goods_and_split(
    factory: sessionmaker[Session],
) -> None:
    number = confirmed(factory, "D01")
    dispatch(UnitOfWork(factory), number, STAFF, on=NOV_3)
    with factory() as session:
        doc = invoice_for_order(session, number)
        assert doc is not None
        assert (doc.number, doc.kind, doc.issued_on) == ("INV/2026-27/0001", "invoice", NOV_3)
        assert doc.supplier == {
            "name": "Agarwal & Sons Distributors",
            "address": "12 Itwari Road, Nagpur",
            "gstin": SUPPLIER_GSTIN,
            "state": "27",
            "state_name": "Maharashtra",
        }
        assert (doc.recipient["code"], doc.recipient["gstin"], doc.recipient["state"]) == ("D01", "", "27")
        lines = [
            (ln.sku, ln.hsn, ln.qty, ln.taxable, ln.cgst, ln.sgst, ln.igst, ln.free, ln.scheme)
            for ln in doc_lines(doc)
        ]
        assert lines == [
            ("MAG-MAS-70", "190230", D(10), D("10700.00"), D("267.50"), D("267.50"), D("0.00"), False, ""),
            (
                "PAR-G-50",
                "190590",
                D(11),
                D("6791.40"),
                D("169.79"),
                D("169.78"),
                D("0.00"),
                False,
                "PARLE-QPS",
            ),
            ("MAG-MAS-70", "190230", D(1), D(0), D(0), D(0), D(0), True, "MAGGI-10P1"),
        ]
        assert (doc.taxable, doc.cgst, doc.sgst, doc.igst, doc.total) == (
            D("17491.40"),
            D("437.29"),
            D("437.28"),
            D("0.00"),
            D("18365.97"),
        )


def test_the_ledger_entry_stays_at_the_invoiced_step(factory: sessionmaker[Session]) -> None:
    number = confirmed(factory, "D02")
    dispatch(UnitOfWork(factory), number, STAFF, on=NOV_3)

    def invoice_entries() -> list[Decimal]:
        with factory() as session:
            return list(session.scalars(sa.select(LedgerEntry.amount).where(LedgerEntry.kind == "invoice")))

    assert invoice_entries() == []  # dispatched: the document exists, the dealer's balance is unchanged
    deliver(UnitOfWork(factory), number, STAFF)
    invoice(UnitOfWork(factory), number, STAFF, on=NOV_3)
    assert invoice_entries() == [D("18636.66")]
    with factory() as session:
        doc = invoice_for_order(session, number)
        assert doc is not None and (doc.igst, doc.total) == (D("887.46"), D("18636.66"))
        assert doc.recipient["gstin"] == GUJARAT_GSTIN


def test_numbers_follow_on_and_a_new_year_starts_again(factory: sessionmaker[Session]) -> None:
    first, second, third = (confirmed(factory, code) for code in ("D01", "D02", "D01"))
    dispatch(UnitOfWork(factory), first, STAFF, on=date(2027, 3, 31))
    dispatch(UnitOfWork(factory), second, STAFF, on=date(2027, 3, 31))
    dispatch(UnitOfWork(factory), third, STAFF, on=date(2027, 4, 1))
    with factory() as session:
        found = {o: (invoice_for_order(session, o) or Invoice()).number for o in (first, second, third)}
    assert found == {first: "INV/2026-27/0001", second: "INV/2026-27/0002", third: "INV/2027-28/0001"}


def test_a_dispatch_that_rolls_back_gives_its_number_back(factory: sessionmaker[Session]) -> None:
    first, second = confirmed(factory, "D01"), confirmed(factory, "D02")
    with pytest.raises(RuntimeError), UnitOfWork(factory) as uow:
        dispatch(uow.session, first, STAFF, on=NOV_3)
        raise RuntimeError("the van broke down")
    dispatch(UnitOfWork(factory), second, STAFF, on=NOV_3)
    with factory() as session:
        assert invoice_for_order(session, first) is None
        assert (invoice_for_order(session, second) or Invoice()).number == "INV/2026-27/0001"


@pytest.fixture
def pg_factory(postgres_url: str) -> Iterator[sessionmaker[Session]]:
    for made in demo_factory(postgres_url):
        gst_setup(made)
        yield made


@pytest.mark.postgres
@pytest.mark.parametrize("first_commits", [True, False])
def test_two_dispatches_at_once_never_share_or_skip_a_number_on_postgres(
    pg_factory: sessionmaker[Session], first_commits: bool
) -> None:
    first, second = confirmed(pg_factory, "D01"), confirmed(pg_factory, "D02")  # two dealers: no shared lock
    done: list[str] = []

    def other() -> None:
        dispatch(UnitOfWork(pg_factory), second, STAFF, on=NOV_3)
        done.append("second")

    thread = threading.Thread(target=other)
    with nullcontext() if first_commits else pytest.raises(RuntimeError), UnitOfWork(pg_factory) as uow:
        dispatch(uow.session, first, STAFF, on=NOV_3)  # holds the INV/2026-27 counter row until it ends
        thread.start()
        time.sleep(0.5)
        assert done == []  # the second dispatch waits for the first's number
        if not first_commits:
            raise RuntimeError("the first dispatch fails")
    thread.join(10)
    assert done == ["second"]
    with pg_factory() as session:
        numbers = {o: (invoice_for_order(session, o) or Invoice()).number for o in (first, second)}
    if first_commits:
        assert numbers == {first: "INV/2026-27/0001", second: "INV/2026-27/0002"}
    else:  # the number the first gave back is the second's: no gap
        assert numbers == {first: None, second: "INV/2026-27/0001"}


def test_the_pdf_reads_back_with_number_gstins_hsn_free_goods_and_totals(
    factory: sessionmaker[Session],
) -> None:
    intra, inter = confirmed(factory, "D01"), confirmed(factory, "D02")
    dispatch(UnitOfWork(factory), intra, STAFF, on=NOV_3)
    dispatch(UnitOfWork(factory), inter, STAFF, on=NOV_3)
    with factory() as session:
        texts = []
        for number in (intra, inter):
            doc = invoice_for_order(session, number)
            assert doc is not None
            data = render(doc)
            assert data.startswith(b"%PDF")
            texts.append(read_back(data))
    intra_text, inter_text = texts
    for expected in (
        "TAX INVOICE",
        "INV/2026-27/0001",
        SUPPLIER_GSTIN,
        "190230",
        "190590",
        "FREE (scheme MAGGI-10P1): Maggi",
        "437.29",
        "437.28",
        "17,491.40",
        "18,365.97",
        "GSTIN: unregistered",
        "27 Maharashtra",
        intra,
    ):
        assert expected in intra_text, expected
    for expected in ("INV/2026-27/0002", GUJARAT_GSTIN, "24 Gujarat", "887.46", "18,636.66", "IGST"):
        assert expected in inter_text, expected


# (fonts found, the recipient's name, what the text layer reads back)
FONTS = [
    (True, "शर्मा ट्रेडर्स", "₹18,365.97"),  # DejaVu has ₹; Lohit Devanagari prints the Hindi name
    (False, "शर्मा ट्रेडर्स", "Rs.18,365.97"),  # no fonts: Helvetica, 'Rs.', and '?' for what it cannot print
]


@pytest.mark.parametrize(("fonts", "name", "total"), FONTS)
def test_the_pdf_prints_rupees_and_hindi_names_or_falls_back(
    factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch, fonts: bool, name: str, total: str
) -> None:
    from domain import invoice_pdf

    number = confirmed(factory, "D01")
    dispatch(UnitOfWork(factory), number, STAFF, on=NOV_3)
    if not fonts:
        monkeypatch.setattr(invoice_pdf, "FONT_DIRS", (Path("/nonexistent"), Path("/nonexistent")))
    with factory() as session:
        doc = invoice_for_order(session, number)
        assert doc is not None
        doc.recipient = {**doc.recipient, "name": name}
        text = read_back(render(doc))
    assert total in text
    assert (name in text) if fonts else ("?" in text)


def read_back(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
