"""A photo of an order list -> its text lines, each with Tesseract's confidence (0-100).

    missing()               '' when Tesseract can run here, else why not (the photo then goes to a person)
    read_image(data)        -> OcrRead(lines=(OcrLine(text, confidence), ...), why)

Before OCR the photo is made grey, scaled (small ones up, a phone's large ones down), deskewed
(the angle within MAX_SKEW degrees whose rows of ink are sharpest) and binarised (Otsu's
threshold, after evening out uneven light). Tesseract reads it as one block of lines (--psm 6)
in the OCR_LANGS installed (English needed; Hindi too when tesseract-ocr-hin is there, so a
Devanagari list is read), and its words are joined back into the printed lines, so one line of
the list stays one line of text. A line's confidence is that of its least sure word.
"""

from __future__ import annotations

import io
import shutil
import warnings
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL.Image import Image

OCR_LANGS = ("eng", "hin")  # English first, then Devanagari (Hindi, Marathi); those installed are used
MAX_PIXELS = 40_000_000  # larger images are refused, not decoded (a decompression bomb)
TARGET_WIDTH = 1800
MAX_WIDTH = 2600  # wider photos are reduced first: OCR time grows with the pixels
MAX_SKEW = 5.0
SKEW_STEP = 0.5
OCR_TIMEOUT = 60  # seconds per image


@dataclass(frozen=True)
class OcrLine:
    text: str
    confidence: float  # the least sure word's, 0-100


@dataclass(frozen=True)
class OcrRead:
    lines: tuple[OcrLine, ...]
    why: str = ""


@cache
def missing() -> str:
    """'' when pytesseract and the tesseract program are here, else why not."""
    try:
        import pytesseract
    except ImportError:
        return "pytesseract is not installed"
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        return "the Tesseract OCR engine is not installed on this server (apt-get install tesseract-ocr)"
    if not languages():
        return "Tesseract has no English model on this server (apt-get install tesseract-ocr-eng)"
    return ""


@cache
def languages() -> str:
    """The OCR_LANGS Tesseract has here, as its -l option ("eng+hin"); '' without English."""
    import pytesseract

    try:
        installed = set(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractError, OSError):
        return ""
    if "eng" not in installed:
        return ""
    return "+".join(lang for lang in OCR_LANGS if lang in installed)


def _otsu(histogram: list[int]) -> int:
    total = sum(histogram)
    weighted = sum(i * h for i, h in enumerate(histogram))
    best, threshold, seen, seen_sum = -1.0, 127, 0, 0.0
    for level, count in enumerate(histogram):
        seen += count
        if seen == 0 or seen == total:
            continue
        seen_sum += level * count
        dark = seen_sum / seen
        light = (weighted - seen_sum) / (total - seen)
        between = seen * (total - seen) * (dark - light) ** 2
        if between > best:
            best, threshold = between, level
    return threshold


def _sharpness(image: Image) -> float:
    """How sharply ink falls into rows: the variance of the row sums of dark pixels."""
    width, height = image.size
    data = image.tobytes()
    rows = [data[y * width : (y + 1) * width].count(0) for y in range(height)]
    mean = sum(rows) / max(height, 1)
    return sum((r - mean) ** 2 for r in rows)


def _skew(binary: Image) -> float:
    from PIL import Image as PILImage

    small = binary.copy()
    small.thumbnail((600, 600))
    small = small.point(lambda p: 0 if p < 128 else 255)
    angles = [i * SKEW_STEP for i in range(int(-MAX_SKEW / SKEW_STEP), int(MAX_SKEW / SKEW_STEP) + 1)]
    return max(
        angles,
        key=lambda a: _sharpness(small.rotate(a, resample=PILImage.Resampling.NEAREST, fillcolor=255)),
    )


def prepare(image: Image) -> Image:
    """Grey, scaled, light evened out, deskewed and binarised: what Tesseract reads best."""
    from PIL import Image as PILImage
    from PIL import ImageFilter, ImageOps

    grey = ImageOps.exif_transpose(image).convert("L")
    if grey.width < TARGET_WIDTH or grey.width > MAX_WIDTH:  # small text enlarged; a phone's 4000 px reduced
        width = TARGET_WIDTH if grey.width < TARGET_WIDTH else MAX_WIDTH
        grey = grey.resize(
            (width, max(1, round(grey.height * width / grey.width))), PILImage.Resampling.LANCZOS
        )
    background = grey.filter(ImageFilter.GaussianBlur(radius=max(grey.width // 30, 8)))
    # against the blurred background: shadows and a phone's uneven light become white paper
    flat = _flatten(grey, background)
    threshold = _otsu(flat.histogram())
    binary = flat.point(lambda p: 255 if p > threshold else 0)
    angle = _skew(binary)
    if angle:
        flat = flat.rotate(angle, resample=PILImage.Resampling.BICUBIC, expand=True, fillcolor=255)
        binary = flat.point(lambda p: 255 if p > threshold else 0)
    return binary


def _flatten(grey: Image, background: Image) -> Image:
    from PIL import ImageChops

    # 255 - (background - grey): ink darker than its surroundings stays dark, the paper becomes white
    return ImageChops.invert(ImageChops.subtract(background, grey))


def read_image(data: bytes) -> OcrRead:
    """The photo's text lines with their confidence (module doc); `why` says when it cannot be read."""
    why = missing()
    if why:
        return OcrRead((), why)
    import pytesseract
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    try:
        with warnings.catch_warnings():  # Pillow warns of a huge image on open; it is refused below
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            opened = PILImage.open(io.BytesIO(data))
        with opened:
            if opened.width * opened.height > MAX_PIXELS:
                return OcrRead((), f"the image is larger than {MAX_PIXELS // 1_000_000} megapixels")
            opened.load()
            image = prepare(opened)
    except PILImage.DecompressionBombError:
        return OcrRead((), f"the image is larger than {MAX_PIXELS // 1_000_000} megapixels")
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        return OcrRead((), f"the image could not be opened ({type(exc).__name__})")
    try:
        found = pytesseract.image_to_data(
            image,
            lang=languages(),
            config="--psm 6",
            output_type=pytesseract.Output.DICT,
            timeout=OCR_TIMEOUT,
        )
    except pytesseract.TesseractError as exc:
        return OcrRead((), f"Tesseract failed on the image (status {exc.status})")
    except RuntimeError as exc:  # pytesseract's timeout
        return OcrRead((), f"OCR took too long ({exc})")
    lines = _lines(found)
    if not lines:
        return OcrRead((), "no text was found in the image")
    return OcrRead(lines)


def _lines(found: dict[str, list[Any]]) -> tuple[OcrLine, ...]:
    """Tesseract's words grouped back into its lines (block, paragraph, line), in reading order."""
    grouped: dict[tuple[int, int, int], list[tuple[str, float]]] = {}
    for i, word in enumerate(found["text"]):
        word = str(word).strip()
        confidence = float(found["conf"][i])
        if not word or confidence < 0:
            continue
        key = (int(found["block_num"][i]), int(found["par_num"][i]), int(found["line_num"][i]))
        grouped.setdefault(key, []).append((word, confidence))
    return tuple(
        OcrLine(" ".join(w for w, _ in words), min(c for _, c in words)) for words in grouped.values()
    )
