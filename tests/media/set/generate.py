"""The generated media test set: order files rendered from the labelled orders of labels.toml.

    samples() -> list[Sample]   deterministic (seeded), built in memory in a few seconds

- 60 photos: 15 orders x 4 looks, cycling Debian fonts (DejaVu, Liberation: sans, serif, mono),
  sizes 28-40, skew up to 5 degrees either way, blur, noise, JPEG quality 40-90 and a phone-photo
  look (light falling off across the page), every third one as PNG or WebP;
- 10 text PDFs (a title and the shop above the lines, as billing software prints them);
- 5 scanned PDFs (a photo of the list saved as a PDF page, no text layer);
- 10 sheets (XLSX and CSV, headers in English and Hinglish, a title row above some);
- 5 handwriting-like photos (each letter jittered, tilted and smeared): out of scope, they must
  go to a person;
- 10 photos of lists written in Devanagari (5 orders x 2 looks, Lohit Devanagari), when Debian's
  fonts-lohit-deva is installed (`.ci/run` installs it).
"""

from __future__ import annotations

import io
import random
import tomllib
from dataclasses import dataclass
from pathlib import Path

from tests.media.files import csv_bytes, image_bytes, pdf_bytes, xlsx_bytes

HERE = Path(__file__).parent
FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
]
DEVANAGARI_FONT = Path("/usr/share/fonts/truetype/lohit-devanagari/Lohit-Devanagari.ttf")
HEADERS = [("Item Name", "Qty", "Unit"), ("saman", "matra", "ikai"), ("Particulars", "Nos", "Packing")]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Expected = tuple[tuple[str, str, str], ...]  # (sku, qty, unit) per line


@dataclass(frozen=True)
class Sample:
    name: str
    content_type: str
    data: bytes
    expected: Expected
    handwriting: bool = False


def orders(table: str = "order") -> list[tuple[tuple[str, ...], Expected]]:
    """The labelled orders of labels.toml's `table` ("order", or "devanagari")."""
    raw = tomllib.loads((HERE / "labels.toml").read_text(encoding="utf-8"))[table]
    return [
        (tuple(ln[0] for ln in o["lines"]), tuple((ln[1], ln[2], ln[3]) for ln in o["lines"])) for o in raw
    ]


def _photo_type(n: int) -> tuple[str, str]:
    return [("JPEG", "image/jpeg"), ("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/webp")][
        n % 4
    ]


def _handwriting(lines: tuple[str, ...], seed: int) -> bytes:
    """Letters drawn one by one, each jittered, tilted and smeared: no printed line to lean on."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    rng = random.Random(seed)
    face = ImageFont.truetype(FONTS[1], 34)
    page = Image.new("L", (1000, 120 + 80 * len(lines)), 228)
    for n, line in enumerate(lines):
        x, y = 50.0, 50.0 + n * 80
        for ch in line:
            glyph = Image.new("L", (50, 60), 0)
            ImageDraw.Draw(glyph).text((8, 6), ch, fill=255, font=face)
            glyph = glyph.rotate(rng.uniform(-25, 25), resample=Image.Resampling.BICUBIC)
            glyph = glyph.transform(
                glyph.size, Image.Transform.AFFINE, (1, rng.uniform(-0.5, 0.5), 0, 0, 1, 0)
            )
            page.paste(30, (int(x), int(y + rng.uniform(-9, 9))), glyph)
            x += rng.uniform(14, 26)
    page = page.filter(ImageFilter.GaussianBlur(1.6)).rotate(rng.uniform(-5, 5), fillcolor=228)
    out = io.BytesIO()
    page.convert("RGB").save(out, "JPEG", quality=45)
    return out.getvalue()


def samples() -> list[Sample]:
    rng = random.Random(14)
    made: list[Sample] = []
    labelled = orders()
    for n in range(60):
        lines, expected = labelled[n % len(labelled)]
        fmt, content_type = _photo_type(n)
        data = image_bytes(
            lines,
            skew=rng.uniform(-5, 5),
            quality=rng.randint(40, 90),
            blur=rng.uniform(0.3, 1.2),
            font=FONTS[n % len(FONTS)],
            size=rng.randint(28, 40),
            noise=rng.choice([0, 20, 40]),
            fmt=fmt,
        )
        made.append(Sample(f"photo-{n:02d}", content_type, data, expected))
    for n in range(10):
        lines, expected = labelled[n]
        made.append(
            Sample(
                f"pdf-{n:02d}",
                "application/pdf",
                pdf_bytes(["Purchase order", "Shree Ganesh Kirana", *lines]),
                expected,
            )
        )
    for n in range(5):
        lines, expected = labelled[n + 10]
        photo = image_bytes(lines, skew=rng.uniform(-3, 3), quality=75, font=FONTS[n])
        out = io.BytesIO()
        from PIL import Image

        Image.open(io.BytesIO(photo)).save(out, "PDF", resolution=150)
        made.append(Sample(f"scan-{n:02d}", "application/pdf", out.getvalue(), expected))
    for n in range(10):
        lines, expected = labelled[n + 5 if n < 10 else n]
        product, qty, unit = HEADERS[n % len(HEADERS)]
        rows: list[list[object]] = [["Order for May"]] if n % 2 else []
        rows.append(["Sr", product, qty, unit])
        for i, (text, (_sku, q, u)) in enumerate(zip(lines, expected, strict=True), 1):
            name = text.rsplit(" ", 2)[0]
            rows.append([i, name, int(q), u])
        if n % 3 == 0:
            made.append(Sample(f"sheet-{n:02d}", "text/csv", csv_bytes(rows), expected))
        else:
            made.append(Sample(f"sheet-{n:02d}", XLSX, xlsx_bytes(rows), expected))
    for n in range(5):
        lines, expected = labelled[n]
        made.append(Sample(f"hand-{n:02d}", "image/jpeg", _handwriting(lines, n), expected, handwriting=True))
    if DEVANAGARI_FONT.exists():
        for n in range(10):
            lines, expected = orders("devanagari")[n % 5]
            data = image_bytes(
                lines,
                skew=rng.uniform(-4, 4),
                quality=rng.randint(50, 90),
                blur=rng.uniform(0.3, 0.9),
                font=str(DEVANAGARI_FONT),
                size=rng.randint(32, 40),
            )
            made.append(Sample(f"deva-{n:02d}", "image/jpeg", data, expected))
    return made
