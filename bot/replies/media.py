"""Orders read from a file the dealer sent (a photo, a PDF, a spreadsheet): what was read, or who reads it.

>>> print(read_from_file("sheet", ["Maggi Masala 10 box", "Tata Salt 5 bag"]))
📎 Read from your spreadsheet, 2 lines:
1. Maggi Masala 10 box
2. Tata Salt 5 bag
>>> photo_to_person().startswith("📎 Got your photo. I could not read every line of it for sure")
True
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import _, ngettext

MAX_SHOWN = 20  # lines listed, so the list fits one WhatsApp part; the draft lists every line ordered
LINE_CHARS = 60


def _source(kind: str, count: int) -> str:
    if kind == "image":
        return ngettext("📎 Read from your photo, {n} line:", "📎 Read from your photo, {n} lines:", count)
    if kind == "pdf":
        return ngettext("📎 Read from your PDF, {n} line:", "📎 Read from your PDF, {n} lines:", count)
    return ngettext(
        "📎 Read from your spreadsheet, {n} line:", "📎 Read from your spreadsheet, {n} lines:", count
    )


def read_from_file(kind: str, lines: Sequence[str]) -> str:
    """The lines read from his file, numbered, before the draft made of them (`kind`: image, pdf, sheet)."""
    shown = [f"{n}. {line[:LINE_CHARS]}" for n, line in enumerate(lines[:MAX_SHOWN], 1)]
    if len(lines) > MAX_SHOWN:
        shown.append(_("+{n} more").format(n=len(lines) - MAX_SHOWN))
    return "\n".join([_source(kind, len(lines)).format(n=len(lines)), *shown])


def photo_to_person() -> str:
    """A photo read by OCR that is not sure enough to book: a person checks it against the photo."""
    return _(
        "📎 Got your photo. I could not read every line of it for sure, so a person from our team "
        "will check it and reply here with your draft."
    )
