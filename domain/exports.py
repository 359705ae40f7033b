"""Accounting export: the period's invoices and payments, as CSV or as Tally XML vouchers.

    vouchers = accounting_vouchers(session, date(2026, 11, 1), date(2026, 11, 30))
    text = tally_xml(vouchers, TallyLedgers.from_settings(session))   # or accounting_csv(vouchers)

An invoice is a ledger entry of kind `invoice` dated in the period (by its
order's tax invoice, when it has one: see below); a payment one of kind
`payment`. An invoice's GST comes from its order (the ledger amount is the
order total, so sales = amount - tax). Reversals and credit
notes are not exported (they are listed by the dealer statement instead).

Tally vouchers (Tally's XML import: ENVELOPE/HEADER/BODY/IMPORTDATA/
REQUESTDATA/TALLYMESSAGE/VOUCHER) follow Tally's sign convention: a debit is
a negative AMOUNT with ISDEEMEDPOSITIVE Yes, a credit a positive AMOUNT with
ISDEEMEDPOSITIVE No, and every voucher's amounts add up to zero exactly.

    Sales    party (dealer) Dr total  |  sales ledger Cr total - tax  |  GST ledger Cr tax
             (once the supplier's state is set: CGST + SGST ledgers Cr, or the IGST ledger Cr)
             + one inventory entry per free good: ACTUALQTY the free quantity, BILLEDQTY 0, AMOUNT 0
    Receipt  bank Dr amount           |  party (dealer) Cr amount

Free goods (the order's `order_free_goods`, given by a scheme) travel with the
invoice at zero value: in Tally as stock going out that is not billed (actual
quantity above billed quantity, Tally's way of taking a free quantity), so stock
and the dealer's bill both come out right; in the CSV as rows of type
`free_goods` under their invoice, amount 0.00, with sku, item, qty, uom, scheme.
docs/exports.md has both formats column by column.

A Sales voucher is numbered and dated as the tax invoice issued for its order ('INV/2026-27/0001',
domain/invoices.py, issued at dispatch), the number and date the dealer's bill and the GST returns
carry, with the order number as its REFERENCE; the period is chosen by that date too. An invoice
entry whose order has no tax invoice (one booked before documents were issued) keeps the order
number and the entry's date. The CSV's last column, invoice_number, is the same. The due date
stays the ledger's (credit days from the billing entry), the one reminders chase.

GST: with the setting `supplier_state` (or `supplier_gstin`) set, an invoice's tax
is split line by line as domain/gst.py says (the order's own line taxes, so the
parts add up to its tax): same state as the dealer's place of supply (his `state`,
else his GSTIN's) or his state unknown -> CGST + SGST ledgers, another state ->
IGST ledger; the voucher names the dealer's GSTIN (PARTYGSTIN) and the place of
supply (PLACEOFSUPPLY, the state's name). Without a supplier state the tax is one
GST ledger line, as before. The CSV gains cgst, sgst, igst, place_of_supply, gstin.

Ledger names come from settings `tally_sales_ledger` (Sales), `tally_tax_ledger`
(Output GST), `tally_cgst_ledger` (Output CGST), `tally_sgst_ledger` (Output SGST),
`tally_igst_ledger` (Output IGST), `tally_bank_ledger` (Bank) and `tally_company`
(empty: the company open in Tally); the party ledger is the dealer's name. Names are escaped by the
XML writer, so a dealer called "Shah & Sons <Pune>" reaches Tally intact.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final
from xml.etree import ElementTree as ET

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from domain.gst import STATES, TaxSplit
from domain.models import Dealer, Invoice, LedgerEntry, Order, OrderFreeGood, OrderLine, Sku
from domain.money import ZERO, money_str
from domain.reporting import ReportError, safe_cell
from domain.services.credit import setting
from domain.services.gst import place_of_supply, split_for, supplier
from domain.services.stock import qty_str

FORMATS: Final = ("csv", "tally")
_NOT_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
CSV_COLUMNS: Final = tuple(
    "type date number dealer_code dealer_name amount sales tax due_date note sku item qty uom scheme "
    "cgst sgst igst place_of_supply gstin invoice_number".split()
)
FREE_COLUMNS: Final = 5  # sku .. scheme: blank on invoice and payment rows
GST_COLUMNS: Final = 5  # cgst .. gstin: blank on payment and free_goods rows


@dataclass(frozen=True)
class FreeGood:
    """Goods a scheme gave with the invoiced order, shipped at no charge."""

    sku: str
    name: str
    qty: Decimal
    uom: str
    scheme: str  # the scheme's code


@dataclass(frozen=True)
class Voucher:
    kind: str  # "invoice" | "payment"
    on: date
    number: str  # the invoice's order number, the payment's reference ('' when none)
    dealer_code: str
    dealer_name: str
    amount: Decimal  # positive rupees: what was billed or paid
    tax: Decimal  # GST inside `amount` (invoices; 0 for payments)
    due: date | None
    note: str
    free: tuple[FreeGood, ...] = ()  # invoices: the order's free goods
    split: TaxSplit | None = None  # invoices: CGST + SGST or IGST of `tax`; None: not split
    gstin: str = ""  # the dealer's GSTIN ('' = unregistered)
    place: str | None = None  # the place of supply's state code, when known
    invoice: str = ""  # invoices: the tax invoice's number ('INV/2026-27/0001'); '' when none was issued

    @property
    def sales(self) -> Decimal:
        return self.amount - self.tax


@dataclass(frozen=True)
class TallyLedgers:
    sales: str = "Sales"
    tax: str = "Output GST"
    bank: str = "Bank"
    company: str = ""
    cgst: str = "Output CGST"
    sgst: str = "Output SGST"
    igst: str = "Output IGST"

    @classmethod
    def from_settings(cls, session: Session) -> TallyLedgers:
        return cls(
            sales=setting(session, "tally_sales_ledger", cls.sales) or cls.sales,
            tax=setting(session, "tally_tax_ledger", cls.tax) or cls.tax,
            bank=setting(session, "tally_bank_ledger", cls.bank) or cls.bank,
            company=setting(session, "tally_company", cls.company),
            cgst=setting(session, "tally_cgst_ledger", cls.cgst) or cls.cgst,
            sgst=setting(session, "tally_sgst_ledger", cls.sgst) or cls.sgst,
            igst=setting(session, "tally_igst_ledger", cls.igst) or cls.igst,
        )


def accounting_vouchers(session: Session, start: date, end: date) -> list[Voucher]:
    """Invoices and payments dated `start`..`end` (both included), by date, invoices first on a day.

    An invoice whose order has a tax invoice is dated and numbered as that document (issued at
    dispatch, which may be days, or a financial year, before the entry billing it); others, and
    payments, as their ledger entry.
    """
    if end < start:
        raise ReportError(f"the export period ends ({end}) before it starts ({start})")
    document = aliased(Invoice)
    day = sa.func.coalesce(document.issued_on, LedgerEntry.entry_date)
    query = (
        sa.select(LedgerEntry, Dealer, Order.tax, document.number, day)
        .join(Dealer, LedgerEntry.dealer_id == Dealer.id)
        .outerjoin(Order, LedgerEntry.order_id == Order.id)
        .outerjoin(document, sa.and_(LedgerEntry.kind == "invoice", document.kind == "invoice",
                                     document.order_id == LedgerEntry.order_id))
        .where(LedgerEntry.kind.in_(("invoice", "payment")), day >= start, day <= end)
        .order_by(day, LedgerEntry.kind, LedgerEntry.id)
    )
    rows = session.execute(query).tuples().all()
    invoiced = {e.order_id for e, *_ in rows if e.kind == "invoice" and e.order_id}
    free = _free_goods(session, invoiced)
    line_taxes = _line_taxes(session, invoiced)
    split_on = supplier(session).state is not None
    out = []
    for entry, dealer, order_tax, document_number, on in rows:
        code, name = dealer.code, dealer.name
        invoice = entry.kind == "invoice"
        amount = entry.amount if invoice else -entry.amount
        tax = order_tax if invoice and order_tax is not None and order_tax <= amount else ZERO
        split = None
        if invoice and split_on and tax and entry.order_id:
            split = split_for(session, dealer, line_taxes.get(entry.order_id, ()))
            if split is not None and split.total != tax:
                split = None  # lines that do not add up to the order's tax: never split a wrong sum
        out.append(
            Voucher(
                kind=entry.kind,
                on=on,
                number=entry.reference or "",
                dealer_code=code,
                dealer_name=name,
                amount=amount,
                tax=tax,
                due=entry.due_date,
                note=entry.note,
                free=free.get(entry.order_id, ()) if invoice and entry.order_id else (),
                split=split,
                gstin=dealer.gstin or "",
                place=place_of_supply(dealer),
                invoice=document_number or "",
            )
        )
    return out


def _line_taxes(session: Session, order_ids: set[int]) -> dict[int, list[Decimal]]:
    """Each order's line taxes, by order id (the split is made line by line)."""
    if not order_ids:
        return {}
    query = (
        sa.select(OrderLine.order_id, OrderLine.tax)
        .where(OrderLine.order_id.in_(sorted(order_ids)))
        .order_by(OrderLine.order_id, OrderLine.line_no, OrderLine.id)
    )
    found: dict[int, list[Decimal]] = {}
    for order_id, tax in session.execute(query).tuples():
        found.setdefault(order_id, []).append(tax)
    return found


