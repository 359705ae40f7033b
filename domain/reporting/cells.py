"""Report rows as CSV cells: a header, Decimals as plain text, and text a spreadsheet will not run as a
formula."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal


def csv_rows(rows: Sequence[object], columns: Sequence[tuple[str, str]]) -> list[list[str]]:
    """A header and one row per item: `columns` are (heading, attribute); Decimals as plain text,
    text made safe for spreadsheets (`safe_cell`)."""
    out = [[heading for heading, _ in columns]]
    for row in rows:
        values = []
        for _, attr in columns:
            value = getattr(row, attr)
            if value is None:
                values.append("")
            elif isinstance(value, Decimal):
                values.append(f"{value:f}")
            else:
                values.append(safe_cell(str(value)))
        out.append(values)
    return out


def safe_cell(text: str) -> str:
    """Text a spreadsheet will not run as a formula: a leading = + - @ gets a quote in front.

    >>> safe_cell("=HYPERLINK(1)"), safe_cell("Shree Ganesh")
    ("'=HYPERLINK(1)", 'Shree Ganesh')
    """
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
