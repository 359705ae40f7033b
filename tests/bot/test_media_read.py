"""Reading order files (bot/media: sheets, PDF text, OCR) and the sheet header words (nlu/sheets.py)."""

from __future__ import annotations

import doctest
import io
from decimal import Decimal

import pytest

from bot.media import ocr, sheets
from bot.media.fetch import Fetched
from bot.media.pdf import read_pdf
from bot.media.read import Reading, read, unsure
from bot.media.sheets import read_csv, read_xlsx
from nlu import sheets as header_words
from nlu.sheets import SheetColumns, sheet_columns
from nlu.types import ParsedLine, ParsedMessage, Unmatched
from tests.conftest import REQUIRE_SERVICES
from tests.media.files import csv_bytes, image_bytes, pdf_bytes, xlsx_bytes


def test_doctests() -> None:
    assert doctest.testmod(header_words).failed == 0
    assert doctest.testmod(sheets).failed == 0


@pytest.mark.parametrize(
    ("headers", "columns"),
    [
        (["Sr", "Item Name", "Qty", "Unit", "Rate"], SheetColumns(1, 2, 3)),
        (["Product", "Quantity"], SheetColumns(0, 1, None)),
        (["S.No", "Particulars", "Nos", "Packing"], SheetColumns(1, 2, 3)),
        (["saman", "kitna", "ikai"], SheetColumns(0, 1, 2)),
        (["माल", "मात्रा"], SheetColumns(0, 1, None)),
        (["Qty", "Description"], SheetColumns(1, 0, None)),
        (["Date", "Amount", "Balance"], SheetColumns(None, None, None)),
        (["Item", "Rate"], SheetColumns(0, None, None)),
    ],
)
def test_header_words_find_the_columns(headers: list[str], columns: SheetColumns) -> None:
    assert sheet_columns(headers) == columns


@pytest.mark.parametrize(
    ("rows", "lines", "why"),
    [
        (
            [["Item", "Qty", "Unit"], ["maggi", 10, "case"], ["parle g", 5.0, None]],
            ("maggi 10 case", "parle g 5"),
            "",
        ),
        (
            [["Order for May"], [], ["Product", "Quantity"], ["tata salt 1kg", 2.5]],
            ("tata salt 1kg 2.5",),
            "",
        ),
        ([["Item", "Qty"], ["maggi", None], [None, 4]], (), "no rows with a product and a quantity"),
        ([["Date", "Amount"], ["1-12", 500]], (), "no product and quantity columns"),
    ],
)
def test_sheets_read_row_by_row(rows: list[list[object]], lines: tuple[str, ...], why: str) -> None:
    for sheet in (read_xlsx(xlsx_bytes(rows)), read_csv(csv_bytes(rows))):
        assert sheet.lines == lines
        assert why in sheet.why if why else sheet.why == ""


def test_a_broken_spreadsheet_is_not_read() -> None:
    assert "could not be opened" in read_xlsx(b"PK\x03\x04 not a zip").why


def test_a_semicolon_csv_in_windows_encoding() -> None:
    data = "Artikel;Menge\nmaggi;10\n".replace("Artikel", "Item").replace("Menge", "Qty").encode("cp1252")
    assert read_csv(data).lines == ("maggi 10",)


def test_a_pdf_text_layer_keeps_the_lines_with_numbers() -> None:
    read = read_pdf(pdf_bytes(["Purchase order", "Shree Ganesh Kirana", "maggi 10 case", "parle g 5 case"]))
    assert read.lines == ("maggi 10 case", "parle g 5 case")


@pytest.mark.parametrize(
    ("data", "why"),
    [(b"%PDF-1.4 broken", "could not be opened"), (pdf_bytes([]), "no text with quantities in it")],
    ids=["broken", "empty"],
)
def test_a_pdf_that_cannot_be_read(data: bytes, why: str) -> None:
    assert why in read_pdf(data).why


def _tesseract() -> None:
    why = ocr.missing()
    if why and REQUIRE_SERVICES:
        pytest.fail(f"{why}; ORDERBOT_REQUIRE_SERVICES=1 makes this a failure", pytrace=False)
    if why:
        pytest.skip(why)


@pytest.mark.parametrize(("skew", "quality"), [(0.0, 90), (-4.0, 60), (4.5, 40)])
def test_a_typed_list_photo_keeps_its_lines(skew: float, quality: int) -> None:
    _tesseract()
    read = ocr.read_image(image_bytes(["maggi 10 case", "parle g 5 case", "tata salt 3 bag"], skew, quality))
    assert [ln.text for ln in read.lines] == ["maggi 10 case", "parle g 5 case", "tata salt 3 bag"]
    if skew == 0.0:  # a clean straight photo reads sure; a skewed JPEG may read a line less sure (review)
        assert all(ln.confidence >= 80 for ln in read.lines)


def test_not_an_image() -> None:
    _tesseract()
    assert "could not be opened" in ocr.read_image(b"not an image").why


def test_a_scanned_pdf_is_read_by_ocr() -> None:
    _tesseract()
    from PIL import Image

    photo = Image.open(io.BytesIO(image_bytes(["maggi 10 case", "tata salt 3 bag"], skew=1.5, quality=80)))
    out = io.BytesIO()
    photo.save(out, "PDF", resolution=150)
    scanned = read_pdf(out.getvalue())
    assert scanned.lines == () and len(scanned.scans) == 1
    reading = read(Fetched("u", "application/pdf", out.getvalue()))
    assert reading.lines == ("maggi 10 case", "tata salt 3 bag") and reading.ocr


def _parsed(lines: int = 1, review: str = "", unmatched: int = 0) -> ParsedMessage:
    line = ParsedLine(
        "MAG-MAS-70", Decimal(10), "case", 0.99, "maggi 10 case", (0, 13), "alias", review=review
    )
    stray = Unmatched("zz", (0, 2))
    return ParsedMessage(intent="order", lines=(line,) * lines, unmatched=(stray,) * unmatched)


@pytest.mark.parametrize(
    ("reading", "parsed", "why"),
    [
        (Reading("image", ("maggi 10 case",), (95.0,)), _parsed(), ""),
        (Reading("image", ("maggi 10 case",), (79.0,)), _parsed(), "OCR confidence 79"),
        (Reading("image", ("maggi 10 case",), (95.0,)), _parsed(review="fuzzy"), "not one sure order line"),
        (Reading("image", ("maggi 10 case",), (95.0,)), _parsed(lines=2), "not one sure order line"),
        (Reading("image", ("maggi 10 case",), (95.0,)), _parsed(unmatched=1), "not one sure order line"),
        (Reading("image", ("maggi 10 case",), (95.0,)), _parsed(lines=0), "not one sure order line"),
        (Reading("sheet", ("maggi 10 case",)), _parsed(review="fuzzy"), ""),  # the parser's questions apply
    ],
)
def test_an_ocr_reading_is_booked_only_when_every_line_is_sure(
    reading: Reading, parsed: ParsedMessage, why: str
) -> None:
    doubts = unsure(reading, lambda line: parsed)
    assert (why in doubts[0]) if why else doubts == []


@pytest.mark.parametrize("side", [8000, 20000])  # 64 and 400 megapixels: refused, never decoded
def test_a_huge_image_is_refused(side: int) -> None:
    _tesseract()
    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (side, side), 1).save(out, "PNG")
    assert "larger than 40 megapixels" in ocr.read_image(out.getvalue()).why
