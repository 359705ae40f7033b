"""Tax invoices and credit notes as documents: numbers per financial year, lines with their GST split.

Pure rules, no database (domain/services/invoices.py stores them, domain/invoice_pdf.py prints them).

Numbers run per Indian financial year (1 April to 31 March), one series per kind, four digits at
least, with no gaps: the service takes the next value of a counter row per series and year
(`counter_name`), in the transaction that stores the document, so a rolled-back document gives its
number back and two at once never share one.

    >>> financial_year(date(2026, 12, 6)), financial_year(date(2027, 3, 31)), financial_year(date(2027, 4, 1))
    ('2026-27', '2026-27', '2027-28')
    >>> doc_number("invoice", date(2026, 12, 6), 1), doc_number("credit_note", date(2027, 1, 2), 12)
    ('INV/2026-27/0001', 'CN/2026-27/0012')
    >>> counter_name("invoice", date(2026, 12, 6))
    'INV/2026-27'

A line's tax is what the order (or the credit) already charged; the document only splits it
(domain/gst.py), so the document's total is the order's total to the paisa. Free goods are lines of
their own at zero, with their scheme.

    >>> D = Decimal
    >>> line = doc_line("MAG-MAS-70", "Maggi", "190230", D(10), "case", D("1070.00"), D("10700.00"),
    ...                 D("0.00"), D("10700.00"), D(5), D("535.00"), "27", "27")
    >>> line.cgst, line.sgst, line.igst, line.total
    (Decimal('267.50'), Decimal('267.50'), Decimal('0.00'), Decimal('11235.00'))
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Final

from domain.gst import split
from domain.money import ZERO

PREFIXES: Final = {"invoice": "INV", "credit_note": "CN"}  # models.INVOICE_KINDS -> number prefix
MONEY_FIELDS: Final = ("rate", "gross", "discount", "taxable", "gst_rate", "cgst", "sgst", "igst")


@dataclass(frozen=True)
class DocLine:
    """One line of an invoice or credit note; money in rupees (Decimal), `qty` in `uom`."""

    sku: str
    name: str
    hsn: str
    qty: Decimal
    uom: str
    rate: Decimal  # unit price before GST
    gross: Decimal
    discount: Decimal
    taxable: Decimal  # gross - discount
    gst_rate: Decimal
    cgst: Decimal
    sgst: Decimal
    igst: Decimal
    free: bool = False  # goods a scheme gave: everything 0
    scheme: str = ""  # the scheme that gave them (free goods) or the discount schemes, comma-joined

    @property
    def tax(self) -> Decimal:
        return self.cgst + self.sgst + self.igst

    @property
    def total(self) -> Decimal:
        return self.taxable + self.tax

    def to_json(self) -> dict[str, Any]:
        """Plain JSON: money and quantities as text (exact), the rest as is."""
        out = asdict(self)
        for key in (*MONEY_FIELDS, "qty"):
            out[key] = f"{out[key]:f}"
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DocLine:
        values = dict(data)
        for key in (*MONEY_FIELDS, "qty"):
            values[key] = Decimal(str(values[key]))
        return cls(**values)


@dataclass(frozen=True)
class Totals:
    taxable: Decimal
    cgst: Decimal
    sgst: Decimal
    igst: Decimal

    @property
    def tax(self) -> Decimal:
        return self.cgst + self.sgst + self.igst

    @property
    def total(self) -> Decimal:
        return self.taxable + self.tax


def financial_year(on: date) -> str:
    """India's financial year of `on`, as written on invoices: '2026-27'."""
    start = on.year if on.month >= 4 else on.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def pdf_name(number: str) -> str:
    """The file name of a document: 'INV/2026-27/0001' -> 'INV-2026-27-0001.pdf'.

    >>> pdf_name("INV/2026-27/0001")
    'INV-2026-27-0001.pdf'
    """
    return number.replace("/", "-") + ".pdf"


def counter_name(kind: str, on: date) -> str:
    """The counter row of the series `kind` for the financial year of `on`: 'INV/2026-27'."""
    return f"{PREFIXES[kind]}/{financial_year(on)}"


def doc_number(kind: str, on: date, value: int) -> str:
    """The document number: 'INV/2026-27/0001' (more digits after 9999)."""
    return f"{counter_name(kind, on)}/{value:04d}"


def doc_line(
    sku: str,
    name: str,
    hsn: str,
    qty: Decimal,
    uom: str,
    rate: Decimal,
    gross: Decimal,
    discount: Decimal,
    taxable: Decimal,
    gst_rate: Decimal,
    tax: Decimal,
    supplier_state: str | None,
    place_of_supply: str | None,
    scheme: str = "",
) -> DocLine:
    """A charged line, its `tax` split by place of supply."""
    parts = split(tax, supplier_state, place_of_supply)
    return DocLine(
        sku,
        name,
        hsn,
        qty,
        uom,
        rate,
        gross,
        discount,
        taxable,
        gst_rate,
        parts.cgst,
        parts.sgst,
        parts.igst,
        scheme=scheme,
    )


def free_line(sku: str, name: str, hsn: str, qty: Decimal, uom: str, scheme: str) -> DocLine:
    """Goods a scheme gave: shipped and shown, charged nothing."""
    return DocLine(sku, name, hsn, qty, uom, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO, True, scheme)


def totals(lines: Iterable[DocLine]) -> Totals:
    """The document's taxable value and taxes: sums over its lines."""
    found = list(lines)
    return Totals(
        sum((ln.taxable for ln in found), ZERO),
        sum((ln.cgst for ln in found), ZERO),
        sum((ln.sgst for ln in found), ZERO),
        sum((ln.igst for ln in found), ZERO),
    )


__all__ = [
    "PREFIXES",
    "DocLine",
    "Totals",
    "counter_name",
    "doc_line",
    "doc_number",
    "financial_year",
    "free_line",
    "pdf_name",
    "totals",
]
