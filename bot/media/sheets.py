"""An order sheet (XLSX or CSV) -> one order line of text per row: "<product> <qty> <unit>".

The header row is the first of the top HEADER_ROWS rows in which nlu.sheets finds a product and a
quantity column (by header words, English and Hinglish); every row under it with a product and a
quantity becomes a line, at most MAX_ROWS. A sheet without such a header is not guessed at.

>>> read_csv(b"Sr,Item Name,Qty,Unit\\n1,Maggi Masala,10,box\\n2,Tata Salt 1kg,5,\\n3,,,\\n")
SheetRead(lines=('Maggi Masala 10 box', 'Tata Salt 1kg 5'), why='')
>>> read_csv(b"Date,Amount\\n1-12,500\\n").why
'no product and quantity columns were found in the sheet'
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from nlu.sheets import SheetColumns, sheet_columns

NUMBER = re.compile(r"\d+\.\d+")
HEADER_ROWS = 10
MAX_ROWS = 200
NO_HEADER = "no product and quantity columns were found in the sheet"


@dataclass(frozen=True)
class SheetRead:
    lines: tuple[str, ...]
    why: str = ""  # why nothing was read ('' when lines were)


def _cell(value: Any) -> str:
    """A cell as a dealer would type it: 10.0 -> '10', dates and None -> ''."""
    if value is None or isinstance(value, (date, datetime)):
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        try:
            number = Decimal(str(value)).normalize()
        except InvalidOperation:
            return ""
        return f"{number:f}"
    text = " ".join(str(value).split())
    if NUMBER.fullmatch(text):  # a CSV's "5.0" as a sheet's 5.0
        return _cell(Decimal(text))
    return text


def lines_of(rows: Iterable[Sequence[Any]]) -> SheetRead:
    """The order lines of a table's rows (header found by nlu.sheets)."""
    columns: SheetColumns | None = None
    lines: list[str] = []
    for n, row in enumerate(rows):
        cells = [_cell(v) for v in row]
        if columns is None:
            if n >= HEADER_ROWS:
                break
            found = sheet_columns(cells)
            columns = found if found.found else None
            continue
        assert columns.product is not None and columns.qty is not None
        product = cells[columns.product] if columns.product < len(cells) else ""
        qty = cells[columns.qty] if columns.qty < len(cells) else ""
        unit = cells[columns.unit] if columns.unit is not None and columns.unit < len(cells) else ""
        if not product or not qty:
            continue
        lines.append(" ".join(part for part in (product, qty, unit) if part))
        if len(lines) >= MAX_ROWS:
            break
    if columns is None:
        return SheetRead((), NO_HEADER)
    if not lines:
        return SheetRead((), "the sheet has no rows with a product and a quantity")
    return SheetRead(tuple(lines))


def read_csv(data: bytes) -> SheetRead:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return lines_of(csv.reader(io.StringIO(text), dialect))


def read_xlsx(data: bytes) -> SheetRead:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a broken or foreign file in any of openpyxl's ways
        return SheetRead((), f"the spreadsheet could not be opened ({type(exc).__name__})")
    try:
        why = NO_HEADER
        for sheet in book.worksheets:
            read = lines_of(sheet.iter_rows(max_row=MAX_ROWS + HEADER_ROWS, values_only=True))
            if read.lines:
                return read
            why = read.why
        return SheetRead((), why)
    finally:
        book.close()
