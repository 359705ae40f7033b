"""The plain values nlu takes in (a catalog snapshot) and gives back (ParsedMessage).

Nothing here knows a database: the bot builds `Product` and `DealerRef` records
from the domain, or `nlu.catalog` loads them from the contract's CSV files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

INTENTS = ("order", "balance", "status", "cancel", "repeat", "confirm", "reject", "help", "other")
UNITS = (
    "case",
    "box",
    "pc",
    "pack",
    "bag",
    "bottle",
    "strip",
    "dozen",
    "kg",
    "litre",
    "tin",
    "bucket",
    "roll",
    "ton",
)


@dataclass(frozen=True, slots=True)
class Product:
    """One catalog row, as the parser needs it.

    Slotted: a parser keeps one per SKU for as long as it lives (100,000 in a big catalog), and
    a slotted record has no per-object dict.

    >>> p = Product("MAG-MAS-70", "Maggi Masala 70g", (("case", Decimal(96)), ("pc", Decimal(1))), "case")
    >>> p.factor("case"), p.units
    (Decimal('96'), ('case', 'pc'))
    """

    sku: str
    name: str
    uoms: tuple[tuple[str, Decimal], ...]  # (unit, base units in one of it); exactly one has factor 1
    default_uom: str
    brand: str = ""
    category: str = ""
    size: str = ""
    aliases: tuple[str, ...] = ()

    def factor(self, unit: str) -> Decimal | None:
        for name, factor in self.uoms:
            if name == unit:
                return factor
        return None

    @property
    def units(self) -> tuple[str, ...]:
        """The units it is sold in (a few; made on each call, as no cache fits in the slots)."""
        return tuple(name for name, _ in self.uoms)


@dataclass(frozen=True)
class DealerRef:
    """A dealer a field rep may name in an order."""

    code: str
    name: str
    town: str = ""


@dataclass(frozen=True)
class Alias:
    """A learned phrase -> SKU; `dealer` set means only for that dealer's messages."""

    phrase: str
    sku: str
    dealer: str | None = None


@dataclass(frozen=True)
class Candidate:
    sku: str
    name: str
    score: float
    how: str  # "alias" | "exact" | "fuzzy" | "code"


# Why the parser wants a person, as data on an Unmatched item or a ParsedLine (the bot and the console
# read these codes, never note text): code -> what staff are told.
REASONS: dict[str, str] = {
    "ambiguous": "fits several products",
    "not_in_catalog": "not in the catalog",
    "no_quantity": "no quantity given",
    "unit": "not sold in the unit asked",
    "unknown_unit": "a unit word the parser does not know",
    "conflicting_quantity": "two quantities that disagree",
    "unexplained_number": "a number that is no quantity, size or name",
    "rate": "a rate that cannot be tied to one line and unit",
    "guess": "a guess from the line before",
    "low_confidence": "a spelling the parser is not sure of",
}


@dataclass(frozen=True)
class ParsedLine:
    sku: str
    qty: Decimal
    uom: str
    confidence: float
    text: str  # the dealer's words for this item
    span: tuple[int, int]  # character offsets of `text` in the original message
    how: str  # how the SKU was found: "alias" | "exact" | "fuzzy" | "code"
    candidates: tuple[Candidate, ...] = ()  # the runners-up a reviewer may pick instead
    rate: Decimal | None = None  # a price the dealer asked for ("@1150"): per `rate_uom`, or per `uom`
    rate_uom: str = ""
    review: str = ""  # a REASONS code when a person must confirm this line; "" when the parser is sure

    @property
    def rate_unit(self) -> str:
        """The unit the asked rate is for: the one he named ('@ 12 per pc') or the line's own."""
        return self.rate_uom or self.uom


@dataclass(frozen=True)
class Unmatched:
    text: str
    span: tuple[int, int]
    qty: Decimal | None = None
    uom: str | None = None
    candidates: tuple[Candidate, ...] = ()  # plausible SKUs when ambiguous; empty when nothing fits
    reason: str = ""  # "ambiguous" | "not_in_catalog" | "no_quantity" | ...
    rate: Decimal | None = None  # a price the dealer asked for the item, per `rate_uom` ('' = its unit)
    rate_uom: str = ""


@dataclass(frozen=True)
class ParsedMessage:
    intent: str
    lines: tuple[ParsedLine, ...] = ()
    unmatched: tuple[Unmatched, ...] = ()
    customer: str | None = None  # dealer code named by a field rep
    confidence: float = 0.0
    needs_review: bool = True
    order_ref: str | None = None  # an order number the message names ("SO-1043", "1187")
    notes: tuple[str, ...] = field(default=())  # why review is needed, for staff

    def to_contract(self) -> dict[str, Any]:
        """The JSON object of shared/spec/parsing-contract.md section 3."""
        return {
            "intent": self.intent,
            "lines": [
                {
                    "sku": ln.sku,
                    "qty": _number(ln.qty),
                    "uom": ln.uom,
                    "confidence": round(ln.confidence, 3),
                    "text": ln.text,
                    **_rate(ln),
                    **({"review": ln.review} if ln.review else {}),
                }
                for ln in self.lines
            ],
            "unmatched": [u.text for u in self.unmatched],
            "unmatched_reasons": [u.reason for u in self.unmatched],
            "customer": self.customer,
            "confidence": round(self.confidence, 3),
            "needs_review": self.needs_review,
        }


def _rate(line: ParsedLine) -> dict[str, str]:
    """The asked rate, when there is one, as money strings: {"rate": "1150.00", "rate_uom": "case"}."""
    if line.rate is None:
        return {}
    return {"rate": f"{line.rate:.2f}", "rate_uom": line.rate_unit}


def _number(value: Decimal) -> int | float:
    """A quantity as JSON: 10 stays 10, 0.5 becomes 0.5."""
    return int(value) if value == value.to_integral_value() else float(value)
