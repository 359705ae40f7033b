"""Accounting export: the period's invoices and payments, as CSV or as Tally XML vouchers.

    vouchers = accounting_vouchers(session, date(2026, 11, 1), date(2026, 11, 30))
    text = tally_xml(vouchers, TallyLedgers.from_settings(session))   # or accounting_csv(vouchers)

An invoice is a ledger entry of kind `invoice` dated in the period; a payment
one of kind `payment`. An invoice's GST comes from its order (the ledger
amount is the order total, so sales = amount - tax). Reversals and credit
notes are not exported (they are listed by the dealer statement instead).

Tally vouchers (Tally's XML import: ENVELOPE/HEADER/BODY/IMPORTDATA/
REQUESTDATA/TALLYMESSAGE/VOUCHER) follow Tally's sign convention: a debit is
a negative AMOUNT with ISDEEMEDPOSITIVE Yes, a credit a positive AMOUNT with
ISDEEMEDPOSITIVE No, and every voucher's amounts add up to zero exactly.

    Sales    party (dealer) Dr total  |  sales ledger Cr total - tax  |  GST ledger Cr tax
    Receipt  bank Dr amount           |  party (dealer) Cr amount

Ledger names come from settings `tally_sales_ledger` (Sales), `tally_tax_ledger`
(Output GST), `tally_bank_ledger` (Bank) and `tally_company` (empty: the company
open in Tally); the party ledger is the dealer's name. Names are escaped by the
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
from sqlalchemy.orm import Session

from domain.models import Dealer, LedgerEntry, Order
from domain.money import ZERO, money_str
from domain.reporting import ReportError, safe_cell
from domain.services.credit import setting

FORMATS: Final = ("csv", "tally")
_NOT_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
CSV_COLUMNS: Final = (
    "type", "date", "number", "dealer_code", "dealer_name", "amount", "sales", "tax", "due_date", "note",
)


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

    @property
    def sales(self) -> Decimal:
        return self.amount - self.tax


@dataclass(frozen=True)
class TallyLedgers:
    sales: str = "Sales"
    tax: str = "Output GST"
    bank: str = "Bank"
    company: str = ""

    @classmethod
    def from_settings(cls, session: Session) -> TallyLedgers:
        return cls(
            sales=setting(session, "tally_sales_ledger", cls.sales) or cls.sales,
            tax=setting(session, "tally_tax_ledger", cls.tax) or cls.tax,
            bank=setting(session, "tally_bank_ledger", cls.bank) or cls.bank,
            company=setting(session, "tally_company", cls.company),
        )


def accounting_vouchers(session: Session, start: date, end: date) -> list[Voucher]:
    """Invoices and payments dated `start`..`end` (both included), by date, invoices first on a day."""
    if end < start:
        raise ReportError(f"the export period ends ({end}) before it starts ({start})")
    query = (
        sa.select(LedgerEntry, Dealer.code, Dealer.name, Order.tax)
        .join(Dealer, LedgerEntry.dealer_id == Dealer.id)
        .outerjoin(Order, LedgerEntry.order_id == Order.id)
        .where(
            LedgerEntry.kind.in_(("invoice", "payment")),
            LedgerEntry.entry_date >= start,
            LedgerEntry.entry_date <= end,
        )
        .order_by(LedgerEntry.entry_date, LedgerEntry.kind, LedgerEntry.id)
    )
    out = []
    for entry, code, name, order_tax in session.execute(query).tuples():
        invoice = entry.kind == "invoice"
        amount = entry.amount if invoice else -entry.amount
        tax = order_tax if invoice and order_tax is not None and order_tax <= amount else ZERO
        out.append(
            Voucher(
                kind=entry.kind,
                on=entry.entry_date,
                number=entry.reference or "",
                dealer_code=code,
                dealer_name=name,
                amount=amount,
                tax=tax,
                due=entry.due_date,
                note=entry.note,
            )
        )
    return out


def accounting_csv(vouchers: Sequence[Voucher]) -> str:
    """One row per voucher, money with two decimals, text safe for spreadsheets."""
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
            ]
        )
    return buffer.getvalue()


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
    if v.number:
        _text(voucher, "VOUCHERNUMBER", v.number)
        _text(voucher, "REFERENCE", v.number)
    _text(voucher, "PARTYLEDGERNAME", v.dealer_name)
    _text(voucher, "NARRATION", _narration(v))
    if v.kind == "invoice":
        _entry(voucher, v.dealer_name, -v.amount, party=True)
        _entry(voucher, names.sales, v.sales)
        if v.tax:
            _entry(voucher, names.tax, v.tax)
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
