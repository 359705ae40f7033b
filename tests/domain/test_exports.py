"""Accounting export: invoices and payments of a period as CSV and as Tally vouchers that balance."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from xml.etree import ElementTree as ET

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from domain.exports import (
    FreeGood,
    TallyLedgers,
    Voucher,
    accounting_csv,
    accounting_vouchers,
    export,
    tally_xml,
)
from domain.models import Dealer, Setting
from domain.orders import Actor
from domain.quote import LineRequest
from domain.reporting import ReportError
from domain.services.ledger import record_payment
from domain.services.orders import confirm_order, deliver, dispatch, invoice, place_order
from domain.uow import UnitOfWork
from tests.domain.demo_support import demo_factory, tax_invoice

D = Decimal
STAFF = Actor.staff("asha@example.com")
NOV_3, NOV_5, DEC_1 = date(2026, 11, 3), date(2026, 11, 5), date(2026, 12, 1)


@pytest.fixture
def factory(db_url: str) -> Iterator[sessionmaker[Session]]:
    yield from demo_factory(db_url)


def billed(factory: sessionmaker[Session], code: str, cases: int, on: date) -> tuple[str, Decimal, Decimal]:
    """An order of `cases` Maggi cases taken through to an invoice dated `on`: number, total, tax."""
    placed = place_order(UnitOfWork(factory), code, [LineRequest("MAG-MAS-70", D(cases), "case")],
                         Actor.dealer(code))
    number = placed.order.number
    confirm_order(UnitOfWork(factory), number, Actor.dealer(code))
    dispatch(UnitOfWork(factory), number, STAFF, on=on)  # the tax invoice, dated the day it bills
    deliver(UnitOfWork(factory), number, STAFF)
    done = invoice(UnitOfWork(factory), number, STAFF, on=on)
    return number, done.total, done.tax


def vouchers_of(xml_text: str) -> list[ET.Element]:
    root = ET.fromstring(xml_text)
    assert [c.tag for c in root] == ["HEADER", "BODY"]
    assert root.findtext("HEADER/TALLYREQUEST") == "Import Data"
    return root.findall("BODY/IMPORTDATA/REQUESTDATA/TALLYMESSAGE/VOUCHER")


def entries(voucher: ET.Element) -> list[tuple[str, str, Decimal]]:
    return [
        (e.findtext("LEDGERNAME") or "", e.findtext("ISDEEMEDPOSITIVE") or "", D(e.findtext("AMOUNT") or "x"))
        for e in voucher.findall("ALLLEDGERENTRIES.LIST")
    ]


def test_the_period_holds_its_invoices_and_payments_and_nothing_else(factory: sessionmaker[Session]) -> None:
    number, total, tax = billed(factory, "D06", 3, NOV_3)
    billed(factory, "D06", 1, DEC_1)  # after the period
    record_payment(UnitOfWork(factory), "D06", D("1000.55"), ref="UTR-77", on=NOV_5, by="asha")
    with factory() as session:
        found = accounting_vouchers(session, date(2026, 11, 1), date(2026, 11, 30))
    assert [(v.kind, v.on, v.number, v.amount, v.tax) for v in found] == [
        ("invoice", NOV_3, number, total, tax),
        ("payment", NOV_5, "UTR-77", D("1000.55"), D(0)),
    ]
    assert tax > 0 and found[0].sales == total - tax  # Maggi carries 5% GST


def test_tally_vouchers_balance_to_zero_with_the_dealer_as_party(factory: sessionmaker[Session]) -> None:
    number, total, tax = billed(factory, "D06", 3, NOV_3)
    record_payment(UnitOfWork(factory), "D06", D("1000.55"), ref="UTR-77", on=NOV_5, by="asha")
    with factory() as session, session.begin():
        session.add(Setting(key="tally_sales_ledger", value="Sales @ 5%"))
        session.add(Setting(key="tally_company", value="Agarwal & Sons Distributors"))
    with factory() as session:
        text, count = export(session, "tally", date(2026, 11, 1), date(2026, 11, 30))
    sale, receipt = vouchers_of(text)
    assert count == 2
    assert ET.fromstring(text).findtext("BODY/IMPORTDATA/REQUESTDESC/STATICVARIABLES/SVCURRENTCOMPANY") == (
        "Agarwal & Sons Distributors"
    )
    assert [sale.findtext(t) for t in ("DATE", "VOUCHERTYPENAME", "VOUCHERNUMBER", "PARTYLEDGERNAME")] == [
        "20261103", "Sales", tax_invoice(factory, number), "Sai Baba Super Market",
    ]
    assert sale.findtext("REFERENCE") == number and tax_invoice(factory, number).startswith("INV/")
    assert entries(sale) == [
        ("Sai Baba Super Market", "Yes", -total),
        ("Sales @ 5%", "No", total - tax),
        ("Output GST", "No", tax),
    ]
    assert [receipt.findtext(t) for t in ("DATE", "VOUCHERTYPENAME", "PARTYLEDGERNAME")] == [
        "20261105", "Receipt", "Sai Baba Super Market",
    ]
    assert entries(receipt) == [("Bank", "Yes", D("-1000.55")), ("Sai Baba Super Market", "No", D("1000.55"))]
    for voucher in (sale, receipt):
        assert sum(amount for _, _, amount in entries(voucher)) == 0


def test_the_csv_has_one_exact_row_per_voucher(factory: sessionmaker[Session]) -> None:
    number, total, tax = billed(factory, "D06", 3, NOV_3)
    record_payment(UnitOfWork(factory), "D06", D("1000.55"), ref="UTR-77", on=NOV_5, by="asha")
    with factory() as session:
        text, _ = export(session, "csv", date(2026, 11, 1), date(2026, 11, 30))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["type"], r["date"], r["number"], r["amount"], r["sales"], r["tax"]) for r in rows] == [
        ("invoice", "2026-11-03", number, f"{total:f}", f"{total - tax:f}", f"{tax:f}"),
        ("payment", "2026-11-05", "UTR-77", "1000.55", "", ""),
    ]
    assert rows[0]["due_date"] == "2026-12-03"  # credit_days defaults to 30
    assert [r["invoice_number"] for r in rows] == [tax_invoice(factory, number), ""]


# (dealer name, how it must come back out of the XML)
NAMES = [
    ("Shah & Sons <Pune>", "Shah & Sons <Pune>"),  # markup characters are escaped, not lost
    ('He said "ok" \'fine\'', 'He said "ok" \'fine\''),  # quotes too
    ("Bad\x01Name\x1f", "BadName"),  # control characters XML 1.0 cannot hold are dropped
    ("शर्मा ट्रेडर्स", "शर्मा ट्रेडर्स"),  # Hindi survives as UTF-8
]


@pytest.mark.parametrize(("name", "read_back"), NAMES)
def test_party_names_reach_tally_intact(name: str, read_back: str) -> None:
    voucher = Voucher("invoice", NOV_3, "SO-1001", "D01", name, D("105.00"), D("5.00"), None, "")
    (found,) = vouchers_of(tally_xml([voucher], TallyLedgers()))
    assert found.findtext("PARTYLEDGERNAME") == read_back
    assert entries(found)[0] == (read_back, "Yes", D("-105.00"))


def test_an_invoice_without_gst_has_no_tax_line() -> None:
    voucher = Voucher("invoice", NOV_3, "SO-1002", "D01", "Salt House", D("1950.00"), D(0), None, "")
    (found,) = vouchers_of(tally_xml([voucher]))
    assert entries(found) == [("Salt House", "Yes", D("-1950.00")), ("Sales", "No", D("1950.00"))]


def test_a_sale_billed_after_the_year_it_was_dispatched_in_is_booked_on_its_bill(
    factory: sessionmaker[Session],
) -> None:
    mar_31, apr_1 = date(2027, 3, 31), date(2027, 4, 1)
    number = place_order(UnitOfWork(factory), "D06", [LineRequest("MAG-MAS-70", D(2), "case")],
                         Actor.dealer("D06")).order.number
    confirm_order(UnitOfWork(factory), number, Actor.dealer("D06"))
    dispatch(UnitOfWork(factory), number, STAFF, on=mar_31)  # the tax invoice: INV/2026-27/...
    deliver(UnitOfWork(factory), number, STAFF)
    invoice(UnitOfWork(factory), number, STAFF, on=apr_1)  # billed in the next financial year
    with factory() as session:
        march = accounting_vouchers(session, date(2027, 3, 1), mar_31)
        april = accounting_vouchers(session, apr_1, date(2027, 4, 30))
    (sale,) = march
    assert (sale.on, sale.number, sale.invoice) == (mar_31, number, tax_invoice(factory, number))
    assert sale.invoice.startswith("INV/2026-27/") and april == []
    (voucher,) = vouchers_of(tally_xml(march))
    assert voucher.findtext("DATE") == "20270331"
    assert sale.due == date(2027, 5, 1)  # credit days run from the billing entry, as reminders chase it


def test_a_sale_is_numbered_by_its_tax_invoice_and_refers_to_its_order() -> None:
    issued = Voucher("invoice", NOV_3, "SO-1003", "D01", "Salt House", D("1950.00"), D(0), None, "",
                     invoice="INV/2026-27/0007")
    older = Voucher("invoice", NOV_3, "SO-0990", "D01", "Salt House", D("10.00"), D(0), None, "")
    sales = vouchers_of(tally_xml([issued, older]))
    numbered = [(v.findtext("VOUCHERNUMBER"), v.findtext("REFERENCE")) for v in sales]
    assert numbered == [("INV/2026-27/0007", "SO-1003"), ("SO-0990", "SO-0990")]
    rows = list(csv.DictReader(io.StringIO(accounting_csv([issued, older]))))
    assert [(r["number"], r["invoice_number"]) for r in rows] == [("SO-1003", "INV/2026-27/0007"),
                                                                   ("SO-0990", "")]


def test_csv_cells_that_look_like_formulas_are_defused() -> None:
    voucher = Voucher("payment", NOV_5, "=CMD()", "D01", "@evil", D("10.00"), D(0), None, "+1")
    row = list(csv.reader(io.StringIO(accounting_csv([voucher]))))[1]
    assert (row[2], row[4], row[9]) == ("'=CMD()", "'@evil", "'+1")


# (format, start, end, error)
BAD = [
    ("pdf", NOV_3, NOV_5, "export format 'pdf' is not one of csv, tally"),
    ("csv", NOV_5, NOV_3, "ends (2026-11-03) before it starts (2026-11-05)"),
]


@pytest.mark.parametrize(("fmt", "start", "end", "error"), BAD)
def test_a_bad_request_is_refused_by_name(
    factory: sessionmaker[Session], fmt: str, start: date, end: date, error: str
) -> None:
    with factory() as session, pytest.raises(ReportError) as caught:
        export(session, fmt, start, end)
    assert error in str(caught.value)
    with factory() as session:
        assert session.scalar(sa.select(sa.func.count(Dealer.id))) == 10  # nothing was touched


# --- free goods (issue 12, item 1): they travel with their invoice at zero value ---------------------

MAGGI = "Maggi 2-Minute Masala Noodles 70g"


def inventory(voucher: ET.Element) -> list[tuple[str, str, str, str, str, str]]:
    """Each inventory entry: stock item, actual qty, billed qty, rate, amount, ledger it is allocated to."""
    return [
        (
            e.findtext("STOCKITEMNAME") or "",
            e.findtext("ACTUALQTY") or "",
            e.findtext("BILLEDQTY") or "",
            e.findtext("RATE") or "",
            e.findtext("AMOUNT") or "",
            e.findtext("ACCOUNTINGALLOCATIONS.LIST/LEDGERNAME") or "",
        )
        for e in voucher.findall("ALLINVENTORYENTRIES.LIST")
    ]


def test_the_csv_lists_an_invoices_free_goods_under_it_at_zero(factory: sessionmaker[Session]) -> None:
    number, total, tax = billed(factory, "D06", 10, NOV_3)  # MAGGI-10P1: every 10 cases, 1 case free
    with factory() as session:
        text, count = export(session, "csv", date(2026, 11, 1), date(2026, 11, 30))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert count == 1  # vouchers: the free goods are rows of their invoice, not vouchers of their own
    assert [(r["type"], r["number"], r["amount"], r["sales"], r["tax"]) for r in rows] == [
        ("invoice", number, f"{total:f}", f"{total - tax:f}", f"{tax:f}"),
        ("free_goods", number, "0.00", "0.00", "0.00"),
    ]
    assert [rows[1][c] for c in ("date", "dealer_code", "sku", "item", "qty", "uom", "scheme")] == [
        "2026-11-03", "D06", "MAG-MAS-70", MAGGI, "1", "case", "MAGGI-10P1",
    ]
    assert [rows[0][c] for c in ("sku", "qty", "scheme")] == ["", "", ""]  # the invoice row has none


def test_the_tally_sale_carries_free_goods_as_unbilled_stock_and_still_balances(
    factory: sessionmaker[Session],
) -> None:
    number, total, tax = billed(factory, "D06", 10, NOV_3)
    with factory() as session:
        text, _ = export(session, "tally", date(2026, 11, 1), date(2026, 11, 30))
    (sale,) = vouchers_of(text)
    assert entries(sale) == [  # the money is as before: free goods add nothing
        ("Sai Baba Super Market", "Yes", -total),
        ("Sales", "No", total - tax),
        ("Output GST", "No", tax),
    ]
    assert sum(amount for _, _, amount in entries(sale)) == 0
    assert inventory(sale) == [(MAGGI, "1 case", "0 case", "0.00/case", "0.00", "Sales")]
    assert "MAGGI-10P1" in (sale.findtext("ALLINVENTORYENTRIES.LIST/BASICUSERDESCRIPTION.LIST/"
                                          "BASICUSERDESCRIPTION") or "")


# (free goods of one invoice, Tally's inventory entries, CSV rows of type free_goods: sku, qty, uom, scheme)
FREE = [
    ((), [], []),  # no scheme gave anything: no inventory entry, no extra row
    (
        (FreeGood("MAG-MAS-70", MAGGI, D(2), "case", "MAGGI-10P1"),
         FreeGood("RIN-BAR-250", "Rin & Co <bar>", D("12"), "pc", "EASYWASH-RIN")),
        [(MAGGI, "2 case", "0 case", "0.00/case", "0.00", "Sales"),
         ("Rin & Co <bar>", "12 pc", "0 pc", "0.00/pc", "0.00", "Sales")],  # names escaped, read back intact
        [("MAG-MAS-70", "2", "case", "MAGGI-10P1"), ("RIN-BAR-250", "12", "pc", "EASYWASH-RIN")],
    ),
    (
        (FreeGood("=HYPERLINK()", "@evil", D("0.5"), "kg", "+SCHEME"),),
        [("@evil", "0.5 kg", "0 kg", "0.00/kg", "0.00", "Sales")],
        [("'=HYPERLINK()", "0.5", "kg", "'+SCHEME")],  # spreadsheet formulas defused in the CSV
    ),
]


@pytest.mark.parametrize(("free", "tally", "rows"), FREE)
def test_free_goods_of_a_voucher_reach_both_formats(
    free: tuple[FreeGood, ...], tally: list[tuple[str, ...]], rows: list[tuple[str, ...]]
) -> None:
    voucher = Voucher("invoice", NOV_3, "SO-1001", "D01", "Salt House", D("105.00"), D("5"), None, "", free)
    (found,) = vouchers_of(tally_xml([voucher]))
    assert inventory(found) == tally
    assert sum(amount for _, _, amount in entries(found)) == 0
    read = list(csv.DictReader(io.StringIO(accounting_csv([voucher]))))
    assert [r["type"] for r in read] == ["invoice"] + ["free_goods"] * len(free)
    assert [(r["sku"], r["qty"], r["uom"], r["scheme"]) for r in read[1:]] == rows
    assert all(r["amount"] == "0.00" and r["number"] == "SO-1001" for r in read[1:])
