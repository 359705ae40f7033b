"""Which columns of an order sheet hold the product, the quantity and the unit, by their header words.

The words are data: `nlu/rules/sheet_headers.toml` (English, Hinglish, Hindi, Marathi). A header
belongs to a role when its words contain one of the role's phrases (nlu.normalise reads it the way
messages are read); the first column of each role counts, and a column takes one role only, in the
order product, qty, unit.

    >>> sheet_columns(["Sr", "Item Name", "Qty", "Unit", "Rate"])
    SheetColumns(product=1, qty=2, unit=3)
    >>> sheet_columns(["क्र.", "सामान", "मात्रा"])
    SheetColumns(product=1, qty=2, unit=None)
    >>> sheet_columns(["saman ka naam", "kitna"]).found
    True
    >>> sheet_columns(["Date", "Amount"]).found
    False
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from nlu import tables
from nlu.normalise import tokenize

RULES_FILE = Path(__file__).parent / "rules" / "sheet_headers.toml"
ROLES = ("product", "qty", "unit")


@dataclass(frozen=True)
class SheetColumns:
    product: int | None
    qty: int | None
    unit: int | None

    @property
    def found(self) -> bool:
        """Both a product and a quantity column: the sheet can be read row by row."""
        return self.product is not None and self.qty is not None


@cache
def _phrases() -> dict[str, tuple[tuple[str, ...], ...]]:
    raw = tomllib.loads(RULES_FILE.read_text(encoding="utf-8"))["roles"]
    missing = [role for role in ROLES if role not in raw]
    if missing:
        raise ValueError(f"{RULES_FILE.name}: [roles] has no {', '.join(missing)}")
    return {role: tuple(tables.phrase_words(p) for p in raw[role]) for role in ROLES}


def _words(header: str) -> tuple[str, ...]:
    return tuple(t.text for t in tokenize(header) if t.text.isalnum())


def _has(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return n > 0 and any(words[i : i + n] == phrase for i in range(len(words) - n + 1))


def header_role(header: str) -> str:
    """The role of one header ('product', 'qty', 'unit') or '' for a column the order does not need."""
    words = _words(header)
    for role in ROLES:
        if any(_has(words, phrase) for phrase in _phrases()[role]):
            return role
    return ""


def sheet_columns(headers: Sequence[str]) -> SheetColumns:
    """The product, quantity and unit columns of a header row (indexes into it; None: not there)."""
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        role = header_role(str(header or ""))
        if role and role not in found:
            found[role] = index
    return SheetColumns(found.get("product"), found.get("qty"), found.get("unit"))
