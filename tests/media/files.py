"""Order files for tests, made here from text: a CSV, an XLSX, a PDF with a text layer, a photo-like image.

csv_bytes(rows), xlsx_bytes(rows), pdf_bytes(lines), image_bytes(lines, skew=2.0, quality=70)
"""

from __future__ import annotations

import csv
import io
import zlib
from collections.abc import Sequence
from typing import Any

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def csv_bytes(rows: Sequence[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def xlsx_bytes(rows: Sequence[Sequence[Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def pdf_bytes(lines: Sequence[str]) -> bytes:
    """A one-page PDF whose text layer holds `lines` (Helvetica), written by hand: no PDF writer needed."""
    text = (
        "BT /F1 14 Tf 50 780 Td 18 TL "
        + " ".join(f"({line.replace('(', '[').replace(')', ']')}) Tj T*" for line in lines)
        + " ET"
    )
    stream = zlib.compress(text.encode("latin-1"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def image_bytes(
    lines: Sequence[str],
    skew: float = 2.0,
    quality: int = 70,
    blur: float = 0.8,
    font: str = FONT,
    size: int = 34,
    noise: int = 0,
    fmt: str = "JPEG",
) -> bytes:
    """A photo-like picture of a typed list: grey paper with uneven light, skewed, blurred, JPEG."""
    import random

    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    face = ImageFont.truetype(font, size)
    width, height = 1000, 120 + len(lines) * int(size * 2.0)
    image = Image.new("L", (width, height), 230)
    draw = ImageDraw.Draw(image)
    for x in range(0, width, 20):  # light falling off to the right, as from a window
        draw.rectangle([x, 0, x + 20, height], fill=235 - x * 40 // width)
    for n, line in enumerate(lines):
        draw.text((60, 60 + n * int(size * 2.0)), line, fill=25, font=face)
    if noise:
        rng = random.Random(len(lines) * 7 + noise)
        pixels = image.load()
        assert pixels is not None
        for _ in range(width * height // 50):
            x, y = rng.randrange(width), rng.randrange(height)
            pixels[x, y] = max(0, min(255, int(pixels[x, y]) + rng.randint(-noise, noise)))  # type: ignore[arg-type]
    image = image.rotate(skew, expand=True, fillcolor=230).filter(ImageFilter.GaussianBlur(blur))
    out = io.BytesIO()
    image.convert("RGB").save(out, fmt, quality=quality)
    return out.getvalue()
