"""Number words and digits -> Decimal.

>>> word_number("das"), word_number("dedh"), word_number("half"), word_number("12")
(Decimal('10'), Decimal('1.5'), Decimal('0.5'), Decimal('12'))
>>> word_number("do") is None  # "do" is "two" only before a unit word ("do peti", not "bhej do")
True
>>> word_number("do", before_unit=True)
Decimal('2')
>>> word_number("3/4")
Decimal('0.75')
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

NUMBER_WORDS: dict[str, Decimal] = {
    # English
    "one": Decimal(1),
    "two": Decimal(2),
    "three": Decimal(3),
    "four": Decimal(4),
    "five": Decimal(5),
    "six": Decimal(6),
    "seven": Decimal(7),
    "eight": Decimal(8),
    "nine": Decimal(9),
    "ten": Decimal(10),
    "eleven": Decimal(11),
    "twelve": Decimal(12),
    "fifteen": Decimal(15),
    "twenty": Decimal(20),
    "thirty": Decimal(30),
    "forty": Decimal(40),
    "fifty": Decimal(50),
    "hundred": Decimal(100),
    "half": Decimal("0.5"),
    # Hindi, as dealers type it in Latin letters
    "teen": Decimal(3),
    "char": Decimal(4),
    "chaar": Decimal(4),
    "paanch": Decimal(5),
    "panch": Decimal(5),
    "chhe": Decimal(6),
    "chah": Decimal(6),
    "chhah": Decimal(6),
    "saat": Decimal(7),
    "aath": Decimal(8),
    "nau": Decimal(9),
    "das": Decimal(10),
    "dus": Decimal(10),
    "gyarah": Decimal(11),
    "barah": Decimal(12),
    "baarah": Decimal(12),
    "pandrah": Decimal(15),
    "bees": Decimal(20),
    "bis": Decimal(20),
    "pachees": Decimal(25),
    "pachis": Decimal(25),
    "tees": Decimal(30),
    "chalis": Decimal(40),
    "chaalis": Decimal(40),
    "pachas": Decimal(50),
    "pachaas": Decimal(50),
    "sau": Decimal(100),
    "aadha": Decimal("0.5"),
    "adha": Decimal("0.5"),
    "aadhi": Decimal("0.5"),
    "dedh": Decimal("1.5"),
    "derh": Decimal("1.5"),
    "dhai": Decimal("2.5"),
    "dhaai": Decimal("2.5"),
    "paune": Decimal("0.75"),
}
# Words that are also ordinary words ("bhej do", "ek baar"): numbers only right before a unit word.
BEFORE_UNIT_ONLY: dict[str, Decimal] = {"ek": Decimal(1), "do": Decimal(2), "a": Decimal(1), "an": Decimal(1)}

_READ: dict[str, Decimal] = {}  # digit strings already read
_DIGITS = re.compile(r"^[0-9]+(\.[0-9]+)?$")
_FRACTION = re.compile(r"^([0-9]+)/([1-9][0-9]?)$")  # 1/2, 3/4; "50/500" is a strength, a word


def word_number(word: str, *, before_unit: bool = False) -> Decimal | None:
    known = _READ.get(word)
    if known is not None:
        return known
    if _DIGITS.match(word):
        try:
            value = Decimal(word)
        except InvalidOperation:  # pragma: no cover - the regex admits only valid numbers
            return None
        if len(_READ) < 10_000:  # Decimals are immutable: one per spelling is enough
            _READ[word] = value
        return value
    fraction = _FRACTION.match(word)
    if fraction:
        top, bottom = int(fraction.group(1)), int(fraction.group(2))
        return (
            (Decimal(top) / Decimal(bottom)).quantize(Decimal("0.0001")).normalize() if top < bottom else None
        )
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    if before_unit and word in BEFORE_UNIT_ONLY:
        return BEFORE_UNIT_ONLY[word]
    return None


def is_digits(word: str) -> bool:
    """Digits with an optional decimal or fraction: '12', '1.5', '3/4'."""
    return bool(_DIGITS.match(word) or _FRACTION.match(word))
