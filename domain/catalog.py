"""Catalog values as the contract writes them: units, `uoms` lists, alias lists.

>>> parse_uoms("case:96|pc:1")
(('case', Decimal('96')), ('pc', Decimal('1')))
>>> parse_uoms("Box:12 | strip:1")
(('box', Decimal('12')), ('strip', Decimal('1')))
>>> parse_uoms("crate:12|pc:1")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
ValueError: unknown unit 'crate' in uoms (units are case, box, pc, pack, bag, bottle, strip, dozen, ...)
>>> parse_uoms("case:96|pc:2")
Traceback (most recent call last):
...
ValueError: uoms 'case:96|pc:2' has no base unit (a unit with factor 1)
>>> parse_uoms("case:NaN|pc:1")
Traceback (most recent call last):
...
ValueError: factor 'NaN' of unit 'case' is not a number (write digits, like 12 or 0.5)
>>> split_list(" maggi masala | maggi 70 ||")
('maggi masala', 'maggi 70')
"""

from __future__ import annotations

import re
from decimal import Decimal

# The closed set of unit names a catalog may use (parsing contract section 1).
UNITS = ("case", "box", "pc", "pack", "bag", "bottle", "strip", "dozen", "kg", "litre", "tin", "bucket",
         "roll", "ton")

Uoms = tuple[tuple[str, Decimal], ...]

# A factor is written in plain digits, with a decimal point if it needs one:
# "96", "0.5". Decimal() alone would also take "NaN", "Infinity", "1e3", "+5",
# "1_000" and non-ASCII digits; nlu.catalog.parse_uoms refuses the same, and
# tests/test_uoms_readers.py holds both readers to one table of cases.
_FACTOR = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")  # a minus is read, to be refused as not more than 0


def parse_unit(text: str, column: str = "unit") -> str:
    """A unit name from the closed set, lower-cased; anything else is a ValueError naming it."""
    unit = text.strip().lower()
    if unit not in UNITS:
        raise ValueError(f"unknown unit '{text.strip()}' in {column} (units are {', '.join(UNITS)})")
    return unit


def parse_uoms(text: str) -> Uoms:
    """'case:96|pc:1' -> (('case', 96), ('pc', 1)): known units, positive factors, exactly one base unit.

    Units are matched without regard to case ("Box" is "box"); spaces around
    names, factors and bars, and empty entries ("case:96|pc:1|") are ignored.
    """
    pairs: list[tuple[str, Decimal]] = []
    for part in text.split("|"):
        if not part.strip():
            continue
        name, sep, raw = part.partition(":")
        if not sep:
            raise ValueError(f"uoms entry '{part.strip()}' is not unit:factor")
        unit = parse_unit(name, "uoms")
        written = raw.strip()
        if not _FACTOR.fullmatch(written):
            raise ValueError(
                f"factor '{written}' of unit '{unit}' is not a number (write digits, like 12 or 0.5)"
            )
        factor = Decimal(written)
        if factor <= 0:
            raise ValueError(f"factor '{written}' of unit '{unit}' must be more than 0")
        if any(unit == seen for seen, _ in pairs):
            raise ValueError(f"unit '{unit}' appears twice in uoms")
        pairs.append((unit, factor))
    if not pairs:
        raise ValueError("uoms is empty")
    bases = [unit for unit, factor in pairs if factor == 1]
    if not bases:
        raise ValueError(f"uoms '{text.strip()}' has no base unit (a unit with factor 1)")
    if len(bases) > 1:
        raise ValueError(f"uoms '{text.strip()}' has more than one unit with factor 1 ({', '.join(bases)})")
    return tuple(pairs)


def format_uoms(uoms: Uoms) -> str:
    """The contract's spelling back: (('case', 96), ('pc', 1)) -> 'case:96|pc:1'."""
    return "|".join(f"{unit}:{factor}" for unit, factor in uoms)


def split_list(text: str) -> tuple[str, ...]:
    """'a | b||c' -> ('a', 'b', 'c'): the contract's `|`-joined lists, blanks dropped, order kept."""
    return tuple(part.strip() for part in text.split("|") if part.strip())
