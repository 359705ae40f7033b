"""GST split of real orders (issue 12, item 2), hand-worked: an intra-state and an inter-state dealer each
order 10 cases of Maggi (MAGGI-10P1: 1 case free) and 11 cases of Parle-G 50g (PARLE-QPS: 2% off), and
the quote, the order, and `orderbot export --format tally` for the month carry CGST + SGST or IGST.

The supplier (settings) is in Maharashtra (27). D01 (tier A) is in Maharashtra by his `state` column;
D02 (tier B) has a Gujarat GSTIN (24...) and no state: his place of supply comes from the GSTIN.

D01, tier A prices:
    Maggi    10 case x 1070.00 = 10700.00, no discount, net 10700.00, tax 5% = 535.00
    Parle-G  11 case x  630.00 =  6930.00, 2% = 138.60,  net  6791.40, tax 5% = 339.57
    gross 17630.00, discount 138.60, tax 874.57, total 18365.97, sales (total - tax) 17491.40
    CGST = 267.50 + 169.79 (339.57 / 2 = 169.785, half up) = 437.29; SGST = 267.50 + 169.78 = 437.28
D02, tier B prices:
    Maggi    10 case x 1085.00 = 10850.00, no discount, net 10850.00, tax 5% = 542.50
    Parle-G  11 case x  640.00 =  7040.00, 2% = 140.80,  net  6899.20, tax 5% = 344.96
    gross 17890.00, discount 140.80, tax 887.46, total 18636.66, sales 17749.20; IGST 887.46
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import main
from domain.gst import TaxSplit
from domain.models import Dealer, Setting
from domain.orders import Actor
from domain.quote import LineRequest
from domain.services.orders import confirm_order, deliver, dispatch, invoice, place_order
from domain.services.quoting import quote_for
from domain.uow import UnitOfWork
from tests.domain.demo_support import demo_factory, tax_invoice

D = Decimal
STAFF = Actor.staff("asha@example.com")
SUPPLIER_GSTIN = "27AAPFU0939F1ZV"
GUJARAT_GSTIN = "24AAACG1234A1ZK"
ORDER = [LineRequest("MAG-MAS-70", D(10), "case"), LineRequest("PAR-G-50", D(11), "case")]
MAGGI = "Maggi 2-Minute Masala Noodles 70g"

# dealer, (gross, discount, tax, total), split, place of supply
HAND_WORKED = [
    (
        "D01",
        ("17630.00", "138.60", "874.57", "18365.97"),
        TaxSplit(D("437.29"), D("437.28"), D("0.00")),
        "27",
    ),
    ("D02", ("17890.00", "140.80", "887.46", "18636.66"), TaxSplit(D("0.00"), D("0.00"), D("887.46")), "24"),
]


def gst_setup(factory: sessionmaker[Session]) -> None:
    with factory() as session, session.begin():
        session.add(Setting(key="supplier_gstin", value=SUPPLIER_GSTIN))
        session.add(Setting(key="supplier_state", value="Maharashtra"))
        d01 = session.scalars(sa.select(Dealer).where(Dealer.code == "D01")).one()
        d01.state = "27"
        d02 = session.scalars(sa.select(Dealer).where(Dealer.code == "D02")).one()
        d02.gstin = GUJARAT_GSTIN


@pytest.fixture
def factory(db_url: str) -> Iterator[sessionmaker[Session]]:
    for made in demo_factory(db_url):
        gst_setup(made)
        yield made


def billed(factory: sessionmaker[Session], code: str, on: date) -> str:
    number = place_order(UnitOfWork(factory), code, ORDER, Actor.dealer(code)).order.number
    confirm_order(UnitOfWork(factory), number, Actor.dealer(code))
    dispatch(UnitOfWork(factory), number, STAFF, on=on)
    deliver(UnitOfWork(factory), number, STAFF)
    invoice(UnitOfWork(factory), number, STAFF, on=on)
    return number


@pytest.mark.parametrize(("code", "totals", "split", "place"), HAND_WORKED)
def test_the_quote_carries_the_split_by_place_of_supply(
    factory: sessionmaker[Session], code: str, totals: tuple[str, ...], split: TaxSplit, place: str
) -> None:
    with factory() as session:
        quote = quote_for(session, code, ORDER, on=date(2026, 11, 3))
    assert tuple(str(x) for x in (quote.gross, quote.discount, quote.tax, quote.total)) == totals
    assert quote.tax_split == split and quote.place_of_supply == place
    assert [f.sku for f in quote.free_goods] == ["MAG-MAS-70"]  # free goods carry no tax
    gst = quote.to_contract()["gst"]
    assert gst == {
        "cgst": str(split.cgst),
        "sgst": str(split.sgst),
        "igst": str(split.igst),
        "place_of_supply": place,
    }


@pytest.mark.parametrize(("code", "totals", "split", "place"), HAND_WORKED)
def test_the_order_view_carries_the_same_split(
    factory: sessionmaker[Session], code: str, totals: tuple[str, ...], split: TaxSplit, place: str
) -> None:
    placed = place_order(UnitOfWork(factory), code, ORDER, Actor.dealer(code))
    assert str(placed.order.total) == totals[3]
    assert placed.order.tax_split == split
    assert placed.order.tax_split is not None and placed.order.tax_split.total == placed.order.tax


def test_without_a_supplier_state_nothing_is_split(db_url: str) -> None:
    for made in demo_factory(db_url):
        placed = place_order(UnitOfWork(made), "D01", ORDER, Actor.dealer("D01"))
        assert placed.order.tax_split is None
        with made() as session:
            assert "gst" not in quote_for(session, "D01", ORDER).to_contract()


def ledger_lines(voucher: ET.Element) -> list[tuple[str, str, str]]:
    return [
        (e.findtext("LEDGERNAME") or "", e.findtext("ISDEEMEDPOSITIVE") or "", e.findtext("AMOUNT") or "")
        for e in voucher.findall("ALLLEDGERENTRIES.LIST")
    ]


def test_the_months_tally_export_books_cgst_sgst_and_igst_as_worked_by_hand(
    factory: sessionmaker[Session], db_url: str, tmp_path: Path
) -> None:
    intra = billed(factory, "D01", date(2026, 11, 3))
    inter = billed(factory, "D02", date(2026, 11, 4))
    out = tmp_path / "nov.xml"
    assert (
        main(
            [
                "--db",
                db_url,
                "export",
                "--format",
                "tally",
                "--from",
                "2026-11-01",
                "--to",
                "2026-11-30",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    sale_d01, sale_d02 = ET.parse(out).getroot().iter("VOUCHER")
    assert [sale_d01.findtext(t) for t in ("VOUCHERNUMBER", "PARTYGSTIN", "PLACEOFSUPPLY")] == [
        tax_invoice(factory, intra),
        None,
        "Maharashtra",
    ]
    assert ledger_lines(sale_d01) == [
        ("Shree Ganesh Kirana", "Yes", "-18365.97"),
        ("Sales", "No", "17491.40"),
        ("Output CGST", "No", "437.29"),
        ("Output SGST", "No", "437.28"),
    ]
    assert [sale_d02.findtext(t) for t in ("VOUCHERNUMBER", "PARTYGSTIN", "PLACEOFSUPPLY")] == [
        tax_invoice(factory, inter),
        GUJARAT_GSTIN,
        "Gujarat",
    ]
    assert ledger_lines(sale_d02) == [
        ("Ganesh Traders", "Yes", "-18636.66"),
        ("Sales", "No", "17749.20"),
        ("Output IGST", "No", "887.46"),
    ]
    for sale in (sale_d01, sale_d02):  # the free case of Maggi travels at zero, the voucher balances
        assert sum(D(amount) for _, _, amount in ledger_lines(sale)) == 0
        assert [
            (i.findtext("STOCKITEMNAME"), i.findtext("ACTUALQTY"), i.findtext("BILLEDQTY"))
            for i in sale.findall("ALLINVENTORYENTRIES.LIST")
        ] == [(MAGGI, "1 case", "0 case")]


def test_ledger_names_come_from_settings_and_the_csv_carries_the_split(
    factory: sessionmaker[Session], db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    billed(factory, "D01", date(2026, 11, 3))
    billed(factory, "D02", date(2026, 11, 4))
    with factory() as session, session.begin():
        for key, value in (
            ("tally_cgst_ledger", "CGST Payable 2.5%"),
            ("tally_sgst_ledger", "SGST Payable 2.5%"),
            ("tally_igst_ledger", "IGST Payable 5%"),
        ):
            session.add(Setting(key=key, value=value))
    assert (
        main(["--db", db_url, "export", "--format", "tally", "--from", "2026-11-01", "--to", "2026-11-30"])
        == 0
    )
    sale_d01, sale_d02 = ET.fromstring(capsys.readouterr().out).iter("VOUCHER")
    assert [name for name, _, _ in ledger_lines(sale_d01)][2:] == ["CGST Payable 2.5%", "SGST Payable 2.5%"]
    assert [name for name, _, _ in ledger_lines(sale_d02)][2:] == ["IGST Payable 5%"]
    assert (
        main(["--db", db_url, "export", "--format", "csv", "--from", "2026-11-01", "--to", "2026-11-30"]) == 0
    )
    rows = [line.split(",") for line in capsys.readouterr().out.splitlines()]
    header = rows[0]
    invoices = [dict(zip(header, row, strict=True)) for row in rows[1:] if row[0] == "invoice"]
    assert [
        (r["tax"], r["cgst"], r["sgst"], r["igst"], r["place_of_supply"], r["gstin"]) for r in invoices
    ] == [
        ("874.57", "437.29", "437.28", "0.00", "27", ""),
        ("887.46", "0.00", "0.00", "887.46", "24", GUJARAT_GSTIN),
    ]