def _free_goods(session: Session, order_ids: set[int]) -> dict[int, tuple[FreeGood, ...]]:
    """The free goods of these orders, by order id, in the order they were given."""
    if not order_ids:
        return {}
    query = (
        sa.select(
            OrderFreeGood.order_id,
            Sku.sku,
            Sku.name,
            OrderFreeGood.qty,
            OrderFreeGood.uom,
            OrderFreeGood.scheme,
        )
        .join(Sku, OrderFreeGood.sku_id == Sku.id)
        .where(OrderFreeGood.order_id.in_(sorted(order_ids)))
        .order_by(OrderFreeGood.order_id, OrderFreeGood.id)
    )
    found: dict[int, list[FreeGood]] = {}
    for order_id, sku, name, qty, uom, scheme in session.execute(query).tuples():
        found.setdefault(order_id, []).append(FreeGood(sku, name, qty, uom, scheme))
    return {order_id: tuple(goods) for order_id, goods in found.items()}


def accounting_csv(vouchers: Sequence[Voucher]) -> str:
    """One row per voucher, then a `free_goods` row per free good of an invoice (amount 0.00);
    money with two decimals, text safe for spreadsheets."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for v in vouchers:
        writer.writerow(
            [
                v.kind,
                v.on.isoformat(),
                safe_cell(v.number),
                safe_cell(v.dealer_code),
                safe_cell(v.dealer_name),
                money_str(v.amount),
                money_str(v.sales) if v.kind == "invoice" else "",
                money_str(v.tax) if v.kind == "invoice" else "",
                v.due.isoformat() if v.due else "",
                safe_cell(v.note),
                *[""] * FREE_COLUMNS,
                *_gst_cells(v),
                safe_cell(v.invoice),
            ]
        )
        for f in v.free:
            writer.writerow(
                [
                    "free_goods",
                    v.on.isoformat(),
                    safe_cell(v.number),
                    safe_cell(v.dealer_code),
                    safe_cell(v.dealer_name),
                    money_str(ZERO),
                    money_str(ZERO),
                    money_str(ZERO),
                    "",
                    safe_cell(f"free under scheme {f.scheme}"),
                    safe_cell(f.sku),
                    safe_cell(f.name),
                    qty_str(f.qty),
                    safe_cell(f.uom),
                    safe_cell(f.scheme),
                    *[""] * GST_COLUMNS,
                    safe_cell(v.invoice),
                ]
            )
    return buffer.getvalue()


def _gst_cells(v: Voucher) -> list[str]:
    """cgst, sgst, igst, place_of_supply, gstin of an invoice row (blank when not split / not known)."""
    if v.kind != "invoice":
        return [""] * GST_COLUMNS
    split = v.split
    parts = [money_str(split.cgst), money_str(split.sgst), money_str(split.igst)] if split else ["", "", ""]
    return [*parts, v.place or "", safe_cell(v.gstin)]


def tally_xml(vouchers: Sequence[Voucher], ledgers: TallyLedgers | None = None) -> str:
    """The vouchers as one Tally import envelope (UTF-8 XML text)."""
    names = ledgers or TallyLedgers()
    envelope = ET.Element("ENVELOPE")
    header = ET.SubElement(envelope, "HEADER")
    _text(header, "TALLYREQUEST", "Import Data")
    importdata = ET.SubElement(ET.SubElement(envelope, "BODY"), "IMPORTDATA")
    desc = ET.SubElement(importdata, "REQUESTDESC")
    _text(desc, "REPORTNAME", "Vouchers")
    if names.company:
        _text(ET.SubElement(desc, "STATICVARIABLES"), "SVCURRENTCOMPANY", names.company)
    data = ET.SubElement(importdata, "REQUESTDATA")
    for v in vouchers:
        message = ET.SubElement(data, "TALLYMESSAGE", {"xmlns:UDF": "TallyUDF"})
        message.append(_voucher(v, names))
    ET.indent(envelope, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(envelope, encoding="unicode") + "\n"


def _voucher(v: Voucher, names: TallyLedgers) -> ET.Element:
    kind = "Sales" if v.kind == "invoice" else "Receipt"
    voucher = ET.Element("VOUCHER", {"VCHTYPE": kind, "ACTION": "Create"})
    _text(voucher, "DATE", v.on.strftime("%Y%m%d"))
    _text(voucher, "VOUCHERTYPENAME", kind)
    if v.invoice or v.number:  # a sale is booked under its tax invoice's number; the order is its reference
        _text(voucher, "VOUCHERNUMBER", v.invoice or v.number)
    if v.number:
        _text(voucher, "REFERENCE", v.number)
    _text(voucher, "PARTYLEDGERNAME", v.dealer_name)
    if v.kind == "invoice" and v.gstin:
        _text(voucher, "PARTYGSTIN", v.gstin)
    if v.kind == "invoice" and v.place in STATES:
        _text(voucher, "PLACEOFSUPPLY", STATES[v.place])
    _text(voucher, "NARRATION", _narration(v))
    if v.kind == "invoice":
        _entry(voucher, v.dealer_name, -v.amount, party=True)
        _entry(voucher, names.sales, v.sales)
        if v.split is not None:
            parts = ((names.cgst, v.split.cgst), (names.sgst, v.split.sgst), (names.igst, v.split.igst))
            for ledger, part in parts:
                if part:
                    _entry(voucher, ledger, part)
        elif v.tax:
            _entry(voucher, names.tax, v.tax)
        for f in v.free:
            _free_entry(voucher, f, names.sales)
    else:
        _entry(voucher, names.bank, -v.amount)
        _entry(voucher, v.dealer_name, v.amount, party=True)
    return voucher


def _entry(voucher: ET.Element, ledger: str, amount: Decimal, party: bool = False) -> None:
    """One ledger line: negative = debit (ISDEEMEDPOSITIVE Yes), positive = credit."""
    line = ET.SubElement(voucher, "ALLLEDGERENTRIES.LIST")
    _text(line, "LEDGERNAME", ledger)
    _text(line, "ISDEEMEDPOSITIVE", "Yes" if amount < 0 else "No")
    _text(line, "ISPARTYLEDGER", "Yes" if party else "No")
    _text(line, "AMOUNT", money_str(amount))


def _free_entry(voucher: ET.Element, free: FreeGood, sales: str) -> None:
    """A free good as Tally takes a free quantity: stock out (ACTUALQTY) not billed (BILLEDQTY 0),
    rate and amount 0, allocated to the sales ledger at 0 so the voucher still balances."""
    line = ET.SubElement(voucher, "ALLINVENTORYENTRIES.LIST")
    _text(line, "STOCKITEMNAME", free.name or free.sku)
    _text(line, "ISDEEMEDPOSITIVE", "No")
    _text(line, "RATE", f"0.00/{free.uom}")
    _text(line, "AMOUNT", money_str(ZERO))
    _text(line, "ACTUALQTY", f"{qty_str(free.qty)} {free.uom}")
    _text(line, "BILLEDQTY", f"0 {free.uom}")
    described = ET.SubElement(line, "BASICUSERDESCRIPTION.LIST", {"TYPE": "String"})
    _text(described, "BASICUSERDESCRIPTION", f"free under scheme {free.scheme} ({free.sku})")
    allocation = ET.SubElement(line, "ACCOUNTINGALLOCATIONS.LIST")
    _text(allocation, "LEDGERNAME", sales)
    _text(allocation, "ISDEEMEDPOSITIVE", "No")
    _text(allocation, "AMOUNT", money_str(ZERO))


def _narration(v: Voucher) -> str:
    if v.kind == "invoice":
        due = f", due {v.due.isoformat()}" if v.due else ""
        return f"{v.number or 'invoice'} for {v.dealer_code}{due}"
    ref = f" ref {v.number}" if v.number else ""
    return f"payment from {v.dealer_code}{ref}" + (f": {v.note}" if v.note else "")


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    """A child element holding `text` (escaped on writing; characters XML 1.0 cannot hold dropped)."""
    child = ET.SubElement(parent, tag)
    child.text = _NOT_XML.sub("", text)
    return child


def export(session: Session, fmt: str, start: date, end: date) -> tuple[str, int]:
    """The export file's text in `fmt` ('csv' or 'tally') and how many vouchers it holds."""
    if fmt not in FORMATS:
        raise ReportError(f"export format {fmt!r} is not one of {', '.join(FORMATS)}")
    vouchers = accounting_vouchers(session, start, end)
    if fmt == "csv":
        return accounting_csv(vouchers), len(vouchers)
    return tally_xml(vouchers, TallyLedgers.from_settings(session)), len(vouchers)
