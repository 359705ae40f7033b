"""A stored invoice or credit note (models.Invoice) as a PDF, with fpdf2: A4 landscape, one table.

    pdf_bytes = render(doc)           # the file name: domain.invoices.pdf_name(doc.number)

Supplier and recipient with GSTIN and state, the place of supply, each line with its HSN, quantity,
rate, discount, taxable value, GST rate and CGST + SGST or IGST, free goods as lines at zero naming
their scheme, then the totals. Text is set in DejaVu Sans (it has ₹) with Lohit Devanagari as the
fallback for Hindi names, from Debian's fonts-dejavu and fonts-lohit-deva in /usr/share/fonts; where
DejaVu is missing the core Helvetica font is used, amounts are written 'Rs.' and characters it has no
glyph for become '?', so a PDF is always produced.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from domain.invoices import DocLine, financial_year
from domain.models import Invoice
from domain.money import fmt_inr

FONTS: Final = Path("/usr/share/fonts/truetype")
FONT_DIRS: Final = (FONTS / "dejavu", FONTS / "lohit-devanagari")
TITLES: Final = {"invoice": "TAX INVOICE", "credit_note": "CREDIT NOTE"}
# column title, width (mm), align; 277 mm between the margins of A4 landscape
COLUMNS: Final = (
    ("#", 8, "C"),
    ("Item", 66, "L"),
    ("HSN", 17, "L"),
    ("Qty", 20, "R"),
    ("Rate", 22, "R"),
    ("Discount", 20, "R"),
    ("Taxable", 24, "R"),
    ("GST %", 12, "R"),
    ("CGST", 20, "R"),
    ("SGST", 20, "R"),
    ("IGST", 20, "R"),
    ("Total", 28, "R"),
)


class _Pdf(FPDF):
    unicode = False
    body = "helvetica"

    def setup_fonts(self) -> None:
        dejavu = FONT_DIRS[0] / "DejaVuSans.ttf"
        bold = FONT_DIRS[0] / "DejaVuSans-Bold.ttf"
        lohit = FONT_DIRS[1] / "Lohit-Devanagari.ttf"
        if dejavu.exists() and bold.exists():
            self.add_font("body", "", str(dejavu))
            self.add_font("body", "B", str(bold))
            if lohit.exists():
                self.add_font("deva", "", str(lohit))
                self.set_fallback_fonts(["deva"], exact_match=False)
            self.unicode = True
            self.body = "body"
        else:
            self.body = "helvetica"

    def printable(self, value: str) -> str:
        """`value` as the font can print it."""
        if self.unicode:
            return value
        return value.replace("₹", "Rs.").encode("latin-1", "replace").decode("latin-1")

    def money(self, amount: Decimal) -> str:
        return self.printable(fmt_inr(amount))


def render(doc: Invoice) -> bytes:
    """The document as PDF bytes."""
    pdf = _Pdf(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.set_margins(10, 10, 10)
    pdf.setup_fonts()
    pdf.set_title(f"{TITLES.get(doc.kind, 'INVOICE')} {doc.number}")
    pdf.add_page()
    _heading(pdf, doc)
    _parties(pdf, doc.supplier, doc.recipient)
    _table(pdf, [DocLine.from_json(line) for line in doc.lines])
    _totals(pdf, doc)
    return bytes(pdf.output())


def _heading(pdf: _Pdf, doc: Invoice) -> None:
    pdf.set_font(pdf.body, "B", 16)
    pdf.cell(0, 9, pdf.printable(TITLES.get(doc.kind, "INVOICE")), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(pdf.body, "", 10)
    order = f"   Order: {doc.order.number}" if doc.order is not None else ""
    year = financial_year(doc.issued_on)
    line = f"No. {doc.number}   Date: {doc.issued_on:%d-%m-%Y}   Financial year {year}{order}"
    pdf.cell(0, 6, pdf.printable(line), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)


def _party_lines(party: dict[str, Any], supplier: bool) -> list[str]:
    name = party.get("name") or ("(supplier name: setting supplier_name)" if supplier else "")
    if not supplier and party.get("code"):
        name = f"{name} ({party['code']})"
    lines = [name]
    if party.get("address"):
        lines.append(str(party["address"]))
    lines.append(f"GSTIN: {party.get('gstin') or 'unregistered'}")
    state = party.get("state") or ""
    lines.append(f"State: {state} {party.get('state_name', '')}".rstrip() if state else "State: not known")
    return lines


def _parties(pdf: _Pdf, supplier: dict[str, Any], recipient: dict[str, Any]) -> None:
    top = pdf.get_y()
    half = 138
    sides = ((10, "Supplier", supplier, True), (10 + half, "Bill to", recipient, False))
    for x, title, party, is_supplier in sides:
        pdf.set_xy(x, top)
        pdf.set_font(pdf.body, "B", 10)
        pdf.cell(half, 6, pdf.printable(title), new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_font(pdf.body, "", 10)
        for text in _party_lines(party, is_supplier):
            pdf.cell(half, 5, pdf.printable(text), new_x=XPos.LEFT, new_y=YPos.NEXT)
    place = recipient.get("state") or ""
    pdf.set_xy(10, max(pdf.get_y(), top + 30))
    pdf.set_font(pdf.body, "", 10)
    where = "not known (taken as intra-state)"
    if place:
        where = f"{place} {recipient.get('state_name', '')}".strip()
    pdf.cell(0, 6, pdf.printable(f"Place of supply: {where}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)


def _row(pdf: _Pdf, cells: Sequence[str], bold: bool = False) -> None:
    pdf.set_font(pdf.body, "B" if bold else "", 8)
    for (_, width, align), text in zip(COLUMNS, cells, strict=True):
        pdf.cell(width, 6, pdf.printable(text), border=1, align=align)
    pdf.ln(6)


def _table(pdf: _Pdf, lines: Sequence[DocLine]) -> None:
    _row(pdf, [title for title, _, _ in COLUMNS], bold=True)
    for i, ln in enumerate(lines, start=1):
        qty = f"{ln.qty.normalize():f} {ln.uom}"
        if ln.free:
            name = f"FREE (scheme {ln.scheme}): {ln.name}"  # what it is first, the name cut if need be
            zero = pdf.money(Decimal(0))
            _row(pdf, [str(i), _fit(pdf, name, 66), ln.hsn, qty, zero, zero, zero, "0", *[zero] * 4])
            continue
        _row(
            pdf,
            [
                str(i),
                _fit(pdf, ln.name, 66),
                ln.hsn,
                qty,
                pdf.money(ln.rate),
                pdf.money(ln.discount),
                pdf.money(ln.taxable),
                f"{ln.gst_rate.normalize():f}",
                pdf.money(ln.cgst),
                pdf.money(ln.sgst),
                pdf.money(ln.igst),
                pdf.money(ln.total),
            ],
        )


def _fit(pdf: _Pdf, text: str, width: float) -> str:
    """`text` cut with '...' to fit a column."""
    pdf.set_font(pdf.body, "", 8)
    if pdf.get_string_width(pdf.printable(text)) <= width - 2:
        return text
    while text and pdf.get_string_width(pdf.printable(text + "...")) > width - 2:
        text = text[:-1]
    return text + "..."


def _totals(pdf: _Pdf, doc: Invoice) -> None:
    pdf.ln(3)
    rows = [("Taxable value", doc.taxable)]
    if doc.igst:
        rows.append(("IGST", doc.igst))
    else:
        rows += [("CGST", doc.cgst), ("SGST", doc.sgst)]
    rows.append(("Total", doc.total))
    for label, amount in rows:
        pdf.set_font(pdf.body, "B" if label == "Total" else "", 10)
        pdf.cell(217, 6, pdf.printable(label), align="R")
        pdf.cell(60, 6, pdf.money(amount), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.set_font(pdf.body, "", 8)
    notes = ["Free goods are supplied under the schemes named, at no charge."]
    if doc.kind == "credit_note":
        notes = ["Credit for goods claimed, against the dealer's account."]
    for note in notes:
        pdf.cell(0, 5, pdf.printable(note), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


__all__ = ["render"]
