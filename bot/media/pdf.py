"""A PDF purchase order -> its text lines, from the text layer (pypdf), at most MAX_PAGES pages.

Only lines with a digit are kept: an order line has its quantity, while a title, a greeting or a
column heading has none ("Purchase order", "Item Qty Unit"). What is kept goes to the parser, which
sends what it cannot place (an address, a total) to a person as for typed text.

A PDF with no text layer (scanned pages) gives no lines but its page images (`scans`, the largest
image of each page), which read.py reads by OCR like a photo.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from typing import Any

MAX_PAGES = 10
MAX_LINES = 200


@dataclass(frozen=True)
class PdfRead:
    lines: tuple[str, ...]
    why: str = ""
    scans: tuple[bytes, ...] = ()  # a scanned PDF's page images (JPEG, PNG...), for OCR


def read_pdf(data: bytes) -> PdfRead:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings quote the file's insides
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return PdfRead((), "the PDF is locked with a password")
        pages = reader.pages[:MAX_PAGES]
        texts = [page.extract_text() or "" for page in pages]
        lines = [" ".join(line.split()) for text in texts for line in text.splitlines()]
        lines = [line for line in lines if any(c.isdigit() for c in line)][:MAX_LINES]
        if lines:
            return PdfRead(tuple(lines))
        scans = tuple(_page_image(page) for page in pages if page.images)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        return PdfRead((), f"the PDF could not be opened ({type(exc).__name__})")
    if not scans:
        return PdfRead((), "the PDF has no text with quantities in it, and no scanned page")
    return PdfRead((), "the PDF has no text layer (scanned pages)", scans)


def _page_image(page: Any) -> bytes:
    """The largest image of a page, as its image file's bytes."""
    largest = max(page.images, key=lambda image: len(image.data))
    return bytes(largest.data)
