"""GST as an Indian invoice states it: GSTIN checks, place of supply, and the CGST + SGST or IGST split.

Pure rules, no database. A quote's line tax (net x gst_rate / 100, rounded half up to the paisa per
line: data contract) is the tax the invoice charges; this module only says how it is split:

- the supplier's state and the place of supply (the recipient's state) are the same -> CGST and
  SGST, half each: CGST = the half rounded half up to the paisa, SGST = the rest, so the two always
  add up to the line's tax;
- they differ -> IGST, the whole tax;
- either state unknown -> intra-state (CGST + SGST), the usual case for a distributor's own town,
  and `known` says the place of supply was not established.

    >>> split(Decimal("10.01"), "27", "27")
    TaxSplit(cgst=Decimal('5.01'), sgst=Decimal('5.00'), igst=Decimal('0.00'), known=True)
    >>> split(Decimal("10.01"), "27", "24")
    TaxSplit(cgst=Decimal('0.00'), sgst=Decimal('0.00'), igst=Decimal('10.01'), known=True)
    >>> valid_gstin("27AAPFU0939F1ZV"), valid_gstin("27AAPFU0939F1ZA")
    (True, False)
    >>> state_of_gstin("27AAPFU0939F1ZV")
    '27'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

PAISA = Decimal("0.01")
ZERO = Decimal("0.00")
GSTIN_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
GSTIN_SHAPE = re.compile(r"[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]")

# State and union-territory codes of GST (the first two digits of a GSTIN), by name as written in
# masters: a dealer's `state` may be the code ("27") or the name ("Maharashtra").
STATES: dict[str, str] = {
    "01": "Jammu and Kashmir",
    "02": "Himachal Pradesh",
    "03": "Punjab",
    "04": "Chandigarh",
    "05": "Uttarakhand",
    "06": "Haryana",
    "07": "Delhi",
    "08": "Rajasthan",
    "09": "Uttar Pradesh",
    "10": "Bihar",
    "11": "Sikkim",
    "12": "Arunachal Pradesh",
    "13": "Nagaland",
    "14": "Manipur",
    "15": "Mizoram",
    "16": "Tripura",
    "17": "Meghalaya",
    "18": "Assam",
    "19": "West Bengal",
    "20": "Jharkhand",
    "21": "Odisha",
    "22": "Chhattisgarh",
    "23": "Madhya Pradesh",
    "24": "Gujarat",
    "26": "Dadra and Nagar Haveli and Daman and Diu",
    "27": "Maharashtra",
    "29": "Karnataka",
    "30": "Goa",
    "31": "Lakshadweep",
    "32": "Kerala",
    "33": "Tamil Nadu",
    "34": "Puducherry",
    "35": "Andaman and Nicobar Islands",
    "36": "Telangana",
    "37": "Andhra Pradesh",
    "38": "Ladakh",
    "97": "Other Territory",
}
_BY_NAME = {name.casefold(): code for code, name in STATES.items()}


@dataclass(frozen=True)
class TaxSplit:
    cgst: Decimal
    sgst: Decimal
    igst: Decimal
    known: bool = True  # both states known: the place of supply was established

    @property
    def total(self) -> Decimal:
        return self.cgst + self.sgst + self.igst

    @property
    def inter_state(self) -> bool:
        return self.igst > 0


def state_code(text: str | None) -> str | None:
    """A state as its two-digit GST code: '27', '27 - Maharashtra', 'maharashtra' -> '27'; None when
    blank or not a state.

    >>> state_code("Maharashtra"), state_code("27"), state_code(" 7 "), state_code("Atlantis")
    ('27', '27', '07', None)
    """
    if text is None or not text.strip():
        return None
    head = text.strip().split("-")[0].strip()
    if head.isdigit():
        code = head.zfill(2)
        return code if code in STATES else None
    return _BY_NAME.get(text.strip().casefold())


def checksum(first14: str) -> str:
    """The 15th character of a GSTIN from its first 14 (base-36, weights 1 and 2 in turn)."""
    total = 0
    for i, char in enumerate(first14):
        product = GSTIN_CHARS.index(char) * (2 if i % 2 else 1)
        total += product // 36 + product % 36
    return GSTIN_CHARS[(36 - total % 36) % 36]


def gstin_problem(gstin: str) -> str | None:
    """Why `gstin` is not a valid GSTIN, in words; None when it is one."""
    value = gstin.strip().upper()
    if len(value) != 15:
        return f"a GSTIN has 15 characters, '{gstin.strip()[:20]}' has {len(value)}"
    if not GSTIN_SHAPE.fullmatch(value):
        return f"'{value}' is not shaped like a GSTIN (state code, PAN, entity number, Z, check character)"
    if value[:2] not in STATES:
        return f"'{value}' starts with {value[:2]}, which is no state code"
    if checksum(value[:14]) != value[14]:
        return f"'{value}' fails its check character (expected {checksum(value[:14])})"
    return None


def valid_gstin(gstin: str) -> bool:
    return gstin_problem(gstin) is None


def state_of_gstin(gstin: str) -> str | None:
    """The state code a valid GSTIN is registered in."""
    return gstin.strip().upper()[:2] if valid_gstin(gstin) else None


def split(tax: Decimal, supplier_state: str | None, place_of_supply: str | None) -> TaxSplit:
    """One line's tax as CGST + SGST (same state, or a state unknown) or IGST (another state)."""
    tax = tax.quantize(PAISA, rounding=ROUND_HALF_UP)
    ours, theirs = state_code(supplier_state), state_code(place_of_supply)
    known = ours is not None and theirs is not None
    if known and ours != theirs:
        return TaxSplit(ZERO, ZERO, tax, True)
    cgst = (tax / 2).quantize(PAISA, rounding=ROUND_HALF_UP)
    return TaxSplit(cgst, tax - cgst, ZERO, known)


def total_split(
    taxes: Iterable[Decimal], supplier_state: str | None, place_of_supply: str | None
) -> TaxSplit:
    """The split of an invoice: each line split on its own, then added up (so it matches line by line)."""
    parts = [split(t, supplier_state, place_of_supply) for t in taxes]
    known = all(p.known for p in parts) if parts else state_code(supplier_state) is not None
    return TaxSplit(
        sum((p.cgst for p in parts), ZERO),
        sum((p.sgst for p in parts), ZERO),
        sum((p.igst for p in parts), ZERO),
        known,
    )


__all__ = [
    "STATES",
    "TaxSplit",
    "checksum",
    "gstin_problem",
    "split",
    "state_code",
    "state_of_gstin",
    "total_split",
    "valid_gstin",
]
