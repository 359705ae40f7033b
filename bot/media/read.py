"""A fetched file -> `Reading`: its order lines as text, how they were read, and why not when not.

    read(fetched) -> Reading(kind, lines, confidences, why)
    unsure(reading, parse_line) -> why an OCR reading may not be booked without a person ([] when sure)

`kind` is "image", "pdf" or "sheet"; `confidences` (0-100, one a line) is set when the lines were
read by OCR (a photo, a scanned PDF); `why` is set when nothing can be read (no header row, no text,
Tesseract missing) and the file goes to a person.

An OCR reading is booked without a person only when every line was read with a confidence of at
least MIN_OCR_CONFIDENCE and parses alone as one sure order line (no line for review, nothing
unplaced, no note): a misread digit must never become a wrong quantity.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.media.fetch import HANDLED_TYPES, XLSX, Fetched
from bot.media.ocr import OcrRead, read_image
from bot.media.pdf import read_pdf
from bot.media.sheets import read_csv, read_xlsx
from nlu.types import ParsedMessage

MIN_OCR_CONFIDENCE = 80.0  # Tesseract's 0-100


@dataclass(frozen=True)
class Reading:
    kind: str  # image, pdf, sheet
    lines: tuple[str, ...]
    confidences: tuple[float, ...] = ()  # OCR only, one a line
    why: str = ""

    @property
    def ocr(self) -> bool:
        return self.kind == "image" or bool(self.confidences)


def _from_ocr(kind: str, reads: list[OcrRead]) -> Reading:
    why = next((r.why for r in reads if r.why), "")
    lines = tuple(ln for r in reads for ln in r.lines)
    return Reading(kind, tuple(ln.text for ln in lines), tuple(ln.confidence for ln in lines), why)


def read(fetched: Fetched) -> Reading:
    kind = HANDLED_TYPES[fetched.content_type]
    if kind == "image":
        return _from_ocr(kind, [read_image(fetched.data)])
    if kind == "pdf":
        pdf = read_pdf(fetched.data)
        if pdf.scans:
            return _from_ocr(kind, [read_image(scan) for scan in pdf.scans])
        return Reading(kind, pdf.lines, why=pdf.why)
    sheet = read_xlsx(fetched.data) if fetched.content_type == XLSX else read_csv(fetched.data)
    return Reading(kind, sheet.lines, why=sheet.why)


def unsure(reading: Reading, parse_line: Callable[[str], ParsedMessage]) -> list[str]:
    """Why the OCR lines of `reading` need a person (module doc); [] when every line is sure, or
    when the reading was not OCR (a sheet, a PDF's text: the parser's own questions apply)."""
    if not reading.ocr:
        return []
    why: list[str] = []
    for line, confidence in zip(reading.lines, reading.confidences, strict=True):
        if confidence < MIN_OCR_CONFIDENCE:
            why.append(f"line {line[:60]!r} read with OCR confidence {confidence:.0f}")
            continue
        parsed = parse_line(line)
        if len(parsed.lines) != 1 or parsed.lines[0].review or parsed.unmatched or parsed.notes:
            why.append(f"line {line[:60]!r} is not one sure order line")
    return why
